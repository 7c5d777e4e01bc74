//! Test support: the whole application over poem's test client, an in-memory database, a
//! bootstrapped superuser and helpers to make users and tokens.
#![allow(dead_code)]

use std::collections::BTreeSet;

use poem::EndpointExt;
use poem::endpoint::BoxEndpoint;
use poem::http::Method;
use poem::test::TestClient;
use quay_server::auth::Scopes;
use quay_server::store::namespace;
use quay_server::{AppState, Config, Store, app};
use serde_json::{Value, json};

/// An answer: status, content type, body (JSON when it parses, else a JSON string of the text).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub location: Option<String>,
    pub allow: Option<String>,
    pub cache_control: Option<String>,
    /// `Set-Cookie`, if sent.
    pub set_cookie: Option<String>,
    /// `X-Next-CSRF-Token`, if sent.
    pub next_csrf: Option<String>,
}

impl Answer {
    /// Asserts the status and returns self.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status, status, "unexpected answer: {self:?}");
        self
    }

    /// The `detail` (ApiError), `message` (MessageError) or `error` (AuthError) text.
    pub fn text(&self) -> String {
        for key in ["detail", "message", "error"] {
            if let Some(Value::String(s)) = self.body.get(key) {
                return s.clone();
            }
        }
        self.body.to_string()
    }

    /// Asserts an ApiError with this status and title.
    #[track_caller]
    pub fn api_error(self, status: u16, title: &str) -> Self {
        assert_eq!(
            (self.status, self.body["title"].as_str()),
            (status, Some(title)),
            "{self:?}"
        );
        assert_eq!(self.body["error_type"], self.body["title"]);
        assert_eq!(self.body["status"], json!(status));
        assert!(
            self.body["type"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/api/v1/error/{title}"))
        );
        self
    }

    /// Asserts a MessageError with this status (and message, if given).
    #[track_caller]
    pub fn message_error(self, status: u16, message: Option<&str>) -> Self {
        assert_eq!(self.status, status, "{self:?}");
        assert!(self.body.get("message").is_some(), "{self:?}");
        if let Some(m) = message {
            assert_eq!(self.body["message"], json!(m), "{self:?}");
        }
        self
    }

    /// Asserts Quay's CSRF refusal.
    #[track_caller]
    pub fn csrf(self) -> Self {
        assert_eq!(self.status, 403, "{self:?}");
        assert!(self.content_type.starts_with("text/html"), "{self:?}");
        assert_eq!(
            self.body,
            json!({"error": "CSRF token was invalid or missing."})
        );
        self
    }
}

/// The application with a bootstrapped superuser `quayadmin` (token with every scope).
pub struct Harness {
    pub state: AppState,
    client: TestClient<BoxEndpoint<'static, poem::Response>>,
    /// quayadmin's token (all scopes).
    pub admin: String,
}

impl Harness {
    /// Default configuration.
    /// (Loopback upstream registries started by the tests are let through SSRF protection.)
    pub async fn new() -> Self {
        Self::with_config(Config {
            SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
            ..Config::default()
        })
        .await
    }

    /// A given configuration (`quayadmin` should be in SUPER_USERS for superuser tests).
    pub async fn with_config(config: Config) -> Self {
        // bcrypt's lowest work factor keeps the many user creations fast; the format is the
        // same ($2b$), and `namespace` tests check Quay's cost.
        let state = AppState::new(Store::in_memory().unwrap(), config).with_password_cost(4);
        let ep = app(state.clone()).boxed();
        let client = TestClient::new(ep);
        let mut h = Self {
            state,
            client,
            admin: String::new(),
        };
        let ans = h
            .call(
                Method::POST,
                "/api/v1/user/initialize",
                None,
                Some(json!({"username": "quayadmin", "password": "password123", "email": "quayadmin@example.com", "access_token": true})),
            )
            .await
            .expect(200);
        h.admin = ans.body["access_token"].as_str().unwrap().to_string();
        h
    }

    /// Sends a request; `body` as JSON with `Content-Type: application/json`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, path)
            .header("host", "quay.test");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.body_json(&b);
        }
        Self::answer(req.send().await).await
    }

    /// Sends a raw body with a content type.
    pub async fn call_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &str,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, path)
            .header("host", "quay.test")
            .content_type(content_type)
            .body(body.to_string());
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        Self::answer(req.send().await).await
    }

    async fn answer(resp: poem::test::TestResponse) -> Answer {
        let status = resp.0.status().as_u16();
        let content_type = resp.0.content_type().unwrap_or("").to_string();
        let location = resp
            .0
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let header = |name: &str| {
            resp.0
                .headers()
                .get(name)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string)
        };
        let (allow, cache_control) = (header("allow"), header("cache-control"));
        let (set_cookie, next_csrf) = (header("set-cookie"), header("x-next-csrf-token"));
        let text = resp.0.into_body().into_string().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer {
            status,
            content_type,
            body,
            location,
            allow,
            cache_control,
            set_cookie,
            next_csrf,
        }
    }

    /// Sends a request with extra headers (a session's `Cookie` and `X-CSRF-Token`) and no
    /// bearer token; `body` as JSON.
    pub async fn call_headers(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, path)
            .header("host", "quay.test");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(b) = body {
            req = req.body_json(&b);
        }
        Self::answer(req.send().await).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token, None).await
    }
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }
    pub async fn put(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Answer {
        self.call(Method::PUT, path, token, body).await
    }
    pub async fn delete(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::DELETE, path, token, None).await
    }

    /// Creates a user directly in the database and returns a token with `scopes`.
    pub async fn user(&self, name: &str, scopes: &str) -> String {
        let (name, scopes) = (name.to_string(), Scopes::parse(scopes).unwrap());
        self.state
            .store
            .write(move |tx| {
                let id = match namespace::by_name(tx, &name)? {
                    Some(n) => n.id,
                    None => namespace::insert(
                        tx,
                        &name,
                        "user",
                        Some(&format!("{name}@example.com")),
                        Some("x"),
                        None,
                    )?,
                };
                Ok(namespace::mint_token(tx, id, scopes, None, "test", None)?.1)
            })
            .await
            .unwrap()
    }

    /// A token for quayadmin with only `scopes`.
    pub async fn admin_with(&self, scopes: &str) -> String {
        self.user("quayadmin", scopes).await
    }
}

/// Every scope.
pub const ALL: &str =
    "repo:read repo:write repo:admin repo:create user:read user:admin org:admin super:user";

// ------------------------------------------------------------------------------------------
// Recorded fixtures

/// The recorded exchanges of an operation: `fixtures/quay/<op>.json`.
pub fn exchanges(op: &str) -> Vec<Value> {
    let path = format!("{}/../fixtures/quay/{op}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The body of the recorded exchange `case` of an operation.
pub fn recorded(op: &str, case: &str) -> Value {
    exchanges(op)
        .into_iter()
        .find(|e| e["case"] == case)
        .unwrap_or_else(|| panic!("no case {case} in {op}"))["body"]
        .clone()
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

/// The keys of a JSON object, as a set.
pub fn key_set(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// The strings, sorted.
pub fn sorted(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The default configuration with `FEATURE_SUPERUSERS_FULL_ACCESS`.
pub fn full_access() -> Config {
    Config {
        FEATURE_SUPERUSERS_FULL_ACCESS: true,
        SSRF_ALLOWED_HOSTS: vec!["127.0.0.1".into()],
        ..Config::default()
    }
}

// ------------------------------------------------------------------------------------------
// Direct set-up: objects of other areas, inserted in the database as Quay creates them (an
// organization has an `owners` team, role admin, holding its creator).

/// Runs one SQL statement with text parameters.
pub async fn sql(h: &Harness, statement: &str, params: Vec<String>) {
    let statement = statement.to_string();
    h.state
        .store
        .write(move |tx| {
            tx.execute(&statement, rusqlite::params_from_iter(params.iter()))?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Runs SQL statements (separated by `;`) without parameters.
pub async fn sql_batch(h: &Harness, statements: &str) {
    let statements = statements.to_string();
    h.state
        .store
        .write(move |tx| Ok(tx.execute_batch(&statements)?))
        .await
        .unwrap();
}

/// One number from the database.
pub async fn count(h: &Harness, query: &str) -> i64 {
    let query = query.to_string();
    h.state
        .store
        .read(move |tx| Ok(tx.query_row(&query, [], |r| r.get(0))?))
        .await
        .unwrap()
}

/// How many log entries of `kind` were written.
pub async fn logs(h: &Harness, kind: &str) -> i64 {
    count(
        h,
        &format!("SELECT count(*) FROM log_entry WHERE kind = '{kind}'"),
    )
    .await
}

/// The metadata of every log entry of `kind`, oldest first.
pub async fn log_metadata(h: &Harness, kind: &str) -> Vec<Value> {
    let kind = kind.to_string();
    h.state
        .store
        .read(move |tx| {
            let mut stmt =
                tx.prepare("SELECT metadata FROM log_entry WHERE kind = ?1 ORDER BY id")?;
            let rows = stmt.query_map([kind], |r| r.get::<_, String>(0))?;
            Ok(rows
                .map(|m| serde_json::from_str(&m.unwrap()).unwrap())
                .collect())
        })
        .await
        .unwrap()
}

/// An organization created by `creator`: an `owners` team (admin) holding the creator.
pub async fn org(h: &Harness, name: &str, creator: &str) {
    let (name, creator) = (name.to_string(), creator.to_string());
    h.state
        .store
        .write(move |tx| {
            let creator = namespace::by_name(tx, &creator)?.unwrap();
            let org = namespace::insert(tx, &name, "org", None, None, None)?;
            tx.execute(
                "INSERT INTO team (org_id, name, role) VALUES (?1, 'owners', 'admin')",
                [org],
            )?;
            tx.execute(
                "INSERT INTO team_member (team_id, user_id) VALUES (?1, ?2)",
                [tx.last_insert_rowid(), creator.id],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

/// A team of `org` with `role` and these members (users or robots); an existing team of that
/// name gets the members.
pub async fn team(h: &Harness, org: &str, team: &str, role: &str, members: &[&str]) {
    sql(
        h,
        "INSERT OR IGNORE INTO team (org_id, name, role) SELECT id, ?2, ?3 FROM namespace WHERE name = ?1",
        vec![org.into(), team.into(), role.into()],
    )
    .await;
    for m in members {
        sql(
            h,
            "INSERT INTO team_member (team_id, user_id)
             SELECT t.id, u.id FROM team t JOIN namespace o ON o.id = t.org_id, namespace u
             WHERE o.name = ?1 AND t.name = ?2 AND u.name = ?3",
            vec![org.into(), team.into(), (*m).into()],
        )
        .await;
    }
}

/// The robot `owner+short`; its full name.
pub async fn robot(h: &Harness, owner: &str, short: &str) -> String {
    let name = format!("{owner}+{short}");
    let (owner, n) = (owner.to_string(), name.clone());
    h.state
        .store
        .write(move |tx| {
            let owner = namespace::by_name(tx, &owner)?.unwrap();
            namespace::insert(tx, &n, "robot", None, None, Some(owner.id))
        })
        .await
        .unwrap();
    name
}

/// A private repository `ns/name` (no creator permission).
pub async fn repo(h: &Harness, ns: &str, name: &str) {
    sql(
        h,
        "INSERT INTO repository (namespace_id, name, visibility, created_at)
         SELECT id, ?2, 'private', '2025-01-01T00:00:00Z' FROM namespace WHERE name = ?1",
        vec![ns.into(), name.into()],
    )
    .await;
}

/// A direct permission of `user` (or robot) on `ns/repo`, replacing any.
pub async fn grant(h: &Harness, ns: &str, repo: &str, user: &str, role: &str) {
    sql(
        h,
        "INSERT OR REPLACE INTO repo_user_permission (repo_id, user_id, role)
         SELECT r.id, u.id, ?4 FROM repository r JOIN namespace n ON n.id = r.namespace_id,
           namespace u WHERE n.name = ?1 AND r.name = ?2 AND u.name = ?3",
        vec![ns.into(), repo.into(), user.into(), role.into()],
    )
    .await;
}

/// A permission of team `org/team` on `org/repo`.
pub async fn grant_team(h: &Harness, org: &str, repo: &str, team: &str, role: &str) {
    sql(
        h,
        "INSERT INTO repo_team_permission (repo_id, team_id, role)
         SELECT r.id, t.id, ?4 FROM repository r JOIN namespace n ON n.id = r.namespace_id
           JOIN team t ON t.org_id = n.id WHERE n.name = ?1 AND r.name = ?2 AND t.name = ?3",
        vec![org.into(), repo.into(), team.into(), role.into()],
    )
    .await;
}

/// An audit entry's metadata without the keys Quay adds for the request's OAuth token.
pub fn without_token(metadata: &Value) -> Value {
    let mut m = metadata.clone();
    if let Some(o) = m.as_object_mut() {
        for k in [
            "oauth_token_id",
            "oauth_token_application_id",
            "oauth_token_application",
        ] {
            o.remove(k);
        }
    }
    m
}
