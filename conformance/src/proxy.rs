//! A validating proxy: the SDK talks to it, it forwards every request to the target unchanged
//! and checks every raw response against `openapi.yaml` (status declared for the operation,
//! body valid against that status's schema), so one run checks target, SDK and spec at once.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use poem::http::{HeaderName, HeaderValue, StatusCode};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Body, Request, Response};
use serde_json::Value;

use crate::contract::Contract;

/// One exchange seen by the proxy, with what the spec says about it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// HTTP method.
    pub method: String,
    /// Path and query as sent.
    pub path: String,
    /// The operation it matched, if any.
    pub operation: Option<String>,
    /// Response status.
    pub status: u16,
    /// Response content type.
    pub content_type: String,
    /// Response body, parsed when JSON.
    pub body: Value,
    /// Violations of the spec (empty when the response conforms).
    pub violations: Vec<String>,
}

/// The proxy's record of every exchange.
#[derive(Debug, Clone, Default)]
pub struct Journal(Arc<Mutex<Vec<Exchange>>>);

impl Journal {
    /// Every exchange so far.
    pub fn all(&self) -> Vec<Exchange> {
        self.0.lock().map(|j| j.clone()).unwrap_or_default()
    }

    /// Exchanges recorded since index `from`.
    pub fn since(&self, from: usize) -> Vec<Exchange> {
        self.all().into_iter().skip(from).collect()
    }

    /// How many exchanges were recorded.
    pub fn len(&self) -> usize {
        self.0.lock().map(|j| j.len()).unwrap_or_default()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&self, e: Exchange) {
        if let Ok(mut j) = self.0.lock() {
            j.push(e);
        }
    }
}

/// A path template of the spec, split in segments, for matching request paths.
#[derive(Debug, Clone)]
struct Template {
    method: String,
    operation: String,
    path: String,
    segments: Vec<String>,
}

impl Template {
    /// Matches a request path; `{repository}` takes two segments (`namespace/name`).
    fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut i = 0;
        for seg in &self.segments {
            if seg == "{repository}" {
                let Some(ns) = parts.get(i) else { return false };
                if ns.contains("%2F") || ns.contains("%2f") {
                    i += 1;
                } else {
                    if parts.get(i + 1).is_none_or(|s| s.is_empty()) {
                        return false;
                    }
                    i += 2;
                }
                continue;
            }
            match parts.get(i) {
                Some(p) if seg.starts_with('{') => {
                    if p.is_empty() {
                        return false;
                    }
                }
                Some(p) if p == seg => {}
                _ => return false,
            }
            i += 1;
        }
        i == parts.len()
    }
}

/// Finds the operation of a request: a template whose static segments match wins over one
/// with parameters in those places.
fn find<'a>(templates: &'a [Template], method: &str, path: &str) -> Option<&'a Template> {
    templates
        .iter()
        .filter(|t| t.method == method && t.matches(path))
        .max_by_key(|t| t.segments.iter().filter(|s| !s.starts_with('{')).count())
}

/// The operation (method, path template) of the spec a request reaches, if any.
pub fn operation_for(contract: &Contract, method: &str, path: &str) -> Option<(String, String)> {
    let templates = templates_of(contract);
    find(&templates, method, path).map(|t| (t.method.clone(), t.path.clone()))
}

fn templates_of(contract: &Contract) -> Vec<Template> {
    contract
        .operations()
        .into_iter()
        .map(|(key, _)| Template {
            method: key.method.clone(),
            operation: key.operation_id.clone(),
            segments: key
                .path
                .trim_start_matches('/')
                .split('/')
                .map(str::to_string)
                .collect(),
            path: key.path,
        })
        .collect()
}

/// Checks one response against the contract.
pub fn check(
    contract: &Contract,
    method: &str,
    template: &str,
    status: u16,
    content_type: &str,
    body: &Value,
) -> Vec<String> {
    let mut out = Vec::new();
    let Some(op) = contract.json.pointer(&format!(
        "/paths/{}/{}",
        template.replace('~', "~0").replace('/', "~1"),
        method.to_lowercase()
    )) else {
        return vec![format!("{method} {template} is not in the spec")];
    };
    let Some(resp) = op.get("responses").and_then(|r| r.get(status.to_string())) else {
        return vec![format!(
            "status {status} is not declared for {method} {template}"
        )];
    };
    let Some(resp) = contract.deref(resp) else {
        return out;
    };
    let media = content_type.split(';').next().unwrap_or("").trim();
    let content = resp.get("content").and_then(Value::as_object);
    match content {
        None => {
            if !(body.is_null() || body == &Value::String(String::new())) {
                out.push(format!(
                    "status {status}: the spec declares no body, got {}",
                    snippet(body)
                ));
            }
        }
        Some(content) => match content.get(media) {
            None => out.push(format!(
                "status {status}: content type {media:?} is not declared ({})",
                content.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
            Some(m) => {
                if let Some(schema) = m.get("schema")
                    && media != "text/html"
                    && let Err(errors) = contract.schemas.check(schema, body)
                {
                    out.push(format!(
                        "status {status}: body does not match the schema: {}",
                        errors.join("; ")
                    ));
                }
            }
        },
    }
    out
}

fn snippet(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 120 {
        format!("{}...", &s[..120])
    } else {
        s
    }
}

/// A running proxy.
pub struct Proxy {
    /// Where the SDK should send requests.
    pub url: String,
    /// What it saw.
    pub journal: Journal,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts a proxy on a free loopback port forwarding to `target` (a base URL); a target that
/// does not answer within `timeout` gets the SDK a 502 saying so.
pub async fn start(
    contract: Arc<Contract>,
    target: String,
    insecure: bool,
    timeout: std::time::Duration,
) -> std::io::Result<Proxy> {
    let templates = Arc::new(templates_of(&contract));
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(insecure)
        .timeout(timeout)
        .connect_timeout(timeout.min(std::time::Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(std::io::Error::other)?;
    let journal = Journal::default();
    let acceptor = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .into_acceptor()
        .await?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let target = target.trim_end_matches('/').to_string();
    let j = journal.clone();
    let endpoint = poem::endpoint::make(move |req: Request| {
        let (http, target, templates, contract, journal) = (
            http.clone(),
            target.clone(),
            templates.clone(),
            contract.clone(),
            j.clone(),
        );
        async move {
            Ok::<Response, poem::Error>(
                forward(req, &http, &target, &templates, &contract, &journal).await,
            )
        }
    });
    tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(
                endpoint,
                async {
                    let _ = rx.await;
                },
                None,
            )
            .await;
    });
    Ok(Proxy {
        url: format!("http://{addr}"),
        journal,
        stop: Some(tx),
    })
}

async fn forward(
    req: Request,
    http: &reqwest::Client,
    target: &str,
    templates: &[Template],
    contract: &Contract,
    journal: &Journal,
) -> Response {
    let method = req.method().clone();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let path = req.uri().path().to_string();
    let mut out = http.request(method.clone(), format!("{target}{path_and_query}"));
    for (name, value) in req.headers() {
        if name != "host" && name != "content-length" {
            out = out.header(name.as_str(), value.as_bytes());
        }
    }
    let body = req.into_body().into_vec().await.unwrap_or_default();
    let resp = match out.body(body).send().await {
        Ok(r) => r,
        Err(e) => {
            return Response::builder()
                .status(StatusCode::BAD_GATEWAY)
                .body(format!("conformance proxy: the target did not answer: {e}"));
        }
    };
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap_or_default().to_vec();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let parsed = serde_json::from_slice::<Value>(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    let template = find(templates, method.as_str(), &path);
    let violations = match template {
        Some(t) => check(contract, &t.method, &t.path, status, &content_type, &parsed),
        // The web route sessions start from (outside the API, so outside the spec): signinUser
        // documents its answer.
        None if method == "GET" && path == "/csrf_token" => {
            if status == 200 && parsed["csrf_token"].is_string() {
                vec![]
            } else {
                vec![format!(
                    "GET /csrf_token answered {status} without a `csrf_token`: {parsed}"
                )]
            }
        }
        // The web route assigning an application's token (outside the spec too): with
        // `format=json`, Quay's message; its refusals are web pages.
        None if method == "POST" && path == "/oauth/authorize/assignuser" => {
            let assigned = serde_json::json!({"message": "Token assigned successfully"});
            if status != 200 || parsed == assigned {
                vec![]
            } else {
                vec![format!(
                    "POST /oauth/authorize/assignuser answered 200 without Quay's message: {parsed}"
                )]
            }
        }
        None => vec![format!("{method} {path} matches no operation of the spec")],
    };
    journal.push(Exchange {
        method: method.to_string(),
        path: path_and_query,
        operation: template.map(|t| t.operation.clone()),
        status,
        content_type,
        body: parsed,
        violations,
    });
    let mut builder =
        Response::builder().status(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY));
    for (name, value) in &headers {
        if name == "content-length" || name == "transfer-encoding" || name == "connection" {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            builder = builder.header(n, v);
        }
    }
    builder.body(Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A target that accepts connections and never answers gets the SDK a 502 after the
    /// timeout, so a hung target fails a case instead of hanging the run.
    #[tokio::test]
    async fn a_hung_target_times_out() {
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = silent.local_addr().unwrap();
        let hold = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((conn, _)) = silent.accept().await {
                open.push(conn);
            }
        });
        let contract = Arc::new(Contract::embedded().unwrap());
        let proxy = start(
            contract,
            format!("http://{addr}"),
            false,
            std::time::Duration::from_millis(300),
        )
        .await
        .unwrap();
        let started = std::time::Instant::now();
        let r = reqwest::get(format!("{}/api/v1/user/", proxy.url))
            .await
            .unwrap();
        assert_eq!(r.status(), 502);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(r.text().await.unwrap().contains("did not answer"));
        hold.abort();
    }

    fn templates() -> Vec<Template> {
        templates_of(&Contract::embedded().unwrap())
    }

    #[test]
    fn requests_find_their_operation() {
        let t = templates();
        let op = |m: &str, p: &str| find(&t, m, p).map(|t| t.operation.clone());
        assert_eq!(
            op("GET", "/api/v1/repository/acme/web/permissions/user/").as_deref(),
            Some("listRepoUserPermissions")
        );
        assert_eq!(
            op("GET", "/api/v1/repository/acme%2Fweb/permissions/user/bob").as_deref(),
            Some("getUserPermissions")
        );
        assert_eq!(
            op("GET", "/api/v1/repository/acme/web").as_deref(),
            Some("getRepo")
        );
        assert_eq!(
            op("GET", "/api/v1/superuser/keys/abc").as_deref(),
            Some("getServiceKey")
        );
        assert_eq!(
            op("GET", "/api/v1/superuser/abc/status").as_deref(),
            Some("getRepoBuildStatusSuperUser")
        );
        assert_eq!(
            op("POST", "/api/v1/organization/").as_deref(),
            Some("createOrganization")
        );
        assert_eq!(
            op("GET", "/api/v1/user/").as_deref(),
            Some("getLoggedInUser")
        );
        assert_eq!(op("GET", "/api/v1/nope"), None);
    }

    #[test]
    fn responses_are_checked_against_the_spec() {
        let c = Contract::embedded().unwrap();
        let ok = serde_json::json!({"username": "u", "email": null, "encrypted_password": "x"});
        assert!(
            check(
                &c,
                "POST",
                "/api/v1/user/initialize",
                200,
                "application/json",
                &ok
            )
            .is_empty()
        );
        let bad = serde_json::json!({"username": 5});
        assert!(
            !check(
                &c,
                "POST",
                "/api/v1/user/initialize",
                200,
                "application/json",
                &bad
            )
            .is_empty()
        );
        assert!(
            !check(
                &c,
                "POST",
                "/api/v1/user/initialize",
                418,
                "application/json",
                &ok
            )
            .is_empty()
        );
        assert!(!check(&c, "GET", "/api/v1/user/", 401, "text/plain", &Value::Null).is_empty());
    }
}
