//! Scenarios: cases per operation, run through `quay-sdk` against a target behind the
//! validating proxy, with their outcomes.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use quay_sdk::Client;

use crate::proxy::Journal;

/// What a case needs from the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// A second, ordinary user's token (`--user-token`).
    pub user: bool,
    /// Feature flags that must all be on.
    pub features: &'static [Feature],
}

/// Feature flags the suite detects on the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// `FEATURE_SUPER_USERS`
    SuperUsers,
    /// `FEATURE_QUOTA_MANAGEMENT` + `FEATURE_EDIT_QUOTA`
    Quota,
    /// `FEATURE_PROXY_CACHE`
    ProxyCache,
    /// `FEATURE_MAILING`
    Mailing,
    /// `FEATURE_SUPERUSERS_FULL_ACCESS` (superusers pass every organization permission check)
    FullAccess,
    /// `FEATURE_APP_SPECIFIC_TOKENS`
    AppTokens,
    /// `FEATURE_REPO_MIRROR`
    RepoMirror,
    /// `FEATURE_ORG_MIRROR`
    OrgMirror,
    /// `FEATURE_ASSIGN_OAUTH_TOKEN`
    AssignOAuthToken,
}

impl Feature {
    /// Quay's flag name(s).
    pub fn flag(self) -> &'static str {
        match self {
            Feature::SuperUsers => "FEATURE_SUPER_USERS",
            Feature::Quota => "FEATURE_QUOTA_MANAGEMENT/FEATURE_EDIT_QUOTA",
            Feature::ProxyCache => "FEATURE_PROXY_CACHE",
            Feature::Mailing => "FEATURE_MAILING",
            Feature::FullAccess => "FEATURE_SUPERUSERS_FULL_ACCESS",
            Feature::AppTokens => "FEATURE_APP_SPECIFIC_TOKENS",
            Feature::RepoMirror => "FEATURE_REPO_MIRROR",
            Feature::OrgMirror => "FEATURE_ORG_MIRROR",
            Feature::AssignOAuthToken => "FEATURE_ASSIGN_OAUTH_TOKEN",
        }
    }
}

/// An upstream registry for proxy-cache configurations: `host[:port]`, and whether Quay must
/// reach it over plain HTTP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upstream {
    /// `host[:port]`, as `upstream_registry` takes it.
    pub host: String,
    /// Plain HTTP (`insecure: true`).
    pub insecure: bool,
}

/// Whether a base URL names this machine (`localhost`, a loopback address).
pub fn is_loopback_url(url: &str) -> bool {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        None => false,
    }
}

impl Upstream {
    /// The registry at a base URL (`https://quay.example.com` gives `quay.example.com`).
    pub fn of_url(url: &str) -> Option<Self> {
        let u = url::Url::parse(url).ok()?;
        let host = u.host_str()?;
        let host = match u.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        Some(Self {
            host,
            insecure: u.scheme() == "http",
        })
    }
}

/// Something a scenario created, deleted at the end of the run (also after failures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    /// An organization (deleting it removes its teams, robots, repositories, applications).
    Organization(String),
    /// A repository `ns/name`.
    Repository(String),
    /// A user created with createInstallUser.
    User(String),
    /// A service key id.
    ServiceKey(String),
    /// A global message's uuid.
    GlobalMessage(String),
    /// An app-specific token of the admin, by uuid.
    AppToken(String),
    /// A robot of the admin's own namespace, by short name.
    UserRobot(String),
}

/// The target and the identities a run uses. A clone shares the list of what the run created.
#[derive(Clone)]
pub struct Target {
    /// Superuser with every scope.
    pub admin: Client,
    /// The superuser's name.
    pub admin_name: String,
    /// A second, ordinary user, if available.
    pub user: Option<Client>,
    /// Its name.
    pub user_name: Option<String>,
    /// No credentials.
    pub anonymous: Client,
    /// A token that does not exist.
    pub bad_token: Client,
    /// Prefix of every name this run creates.
    pub prefix: String,
    /// Features detected on the target.
    pub features: BTreeSet<Feature>,
    /// The proxy's record of every exchange.
    pub journal: Journal,
    /// Whether the target is the embedded reference server.
    pub embedded: bool,
    /// Whether a registry-wide size calculation may be queued (`--queue-registry-size`).
    pub queue_registry_size: bool,
    /// Whether the target runs on this machine (the embedded server, or a loopback `--url`), so
    /// that it can reach registries the suite starts on 127.0.0.1.
    pub local: bool,
    /// The upstream registry of stored proxy-cache configurations on a live target.
    pub proxy_upstream: Upstream,
    created: Arc<Mutex<Vec<Created>>>,
}

impl Target {
    /// A target over these clients.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        admin: Client,
        admin_name: String,
        user: Option<(Client, String)>,
        anonymous: Client,
        bad_token: Client,
        prefix: String,
        journal: Journal,
        embedded: bool,
    ) -> Self {
        let (user, user_name) = match user {
            Some((c, n)) => (Some(c), Some(n)),
            None => (None, None),
        };
        Self {
            admin,
            admin_name,
            user,
            user_name,
            anonymous,
            bad_token,
            prefix,
            features: BTreeSet::new(),
            journal,
            embedded,
            queue_registry_size: false,
            local: embedded,
            proxy_upstream: Upstream::default(),
            created: Arc::default(),
        }
    }

    /// The same target reached through other clients (another lane's proxy): the identities'
    /// tokens as `admin` and `user` hold them, and the list of what the run created shared, so
    /// that one cleanup deletes what every lane made.
    pub fn lane(
        &self,
        admin: Client,
        user: Option<Client>,
        anonymous: Client,
        bad_token: Client,
        journal: Journal,
    ) -> Self {
        Self {
            admin,
            user,
            anonymous,
            bad_token,
            journal,
            ..self.clone()
        }
    }

    /// A name under this run's prefix.
    pub fn name(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.prefix)
    }

    /// Remembers something to delete at the end.
    pub fn created(&self, what: Created) {
        if let Ok(mut c) = self.created.lock()
            && !c.contains(&what)
        {
            c.push(what);
        }
    }

    /// Forgets something a scenario deleted itself.
    pub fn deleted(&self, what: &Created) {
        if let Ok(mut c) = self.created.lock() {
            c.retain(|x| x != what);
        }
    }

    /// The second user, or why the case is skipped.
    pub fn second_user(&self) -> Result<(&Client, &str), Failure> {
        match (&self.user, &self.user_name) {
            (Some(c), Some(n)) => Ok((c, n)),
            _ => Err(Failure::Skip("needs a second user (--user-token)".into())),
        }
    }

    /// Deletes everything the run created, newest first; what could not be deleted.
    pub async fn cleanup(&self) -> Vec<String> {
        let items: Vec<Created> = self.created.lock().map(|c| c.clone()).unwrap_or_default();
        let mut problems = Vec::new();
        for item in items.iter().rev() {
            let result = match item {
                Created::Organization(o) => self.admin.organization(o.clone()).delete().await,
                Created::Repository(r) => match self.admin.repository(r.as_str()) {
                    Ok(h) => h.delete().await,
                    Err(e) => Err(e),
                },
                Created::User(u) => self.admin.superuser().users().delete(u).await,
                Created::ServiceKey(k) => self.admin.superuser().service_keys().delete(k).await,
                Created::GlobalMessage(uuid) => self.admin.global_messages().delete(uuid).await,
                Created::AppToken(uuid) => self.admin.app_tokens().revoke(uuid).await,
                Created::UserRobot(short) => self.admin.user().robots().robot(short).delete().await,
            };
            match result {
                Ok(()) => {}
                Err(e) if e.is_not_found() => {}
                Err(e) => problems.push(format!("could not delete {item:?}: {e}")),
            }
        }
        problems
    }
}

/// Why a case did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Expected one thing, got another.
    Fail(String),
    /// Not applicable to this target.
    Skip(String),
}

impl From<quay_sdk::Error> for Failure {
    fn from(e: quay_sdk::Error) -> Self {
        Failure::Fail(format!("unexpected error: {e}"))
    }
}

/// The result of a case.
pub type CaseResult = Result<(), Failure>;

/// A boxed case future.
pub type CaseFuture<'a> = Pin<Box<dyn Future<Output = CaseResult> + Send + 'a>>;

/// One case of one operation.
pub struct Case {
    /// The operationId it exercises.
    pub operation: &'static str,
    /// The case name, e.g. `ok`, `anonymous`, `not_admin`.
    pub name: &'static str,
    /// What it needs.
    pub needs: Needs,
    /// The case itself.
    pub run: for<'a> fn(&'a Target) -> CaseFuture<'a>,
}

/// Asserts the outcome of a call that must fail with `status`.
pub fn expect_status<T: std::fmt::Debug>(result: quay_sdk::Result<T>, status: u16) -> CaseResult {
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected HTTP {status}, got success {v:?}"
        ))),
        Err(e) if e.status() == Some(status) => Ok(()),
        Err(e) => Err(Failure::Fail(format!("expected HTTP {status}, got {e}"))),
    }
}

/// Asserts a failure with `status` whose message contains `text`.
pub fn expect_error<T: std::fmt::Debug>(
    result: quay_sdk::Result<T>,
    status: u16,
    text: &str,
) -> CaseResult {
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected HTTP {status} {text:?}, got success {v:?}"
        ))),
        Err(e) if e.status() == Some(status) && e.message().is_some_and(|m| m.contains(text)) => {
            Ok(())
        }
        Err(e) => Err(Failure::Fail(format!(
            "expected HTTP {status} {text:?}, got {e}"
        ))),
    }
}

/// Asserts a condition about a success.
pub fn ensure(condition: bool, what: impl Into<String>) -> CaseResult {
    if condition {
        Ok(())
    } else {
        Err(Failure::Fail(what.into()))
    }
}

/// Asserts Quay's CSRF refusal: what a write without a valid bearer token gets (403, `{"error"}`).
pub fn expect_csrf<T: std::fmt::Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected the 403 CSRF refusal, got success {v:?}"
        ))),
        Err(e) if e.status() == Some(403) && e.is_csrf_refusal() => Ok(()),
        Err(e) => Err(Failure::Fail(format!(
            "expected the 403 CSRF refusal, got {e}"
        ))),
    }
}

/// Asserts a failure with any of `statuses` (where Quay's answer depends on configuration).
pub fn expect_any<T: std::fmt::Debug>(result: quay_sdk::Result<T>, statuses: &[u16]) -> CaseResult {
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected HTTP {statuses:?}, got success {v:?}"
        ))),
        Err(e) if e.status().is_some_and(|s| statuses.contains(&s)) => Ok(()),
        Err(e) => Err(Failure::Fail(format!(
            "expected HTTP {statuses:?}, got {e}"
        ))),
    }
}

/// Asserts Quay's refusal of an authenticated caller without the role or scope: 403
/// `insufficient_scope`.
pub fn expect_denied<T: std::fmt::Debug>(result: quay_sdk::Result<T>) -> CaseResult {
    match result {
        Ok(v) => Err(Failure::Fail(format!(
            "expected HTTP 403 insufficient_scope, got success {v:?}"
        ))),
        Err(e)
            if e.status() == Some(403)
                && e.error_type() == Some(&quay_sdk::models::ApiErrorType::InsufficientScope) =>
        {
            Ok(())
        }
        Err(e) => Err(Failure::Fail(format!(
            "expected HTTP 403 insufficient_scope, got {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_its_own_upstream() {
        let up = |u: &str| Upstream::of_url(u).map(|u| (u.host, u.insecure));
        assert_eq!(
            up("https://quay.example.com"),
            Some(("quay.example.com".into(), false))
        );
        assert_eq!(
            up("http://localhost:8080/"),
            Some(("localhost:8080".into(), true))
        );
        assert_eq!(up("not a url"), None);
        assert!(is_loopback_url("http://localhost:8080"));
        assert!(is_loopback_url("http://127.0.0.1:8080"));
        assert!(is_loopback_url("http://[::1]:8080"));
        assert!(!is_loopback_url("https://quay.example.com"));
    }
}
