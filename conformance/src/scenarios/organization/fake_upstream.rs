//! Scenarios of the `organization` area: fake upstream.

use super::*;

/// User name the fake upstream's token service accepts.
pub(super) const FAKE_USER: &str = "puller";
/// Its password.
pub(super) const FAKE_PASSWORD: &str = "s3cret";
/// `Basic base64("puller:s3cret")`.
pub(super) const FAKE_BASIC: &str = "Basic cHVsbGVyOnMzY3JldA==";
/// The bearer token the fake token service hands out.
pub(super) const FAKE_BEARER: &str = "Bearer fake-upstream-token";

/// How the fake upstream registry behaves.
#[derive(Debug, Clone, Copy)]
pub(super) enum Upstream {
    /// `GET /v2/` answers 200 to anyone.
    Open,
    /// Distribution token auth: `GET /v2/` answers 401 with a `Bearer realm` challenge
    /// unless it carries the token; the realm (`/token`) hands the token out only for
    /// `puller:s3cret` (401 otherwise, also to anonymous callers).
    TokenAuth,
}

/// A tiny registry on 127.0.0.1, stopped when dropped.
pub(super) struct FakeRegistry {
    /// `127.0.0.1:<port>`.
    pub(super) host: String,
    pub(super) _stop: tokio::sync::oneshot::Sender<()>,
}

/// The fake upstream listens on this machine's loopback: the embedded server reaches it, and so
/// does a live Quay on this machine (a loopback `--url`) whose SSRF rules admit 127.0.0.1.
pub(super) fn needs_loopback(t: &Target) -> CaseResult {
    if t.embedded || t.local {
        Ok(())
    } else {
        Err(Failure::Skip(
            "needs a target on this machine: the fake upstream registry listens on this machine's loopback, which a remote Quay cannot reach"
                .into(),
        ))
    }
}

/// A live Quay on this machine whose SSRF rules refuse 127.0.0.1 skips the fake-upstream cases.
pub(super) fn admitted<T>(t: &Target, result: quay_sdk::Result<T>) -> Res<quay_sdk::Result<T>> {
    match result {
        Err(e) if !t.embedded && super::proxy_cache::refuses_upstream(&e) => {
            Err(Failure::Skip(format!(
                "the target's SSRF rules refuse the fake upstream on 127.0.0.1 ({e}): add it to SSRF_ALLOWED_HOSTS to run this case"
            )))
        }
        other => Ok(other),
    }
}

pub(super) async fn bind_loopback() -> Res<(poem::listener::TcpAcceptor, String)> {
    use poem::listener::{Acceptor, Listener, TcpListener};
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .map_err(|e| Failure::Fail(format!("setup: cannot listen on 127.0.0.1: {e}")))?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| Failure::Fail("setup: the listener has no address".into()))?;
    Ok((acceptor, addr.to_string()))
}

pub(super) async fn fake_registry(t: &Target, mode: Upstream) -> Res<FakeRegistry> {
    needs_loopback(t)?;
    start_fake_registry(mode).await
}

pub(super) async fn start_fake_registry(mode: Upstream) -> Res<FakeRegistry> {
    let (acceptor, host) = bind_loopback().await?;
    let challenge = format!("Bearer realm=\"http://{host}/token\",service=\"fake-upstream\"");
    let endpoint = poem::endpoint::make(move |req: poem::Request| {
        let challenge = challenge.clone();
        async move { Ok::<_, poem::Error>(answer(mode, &challenge, &req)) }
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(
                endpoint,
                async {
                    let _ = stopped.await;
                },
                None,
            )
            .await;
    });
    Ok(FakeRegistry { host, _stop: stop })
}

pub(super) fn answer(mode: Upstream, challenge: &str, req: &poem::Request) -> poem::Response {
    use poem::http::StatusCode;
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let json = |status: StatusCode, body: &str| {
        poem::Response::builder()
            .status(status)
            .content_type("application/json")
            .body(body.to_string())
    };
    let unauthorized =
        r#"{"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}"#;
    match (mode, req.uri().path()) {
        (Upstream::Open, "/v2/") => json(StatusCode::OK, "{}"),
        (Upstream::TokenAuth, "/v2/") if auth == FAKE_BEARER || auth == FAKE_BASIC => {
            json(StatusCode::OK, "{}")
        }
        (Upstream::TokenAuth, "/v2/") => poem::Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header("WWW-Authenticate", challenge)
            .content_type("application/json")
            .body(unauthorized),
        (Upstream::TokenAuth, "/token") if auth == FAKE_BASIC => json(
            StatusCode::OK,
            r#"{"token": "fake-upstream-token", "expires_in": 300}"#,
        ),
        (Upstream::TokenAuth, "/token") => json(StatusCode::UNAUTHORIZED, unauthorized),
        _ => json(
            StatusCode::NOT_FOUND,
            r#"{"errors": [{"code": "NOT_FOUND"}]}"#,
        ),
    }
}

/// `127.0.0.1:<port>` with nothing listening on the port.
pub(super) async fn closed_port(t: &Target) -> Res<String> {
    needs_loopback(t)?;
    let (acceptor, host) = bind_loopback().await?;
    drop(acceptor);
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fake upstream answers Quay's validation flow (`proxy/__init__.py`): `/v2/`, then
    /// the challenge's realm with or without Basic credentials, then `/v2/` with the token.
    #[tokio::test]
    async fn fake_upstream_follows_the_token_flow() {
        let http = reqwest::Client::new();
        let open = start_fake_registry(Upstream::Open).await.unwrap();
        let r = http
            .get(format!("http://{}/v2/", open.host))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        let auth = start_fake_registry(Upstream::TokenAuth).await.unwrap();
        let base = format!("http://{}", auth.host);
        let r = http.get(format!("{base}/v2/")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let challenge = r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(challenge.starts_with(&format!("Bearer realm=\"{base}/token\"")));
        let anonymous = http
            .get(format!("{base}/token?service=fake-upstream"))
            .send()
            .await;
        assert_eq!(anonymous.unwrap().status(), 401);
        let wrong = http
            .get(format!("{base}/token"))
            .basic_auth(FAKE_USER, Some("nope"))
            .send()
            .await;
        assert_eq!(wrong.unwrap().status(), 401);
        let token: serde_json::Value = http
            .get(format!("{base}/token?service=fake-upstream"))
            .basic_auth(FAKE_USER, Some(FAKE_PASSWORD))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
        let r = http
            .get(format!("{base}/v2/"))
            .header("Authorization", bearer)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);

        drop(auth);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(http.get(format!("{base}/v2/")).send().await.is_err());
    }
}
