//! verifyOrgMirrorConnection: the stored configuration tried against its source registry, as
//! Quay's registry adapters try it. Every outcome is an answer (`success`, `message`), never an
//! error status. The request goes through [`crate::outbound`]: SSRF rules on every address,
//! no redirects, timeouts.

use std::time::Duration;

use reqwest::{RequestBuilder, StatusCode};

use crate::outbound;
use crate::state::AppState;
use crate::store::org_mirror::OrgMirror;

const OK: &str = "Connection successful";
const AUTH_FAILED: &str = "Authentication failed";

/// Seconds of the namespace look-ups (Quay's adapters: 10).
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Tries `m`'s source; whether it answered as a usable source, and why not.
pub(super) async fn test_connection(state: &AppState, m: &OrgMirror) -> (bool, String) {
    let allowed = &state.config.SSRF_ALLOWED_HOSTS;
    let host = match crate::upstream::url_host(&m.registry_url) {
        Ok(host) => host,
        Err(_) => return (false, "The provided URL is not allowed".into()),
    };
    let lookup = outbound::Lookup::System;
    if crate::upstream::check_host(&host, allowed, &lookup)
        .await
        .is_err()
    {
        return (false, "The provided URL is not allowed".into());
    }
    let verify_tls = m.registry_config["verify_tls"].as_bool().unwrap_or(true);
    let client = if verify_tls {
        state.http.clone()
    } else {
        outbound::unverified_client(allowed)
    };
    let base = m.registry_url.trim().trim_end_matches('/').to_string();
    let ns = &m.external_namespace;
    let result = if m.registry_type == "harbor" {
        harbor(&client, &base, ns, m).await
    } else {
        quay(&client, &base, ns, m).await
    };
    result.unwrap_or_else(|e| (false, describe(&e)))
}

/// Quay's texts for a request that got no answer.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "Connection timed out".into()
    } else if e.is_connect() {
        format!("Connection error: {e}")
    } else {
        e.to_string()
    }
}

async fn send(req: RequestBuilder, timeout: Duration) -> Result<StatusCode, reqwest::Error> {
    Ok(req.timeout(timeout).send().await?.status())
}

/// A Quay source: the API token (the password) on `/api/v1/user/`, then the namespace as an
/// organization or a user.
async fn quay(
    client: &reqwest::Client,
    base: &str,
    ns: &str,
    m: &OrgMirror,
) -> Result<(bool, String), reqwest::Error> {
    let token = m.password.as_deref();
    let auth = |req: RequestBuilder| match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    };
    if token.is_some() {
        let seconds = m.registry_config["timeout"].as_u64().unwrap_or(30);
        let response = auth(client.get(format!("{base}/api/v1/user/")))
            .timeout(Duration::from_secs(seconds))
            .send()
            .await?;
        let status = response.status();
        match status.as_u16() {
            200 => {}
            401 => {
                return Ok((
                    false,
                    "Authentication failed: invalid API token or credentials".into(),
                ));
            }
            403 => {
                return Ok((
                    false,
                    "Authentication failed: insufficient permissions".into(),
                ));
            }
            code if status.is_redirection() => {
                return Ok((
                    false,
                    format!("Registry returned redirect ({code}) during auth check"),
                ));
            }
            code => {
                let text = response.text().await.unwrap_or_default();
                return Ok((
                    false,
                    format!("Unexpected response ({code}) during auth check: {text}"),
                ));
            }
        }
    }
    let org = send(
        auth(client.get(format!("{base}/api/v1/organization/{ns}"))),
        LOOKUP_TIMEOUT,
    )
    .await?;
    Ok(match org.as_u16() {
        200 => (true, OK.into()),
        401 => (false, AUTH_FAILED.into()),
        404 => {
            let user = send(
                auth(client.get(format!("{base}/api/v1/users/{ns}"))),
                LOOKUP_TIMEOUT,
            )
            .await?;
            match user.as_u16() {
                200 => (true, OK.into()),
                404 => (false, format!("Namespace '{ns}' not found")),
                401 => (false, AUTH_FAILED.into()),
                code => (false, format!("Unexpected response: {code}")),
            }
        }
        code => (false, format!("Unexpected response: {code}")),
    })
}

/// A Harbor source: the project, with basic authentication when both credentials are set.
async fn harbor(
    client: &reqwest::Client,
    base: &str,
    ns: &str,
    m: &OrgMirror,
) -> Result<(bool, String), reqwest::Error> {
    let mut req = client.get(format!("{base}/api/v2.0/projects/{ns}"));
    if let (Some(user), Some(password)) = (&m.username, &m.password) {
        req = req.basic_auth(user, Some(password));
    }
    Ok(match send(req, LOOKUP_TIMEOUT).await?.as_u16() {
        200 => (true, OK.into()),
        401 => (false, AUTH_FAILED.into()),
        403 => (false, "Access forbidden - check permissions".into()),
        404 => (false, format!("Project '{ns}' not found")),
        code => (false, format!("Unexpected response: {code}")),
    })
}
