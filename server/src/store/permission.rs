//! Repository permissions of users, robots and teams (Quay's `data/model/permission.py`).

use rusqlite::{OptionalExtension, Transaction, params};

use crate::error::QuayError;
use crate::store::namespace::{self, Namespace};

/// A repository with its namespace.
#[derive(Debug, Clone, PartialEq)]
pub struct Repo {
    /// Id.
    pub id: i64,
    /// Name (without the namespace).
    pub name: String,
    /// The owning user or organization.
    pub namespace: Namespace,
}

impl Repo {
    /// Whether an organization owns it.
    pub fn in_org(&self) -> bool {
        self.namespace.kind == "org"
    }
}

/// Splits `namespace/name` on the first `/`.
pub fn split_repository(path: &str) -> (&str, &str) {
    path.split_once('/').unwrap_or((path, ""))
}

/// A repository by namespace and name.
pub fn repository(
    tx: &Transaction<'_>,
    namespace_name: &str,
    name: &str,
) -> Result<Option<Repo>, QuayError> {
    let Some(ns) = namespace::by_name(tx, namespace_name)? else {
        return Ok(None);
    };
    let id: Option<i64> = tx
        .prepare_cached("SELECT id FROM repository WHERE namespace_id = ?1 AND name = ?2")?
        .query_row(params![ns.id, name], |r| r.get(0))
        .optional()?;
    Ok(id.map(|id| Repo {
        id,
        name: name.to_string(),
        namespace: ns,
    }))
}

/// The direct user and robot permissions on a repository: (holder, role).
pub fn user_permissions(
    tx: &Transaction<'_>,
    repo_id: i64,
) -> Result<Vec<(Namespace, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT user_id, role FROM repo_user_permission WHERE repo_id = ?1 ORDER BY rowid",
    )?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([repo_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, role) in rows {
        if let Some(n) = namespace::by_id(tx, id)? {
            out.push((n, role));
        }
    }
    Ok(out)
}

/// The direct permission of the namespace named `username` on a repository.
pub fn user_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    username: &str,
) -> Result<Option<(Namespace, String)>, QuayError> {
    let Some(holder) = namespace::by_name(tx, username)? else {
        return Ok(None);
    };
    let role: Option<String> = tx
        .prepare_cached(
            "SELECT role FROM repo_user_permission WHERE repo_id = ?1 AND user_id = ?2",
        )?
        .query_row(params![repo_id, holder.id], |r| r.get(0))
        .optional()?;
    Ok(role.map(|r| (holder, r)))
}

/// Creates or changes a direct permission.
pub fn set_user_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    user_id: i64,
    role: &str,
) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES (?1, ?2, ?3)
         ON CONFLICT (repo_id, user_id) DO UPDATE SET role = excluded.role",
        params![repo_id, user_id, role],
    )?;
    Ok(())
}

/// Deletes a direct permission.
pub fn delete_user_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    user_id: i64,
) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM repo_user_permission WHERE repo_id = ?1 AND user_id = ?2",
        params![repo_id, user_id],
    )?;
    Ok(())
}

/// The team permissions on a repository: (team name, role).
pub fn team_permissions(
    tx: &Transaction<'_>,
    repo_id: i64,
) -> Result<Vec<(String, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.name, p.role FROM repo_team_permission p JOIN team t ON t.id = p.team_id
         WHERE p.repo_id = ?1 ORDER BY p.rowid",
    )?;
    let rows = stmt
        .query_map([repo_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The permission of the team named `teamname` on a repository: (team id, role).
pub fn team_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    teamname: &str,
) -> Result<Option<(i64, String)>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT t.id, p.role FROM repo_team_permission p JOIN team t ON t.id = p.team_id
             WHERE p.repo_id = ?1 AND t.name = ?2",
        )?
        .query_row(params![repo_id, teamname], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Creates or changes a team permission.
pub fn set_team_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    team_id: i64,
    role: &str,
) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO repo_team_permission (repo_id, team_id, role) VALUES (?1, ?2, ?3)
         ON CONFLICT (repo_id, team_id) DO UPDATE SET role = excluded.role",
        params![repo_id, team_id, role],
    )?;
    Ok(())
}

/// Deletes a team permission.
pub fn delete_team_permission(
    tx: &Transaction<'_>,
    repo_id: i64,
    team_id: i64,
) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM repo_team_permission WHERE repo_id = ?1 AND team_id = ?2",
        params![repo_id, team_id],
    )?;
    Ok(())
}

/// Every role `user_id` holds on a repository, one per grant: the direct permission first,
/// then those of its teams that have a permission on the repository.
pub fn transitive_roles(
    tx: &Transaction<'_>,
    repo_id: i64,
    user_id: i64,
) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT role FROM (
           SELECT 0 AS k, rowid AS o, role FROM repo_user_permission
             WHERE repo_id = ?1 AND user_id = ?2
           UNION ALL
           SELECT 1 AS k, p.rowid AS o, p.role FROM repo_team_permission p
             WHERE p.repo_id = ?1 AND EXISTS (SELECT 1 FROM team_member m
               WHERE m.team_id = p.team_id AND m.user_id = ?2)
         ) ORDER BY k, o",
    )?;
    let roles = stmt
        .query_map(params![repo_id, user_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_paths_split_on_the_first_slash() {
        assert_eq!(split_repository("acme/web"), ("acme", "web"));
        assert_eq!(split_repository("acme/a/b"), ("acme", "a/b"));
        assert_eq!(split_repository("acme"), ("acme", ""));
    }
}
