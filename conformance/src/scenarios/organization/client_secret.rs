//! Scenarios of the `organization` area: resetting an application's client secret.

use super::*;

pub(super) fn client_secret() -> Vec<Case> {
    vec![
        case!("resetOrganizationApplicationClientSecret", "ok", |t| {
            // A new secret, everything else as it was, and issued tokens still work.
            let o = org(t, "areset").await?;
            let a = app(t, &o, "ci").await?;
            let token = mint(t, &o, &a.client_id, "user:read").await?;
            let apps = t.admin.organization(&o).applications();
            let reset = apps.reset_client_secret(&a.client_id).await?;
            let secret = |x: &Application| x.client_secret.as_ref().map(|s| s.expose().to_string());
            let fresh = secret(&reset);
            ensure(
                fresh.is_some()
                    && fresh != secret(&a)
                    && fresh.as_ref().is_some_and(|s| {
                        s.len() == 40
                            && s.chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    })
                    && reset.name == a.name
                    && reset.client_id == a.client_id
                    && reset.redirect_uri == a.redirect_uri,
                format!("unexpected reset {reset:?} of {a:?}"),
            )?;
            let read = apps.get(&a.client_id).await?;
            ensure(
                secret(&read) == fresh,
                "a read does not show the new secret",
            )?;
            t.admin
                .with_token(token.token.expose())
                .user()
                .current()
                .await?;
            Ok(())
        }),
        case!(
            "resetOrganizationApplicationClientSecret",
            "unknown_app",
            |t| {
                let o = org(t, "aresetnone").await?;
                expect_status(
                    t.admin
                        .organization(&o)
                        .applications()
                        .reset_client_secret("NOSUCHCLIENT")
                        .await,
                    404,
                )
            }
        ),
        case!(
            "resetOrganizationApplicationClientSecret",
            "other_org",
            |t| {
                let o = org(t, "aresetra").await?;
                let other = org(t, "aresetrb").await?;
                let a = app(t, &other, "theirs").await?;
                expect_status(
                    t.admin
                        .organization(&o)
                        .applications()
                        .reset_client_secret(&a.client_id)
                        .await,
                    404,
                )
            }
        ),
        case!("resetOrganizationApplicationClientSecret", "not_admin", needs: USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "aresetna").await?;
            let a = app(t, &o, "ci").await?;
            expect_denied(
                user.organization(&o)
                    .applications()
                    .reset_client_secret(&a.client_id)
                    .await,
            )
        }),
        case!(
            "resetOrganizationApplicationClientSecret",
            "anonymous",
            |t| {
                let o = org(t, "aresetanon").await?;
                let a = app(t, &o, "ci").await?;
                expect_csrf(
                    t.anonymous
                        .organization(&o)
                        .applications()
                        .reset_client_secret(&a.client_id)
                        .await,
                )
            }
        ),
    ]
}
