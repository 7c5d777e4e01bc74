//! conductSearch: teams, robots, repositories and namespaces in one list, each kind found as
//! Quay's `conduct_*_search` helpers find it (at most 5 of each), scored by kind and by the
//! LiquidMetal score of its name against the query, highest first.

use rusqlite::Transaction;

use super::liquidmetal;
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{
    Avatar, AvatarKind, SearchEntityKind, SearchEntityResult, SearchEntityTitle, SearchNamespace,
    SearchNamespaceKind, SearchNamespaceTitle, SearchRepositoryKind, SearchRepositoryResult,
    SearchRepositoryTitle, SearchResult, SearchResults, SearchTeamKind, SearchTeamResult,
};
use crate::store::repository::{self as repo_store, Visibility};
use crate::store::search::{self as store, literal};

/// Results per kind (Quay's `limit=5`).
const PER_KIND: usize = 5;
/// Base scores (Quay's `ENTITY_SEARCH_SCORE`, `TEAM_SEARCH_SCORE`, `REPOSITORY_SEARCH_SCORE`).
const ENTITY_SCORE: f64 = 1.0;
const TEAM_SCORE: f64 = 2.0;
const REPOSITORY_SCORE: f64 = 4.0;

/// Quay's `search_entity_view` of a user or organization, as a result's namespace.
fn namespace_view(name: &str, email: Option<&str>, is_org: bool) -> SearchNamespace {
    let (title, kind, avatar, href) = if is_org {
        (
            SearchNamespaceTitle::Org,
            SearchNamespaceKind::Organization,
            AvatarKind::Org,
            format!("/organization/{name}"),
        )
    } else {
        (
            SearchNamespaceTitle::User,
            SearchNamespaceKind::User,
            AvatarKind::User,
            format!("/user/{name}"),
        )
    };
    SearchNamespace {
        title,
        kind,
        avatar: Avatar::new(name, email, avatar),
        name: name.to_string(),
        score: 1,
        href,
    }
}

/// The name a result is scored by: a robot's short name, else its name.
fn scored_name(result: &SearchResult) -> &str {
    match result {
        SearchResult::SearchRepositoryResult(r) => &r.name,
        SearchResult::SearchTeamResult(t) => &t.name,
        SearchResult::SearchEntityResult(e) => e.short_name.as_deref().unwrap_or(&e.name),
    }
}

fn score_of(result: &mut SearchResult) -> &mut f64 {
    match result {
        SearchResult::SearchRepositoryResult(r) => &mut r.score,
        SearchResult::SearchTeamResult(t) => &mut t.score,
        SearchResult::SearchEntityResult(e) => &mut e.score,
    }
}

fn teams(tx: &Transaction<'_>, me: i64, query: &str) -> Result<Vec<SearchResult>, QuayError> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let found = store::member_teams(tx, me, query, PER_KIND)?
        .into_iter()
        .chain(store::admined_teams(tx, me, query, PER_KIND)?);
    for team in found {
        if !seen.insert(team.id) {
            continue;
        }
        out.push(SearchResult::SearchTeamResult(SearchTeamResult {
            kind: SearchTeamKind::Team,
            organization: namespace_view(&team.org, team.org_email.as_deref(), true),
            avatar: Avatar::new(&team.name, Some(&team.name), AvatarKind::Team),
            score: TEAM_SCORE,
            href: format!("/organization/{}/teams/{}", team.org, team.name),
            name: team.name,
        }));
    }
    Ok(out)
}

fn robots(
    tx: &Transaction<'_>,
    me: i64,
    username: &str,
    query: &str,
) -> Result<Vec<SearchResult>, QuayError> {
    Ok(store::robots(tx, me, query, PER_KIND)?
        .into_iter()
        .map(|name| {
            let (owner, short) = name.split_once('+').unwrap_or((&name, ""));
            let href = if owner == username {
                format!("/user/{username}?tab=robots&showRobot={name}")
            } else {
                format!("/organization/{owner}?tab=robots&showRobot={name}")
            };
            SearchResult::SearchEntityResult(SearchEntityResult {
                title: SearchEntityTitle::Robot,
                kind: SearchEntityKind::Robot,
                avatar: None,
                score: ENTITY_SCORE,
                href,
                short_name: Some(short.to_string()),
                name: name.clone(),
            })
        })
        .collect())
}

fn repositories(
    tx: &Transaction<'_>,
    me: Option<i64>,
    query: &str,
) -> Result<Vec<SearchResult>, QuayError> {
    let (ns, text) = match query.split_once('/') {
        Some((ns, text)) => (Some(ns).filter(|n| !n.is_empty()), text),
        None => (None, query),
    };
    let repos = repo_store::visible(
        tx,
        &Visibility {
            user_id: me,
            namespace: ns,
            include_public: true,
            matching: Some(format!("%{}%", literal(text))),
            ..Visibility::default()
        },
        PER_KIND as i64,
    )?;
    let mut out = Vec::with_capacity(repos.len());
    for repo in repos {
        let email = crate::store::namespace::by_id(tx, repo.namespace_id)?.and_then(|n| n.email);
        out.push(SearchResult::SearchRepositoryResult(
            SearchRepositoryResult {
                kind: SearchRepositoryKind::Repository,
                title: SearchRepositoryTitle::Repo,
                namespace: namespace_view(
                    &repo.namespace,
                    email.as_deref(),
                    repo.namespace_kind == "org",
                ),
                href: format!("/repository/{}/{}", repo.namespace, repo.name),
                is_public: repo.is_public(),
                description: repo.description,
                name: repo.name,
                score: REPOSITORY_SCORE,
            },
        ));
    }
    Ok(out)
}

fn namespaces(
    tx: &Transaction<'_>,
    me: Option<i64>,
    query: &str,
) -> Result<Vec<SearchResult>, QuayError> {
    Ok(store::namespaces(tx, me, query, PER_KIND)?
        .into_iter()
        .map(|n| {
            let view = namespace_view(&n.name, n.email.as_deref(), n.is_org);
            SearchResult::SearchEntityResult(SearchEntityResult {
                title: if n.is_org {
                    SearchEntityTitle::Org
                } else {
                    SearchEntityTitle::User
                },
                kind: if n.is_org {
                    SearchEntityKind::Organization
                } else {
                    SearchEntityKind::User
                },
                avatar: Some(view.avatar),
                name: view.name,
                score: ENTITY_SCORE,
                href: view.href,
                short_name: None,
            })
        })
        .collect())
}

/// conductSearch's answer for `who` and `query`.
pub fn conduct(
    tx: &Transaction<'_>,
    who: &Identity,
    query: &str,
) -> Result<SearchResults, QuayError> {
    if query.is_empty() {
        return Ok(SearchResults {
            results: Vec::new(),
        });
    }
    let mut results = Vec::new();
    if let (Some(me), Some(username)) = (who.user_id(), who.username()) {
        results.extend(teams(tx, me, query)?);
        results.extend(robots(tx, me, username, query)?);
    }
    results.extend(repositories(tx, who.user_id(), query)?);
    results.extend(namespaces(tx, who.user_id(), query)?);
    for result in &mut results {
        let lm = liquidmetal::score(scored_name(result), query);
        // Python's `score(...) or 0.5`: no match still halves the base score.
        let lm = if lm == 0.0 { 0.5 } else { lm };
        *score_of(result) *= lm;
    }
    // Python's `sorted(..., reverse=True)`: stable, highest first.
    results.sort_by(|a, b| {
        let (a, b) = (score_value(a), score_value(b));
        b.partial_cmp(&a).unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(SearchResults { results })
}

fn score_value(result: &SearchResult) -> f64 {
    match result {
        SearchResult::SearchRepositoryResult(r) => r.score,
        SearchResult::SearchTeamResult(t) => t.score,
        SearchResult::SearchEntityResult(e) => e.score,
    }
}
