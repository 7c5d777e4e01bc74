//! Configuration, with Quay's own setting names (a subset of Quay's `config.yaml`).
//!
//! The defaults switch on every operation of the contract (superusers, quotas, proxy cache,
//! mailing, the first-user bootstrap); Quay's own defaults differ for some flags.

use std::path::Path;

use serde::Deserialize;

/// The server's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct Config {
    /// Users with superuser rights (with a `super:user` token).
    pub SUPER_USERS: Vec<String>,
    /// Users who may read the superuser panel with any token.
    pub GLOBAL_READONLY_SUPER_USERS: Vec<String>,
    /// Registers the superuser operations.
    pub FEATURE_SUPER_USERS: bool,
    /// Superusers pass every organization and repository permission check.
    pub FEATURE_SUPERUSERS_FULL_ACCESS: bool,
    /// Only superusers may create organizations.
    pub FEATURE_SUPERUSERS_ORG_CREATION_ONLY: bool,
    /// Registers the superuser quota operations (with `FEATURE_EDIT_QUOTA`).
    pub FEATURE_QUOTA_MANAGEMENT: bool,
    /// See `FEATURE_QUOTA_MANAGEMENT`.
    pub FEATURE_EDIT_QUOTA: bool,
    /// Registers the proxy-cache operations.
    pub FEATURE_PROXY_CACHE: bool,
    /// Registers the team e-mail invite operations; invites instead of adding non-members.
    pub FEATURE_MAILING: bool,
    /// With mailing, users outside the organization are invited rather than added.
    pub FEATURE_REQUIRE_TEAM_INVITE: bool,
    /// Enables `POST /api/v1/user/initialize` on an empty database.
    pub FEATURE_USER_INITIALIZE: bool,
    /// Anonymous callers may use public reads.
    pub FEATURE_ANONYMOUS_ACCESS: bool,
    /// `changeOrganizationDetails` honours `tag_expiration_s`.
    pub FEATURE_CHANGE_TAG_EXPIRATION: bool,
    /// `normal` or `readonly` (every write answers 503).
    pub REGISTRY_STATE: String,
    /// Only `Database` lets superusers create users.
    pub AUTHENTICATION_TYPE: String,
    /// Allowed tag expirations, e.g. `2w`, `1d`, `0s`.
    pub TAG_EXPIRATION_OPTIONS: Vec<String>,
    /// Tag expiration of new namespaces.
    pub DEFAULT_TAG_EXPIRATION: String,
    /// System-wide default reject quota in bytes (0: none).
    pub DEFAULT_SYSTEM_REJECT_QUOTA_BYTES: i64,
    /// Hosts (names, or IP addresses and CIDR ranges) that Quay's SSRF protection lets through
    /// although they are not globally routable (loopback, private, link-local, ...). Other
    /// non-global destinations of proxy-cache upstreams are refused.
    pub SSRF_ALLOWED_HOSTS: Vec<String>,
    /// The instance's host name (with a port when not the scheme's default); names the instance
    /// service key. Default: the address the server listens on.
    pub SERVER_HOSTNAME: Option<String>,
    /// `http` or `https`.
    pub PREFERRED_URL_SCHEME: String,
    /// Minutes until the instance service key made at each start expires.
    pub INSTANCE_SERVICE_KEY_EXPIRATION: i64,
    /// The service of the instance service key.
    pub INSTANCE_SERVICE_KEY_SERVICE: String,
    /// Registers the log exports (exportOrgLogs, ...).
    pub FEATURE_LOG_EXPORT: bool,
    /// Registers the daily log counts (getAggregateOrgLogs, ...).
    pub FEATURE_AGGREGATED_LOG_COUNT_RETRIEVAL: bool,
    /// Manifest lists may leave architectures out (getRegistryCapabilities reports it).
    pub FEATURE_SPARSE_INDEX: bool,
    /// The contact address of the discovery document (and of Quay's e-mails).
    pub MAIL_DEFAULT_SENDER: String,
    /// Registers the app-specific token operations (Quay's default: on).
    pub FEATURE_APP_SPECIFIC_TOKENS: bool,
    /// Repository mirroring: the `mirror` and `mirrorhealth` areas and changeRepoState (Quay's
    /// default is off; on here, as every area of the contract).
    pub FEATURE_REPO_MIRROR: bool,
    /// Organization-level mirroring: the `org_mirror` area, and with a configuration the
    /// organization's guards (no repository creation, proxy cache or state change).
    pub FEATURE_ORG_MIRROR: bool,
    /// How many mirror workers should report (the mirror health's `workers.configured`).
    pub REPO_MIRROR_WORKER_REPLICAS: Option<i64>,
    /// Lifetime of new app-specific tokens (`30d`, `2w`, ...); unset: they never expire. A tenth
    /// of it (of four weeks when unset) is the "expiring soon" window of the token lists.
    pub APP_SPECIFIC_TOKEN_EXPIRATION: Option<String>,
    /// The key that seals robot tokens, client secrets and upstream credentials in the database
    /// (read as Quay reads it). Without one, a key is generated into the data directory.
    pub DATABASE_SECRET_KEY: Option<String>,
    /// Registers signinUser (username and password sign-in to a web session) and
    /// detachExternalLogin.
    pub FEATURE_DIRECT_LOGIN: bool,
    /// Registers the assigned-authorization operations and the web route that assigns them
    /// (`POST /oauth/authorize/assignuser`).
    pub FEATURE_ASSIGN_OAUTH_TOKEN: bool,
    /// Registers createNewUser (sign-up).
    pub FEATURE_USER_CREATION: bool,
    /// E-mail domains createNewUser refuses.
    pub BLACKLISTED_EMAIL_DOMAINS: Vec<String>,
    /// How recently a web session must have signed in for the operations that need a fresh
    /// login (`10m`, `1h`, ...).
    pub FRESH_LOGIN_TIMEOUT: String,
    /// Lifetime of a web session (`31d`); with `FEATURE_PERMANENT_SESSIONS` off the cookie ends
    /// with the browser session (the server still forgets it after this long).
    pub SESSION_TIMEOUT: String,
    /// Session cookies carry an expiry (`SESSION_TIMEOUT`).
    pub FEATURE_PERMANENT_SESSIONS: bool,
    /// Sign-ins write a `login_success` audit entry.
    pub ACTION_LOG_AUDIT_LOGINS: bool,
    /// Failed sign-ins write a `login_failure` audit entry.
    pub ACTION_LOG_AUDIT_LOGIN_FAILURES: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            SUPER_USERS: vec!["quayadmin".into()],
            GLOBAL_READONLY_SUPER_USERS: vec![],
            FEATURE_SUPER_USERS: true,
            FEATURE_SUPERUSERS_FULL_ACCESS: false,
            FEATURE_SUPERUSERS_ORG_CREATION_ONLY: false,
            FEATURE_QUOTA_MANAGEMENT: true,
            FEATURE_EDIT_QUOTA: true,
            FEATURE_PROXY_CACHE: true,
            FEATURE_MAILING: true,
            FEATURE_REQUIRE_TEAM_INVITE: true,
            FEATURE_USER_INITIALIZE: true,
            FEATURE_ANONYMOUS_ACCESS: true,
            FEATURE_CHANGE_TAG_EXPIRATION: true,
            REGISTRY_STATE: "normal".into(),
            AUTHENTICATION_TYPE: "Database".into(),
            TAG_EXPIRATION_OPTIONS: vec![
                "0s".into(),
                "1d".into(),
                "1w".into(),
                "2w".into(),
                "4w".into(),
            ],
            DEFAULT_TAG_EXPIRATION: "2w".into(),
            DEFAULT_SYSTEM_REJECT_QUOTA_BYTES: 0,
            SSRF_ALLOWED_HOSTS: vec![],
            SERVER_HOSTNAME: None,
            PREFERRED_URL_SCHEME: "http".into(),
            INSTANCE_SERVICE_KEY_EXPIRATION: 120,
            INSTANCE_SERVICE_KEY_SERVICE: "quay".into(),
            FEATURE_SPARSE_INDEX: false,
            FEATURE_AGGREGATED_LOG_COUNT_RETRIEVAL: true,
            FEATURE_LOG_EXPORT: true,
            DATABASE_SECRET_KEY: None,
            MAIL_DEFAULT_SENDER: "admin@example.com".into(),
            FEATURE_APP_SPECIFIC_TOKENS: true,
            APP_SPECIFIC_TOKEN_EXPIRATION: None,
            FEATURE_REPO_MIRROR: true,
            FEATURE_ORG_MIRROR: true,
            REPO_MIRROR_WORKER_REPLICAS: None,
            FEATURE_DIRECT_LOGIN: true,
            FEATURE_ASSIGN_OAUTH_TOKEN: true,
            FEATURE_USER_CREATION: true,
            BLACKLISTED_EMAIL_DOMAINS: vec![],
            FRESH_LOGIN_TIMEOUT: "10m".into(),
            SESSION_TIMEOUT: "31d".into(),
            FEATURE_PERMANENT_SESSIONS: true,
            ACTION_LOG_AUDIT_LOGINS: true,
            ACTION_LOG_AUDIT_LOGIN_FAILURES: false,
        }
    }
}

/// Why a configuration file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid YAML for this configuration.
    #[error("invalid configuration {path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Reads a YAML file of Quay setting names; unset names keep their defaults.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_yaml(&text).map_err(|message| ConfigError::Invalid {
            path: path.display().to_string(),
            message,
        })
    }

    /// Parses YAML text.
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        let cfg: Config = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), String> {
        if !matches!(self.REGISTRY_STATE.as_str(), "normal" | "readonly") {
            return Err(format!(
                "REGISTRY_STATE must be normal or readonly, not {:?}",
                self.REGISTRY_STATE
            ));
        }
        for option in self
            .TAG_EXPIRATION_OPTIONS
            .iter()
            .chain([&self.DEFAULT_TAG_EXPIRATION])
            .chain(self.APP_SPECIFIC_TOKEN_EXPIRATION.as_ref())
            .chain([&self.FRESH_LOGIN_TIMEOUT, &self.SESSION_TIMEOUT])
        {
            parse_duration(option).ok_or_else(|| {
                format!("invalid duration {option:?} (a number and s, m, h, d, w or y)")
            })?;
        }
        Ok(())
    }

    /// Whether the registry refuses writes.
    pub fn read_only(&self) -> bool {
        self.REGISTRY_STATE == "readonly"
    }

    /// A `FEATURE_*` flag by name (as the spec's `x-quay-feature` names them); `None` for a
    /// flag this server does not know.
    pub fn feature(&self, name: &str) -> Option<bool> {
        Some(match name {
            "FEATURE_SUPER_USERS" => self.FEATURE_SUPER_USERS,
            "FEATURE_SUPERUSERS_FULL_ACCESS" => self.FEATURE_SUPERUSERS_FULL_ACCESS,
            "FEATURE_SUPERUSERS_ORG_CREATION_ONLY" => self.FEATURE_SUPERUSERS_ORG_CREATION_ONLY,
            "FEATURE_QUOTA_MANAGEMENT" => self.FEATURE_QUOTA_MANAGEMENT,
            "FEATURE_EDIT_QUOTA" => self.FEATURE_EDIT_QUOTA,
            "FEATURE_PROXY_CACHE" => self.FEATURE_PROXY_CACHE,
            "FEATURE_MAILING" => self.FEATURE_MAILING,
            "FEATURE_REQUIRE_TEAM_INVITE" => self.FEATURE_REQUIRE_TEAM_INVITE,
            "FEATURE_USER_INITIALIZE" => self.FEATURE_USER_INITIALIZE,
            "FEATURE_ANONYMOUS_ACCESS" => self.FEATURE_ANONYMOUS_ACCESS,
            "FEATURE_CHANGE_TAG_EXPIRATION" => self.FEATURE_CHANGE_TAG_EXPIRATION,
            "FEATURE_SPARSE_INDEX" => self.FEATURE_SPARSE_INDEX,
            "FEATURE_AGGREGATED_LOG_COUNT_RETRIEVAL" => self.FEATURE_AGGREGATED_LOG_COUNT_RETRIEVAL,
            "FEATURE_LOG_EXPORT" => self.FEATURE_LOG_EXPORT,
            "FEATURE_APP_SPECIFIC_TOKENS" => self.FEATURE_APP_SPECIFIC_TOKENS,
            "FEATURE_REPO_MIRROR" => self.FEATURE_REPO_MIRROR,
            "FEATURE_ORG_MIRROR" => self.FEATURE_ORG_MIRROR,
            "FEATURE_DIRECT_LOGIN" => self.FEATURE_DIRECT_LOGIN,
            "FEATURE_ASSIGN_OAUTH_TOKEN" => self.FEATURE_ASSIGN_OAUTH_TOKEN,
            "FEATURE_USER_CREATION" => self.FEATURE_USER_CREATION,
            _ => return None,
        })
    }

    /// Whether Quay registers `route`: every flag it needs is on.
    pub fn registers(&self, route: &crate::routing::Route) -> bool {
        route
            .features
            .iter()
            .all(|f| self.feature(f).unwrap_or(true))
    }

    /// Quay's `verify_not_prod`: some operations are not served on quay.io itself.
    pub fn is_quay_io(&self) -> bool {
        self.SERVER_HOSTNAME
            .as_deref()
            .is_some_and(|h| h.contains("quay.io"))
    }

    /// Whether the superuser quota operations are registered.
    pub fn quotas_enabled(&self) -> bool {
        self.FEATURE_SUPER_USERS && self.FEATURE_QUOTA_MANAGEMENT && self.FEATURE_EDIT_QUOTA
    }

    /// Seconds a new app-specific token lives (`None`: forever).
    pub fn app_token_lifetime(&self) -> Option<i64> {
        self.APP_SPECIFIC_TOKEN_EXPIRATION
            .as_deref()
            .and_then(parse_duration)
    }

    /// Seconds of the "expiring soon" window of the app-specific token lists: a tenth of the
    /// lifetime (four weeks when unset), rounded up, at least one (Quay's rule).
    pub fn app_token_expiring_window(&self) -> i64 {
        let lifetime = self.app_token_lifetime().unwrap_or(28 * 86_400);
        ((lifetime as f64 * 0.1).ceil() as i64).max(1)
    }

    /// Seconds within which a web session's sign-in counts as fresh.
    pub fn fresh_login_s(&self) -> i64 {
        parse_duration(&self.FRESH_LOGIN_TIMEOUT).unwrap_or(600)
    }

    /// Seconds a web session lives.
    pub fn session_s(&self) -> i64 {
        parse_duration(&self.SESSION_TIMEOUT).unwrap_or(31 * 86_400)
    }

    /// The allowed tag expirations, in seconds.
    pub fn tag_expiration_seconds(&self) -> Vec<i64> {
        self.TAG_EXPIRATION_OPTIONS
            .iter()
            .filter_map(|o| parse_duration(o))
            .collect()
    }
}

/// Parses Quay's short durations: `30s`, `5m`, `2h`, `1d`, `2w`, `1y`.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = text.split_at(split);
    let n: i64 = n.parse().ok()?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        "y" => 31_536_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_switch_every_operation_on() {
        let c = Config::default();
        assert!(
            c.FEATURE_SUPER_USERS
                && c.quotas_enabled()
                && c.FEATURE_PROXY_CACHE
                && c.FEATURE_MAILING
        );
        assert_eq!(
            c.tag_expiration_seconds(),
            vec![0, 86_400, 604_800, 1_209_600, 2_419_200]
        );
    }

    #[test]
    fn yaml_uses_quay_names_and_refuses_unknown_ones() {
        let c = Config::from_yaml("SUPER_USERS: [admin]\nFEATURE_MAILING: false\n").unwrap();
        assert_eq!(c.SUPER_USERS, vec!["admin"]);
        assert!(!c.FEATURE_MAILING && c.FEATURE_PROXY_CACHE);
        assert!(Config::from_yaml("FEATURE_NOPE: true").is_err());
        assert!(Config::from_yaml("REGISTRY_STATE: sleepy").is_err());
        assert!(Config::from_yaml("TAG_EXPIRATION_OPTIONS: [2x]").is_err());
    }
}
