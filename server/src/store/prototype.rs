//! Default permissions (Quay's permission prototypes): rules of an organization that give a
//! user, robot or team a role on each repository created there afterwards, and applying them
//! when one is created (Quay's `apply_default_permissions`).

use rusqlite::{OptionalExtension, Row, Transaction};

use crate::error::QuayError;

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Prototype {
    /// Row id.
    pub id: i64,
    /// The id the API shows (a UUID).
    pub uuid: String,
    /// The only creator it applies to (`None`: every creator).
    pub activating_user_id: Option<i64>,
    /// The user or robot given the role.
    pub delegate_user_id: Option<i64>,
    /// The team given the role.
    pub delegate_team_id: Option<i64>,
    /// `read`, `write` or `admin`.
    pub role: String,
}

/// Who a new rule gives the role to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delegate {
    /// A user or robot (a `namespace` id).
    User(i64),
    /// A team of the organization.
    Team(i64),
}

const COLUMNS: &str = "id, uuid, activating_user_id, delegate_user_id, delegate_team_id, role";

/// The order Quay's database shows: by activating user, the rules for everyone last, each group
/// in creation order.
const ORDER: &str = "ORDER BY activating_user_id IS NULL, activating_user_id, id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Prototype> {
    Ok(Prototype {
        id: r.get(0)?,
        uuid: r.get(1)?,
        activating_user_id: r.get(2)?,
        delegate_user_id: r.get(3)?,
        delegate_team_id: r.get(4)?,
        role: r.get(5)?,
    })
}

/// The organization's rules, in Quay's order.
pub fn list(tx: &Transaction<'_>, org_id: i64) -> Result<Vec<Prototype>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM prototype WHERE org_id = ?1 {ORDER}"
    ))?;
    let rows = stmt
        .query_map([org_id], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The organization's rule `uuid` (matched exactly).
pub fn get(tx: &Transaction<'_>, org_id: i64, uuid: &str) -> Result<Option<Prototype>, QuayError> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM prototype WHERE org_id = ?1 AND uuid = ?2"
        ))?
        .query_row((org_id, uuid), from_row)
        .optional()?)
}

/// Adds a rule with a fresh UUID (duplicates allowed, as in Quay).
pub fn create(
    tx: &Transaction<'_>,
    org_id: i64,
    role: &str,
    activating_user_id: Option<i64>,
    delegate: Delegate,
) -> Result<Prototype, QuayError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    let (user, team) = match delegate {
        Delegate::User(id) => (Some(id), None),
        Delegate::Team(id) => (None, Some(id)),
    };
    tx.execute(
        "INSERT INTO prototype (uuid, org_id, activating_user_id, delegate_user_id, delegate_team_id, role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![uuid, org_id, activating_user_id, user, team, role],
    )?;
    get(tx, org_id, &uuid)?.ok_or_else(|| QuayError::internal("prototype vanished"))
}

/// Sets a rule's role.
pub fn set_role(tx: &Transaction<'_>, id: i64, role: &str) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE prototype SET role = ?2 WHERE id = ?1",
        rusqlite::params![id, role],
    )?;
    Ok(())
}

/// Deletes a rule.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM prototype WHERE id = ?1", [id])?;
    Ok(())
}

/// Quay's `apply_default_permissions`: the organization's rules for `creator` and for everyone
/// give their delegates a role on the new repository, one per delegate. A creator-specific rule
/// wins over one for everyone; among rules for everyone the first wins, among specific ones the
/// last. A user rule naming the creator is skipped (the creator is `admin` already).
pub fn apply(
    tx: &Transaction<'_>,
    repo_id: i64,
    org_id: i64,
    creator: i64,
) -> Result<(), QuayError> {
    let rules: Vec<Prototype> = list(tx, org_id)?
        .into_iter()
        .filter(|p| p.activating_user_id.is_none_or(|a| a == creator))
        .collect();
    let pick = |delegate: fn(&Prototype) -> Option<i64>| {
        let mut chosen: Vec<(i64, &str)> = Vec::new();
        for rule in &rules {
            let Some(id) = delegate(rule) else { continue };
            match chosen.iter_mut().find(|(d, _)| *d == id) {
                // A rule for everyone never overrides; a specific one always does.
                Some(_) if rule.activating_user_id.is_none() => {}
                Some(entry) => entry.1 = rule.role.as_str(),
                None => chosen.push((id, rule.role.as_str())),
            }
        }
        chosen
    };
    for (team, role) in pick(|p| p.delegate_team_id) {
        tx.execute(
            "INSERT INTO repo_team_permission (repo_id, team_id, role) VALUES (?1, ?2, ?3)",
            rusqlite::params![repo_id, team, role],
        )?;
    }
    for (user, role) in pick(|p| p.delegate_user_id) {
        if user == creator {
            continue;
        }
        tx.execute(
            "INSERT INTO repo_user_permission (repo_id, user_id, role) VALUES (?1, ?2, ?3)",
            rusqlite::params![repo_id, user, role],
        )?;
    }
    Ok(())
}
