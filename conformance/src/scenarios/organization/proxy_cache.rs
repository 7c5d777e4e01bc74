//! Scenarios of the `organization` area: proxy cache.

use super::*;

/// An upstream for configurations that are stored but never contacted. On the embedded server
/// a loopback address (as recorded against Quay, whose SSRF allow-list admitted loopback); on
/// a live Quay the run's `--proxy-upstream`, by default the target itself (a registry every
/// target can name, whatever its outbound DNS), `insecure` when it is served over plain HTTP.
pub(super) fn stored_upstream(t: &Target) -> NewProxyCacheConfig {
    if t.embedded {
        NewProxyCacheConfig::new("127.0.0.1:5999")
            .insecure(true)
            .expiration_s(3600)
    } else {
        NewProxyCacheConfig::new(&t.proxy_upstream.host)
            .insecure(t.proxy_upstream.insecure)
            .expiration_s(3600)
    }
}

/// Whether `e` is the target refusing an upstream (its SSRF rules, or a name it cannot resolve).
pub(super) fn refuses_upstream(e: &quay_sdk::Error) -> bool {
    e.status() == Some(400)
        && e.message().is_some_and(|m| {
            m.contains("not allowed") || m.contains("resolve") || m.contains("private")
        })
}

fn refused(config: &NewProxyCacheConfig, e: &quay_sdk::Error) -> Failure {
    Failure::Skip(format!(
        "the target refuses the upstream {:?} ({e}); name one it admits with --proxy-upstream",
        config.upstream_registry
    ))
}

/// Stores `config` on `org`; a target whose SSRF checks refuse (or cannot resolve) the
/// upstream skips the case.
pub(super) async fn store_proxy(t: &Target, org: &str, config: &NewProxyCacheConfig) -> CaseResult {
    match t.admin.organization(org).proxy_cache().create(config).await {
        Ok(_) => Ok(()),
        Err(e) if refuses_upstream(&e) => Err(refused(config, &e)),
        Err(e) => fail(format!("createProxyCacheConfig failed: {e}")),
    }
}

pub(super) fn proxy_cache() -> Vec<Case> {
    vec![
        // getProxyCacheConfig
        case!("getProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pget").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            let c = got
                .configured()
                .ok_or_else(|| Failure::Fail(format!("a configuration expected, got {got:?}")))?;
            ensure(
                c.upstream_registry == config.upstream_registry
                    && c.expiration_s == 3600
                    && c.insecure == config.insecure.unwrap_or(false),
                format!("the stored configuration expected, got {c:?}"),
            )
        }),
        case!("getProxyCacheConfig", "none", needs: PROXY, |t| {
            let o = org(t, "pgetnone").await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("all-empty fields expected, got {got:?}"),
            )
        }),
        case!("getProxyCacheConfig", "not_member", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pgetnm").await?;
            expect_denied(user.organization(&o).proxy_cache().get().await)
        }),
        case!("getProxyCacheConfig", "unknown_org", needs: PROXY, |t| {
            // 403, or for a FULL_ACCESS superuser 200 with empty fields.
            match t.admin.organization(t.name("nosuchorg")).proxy_cache().get().await {
                Ok(c) => ensure(
                    !c.is_configured(),
                    format!("empty fields expected, got {c:?}"),
                ),
                other => expect_denied(other),
            }
        }),
        case!("getProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pgetanon").await?;
            expect_status(t.anonymous.organization(&o).proxy_cache().get().await, 401)
        }),
        case!("getProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pgetbad").await?;
            expect_status(t.bad_token.organization(&o).proxy_cache().get().await, 401)
        }),
        // createProxyCacheConfig
        case!("createProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pcreate").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                got.configured()
                    .is_some_and(|c| c.upstream_registry == config.upstream_registry),
                format!("the configuration should be stored, got {got:?}"),
            )
        }),
        case!("createProxyCacheConfig", "defaults", needs: PROXY, |t| {
            let o = org(t, "pcreatedef").await?;
            let upstream = stored_upstream(t).upstream_registry;
            store_proxy(t, &o, &NewProxyCacheConfig::new(&upstream)).await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                got.configured()
                    .is_some_and(|c| c.expiration_s == 86_400 && !c.insecure),
                format!("expiration_s 86400 and insecure false expected, got {got:?}"),
            )
        }),
        case!("createProxyCacheConfig", "duplicate", needs: PROXY, |t| {
            let o = org(t, "pcreatedup").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            expect_error(
                t.admin.organization(&o).proxy_cache().create(&config).await,
                400,
                "Proxy Cache Configuration already exists",
            )
        }),
        case!("createProxyCacheConfig", "ssrf_blocked", needs: PROXY, |t| {
            // The cloud metadata address is never a valid upstream (stored, not contacted).
            let o = org(t, "pcreatessrf").await?;
            let config = NewProxyCacheConfig::new("169.254.169.254");
            let result = t.admin.organization(&o).proxy_cache().create(&config).await;
            if result.is_ok() && !t.embedded {
                return Err(Failure::Skip(
                    "the target's SSRF_ALLOWED_HOSTS admits link-local addresses".into(),
                ));
            }
            expect_error(result, 400, "The provided registry URL is not allowed")
        }),
        case!("createProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pcreatena").await?;
            expect_denied(
                user.organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        case!("createProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pcreateanon").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        case!("createProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pcreatebad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .proxy_cache()
                    .create(&stored_upstream(t))
                    .await,
            )
        }),
        // deleteProxyCacheConfig
        case!("deleteProxyCacheConfig", "ok", needs: PROXY, |t| {
            let o = org(t, "pdel").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            t.admin.organization(&o).proxy_cache().delete().await?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("no configuration expected after the delete, got {got:?}"),
            )
        }),
        case!("deleteProxyCacheConfig", "none", needs: PROXY, |t| {
            let o = org(t, "pdelnone").await?;
            expect_status(t.admin.organization(&o).proxy_cache().delete().await, 404)
        }),
        case!("deleteProxyCacheConfig", "unknown_org", needs: PROXY, |t| expect_unknown_org(
            t.admin.organization(t.name("nosuchorg")).proxy_cache().delete().await
        )),
        case!("deleteProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pdelna").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_denied(user.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        case!("deleteProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pdelanon").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_csrf(t.anonymous.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        case!("deleteProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pdelbad").await?;
            store_proxy(t, &o, &stored_upstream(t)).await?;
            expect_csrf(t.bad_token.organization(&o).proxy_cache().delete().await)?;
            proxy_still_there(t, &o).await
        }),
        // validateProxyCacheConfig
        case!("validateProxyCacheConfig", "anonymous_upstream", needs: PROXY, |t| {
            // Upstream 401 without credentials: reachable, anonymous pulls only. Nothing stored.
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalanon").await?;
            let config = NewProxyCacheConfig::new(&upstream.host).insecure(true);
            let result = admitted(t, t.admin.organization(&o).proxy_cache().validate(&config).await)??;
            ensure(
                result == ProxyCacheValidationResult::Anonymous,
                format!("\"Anonymous\" expected, got {result:?}"),
            )?;
            let got = t.admin.organization(&o).proxy_cache().get().await?;
            ensure(
                !got.is_configured(),
                format!("validation must store nothing, got {got:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "ok", needs: PROXY, |t| {
            // An open upstream (200 on /v2/).
            let upstream = fake_registry(t, Upstream::Open).await?;
            let o = org(t, "pvalopen").await?;
            let config = NewProxyCacheConfig::new(&upstream.host).insecure(true);
            let result = admitted(t, t.admin.organization(&o).proxy_cache().validate(&config).await)??;
            ensure(
                result == ProxyCacheValidationResult::Valid,
                format!("\"Valid\" expected, got {result:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "credentials", needs: PROXY, |t| {
            // Credentials accepted by the upstream's token service.
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalcreds").await?;
            let config = NewProxyCacheConfig::new(&upstream.host)
                .insecure(true)
                .credentials(FAKE_USER, FAKE_PASSWORD);
            let result = admitted(t, t.admin.organization(&o).proxy_cache().validate(&config).await)??;
            ensure(
                result == ProxyCacheValidationResult::Valid,
                format!("\"Valid\" expected, got {result:?}"),
            )
        }),
        case!("validateProxyCacheConfig", "bad_credentials", needs: PROXY, |t| {
            let upstream = fake_registry(t, Upstream::TokenAuth).await?;
            let o = org(t, "pvalbadcreds").await?;
            let config = NewProxyCacheConfig::new(&upstream.host)
                .insecure(true)
                .credentials(FAKE_USER, "wrong-password");
            expect_error(
                admitted(t, t.admin.organization(&o).proxy_cache().validate(&config).await)?,
                400,
                "Failed login to remote registry",
            )
        }),
        case!("validateProxyCacheConfig", "unreachable", needs: PROXY, |t| {
            let host = closed_port(t).await?;
            let o = org(t, "pvalclosed").await?;
            let config = NewProxyCacheConfig::new(&host).insecure(true);
            expect_error(
                admitted(t, t.admin.organization(&o).proxy_cache().validate(&config).await)?,
                400,
                "Failed login to remote registry",
            )
        }),
        case!("validateProxyCacheConfig", "already_configured", needs: PROXY, |t| {
            // Refused before the upstream is contacted.
            let o = org(t, "pvalexists").await?;
            let config = stored_upstream(t);
            store_proxy(t, &o, &config).await?;
            expect_error(
                t.admin.organization(&o).proxy_cache().validate(&config).await,
                400,
                "Proxy Cache Configuration already exists",
            )
        }),
        case!("validateProxyCacheConfig", "unknown_org", needs: PROXY, |t| {
            // 403, or for a FULL_ACCESS superuser 400 {"message": "Organization does not
            // exist: ..."}: Quay checks the upstream's address first (a refused one answers
            // that instead), the organization next, and contacts the upstream last.
            let config = stored_upstream(t);
            let result = t
                .admin
                .organization(t.name("nosuchorg"))
                .proxy_cache()
                .validate(&config)
                .await;
            match result {
                Err(e) if refuses_upstream(&e) => Err(refused(&config, &e)),
                Err(e) if e.status() == Some(400) => expect_error(
                    Err::<(), _>(e),
                    400,
                    "Organization does not exist",
                ),
                other => expect_denied(other),
            }
        }),
        case!("validateProxyCacheConfig", "not_admin", needs: PROXY_USER, |t| {
            let (user, _) = t.second_user()?;
            let o = org(t, "pvalna").await?;
            expect_denied(
                user.organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
        case!("validateProxyCacheConfig", "anonymous", needs: PROXY, |t| {
            let o = org(t, "pvalanoncaller").await?;
            expect_csrf(
                t.anonymous
                    .organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
        case!("validateProxyCacheConfig", "bad_token", needs: PROXY, |t| {
            let o = org(t, "pvalbad").await?;
            expect_csrf(
                t.bad_token
                    .organization(&o)
                    .proxy_cache()
                    .validate(&stored_upstream(t))
                    .await,
            )
        }),
    ]
}

pub(super) async fn proxy_still_there(t: &Target, org: &str) -> CaseResult {
    let got = t.admin.organization(org).proxy_cache().get().await?;
    ensure(
        got.is_configured(),
        format!("the configuration should survive, got {got:?}"),
    )
}
