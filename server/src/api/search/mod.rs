//! The `search` tag: entities by name prefix (autocompletion), repositories by text, and
//! everything at once ranked by LiquidMetal scores (`all`). Anyone may ask; what is found
//! depends on the caller. Linking external users needs a federated authentication system,
//! which this server (Database authentication only) does not have.

mod all;
mod liquidmetal;

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use rusqlite::Transaction;
use serde_json::json;

use super::{ApiTags, AppState};
use crate::auth::{Identity, administers_namespace, member_of_namespace};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    ApiError, Avatar, AvatarKind, EntitySearchResults, LinkedEntity, MatchingEntity,
    MatchingEntityKind, MessageError, RepositorySearchKind, RepositorySearchResult,
    RepositorySearchResults, RepositorySearchTitle, SearchNamespace, SearchNamespaceKind,
    SearchNamespaceTitle, SearchResults,
};
use crate::params::{Lenient, TruthyBool, python_int_saturating, truthy};
use crate::reply::{E400, E401, E403Csrf, E404, E503, Ok200, Reply};
use crate::store::namespace;
use crate::store::repository::{self as repo_store, Visibility};
use crate::store::search::{self as store, literal};

/// Results per page of conductRepoSearch (Quay's `SEARCH_RESULTS_PER_PAGE`).
const PAGE_SIZE: i64 = 10;
/// The last page conductRepoSearch answers (Quay's `SEARCH_MAX_RESULT_PAGE_COUNT`).
const MAX_PAGE: i64 = 10;
/// Users, robots and teams per kind getMatchingEntities finds.
const ENTITY_LIMIT: usize = 10;

/// Operations of the `search` tag.
pub struct SearchApi {
    state: AppState,
}

impl SearchApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's prefix normalisation: transliterated to ASCII, spaces removed, lower case, quotes
/// and backquotes dropped.
fn normalize(prefix: &str) -> String {
    deunicode::deunicode(prefix)
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '"' | '`'))
        .collect::<String>()
        .to_lowercase()
}

fn entities(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    raw_prefix: &str,
    namespace_name: &str,
    include_teams: bool,
    include_orgs: bool,
) -> Result<EntitySearchResults, QuayError> {
    let prefix = normalize(raw_prefix);
    let org = namespace::organization(tx, namespace_name)?;
    let mut results = Vec::new();
    let mut org_entry = None;
    let robots_of = match &org {
        Some(o) if member_of_namespace(tx, cfg, who, &o.name, Some(o))? => {
            if include_teams {
                for name in store::teams(tx, o.id, &prefix, ENTITY_LIMIT)? {
                    results.push(MatchingEntity {
                        avatar: Avatar::new(&name, Some(&name), AvatarKind::Team),
                        name,
                        kind: MatchingEntityKind::Team,
                        is_robot: None,
                        is_org_member: Some(true),
                        title: None,
                    });
                }
            }
            if include_orgs
                && o.name.starts_with(&prefix)
                && administers_namespace(tx, cfg, who, &o.name, Some(o))?
            {
                org_entry = Some(MatchingEntity {
                    avatar: Avatar::new(&o.name, o.email.as_deref(), AvatarKind::Org),
                    name: o.name.clone(),
                    kind: MatchingEntityKind::Org,
                    is_robot: None,
                    is_org_member: Some(true),
                    title: None,
                });
            }
            Some(o.name.clone())
        }
        Some(_) => None,
        None => match who.user_admin() {
            Ok((_, me)) if me == namespace_name => Some(me),
            _ => None,
        },
    };
    for account in store::accounts(tx, &prefix, robots_of.as_deref(), ENTITY_LIMIT)? {
        let kind = if account.is_robot { "robot" } else { "user" };
        results.push(MatchingEntity {
            avatar: Avatar::account(&account.name, account.email.as_deref(), kind),
            name: account.name,
            kind: MatchingEntityKind::User,
            is_robot: Some(account.is_robot),
            // Quay's defect: true for everyone when `namespace` is an organization.
            is_org_member: org.as_ref().map(|_| true),
            title: None,
        });
    }
    results.extend(org_entry);
    Ok(EntitySearchResults { results })
}

fn repositories(
    tx: &Transaction<'_>,
    who: &Identity,
    query: &str,
    page: i64,
    include_usage: bool,
) -> Result<RepositorySearchResults, QuayError> {
    let page = page.clamp(1, MAX_PAGE);
    let offset = (page - 1) * PAGE_SIZE;
    let (ns, text) = match query.split_once('/') {
        Some((ns, text)) => (Some(ns).filter(|n| !n.is_empty()), text),
        None => (None, query),
    };
    let mut repos = repo_store::visible(
        tx,
        &Visibility {
            user_id: who.user_id(),
            namespace: ns,
            include_public: true,
            matching: (!text.is_empty()).then(|| format!("%{}%", literal(text))),
            offset,
            ..Visibility::default()
        },
        PAGE_SIZE + 1,
    )?;
    let has_additional = repos.len() as i64 > PAGE_SIZE;
    repos.truncate(PAGE_SIZE as usize);
    let mut results = Vec::with_capacity(repos.len());
    for repo in repos {
        let email = namespace::by_id(tx, repo.namespace_id)?.and_then(|n| n.email);
        let is_org = repo.namespace_kind == "org";
        let avatar_kind = if is_org {
            AvatarKind::Org
        } else {
            AvatarKind::User
        };
        results.push(RepositorySearchResult {
            kind: RepositorySearchKind::Repository,
            title: RepositorySearchTitle::Repo,
            namespace: SearchNamespace {
                title: if is_org {
                    SearchNamespaceTitle::Org
                } else {
                    SearchNamespaceTitle::User
                },
                kind: if is_org {
                    SearchNamespaceKind::Organization
                } else {
                    SearchNamespaceKind::User
                },
                avatar: Avatar::new(&repo.namespace, email.as_deref(), avatar_kind),
                score: 1,
                href: format!(
                    "/{}/{}",
                    if is_org { "organization" } else { "user" },
                    repo.namespace
                ),
                name: repo.namespace.clone(),
            },
            href: format!("/repository/{}/{}", repo.namespace, repo.name),
            is_public: repo.is_public(),
            description: repo.description,
            name: repo.name,
            score: 4,
            // This server stores no tags or pulls: no `last_modified`, no popularity.
            last_modified: None,
            stars: if include_usage {
                Some(crate::store::star::count(tx, repo.id)?)
            } else {
                None
            },
            popularity: include_usage.then_some(0.0),
        });
    }
    Ok(RepositorySearchResults {
        results,
        has_additional,
        page,
        page_size: PAGE_SIZE,
        start_index: offset,
    })
}

#[OpenApi(tag = "ApiTags::Search")]
impl SearchApi {
    /// Find users, robots, teams and organizations by name prefix
    #[oai(
        path = "/api/v1/entities/:prefix",
        method = "get",
        operation_id = "getMatchingEntities"
    )]
    async fn get_matching_entities(
        &self,
        who: Data<&Arc<Identity>>,
        prefix: Path<String>,
        namespace: Query<Option<String>>,
        #[oai(name = "includeTeams")] include_teams: Query<Option<TruthyBool>>,
        #[oai(name = "includeOrgs")] include_orgs: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<EntitySearchResults>, (E401,)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        let (teams, orgs) = (
            truthy(&include_teams.0, false),
            truthy(&include_orgs.0, false),
        );
        let namespace = namespace.0.unwrap_or_default();
        self.state
            .store
            .read(move |tx| entities(tx, &cfg, &who, &prefix.0, &namespace, teams, orgs))
            .await
            .into()
    }

    /// Search repositories
    #[oai(
        path = "/api/v1/find/repositories",
        method = "get",
        operation_id = "conductRepoSearch"
    )]
    async fn conduct_repo_search(
        &self,
        who: Data<&Arc<Identity>>,
        query: Query<Option<String>>,
        page: Query<Option<Lenient<i64>>>,
        #[oai(name = "includeUsage")] include_usage: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<RepositorySearchResults>, (E400<MessageError>, E401)> {
        let who = who.0.clone();
        let usage = truthy(&include_usage.0, false);
        let query = query.0.unwrap_or_default();
        self.state
            .store
            .read(move |tx| {
                // Python's `int`: any size, clamped afterwards.
                let page = match page.0.map(|p| python_int_saturating(&p.0)) {
                    None => 1,
                    Some(Some(n)) => n,
                    Some(None) => {
                        return Err(QuayError::Message {
                            status: 400,
                            message: json!({"page": "The page."}),
                        });
                    }
                };
                repositories(tx, &who, &query, page, usage)
            })
            .await
            .into()
    }

    /// Search everything
    #[oai(
        path = "/api/v1/find/all",
        method = "get",
        operation_id = "conductSearch"
    )]
    async fn conduct_search(
        &self,
        who: Data<&Arc<Identity>>,
        query: Query<Option<String>>,
    ) -> Reply<Ok200<SearchResults>, (E401,)> {
        let who = who.0.clone();
        let query = query.0.unwrap_or_default();
        self.state
            .store
            .read(move |tx| all::conduct(tx, &who, &query))
            .await
            .into()
    }

    /// Link an external user to a Quay user
    #[oai(
        path = "/api/v1/entities/link/:username",
        method = "post",
        operation_id = "linkExternalUser"
    )]
    async fn link_external_user(
        &self,
        #[oai(name = "username")] _username: Path<String>,
    ) -> Reply<Ok200<LinkedEntity>, (E400<ApiError>, E401, E403Csrf, E404<MessageError>, E503)>
    {
        // Quay's `abort(404)` without a federated authentication system, before any other
        // check; this server authenticates against its own database only.
        Err(QuayError::message(404, crate::error::URL_NOT_FOUND)).into()
    }
}
