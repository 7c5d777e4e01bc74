//! Scenarios of the `organization` area: application tokens.

use super::*;

pub(super) fn application_tokens() -> Vec<Case> {
    vec![
        // listOrganizationApplicationTokens
        case!("listOrganizationApplicationTokens", "ok", |t| {
            let o = org(t, "tlist").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "repo:read org:admin").await?;
            let page = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .list()
                .await?;
            let listed = page
                .tokens
                .iter()
                .find(|x| x.uuid == token.uuid)
                .ok_or_else(|| Failure::Fail(format!("the token is not listed: {page:?}")))?;
            ensure(
                page.tokens.len() == 1
                    && page.next_page.is_none()
                    && listed.name.as_deref() == Some("conformance token")
                    && listed.scope == "repo:read org:admin"
                    && listed.created_by.as_deref() == Some(t.admin_name.as_str())
                    && listed.expires_at.is_some()
                    && listed.last_accessed.is_none(),
                format!("the one token, without its secret, expected; got {page:?}"),
            )
        }),
        case!("listOrganizationApplicationTokens", "empty", |t| {
            let o = org(t, "tlistnone").await?;
            let a = app(t, &o, "ci").await?;
            let page = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .list()
                .await?;
            ensure(
                page.tokens.is_empty() && page.next_page.is_none(),
                format!("no tokens expected, got {page:?}"),
            )
        }),
        case!("listOrganizationApplicationTokens", "unknown_app", |t| {
            let o = org(t, "tlistunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .list()
                    .await,
                404,
            )
        }),
        case!("listOrganizationApplicationTokens", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "tlistna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
            )
        }),
        case!("listOrganizationApplicationTokens", "anonymous", |t| {
            let o = org(t, "tlistanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
                401,
            )
        }),
        case!("listOrganizationApplicationTokens", "bad_token", |t| {
            let o = org(t, "tlistbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_status(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .list()
                    .await,
                401,
            )
        }),
        // createOrganizationApplicationToken
        case!("createOrganizationApplicationToken", "ok", |t| {
            // The minted token works as a bearer token acting as its creator.
            let o = org(t, "tmint").await?;
            let a = app(t, &o, "ci").await?;
            let body = NewApplicationToken::new("  ci token  ", "user:read repo:read");
            let token = t
                .admin
                .organization(&o)
                .applications()
                .tokens(&a.client_id)
                .create(&body)
                .await?;
            ensure(
                token.name.as_deref() == Some("ci token")
                    && token.scope == "user:read repo:read"
                    && token.created_by.as_deref() == Some(t.admin_name.as_str())
                    && token.expires_at.is_some()
                    && token.last_accessed.is_none()
                    && !token.token.expose().is_empty(),
                format!(
                    "the trimmed name, the scopes, the creator and a secret expected: {token:?}"
                ),
            )?;
            let me = t
                .admin
                .with_token(token.token.expose())
                .user()
                .current()
                .await?;
            ensure(
                me.username == t.admin_name,
                format!(
                    "the token should act as {}, got {}",
                    t.admin_name, me.username
                ),
            )
        }),
        case!(
            "createOrganizationApplicationToken",
            "normalized_scope",
            |t| {
                let o = org(t, "tmintnorm").await?;
                let a = app(t, &o, "ci").await?;
                let token = mint(t, &o, &a.client_id, "repo:read,user:read repo:read").await?;
                ensure(
                    token.scope == "repo:read user:read",
                    format!(
                        "de-duplicated, space-separated scopes expected, got {:?}",
                        token.scope
                    ),
                )
            }
        ),
        case!(
            "createOrganizationApplicationToken",
            "scope_enforced",
            |t| {
                // org:admin alone: the organization's admin operations work, getLoggedInUser
                // (user:read) does not (401, not 403).
                let (o, scoped) = scoped_client(t, "tmintscope", "org:admin").await?;
                let members = scoped.organization(&o).members().list().await?;
                ensure(
                    members.iter().any(|m| m.name == t.admin_name),
                    format!("the admin should be listed, got {members:?}"),
                )?;
                expect_status(scoped.user().current().await, 401)
            }
        ),
        case!("createOrganizationApplicationToken", "no_escalation", |t| {
            // A token cannot mint a token with scopes it lacks itself.
            let o = org(t, "tmintesc").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "org:admin").await?;
            let scoped = t.admin.with_token(token.token.expose());
            expect_denied(
                scoped
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("wider", "org:admin user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "bad_scope", |t| {
            let o = org(t, "tmintbad").await?;
            let a = app(t, &o, "ci").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "nonsense:scope"))
                    .await,
                400,
                "Invalid scope: nonsense:scope",
            )
        }),
        case!("createOrganizationApplicationToken", "blank_name", |t| {
            let o = org(t, "tmintblank").await?;
            let a = app(t, &o, "ci").await?;
            expect_error(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("   ", "user:read"))
                    .await,
                400,
                "'name' must not be empty",
            )
        }),
        case!(
            "createOrganizationApplicationToken",
            "bad_expiration",
            |t| {
                let o = org(t, "tmintexp").await?;
                let a = app(t, &o, "ci").await?;
                expect_status(
                    t.admin
                        .organization(&o)
                        .applications()
                        .tokens(&a.client_id)
                        .create(&NewApplicationToken::new("x", "user:read").expiration(0.0))
                        .await,
                    400,
                )
            }
        ),
        case!("createOrganizationApplicationToken", "unknown_app", |t| {
            let o = org(t, "tmintunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
                404,
            )
        }),
        case!("createOrganizationApplicationToken", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "tmintna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "anonymous", |t| {
            let o = org(t, "tmintanon").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        case!("createOrganizationApplicationToken", "bad_token", |t| {
            let o = org(t, "tmintbadtok").await?;
            let a = app(t, &o, "ci").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .create(&NewApplicationToken::new("x", "user:read"))
                    .await,
            )
        }),
        // deleteOrganizationApplicationToken
        case!("deleteOrganizationApplicationToken", "ok", |t| {
            let o = org(t, "trevoke").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            let tokens = t.admin.organization(&o).applications().tokens(&a.client_id);
            tokens.delete(&token.uuid).await?;
            let page = tokens.list().await?;
            ensure(
                page.tokens.iter().all(|x| x.uuid != token.uuid),
                format!("the token should no longer be listed: {page:?}"),
            )?;
            expect_status(
                t.admin
                    .with_token(token.token.expose())
                    .user()
                    .current()
                    .await,
                401,
            )
        }),
        case!("deleteOrganizationApplicationToken", "again", |t| {
            let o = org(t, "trevokeagain").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            let tokens = t.admin.organization(&o).applications().tokens(&a.client_id);
            tokens.delete(&token.uuid).await?;
            expect_status(tokens.delete(&token.uuid).await, 404)
        }),
        case!("deleteOrganizationApplicationToken", "other_app", |t| {
            let o = org(t, "trevokeother").await?;
            let a = app(t, &o, "ci").await?;
            let b = app(t, &o, "cd").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(&b.client_id)
                    .delete(&token.uuid)
                    .await,
                404,
            )?;
            let me = t
                .admin
                .with_token(token.token.expose())
                .user()
                .current()
                .await;
            ensure(me.is_ok(), format!("the token should still work: {me:?}"))
        }),
        case!("deleteOrganizationApplicationToken", "unknown_app", |t| {
            let o = org(t, "trevokeunk").await?;
            expect_status(
                t.admin
                    .organization(&o)
                    .applications()
                    .tokens(NO_SUCH_CLIENT)
                    .delete("00000000-0000-0000-0000-000000000000")
                    .await,
                404,
            )
        }),
        case!("deleteOrganizationApplicationToken", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "trevokena").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
        case!("deleteOrganizationApplicationToken", "anonymous", |t| {
            let o = org(t, "trevokeanon").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
        case!("deleteOrganizationApplicationToken", "bad_token", |t| {
            let o = org(t, "trevokebad").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .applications()
                    .tokens(&a.client_id)
                    .delete(&token.uuid)
                    .await,
            )
        }),
    ]
}
