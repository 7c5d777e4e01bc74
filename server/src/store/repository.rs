//! Repositories: lookups, creation (with the creator's admin permission), deletion (with
//! everything under it) and the visibility rules of Quay's repository listing.

use rusqlite::{OptionalExtension, Row, Transaction};
use sha2::{Digest, Sha256};

use crate::error::QuayError;
use crate::time::now_db;

/// A repository with the namespace it lives in.
#[derive(Debug, Clone, PartialEq)]
pub struct Repo {
    /// Id.
    pub id: i64,
    /// Owning namespace's id.
    pub namespace_id: i64,
    /// Owning namespace's name.
    pub namespace: String,
    /// Owning namespace's kind (`user` or `org`).
    pub namespace_kind: String,
    /// The namespace's tag expiration (time machine) in seconds.
    pub tag_expiration_s: i64,
    /// Repository name.
    pub name: String,
    /// `public` or `private`.
    pub visibility: String,
    /// Description (null when never set).
    pub description: Option<String>,
    /// `image` or `application`.
    pub kind: String,
    /// `NORMAL`, `READ_ONLY`, ...
    pub state: String,
    /// Creation time (stored form).
    pub created_at: String,
}

impl Repo {
    /// Whether anyone may read it.
    pub fn is_public(&self) -> bool {
        self.visibility == "public"
    }

    /// The badge token Quay shows as `status_token`: a UUID-shaped value fixed for the
    /// repository (Quay stores a random one at creation).
    pub fn badge_token(&self) -> String {
        let digest = Sha256::digest(format!("badge:{}:{}", self.id, self.created_at).as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }
}

pub(super) const COLUMNS: &str = "r.id, r.namespace_id, n.name, n.kind, n.tag_expiration_s, r.name, r.visibility, r.description, r.kind, r.state, r.created_at";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Repo> {
    Ok(Repo {
        id: r.get(0)?,
        namespace_id: r.get(1)?,
        namespace: r.get(2)?,
        namespace_kind: r.get(3)?,
        tag_expiration_s: r.get(4)?,
        name: r.get(5)?,
        visibility: r.get(6)?,
        description: r.get(7)?,
        kind: r.get(8)?,
        state: r.get(9)?,
        created_at: r.get(10)?,
    })
}

/// Looks a repository up by namespace and name (repositories being deleted are invisible).
pub fn lookup(
    tx: &Transaction<'_>,
    namespace: &str,
    name: &str,
) -> Result<Option<Repo>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM repository r JOIN namespace n ON n.id = r.namespace_id
                 WHERE n.name = ?1 AND r.name = ?2 AND r.state != 'MARKED_FOR_DELETION'"
        ))?
        .query_row((namespace, name), from_row)
        .optional()?)
}

/// Creates a repository and gives `creator` a direct `admin` permission on it, as Quay does
/// (also in organizations), then the namespace's default permissions. Returns the new id.
pub fn create(
    tx: &Transaction<'_>,
    namespace_id: i64,
    name: &str,
    visibility: &str,
    description: Option<&str>,
    kind: &str,
    creator: Option<i64>,
) -> Result<i64, QuayError> {
    tx.execute(
        "INSERT INTO repository (namespace_id, name, visibility, description, kind, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'NORMAL', ?6)",
        (namespace_id, name, visibility, description, kind, now_db()),
    )?;
    let id = tx.last_insert_rowid();
    if let Some(user) = creator {
        tx.execute(
            "INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES (?1, ?2, 'admin')",
            (id, user),
        )?;
        // The organization's default permissions (none apply in one's own namespace).
        if user != namespace_id {
            super::prototype::apply(tx, id, namespace_id, user)?;
        }
    }
    Ok(id)
}

/// Sets a repository's state (`NORMAL`, `READ_ONLY`, `MIRROR`).
pub fn set_state(tx: &Transaction<'_>, repo_id: i64, state: &str) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE repository SET state = ?2 WHERE id = ?1",
        rusqlite::params![repo_id, state],
    )?;
    Ok(())
}

/// Deletes a repository and everything under it (user and team permissions).
pub fn delete(tx: &Transaction<'_>, repo_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM repo_user_permission WHERE repo_id = ?1",
        [repo_id],
    )?;
    tx.execute(
        "DELETE FROM repo_team_permission WHERE repo_id = ?1",
        [repo_id],
    )?;
    tx.execute("DELETE FROM repository WHERE id = ?1", [repo_id])?;
    Ok(())
}

/// What a listing may show (Quay's `get_visible_repositories` and `filter_to_repos_for_user`).
#[derive(Debug, Clone, Default)]
pub struct Visibility<'a> {
    /// The caller (none when anonymous).
    pub user_id: Option<i64>,
    /// Only this namespace (when non-empty).
    pub namespace: Option<&'a str>,
    /// Add every public repository.
    pub include_public: bool,
    /// The caller sees every repository (global read-only superuser, or a superuser with full
    /// access).
    pub superuser: bool,
    /// Only repositories of this kind (any when empty).
    pub kind: &'a str,
    /// Start at this id.
    pub start_id: Option<i64>,
    /// Only those whose name or description is `LIKE` this pattern (escape character `!`).
    pub matching: Option<String>,
    /// Skip this many.
    pub offset: i64,
    /// Only those this user starred.
    pub starred_by: Option<i64>,
}

/// Whether the repository `r` is visible (Quay's `filter_to_repos_for_user`): `?4` adds the
/// public ones, `?5` is the caller (or NULL), `?6` whether the caller sees every repository.
pub(super) const VISIBLE: &str = "(
        (?4 AND r.visibility = 'public')
     OR (?5 IS NOT NULL AND ?6)
     OR (?5 IS NOT NULL AND (
            EXISTS (SELECT 1 FROM repo_user_permission p
                    WHERE p.repo_id = r.id AND p.user_id = ?5)
         OR EXISTS (SELECT 1 FROM repo_team_permission tp
                    JOIN team_member m ON m.team_id = tp.team_id
                    WHERE tp.repo_id = r.id AND m.user_id = ?5)
         OR EXISTS (SELECT 1 FROM team t JOIN team_member m ON m.team_id = t.id
                    WHERE t.org_id = r.namespace_id AND t.role = 'admin'
                      AND m.user_id = ?5))))";

/// Up to `limit` visible repositories, ordered by id.
pub fn visible(
    tx: &Transaction<'_>,
    v: &Visibility<'_>,
    limit: i64,
) -> Result<Vec<Repo>, QuayError> {
    if !v.include_public && v.user_id.is_none() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM repository r JOIN namespace n ON n.id = r.namespace_id
         WHERE r.state != 'MARKED_FOR_DELETION'
           AND (?1 = '' OR r.kind = ?1)
           AND (?8 IS NULL OR r.name LIKE ?8 ESCAPE '!' OR r.description LIKE ?8 ESCAPE '!')
           AND (?2 IS NULL OR r.id >= ?2)
           AND (?3 IS NULL OR n.name = ?3)
           AND (?10 IS NULL OR EXISTS (SELECT 1 FROM star s
                                      WHERE s.repository_id = r.id AND s.user_id = ?10))
           AND {VISIBLE}
         ORDER BY r.id LIMIT ?7 OFFSET ?9"
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                v.kind,
                v.start_id,
                v.namespace.filter(|n| !n.is_empty()),
                v.include_public,
                v.user_id,
                v.superuser,
                limit,
                v.matching,
                v.offset,
                v.starred_by
            ],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Checks a repository name against Quay's rule (`FEATURE_EXTENDED_REPOSITORY_NAMES`, on by
/// default: `/`-separated segments, 255 characters at most).
pub fn valid_name(name: &str) -> bool {
    if name.chars().count() > 255 {
        return false;
    }
    name.split('/').all(|segment| {
        let mut chars = segment.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_follow_quay() {
        for ok in ["web", "a", "0web", "web.app_1-x", "team/web", "a/b/c"] {
            assert!(valid_name(ok), "{ok}");
        }
        let long = "a".repeat(256);
        for bad in [
            "", "Web", "-web", ".web", "web/", "/web", "a//b", "we b", "wéb", &long,
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
        assert!(valid_name(&"a".repeat(255)));
    }
}
