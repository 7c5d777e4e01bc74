//! Targets: the embedded reference server, or a live Quay, each behind the validating proxy.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use quay_sdk::Client;

use crate::contract::Contract;
use crate::proxy;
use crate::runner::{Feature, Target, Upstream};

/// A fresh prefix for everything a run creates: `qc` and 8 random lowercase letters.
pub fn prefix() -> String {
    let tail: String = (0..8).map(|_| fastrand::lowercase()).collect();
    format!("qc{tail}")
}

/// How a run reaches its target.
#[derive(Debug, Clone)]
pub struct Options {
    /// The longest any request may take, SDK to proxy to target (a hung target fails the
    /// case instead of hanging the run).
    pub timeout: Duration,
    /// Accept invalid TLS certificates (live mode).
    pub insecure: bool,
    /// Whether `queueRegistrySizeCalculation ok` may queue a registry-wide size calculation on a
    /// live target (expensive on a big registry); always on against the embedded server.
    pub queue_registry_size: bool,
    /// The upstream of stored proxy-cache configurations on a live target (default: the
    /// target itself).
    pub proxy_upstream: Option<Upstream>,
    /// How many lanes run areas at once (each with its own validating proxy); 1 runs every
    /// case one after another.
    pub jobs: usize,
    /// The embedded server's configuration (Quay's `config.yaml` names); the defaults switch
    /// every operation on.
    pub server_config: Option<quay_server::Config>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            insecure: false,
            queue_registry_size: false,
            proxy_upstream: None,
            jobs: 1,
            server_config: None,
        }
    }
}

/// The anonymous client every identity of a run derives from: through the proxy, with the
/// run's timeout (a little longer than the proxy's own, so its 502 arrives first).
fn anonymous_client(proxy_url: &str, options: &Options) -> Result<Client, String> {
    Client::builder()
        .base_url(proxy_url)
        .timeout(options.timeout + Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())
}

/// A target ready to run against, with what keeps it alive (proxies, embedded server).
pub struct Setup {
    /// The target (the first lane).
    pub target: Target,
    /// The other lanes (`Options::jobs` in all), each behind its own proxy.
    pub lanes: Vec<Target>,
    _proxies: Vec<proxy::Proxy>,
    _server: Option<(quay_server::Running, tempfile::TempDir)>,
}

impl Setup {
    /// Every lane, the first one first.
    pub fn targets(&self) -> Vec<&Target> {
        std::iter::once(&self.target).chain(&self.lanes).collect()
    }
}

/// What every lane needs to build its clients.
struct Lanes<'a> {
    contract: Arc<Contract>,
    upstream: String,
    options: &'a Options,
    admin_token: String,
    user_token: Option<String>,
}

impl Lanes<'_> {
    /// `jobs - 1` more lanes beside `first`, each with its own proxy to the same target.
    async fn build(
        self,
        first: Target,
        first_proxy: proxy::Proxy,
        server: Option<(quay_server::Running, tempfile::TempDir)>,
    ) -> Result<Setup, String> {
        let mut lanes = Vec::new();
        let mut proxies = vec![first_proxy];
        for _ in 1..self.options.jobs.max(1) {
            let p = proxy::start(
                self.contract.clone(),
                self.upstream.clone(),
                self.options.insecure,
                self.options.timeout,
            )
            .await
            .map_err(|e| e.to_string())?;
            let anonymous = anonymous_client(&p.url, self.options)?;
            lanes.push(first.lane(
                anonymous.with_token(&self.admin_token),
                self.user_token.as_ref().map(|t| anonymous.with_token(t)),
                anonymous.clone(),
                anonymous.with_token("not-a-valid-token"),
                p.journal.clone(),
            ));
            proxies.push(p);
        }
        Ok(Setup {
            target: first,
            lanes,
            _proxies: proxies,
            _server: server,
        })
    }
}

/// Starts the reference server in-process on a temporary SQLite database and a free loopback
/// port, bootstraps it with `initializeUser`, and creates a second, ordinary user.
///
/// The features the cases see are the configuration's flags.
pub async fn embedded(
    contract: Arc<Contract>,
    prefix: String,
    options: &Options,
) -> Result<Setup, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = quay_server::Store::open(dir.path()).map_err(|e| e.to_string())?;
    let mut config = options.server_config.clone().unwrap_or_default();
    // Scenarios stand up registry stand-ins on loopback for proxy-cache validation; everything
    // else non-global stays refused, as Quay's SSRF protection does.
    if !config.SSRF_ALLOWED_HOSTS.iter().any(|h| h == "127.0.0.1") {
        config.SSRF_ALLOWED_HOSTS.push("127.0.0.1".into());
    }
    let features: BTreeSet<Feature> = [
        (Feature::SuperUsers, config.FEATURE_SUPER_USERS),
        (
            Feature::Quota,
            config.FEATURE_QUOTA_MANAGEMENT && config.FEATURE_EDIT_QUOTA,
        ),
        (Feature::ProxyCache, config.FEATURE_PROXY_CACHE),
        (Feature::Mailing, config.FEATURE_MAILING),
        (
            Feature::FullAccess,
            config.FEATURE_SUPER_USERS && config.FEATURE_SUPERUSERS_FULL_ACCESS,
        ),
        (Feature::AppTokens, config.FEATURE_APP_SPECIFIC_TOKENS),
        (Feature::RepoMirror, config.FEATURE_REPO_MIRROR),
        (Feature::OrgMirror, config.FEATURE_ORG_MIRROR),
        (Feature::AssignOAuthToken, config.FEATURE_ASSIGN_OAUTH_TOKEN),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.then_some(f))
    .collect();
    let admin_name = config
        .SUPER_USERS
        .first()
        .cloned()
        .unwrap_or_else(|| "quayadmin".into());
    // bcrypt at its lowest work factor: the suite creates many users, and the hash format is
    // the same (a live target hashes at Quay's cost, 12).
    let state = quay_server::AppState::new(store.clone(), config).with_password_cost(4);
    let server = quay_server::start(state, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| e.to_string())?;
    let contract_for_lanes = contract.clone();
    let proxy = proxy::start(contract, server.url(), false, options.timeout)
        .await
        .map_err(|e| e.to_string())?;
    let anonymous = anonymous_client(&proxy.url, options)?;
    // Bootstrap through the SDK and the proxy: this is initializeUser's success case.
    let init = quay_sdk::models::UserInitialize::new(&admin_name, "password123")
        .email(format!("{admin_name}@example.com"))
        .access_token(true);
    let created = anonymous
        .user()
        .initialize(&init)
        .await
        .map_err(|e| format!("bootstrap failed: {e}"))?;
    let token = created.access_token.ok_or("bootstrap returned no token")?;
    // The probe a live run relies on must find exactly what the configuration switched on.
    let http = reqwest::Client::builder()
        .timeout(options.timeout)
        .build()
        .map_err(|e| e.to_string())?;
    let detected =
        detect_features(&http, &server.url(), token.expose(), &admin_name, &prefix).await;
    if detected != features {
        return Err(format!(
            "feature detection found {detected:?} where the server's configuration has {features:?}"
        ));
    }
    let admin = anonymous.with_token(token.expose());
    // A second, ordinary user, created through the SDK; its token minted in-process.
    let user_name = format!("{prefix}user2");
    admin
        .superuser()
        .users()
        .create(
            &quay_sdk::models::CreateInstallUser::new(&user_name)
                .email(format!("{user_name}@example.com")),
        )
        .await
        .map_err(|e| format!("cannot create the second user: {e}"))?;
    let name = user_name.clone();
    let user_token = store
        .write(move |tx| {
            let u = quay_server::store::namespace::by_name_kind(tx, &name, "user")?
                .ok_or_else(quay_server::error::QuayError::not_found)?;
            Ok(quay_server::store::namespace::mint_token(
                tx,
                u.id,
                quay_server::auth::Scopes::ALL,
                None,
                "conformance",
                None,
            )?
            .1)
        })
        .await
        .map_err(|e| e.to_string())?;
    let user = anonymous.with_token(&user_token);
    let mut target = Target::new(
        admin,
        admin_name,
        Some((user, user_name)),
        anonymous.clone(),
        anonymous.with_token("not-a-valid-token"),
        prefix,
        proxy.journal.clone(),
        true,
    );
    target.features = features;
    target.queue_registry_size = true;
    // Upstreams that are stored but never contacted: the server itself, as on a live target.
    target.proxy_upstream = Upstream::of_url(&server.url()).unwrap_or_default();
    Lanes {
        contract: contract_for_lanes,
        upstream: server.url(),
        options,
        admin_token: token.expose().to_string(),
        user_token: Some(user_token),
    }
    .build(target, proxy, Some((server, dir)))
    .await
}

/// Probes which optional operations the live target registers: a gated route answers a
/// non-API page (HTML) when its feature is off. Every probe is a read, or a write under a
/// namespace that cannot exist (named under the run's `prefix`): nothing is touched.
pub async fn detect_features(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    me: &str,
    prefix: &str,
) -> BTreeSet<Feature> {
    let mut out = BTreeSet::new();
    let probe = |path: String, method: reqwest::Method| {
        let req = http
            .request(method, format!("{base}{path}"))
            .bearer_auth(token);
        async move {
            match req.send().await {
                Ok(r) => r
                    .headers()
                    .get("content-type")
                    .and_then(|c| c.to_str().ok())
                    .is_some_and(|c| c.starts_with("application/json")),
                Err(_) => false,
            }
        }
    };
    if probe("/api/v1/superuser/keys".into(), reqwest::Method::GET).await {
        out.insert(Feature::SuperUsers);
    }
    if probe(
        format!("/api/v1/superuser/users/{me}/quota"),
        reqwest::Method::GET,
    )
    .await
    {
        out.insert(Feature::Quota);
    }
    if probe(
        format!("/api/v1/organization/{me}/proxycache"),
        reqwest::Method::GET,
    )
    .await
    {
        out.insert(Feature::ProxyCache);
    }
    // DELETE of an invite in an organization that does not exist: JSON (403/404) when the route
    // is registered, an HTML page when it is not.
    if probe(
        format!("/api/v1/organization/{prefix}noorg/team/owners/invite/nobody%40invalid"),
        reqwest::Method::DELETE,
    )
    .await
    {
        out.insert(Feature::Mailing);
    }
    // The members of an organization that does not exist: a superuser without full access is
    // refused first (403), one with it learns that the organization is missing (404).
    let members = http
        .get(format!("{base}/api/v1/organization/{prefix}noorg/members"))
        .bearer_auth(token)
        .send()
        .await;
    if members.is_ok_and(|r| r.status() == reqwest::StatusCode::NOT_FOUND) {
        out.insert(Feature::FullAccess);
    }
    if probe("/api/v1/user/apptoken".into(), reqwest::Method::GET).await {
        out.insert(Feature::AppTokens);
    }
    // syncNow of a repository that cannot exist: JSON (403/404) when mirroring is registered,
    // a 405 page when the path falls through to the repository routes.
    if probe(
        format!("/api/v1/repository/{prefix}noorg/nope/mirror/sync-now"),
        reqwest::Method::POST,
    )
    .await
    {
        out.insert(Feature::RepoMirror);
    }
    // The same for organization mirrors.
    if probe(
        format!("/api/v1/organization/{prefix}noorg/mirror/sync-now"),
        reqwest::Method::POST,
    )
    .await
    {
        out.insert(Feature::OrgMirror);
    }
    // Declining an assignment that cannot exist: a JSON 404 when the route is registered, a
    // 405 page when it is not.
    if probe(
        format!("/api/v1/user/assignedauthorization/{prefix}none"),
        reqwest::Method::DELETE,
    )
    .await
    {
        out.insert(Feature::AssignOAuthToken);
    }
    out
}

/// Targets a live Quay: `token` must be a superuser's with every scope.
pub async fn live(
    url: &str,
    token: &str,
    user_token: Option<&str>,
    contract: Arc<Contract>,
    prefix: String,
    options: &Options,
) -> Result<Setup, String> {
    let (url, token) = (url.to_string(), token.to_string());
    let contract_for_lanes = contract.clone();
    let proxy = proxy::start(contract, url.clone(), options.insecure, options.timeout)
        .await
        .map_err(|e| e.to_string())?;
    let anonymous = anonymous_client(&proxy.url, options)?;
    let admin = anonymous.with_token(&token);
    let me = admin
        .user()
        .current()
        .await
        .map_err(|e| format!("the --token does not work: {e}"))?;
    let user = match user_token {
        Some(t) => {
            let c = anonymous.with_token(t);
            let u = c
                .user()
                .current()
                .await
                .map_err(|e| format!("the --user-token does not work: {e}"))?;
            Some((c, u.username.clone()))
        }
        None => None,
    };
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(options.insecure)
        .timeout(options.timeout)
        .build()
        .map_err(|e| e.to_string())?;
    let features = detect_features(
        &http,
        url.trim_end_matches('/'),
        &token,
        &me.username,
        &prefix,
    )
    .await;
    let mut target = Target::new(
        admin,
        me.username.clone(),
        user,
        anonymous.clone(),
        anonymous.with_token("not-a-valid-token"),
        prefix,
        proxy.journal.clone(),
        false,
    );
    target.features = features;
    target.queue_registry_size = options.queue_registry_size;
    target.local = crate::runner::is_loopback_url(&url);
    target.proxy_upstream = options
        .proxy_upstream
        .clone()
        .or_else(|| Upstream::of_url(&url))
        .unwrap_or_default();
    Lanes {
        contract: contract_for_lanes,
        upstream: url,
        options,
        admin_token: token,
        user_token: user_token.map(str::to_string),
    }
    .build(target, proxy, None)
    .await
}
