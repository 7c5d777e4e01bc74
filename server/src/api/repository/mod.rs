//! The `repository` tag: create, list, get and delete repositories.
//!
//! Bodies are checked with Quay's jsonschema messages ([`crate::body`]); permissions use the
//! caller's namespace-wide role with the token-scope cap ([`crate::auth::namespace_role`]).

use std::collections::HashMap;
use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::registry::MetaSchema;
use poem_openapi::types::{MaybeUndefined, ParseFromParameter, ParseResult};
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::auth::{Identity, Scope, is_repo_admin, namespace_role, repo_role};
use crate::body::Body;
use crate::error::{QuayError, URL_NOT_FOUND};
use crate::models::{
    ApiError, AuthError, CreatedRepository, NewRepo, RepositoryActionStat, RepositoryDetail,
    RepositoryKind, RepositoryList, RepositoryQuotaUsage, RepositoryRole, RepositoryState,
    RepositorySummary, TeamRole,
};
use crate::params::{TruthyBool, plain_type, truthy};
use crate::reply::{
    Created201, E400, E401, E403, E403W, E404, E415, E503, NoContent204, Ok200, Reply, error_doc,
};
use crate::store::namespace;
use crate::store::repository::{self as repo_store, Repo, Visibility};

mod state;
pub use state::RepositoryStateApi;

/// Operations of the `repository` tag.
pub struct RepositoryApi {
    state: AppState,
}

impl RepositoryApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

// ------------------------------------------------------------------------------------------
// Query parameters

/// `repo_kind` of listRepos: documented as the enum `image`/`application`, but any text is
/// accepted, as in Quay (an unknown kind is refused by the data layer, not by the parser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoKindParam(pub String);

plain_type!(
    RepoKindParam,
    "string",
    MetaSchema {
        enum_items: vec![json!("image"), json!("application")],
        default: Some(json!("image")),
        ..MetaSchema::new("string")
    }
);

impl ParseFromParameter for RepoKindParam {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_string()))
    }
}

// ------------------------------------------------------------------------------------------
// Error documents this tag needs beyond the core's

error_doc!(
    /// 402 `exceeds_license` (only with billing, which this server does not have).
    E402, 402, "Payment Required", "application/json" => ApiError
);
error_doc!(
    /// 401 sent only as the `text/html` AuthError (anonymous access disabled).
    E401Html, 401, "Anonymous access is not allowed", "text/html" => AuthError
);

// ------------------------------------------------------------------------------------------
// Permissions

/// The caller's role on a repository (direct, team, organization admin, own namespace), capped
/// by its token's scopes (`repo:admin`, `repo:write`, `repo:read`).
pub fn capped_repo_role(
    tx: &Transaction<'_>,
    who: &Identity,
    repo_id: i64,
) -> Result<Option<RepositoryRole>, QuayError> {
    let Some((uid, _)) = &who.user else {
        return Ok(None);
    };
    let Some(role) = repo_role(tx, repo_id, *uid)?.and_then(RepositoryRole::parse) else {
        return Ok(None);
    };
    Ok(cap_repo_role(who, role))
}

/// The role a caller has on every repository name of a namespace, existing or not: admin for
/// an administrator of the organization, or in one's own user namespace (Quay grants these
/// roles namespace-wide, so an unknown repository then answers 404 rather than 403), capped by
/// the token's `repo:*` scopes.
pub fn namespace_wide_repo_role(
    tx: &Transaction<'_>,
    who: &Identity,
    namespace_name: &str,
) -> Result<Option<RepositoryRole>, QuayError> {
    let Some((uid, uname)) = &who.user else {
        return Ok(None);
    };
    let admin = uname == namespace_name
        || match namespace::by_name(tx, namespace_name)? {
            Some(ns) if ns.kind == "org" => {
                crate::auth::org_role(tx, ns.id, *uid)?.as_deref() == Some("admin")
            }
            _ => false,
        };
    Ok(if admin {
        cap_repo_role(who, RepositoryRole::Admin)
    } else {
        None
    })
}

/// Caps a repository role by the token's `repo:*` scopes.
fn cap_repo_role(who: &Identity, role: RepositoryRole) -> Option<RepositoryRole> {
    let cap = if who.scopes.has(Scope::RepoAdmin) {
        RepositoryRole::Admin
    } else if who.scopes.has(Scope::RepoWrite) {
        RepositoryRole::Write
    } else if who.scopes.has(Scope::RepoRead) {
        RepositoryRole::Read
    } else {
        return None;
    };
    Some(role.min(cap))
}

/// Splits `{repository}` on the first `/`; a value without one matches no route in Quay.
pub(crate) fn split_repository(value: &str) -> Result<(String, String), QuayError> {
    match value.split_once('/') {
        Some((ns, name)) if !name.is_empty() => Ok((ns.to_string(), name.to_string())),
        _ => Err(QuayError::message(404, URL_NOT_FOUND)),
    }
}

// ------------------------------------------------------------------------------------------
// Pagination

const PAGE: i64 = 100;
const TOKEN_PREFIX: &str = "gAAAAAB";
const TOKEN_LIFETIME_S: i64 = 2 * 24 * 3600;

pub(crate) fn encode_page_token(start_id: i64) -> String {
    let expires = chrono::Utc::now().timestamp() + TOKEN_LIFETIME_S;
    let plain = format!("repo:{start_id}:{expires}");
    let hex: String = plain.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

/// The start id of a page token; `None` (first page) for anything invalid or expired.
pub(crate) fn decode_page_token(token: &str) -> Option<i64> {
    let hex = token.strip_prefix(TOKEN_PREFIX)?;
    if hex.len() % 2 != 0 || !hex.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    let plain = String::from_utf8(bytes?).ok()?;
    let mut parts = plain.split(':');
    if parts.next()? != "repo" {
        return None;
    }
    let start: i64 = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    (expires > chrono::Utc::now().timestamp()).then_some(start)
}

// ------------------------------------------------------------------------------------------
// Views

fn detail_view(
    repo: &Repo,
    can_write: bool,
    can_admin: bool,
    include_tags: bool,
) -> RepositoryDetail {
    RepositoryDetail {
        namespace: repo.namespace.clone(),
        name: repo.name.clone(),
        kind: RepositoryKind::parse(&repo.kind).unwrap_or(RepositoryKind::Image),
        description: repo.description.clone(),
        is_public: repo.is_public(),
        is_organization: repo.namespace_kind == "org",
        is_starred: false,
        status_token: if repo.is_public() {
            String::new()
        } else {
            repo.badge_token()
        },
        trust_enabled: false,
        tag_expiration_s: repo.tag_expiration_s,
        is_free_account: true,
        state: RepositoryState::parse(&repo.state).unwrap_or(RepositoryState::Normal),
        tags: include_tags.then(std::collections::BTreeMap::new),
        can_write,
        can_admin,
        stats: None,
    }
}

/// Quay's three months of action counts: the recorded days first (a repository starts with a
/// zero count dated the day before its creation), then a zero for every other day of the last
/// 91 days.
fn action_stats(repo: &Repo) -> Vec<RepositoryActionStat> {
    let today = chrono::Utc::now().date_naive();
    let mut stats = Vec::new();
    let mut found = std::collections::HashSet::new();
    if let Some(created) = crate::time::parse_db(&repo.created_at) {
        let recorded = created.date_naive() - chrono::Duration::days(1);
        if recorded >= today - chrono::Duration::days(92) {
            stats.push(RepositoryActionStat {
                date: recorded.to_string(),
                count: 0,
            });
            found.insert(recorded);
        }
    }
    for day in 1..92 {
        let date = today - chrono::Duration::days(day);
        if !found.contains(&date) {
            stats.push(RepositoryActionStat {
                date: date.to_string(),
                count: 0,
            });
        }
    }
    stats
}

#[OpenApi(tag = "ApiTags::Repository")]
impl RepositoryApi {
    /// Create a repository
    ///
    /// Creates an empty repository in `namespace` (default: the caller's own namespace); the
    /// creator gets a direct `admin` permission on it.
    #[oai(
        path = "/api/v1/repository",
        method = "post",
        operation_id = "createRepo"
    )]
    async fn create_repo(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<NewRepo>,
    ) -> Reply<Created201<CreatedRepository>, (E400, E401, E402, E403W, E415, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let body = body.checked();
        self.state
            .store
            .write(move |tx| {
                let req = body?;
                let Some((uid, uname)) = who.user.clone() else {
                    return Err(QuayError::invalid_request(
                        "Must provide a namespace or must be logged in.",
                    ));
                };
                let namespace_name = req
                    .get("namespace")
                    .and_then(Value::as_str)
                    .map_or(uname.clone(), str::to_string);
                let ns = namespace::by_name(tx, &namespace_name)?;
                let role = namespace_role(tx, &who, &namespace_name, ns.as_ref())?;
                let allowed = who.has_full_access(&cfg)
                    || matches!(role, Some(TeamRole::Admin | TeamRole::Creator));
                if !allowed {
                    return Err(who.refuse());
                }
                let name = req["repository"].as_str().unwrap_or_default().to_string();
                let visibility = req["visibility"].as_str().unwrap_or("private").to_string();
                let description = req["description"].as_str().map(str::to_string);
                if repo_store::lookup(tx, &namespace_name, &name)?.is_some() {
                    return Err(QuayError::invalid_request("Repository already exists"));
                }
                if !repo_store::valid_name(&name) {
                    return Err(QuayError::invalid_request("Invalid repository name"));
                }
                if cfg.FEATURE_ORG_MIRROR
                    && let Some(n) = ns.as_ref().filter(|n| n.kind == "org")
                    && crate::store::org_mirror::mirrors(tx, n.id)?
                {
                    return Err(QuayError::invalid_request(
                        "Cannot create repository: organization is managed by organization-level mirroring",
                    ));
                }
                // Quay crashes (500) on a namespace that does not exist; refuse it instead.
                let ns = ns.filter(|n| n.kind != "robot").ok_or_else(|| {
                    QuayError::invalid_request(format!(
                        "Namespace does not exist: {namespace_name}"
                    ))
                })?;
                repo_store::create(
                    tx,
                    ns.id,
                    &name,
                    &visibility,
                    description.as_deref(),
                    "image",
                    Some(uid),
                )?;
                namespace::log(
                    tx,
                    "create_repo",
                    Some(uid),
                    Some(ns.id),
                    json!({"repo": name, "namespace": namespace_name}),
                )?;
                Ok(CreatedRepository {
                    namespace: namespace_name,
                    name,
                    kind: RepositoryKind::Image,
                })
            })
            .await
            .into()
    }

    /// List repositories
    ///
    /// Lists the repositories visible to the caller, 100 per page; at least one of `namespace`,
    /// `starred` or `public` is required.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/api/v1/repository",
        method = "get",
        operation_id = "listRepos"
    )]
    async fn list_repos(
        &self,
        who: Data<&Arc<Identity>>,
        namespace: Query<Option<String>>,
        starred: Query<Option<TruthyBool>>,
        public: Query<Option<TruthyBool>>,
        last_modified: Query<Option<TruthyBool>>,
        popularity: Query<Option<TruthyBool>>,
        repo_kind: Query<Option<RepoKindParam>>,
        next_page: Query<Option<String>>,
    ) -> Reply<Ok200<RepositoryList>, (E400, E401Html)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let namespace = namespace.0.filter(|n| !n.is_empty());
        let starred = truthy(&starred.0, false);
        let public = truthy(&public.0, false);
        let last_modified = truthy(&last_modified.0, false);
        let popularity = truthy(&popularity.0, false);
        let kind = repo_kind.0.map_or_else(|| "image".to_string(), |k| k.0);
        let start_id = next_page.0.as_deref().and_then(decode_page_token);
        self.state
            .store
            .read(move |tx| {
                if namespace.is_none() && !starred && !public {
                    return Err(QuayError::invalid_request(
                        "namespace, starred or public are required for this API call",
                    ));
                }
                let user_id = who.user_id();
                if starred && user_id.is_none() {
                    return Err(QuayError::message(400, crate::error::MALFORMED_JSON));
                }
                let Some(kind_value) = RepositoryKind::parse(&kind) else {
                    if public || user_id.is_some() {
                        return Err(QuayError::message(400, "Unknown repository kind"));
                    }
                    return Ok(RepositoryList {
                        repositories: Vec::new(),
                        next_page: None,
                    });
                };
                let (repos, next) = if starred {
                    // Quay's starred listing: the caller's stars it can still read (its
                    // permissions capped by the token's scopes) or that are public, kind
                    // filtered; one page of at most 99 and no `next_page` (its slicing quirk).
                    let readable = cap_repo_role(&who, RepositoryRole::Read).is_some();
                    let repos = repo_store::visible(
                        tx,
                        &Visibility {
                            user_id: user_id.filter(|_| readable),
                            include_public: true,
                            kind: &kind,
                            starred_by: user_id,
                            ..Visibility::default()
                        },
                        PAGE - 1,
                    )?;
                    (repos, None)
                } else {
                    let superuser = who.is_global_readonly(&cfg) || who.has_full_access(&cfg);
                    let mut repos = repo_store::visible(
                        tx,
                        &Visibility {
                            user_id,
                            namespace: namespace.as_deref(),
                            include_public: public,
                            superuser,
                            kind: &kind,
                            start_id,
                            ..Visibility::default()
                        },
                        PAGE + 1,
                    )?;
                    let next = if repos.len() as i64 > PAGE {
                        let start = repos[PAGE as usize].id;
                        repos.truncate(PAGE as usize);
                        Some(encode_page_token(start))
                    } else {
                        None
                    };
                    (repos, next)
                };
                let mut quotas: HashMap<i64, Option<crate::models::ByteSize>> = HashMap::new();
                let mut out = Vec::with_capacity(repos.len());
                for repo in repos {
                    let quota_report = if cfg.quotas_enabled() {
                        let configured = match quotas.get(&repo.namespace_id) {
                            Some(c) => *c,
                            None => {
                                let c = crate::api::quota_report(tx, &cfg, repo.namespace_id)?
                                    .configured_quota;
                                quotas.insert(repo.namespace_id, c);
                                c
                            }
                        };
                        Some(RepositoryQuotaUsage {
                            quota_bytes: crate::models::ByteSize::new(0),
                            configured_quota: configured,
                        })
                    } else {
                        None
                    };
                    out.push(RepositorySummary {
                        is_public: repo.is_public(),
                        namespace: repo.namespace,
                        name: repo.name,
                        description: repo.description,
                        kind: kind_value,
                        state: RepositoryState::parse(&repo.state)
                            .unwrap_or(RepositoryState::Normal),
                        last_modified: if last_modified {
                            MaybeUndefined::Null
                        } else {
                            MaybeUndefined::Undefined
                        },
                        popularity: popularity.then_some(0.0),
                        is_starred: match user_id {
                            Some(me) => Some(crate::store::star::is_starred(tx, me, repo.id)?),
                            None => None,
                        },
                        quota_report,
                    });
                }
                Ok(RepositoryList {
                    repositories: out,
                    next_page: next,
                })
            })
            .await
            .into()
    }

    /// Get a repository
    ///
    /// Returns a repository with its tags (none are stored here) and, on request, three months
    /// of action statistics.
    #[oai(
        path = "/api/v1/repository/:repository",
        method = "get",
        operation_id = "getRepo"
    )]
    async fn get_repo(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        #[oai(name = "includeTags")] include_tags: Query<Option<TruthyBool>>,
        #[oai(name = "includeStats")] include_stats: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<RepositoryDetail>, (E401, E403, E404)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        let include_tags = truthy(&include_tags.0, true);
        let include_stats = truthy(&include_stats.0, false);
        self.state
            .store
            .read(move |tx| {
                let (ns, name) = split_repository(&repository.0)?;
                let repo = repo_store::lookup(tx, &ns, &name)?;
                let role = match &repo {
                    Some(r) => capped_repo_role(tx, &who, r.id)?,
                    None => namespace_wide_repo_role(tx, &who, &ns)?,
                };
                let full_access = who.has_full_access(&cfg);
                let global_ro = who.is_global_readonly(&cfg);
                let readable = role.is_some()
                    || repo.as_ref().is_some_and(Repo::is_public)
                    || global_ro
                    || full_access;
                if !readable {
                    return Err(who.refuse());
                }
                let repo = repo.ok_or_else(QuayError::not_found)?;
                let normal = repo.state == "NORMAL";
                let mut can_write = role >= Some(RepositoryRole::Write) && normal;
                let mut can_admin = role == Some(RepositoryRole::Admin);
                if global_ro {
                    can_admin = true;
                } else if full_access {
                    can_admin = true;
                    can_write = normal;
                }
                let mut view = detail_view(&repo, can_write, can_admin, include_tags);
                if let Some(me) = who.user_id() {
                    view.is_starred = crate::store::star::is_starred(tx, me, repo.id)?;
                }
                if include_stats {
                    view.stats = Some(action_stats(&repo));
                }
                Ok(view)
            })
            .await
            .into()
    }

    /// Delete a repository
    ///
    /// Deletes the repository with everything under it (permissions). Needs repository admin.
    #[oai(
        path = "/api/v1/repository/:repository",
        method = "delete",
        operation_id = "deleteRepository"
    )]
    async fn delete_repository(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
    ) -> Reply<NoContent204, (E401, E403W, E404, E503)> {
        let who = who.0.clone();
        let cfg = self.state.config.clone();
        self.state
            .store
            .write(move |tx| {
                let (ns, name) = split_repository(&repository.0)?;
                let repo = repo_store::lookup(tx, &ns, &name)?;
                let admin = match &repo {
                    Some(r) => is_repo_admin(tx, &cfg, &who, r.id)?,
                    None => {
                        who.has_full_access(&cfg)
                            || namespace_wide_repo_role(tx, &who, &ns)?
                                == Some(RepositoryRole::Admin)
                    }
                };
                if !admin {
                    return Err(who.refuse());
                }
                // A full-access superuser naming an unknown namespace crashes Quay (500); the
                // intended answer is 404. An unknown repository in a known namespace is a no-op.
                let namespace = namespace::by_name(tx, &ns)?.ok_or_else(QuayError::not_found)?;
                if let Some(r) = &repo {
                    repo_store::delete(tx, r.id)?;
                }
                namespace::log(
                    tx,
                    "delete_repo",
                    who.user_id(),
                    Some(namespace.id),
                    json!({"repo": name, "namespace": ns}),
                )?;
                Ok(())
            })
            .await
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_round_trip_and_bad_ones_restart() {
        let t = encode_page_token(42);
        assert!(t.starts_with("gAAAAAB"));
        assert_eq!(decode_page_token(&t), Some(42));
        assert_eq!(decode_page_token("garbage"), None);
        assert_eq!(decode_page_token("gAAAAABzz"), None);
        let expired: String = "repo:5:1".bytes().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_page_token(&format!("gAAAAAB{expired}")), None);
    }
}
