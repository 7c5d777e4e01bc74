//! Teams of organizations: teams, memberships, invites (Quay's `data/model/team.py`).

use rusqlite::{OptionalExtension, Transaction, params};

use crate::error::QuayError;
use crate::store::namespace::{self, Namespace};

/// A row of `team`.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// Id.
    pub id: i64,
    /// The organization.
    pub org_id: i64,
    /// Name.
    pub name: String,
    /// `member`, `creator` or `admin`.
    pub role: String,
    /// Markdown description.
    pub description: String,
}

/// A pending invite: to a user, or to an e-mail address.
#[derive(Debug, Clone, PartialEq)]
pub enum Invite {
    /// A user's invite.
    User(Namespace),
    /// An e-mail invite.
    Email(String),
}

/// Quay's team-name rules; the reason when invalid.
pub fn check_team_name(name: &str) -> Result<(), String> {
    namespace::check_name_as(name, "Team")
}

fn team_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Team> {
    Ok(Team {
        id: r.get(0)?,
        org_id: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        description: r.get(4)?,
    })
}

/// A team of an organization by name.
pub fn team(tx: &Transaction<'_>, org_id: i64, name: &str) -> Result<Option<Team>, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT id, org_id, name, role, description FROM team WHERE org_id = ?1 AND name = ?2",
        )?
        .query_row(params![org_id, name], team_from_row)
        .optional()?)
}

/// The team `teamname` of the organization `orgname` (both must exist).
pub fn team_of(
    tx: &Transaction<'_>,
    orgname: &str,
    teamname: &str,
) -> Result<Option<Team>, QuayError> {
    match namespace::organization(tx, orgname)? {
        Some(org) => team(tx, org.id, teamname),
        None => Ok(None),
    }
}

/// The name of the team `team_id`.
pub fn name_of(tx: &Transaction<'_>, team_id: i64) -> Result<String, QuayError> {
    Ok(tx
        .prepare_cached("SELECT name FROM team WHERE id = ?1")?
        .query_row([team_id], |r| r.get(0))?)
}

/// Creates a team.
pub fn create(
    tx: &Transaction<'_>,
    org_id: i64,
    name: &str,
    role: &str,
    description: &str,
) -> Result<Team, QuayError> {
    tx.execute(
        "INSERT INTO team (org_id, name, role, description) VALUES (?1, ?2, ?3, ?4)",
        params![org_id, name, role, description],
    )?;
    Ok(Team {
        id: tx.last_insert_rowid(),
        org_id,
        name: name.to_string(),
        role: role.to_string(),
        description: description.to_string(),
    })
}

/// Changes a team's description.
pub fn set_description(tx: &Transaction<'_>, team_id: i64, text: &str) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE team SET description = ?2 WHERE id = ?1",
        params![team_id, text],
    )?;
    Ok(())
}

/// Changes a team's organization-wide role.
pub fn set_role(tx: &Transaction<'_>, team_id: i64, role: &str) -> Result<(), QuayError> {
    tx.execute(
        "UPDATE team SET role = ?2 WHERE id = ?1",
        params![team_id, role],
    )?;
    Ok(())
}

/// Deletes a team with its memberships, invites and repository permissions.
pub fn delete(tx: &Transaction<'_>, team_id: i64) -> Result<(), QuayError> {
    tx.execute("DELETE FROM team_member WHERE team_id = ?1", [team_id])?;
    tx.execute("DELETE FROM team_invite WHERE team_id = ?1", [team_id])?;
    tx.execute(
        "DELETE FROM repo_team_permission WHERE team_id = ?1",
        [team_id],
    )?;
    tx.execute("DELETE FROM team WHERE id = ?1", [team_id])?;
    Ok(())
}

/// Names of the teams of `org_id` that `user_id` belongs to (whatever its token allows), in
/// creation order; only the admin-role ones when `admins_only`.
fn member_team_names(
    tx: &Transaction<'_>,
    org_id: i64,
    user_id: i64,
    admins_only: bool,
) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT t.name FROM team t JOIN team_member m ON m.team_id = t.id
         WHERE t.org_id = ?1 AND m.user_id = ?2 AND (?3 = 0 OR t.role = 'admin') ORDER BY t.id",
    )?;
    let names = stmt
        .query_map(params![org_id, user_id, admins_only], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(names)
}

/// Names of the teams of `org_id` that `user_id` belongs to, in creation order.
pub fn team_names_of(
    tx: &Transaction<'_>,
    org_id: i64,
    user_id: i64,
) -> Result<Vec<String>, QuayError> {
    member_team_names(tx, org_id, user_id, false)
}

/// Names of the admin-role teams of `org_id` that `user_id` belongs to.
pub fn admin_team_names(
    tx: &Transaction<'_>,
    org_id: i64,
    user_id: i64,
) -> Result<Vec<String>, QuayError> {
    member_team_names(tx, org_id, user_id, true)
}

/// Whether `user_id` is in an admin team of `org_id` (the database fact, no token cap).
pub fn in_admin_team(tx: &Transaction<'_>, org_id: i64, user_id: i64) -> Result<bool, QuayError> {
    Ok(!admin_team_names(tx, org_id, user_id)?.is_empty())
}

/// Whether `user_id` is in any team of `org_id`.
pub fn in_any_team(tx: &Transaction<'_>, org_id: i64, user_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM team t JOIN team_member m ON m.team_id = t.id
         WHERE t.org_id = ?1 AND m.user_id = ?2)",
        )?
        .query_row(params![org_id, user_id], |r| r.get(0))?)
}

/// Whether `user_id` is in the team.
pub fn is_member(tx: &Transaction<'_>, team_id: i64, user_id: i64) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM team_member WHERE team_id = ?1 AND user_id = ?2)",
        )?
        .query_row(params![team_id, user_id], |r| r.get(0))?)
}

/// Adds a member (not already in the team).
pub fn add_member(tx: &Transaction<'_>, team_id: i64, user_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "INSERT INTO team_member (team_id, user_id) VALUES (?1, ?2)",
        params![team_id, user_id],
    )?;
    Ok(())
}

/// Removes a member.
pub fn remove_member(tx: &Transaction<'_>, team_id: i64, user_id: i64) -> Result<(), QuayError> {
    tx.execute(
        "DELETE FROM team_member WHERE team_id = ?1 AND user_id = ?2",
        params![team_id, user_id],
    )?;
    Ok(())
}

/// The team's members (users and robots), in the order they joined.
pub fn members(tx: &Transaction<'_>, team_id: i64) -> Result<Vec<Namespace>, QuayError> {
    let mut stmt =
        tx.prepare_cached("SELECT user_id FROM team_member WHERE team_id = ?1 ORDER BY rowid")?;
    let ids: Vec<i64> = stmt
        .query_map([team_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(n) = namespace::by_id(tx, id)? {
            out.push(n);
        }
    }
    Ok(out)
}

/// Stores an invite (of a user, or of an e-mail address) and returns its code.
pub fn create_invite(
    tx: &Transaction<'_>,
    team_id: i64,
    user_id: Option<i64>,
    email: Option<&str>,
    inviter_id: i64,
) -> Result<String, QuayError> {
    let code = format!("urn:teaminvite:{}", uuid::Uuid::new_v4());
    tx.execute(
        "INSERT INTO team_invite (team_id, user_id, email, inviter_id, code) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![team_id, user_id, email, inviter_id, code],
    )?;
    Ok(code)
}

/// The team's pending invites, oldest first.
pub fn invites(tx: &Transaction<'_>, team_id: i64) -> Result<Vec<Invite>, QuayError> {
    let mut stmt =
        tx.prepare_cached("SELECT user_id, email FROM team_invite WHERE team_id = ?1 ORDER BY id")?;
    let rows: Vec<(Option<i64>, Option<String>)> = stmt
        .query_map([team_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (user_id, email) in rows {
        match user_id {
            Some(id) => {
                if let Some(user) = namespace::by_id(tx, id)? {
                    out.push(Invite::User(user));
                }
            }
            None => out.push(Invite::Email(email.unwrap_or_default())),
        }
    }
    Ok(out)
}

/// Deletes one invite of `user_id` to the team; whether there was one.
pub fn delete_user_invite(
    tx: &Transaction<'_>,
    team_id: i64,
    user_id: i64,
) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "DELETE FROM team_invite WHERE id = (SELECT id FROM team_invite
         WHERE team_id = ?1 AND user_id = ?2 ORDER BY id LIMIT 1)",
        params![team_id, user_id],
    )? > 0)
}

/// Deletes one e-mail invite of `email` to the team; whether there was one.
pub fn delete_email_invite(
    tx: &Transaction<'_>,
    team_id: i64,
    email: &str,
) -> Result<bool, QuayError> {
    Ok(tx.execute(
        "DELETE FROM team_invite WHERE id = (SELECT id FROM team_invite
         WHERE team_id = ?1 AND email = ?2 ORDER BY id LIMIT 1)",
        params![team_id, email],
    )? > 0)
}

/// The team's repository permissions: (repository name, public?, role).
pub fn repository_permissions(
    tx: &Transaction<'_>,
    team_id: i64,
) -> Result<Vec<(String, bool, String)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.name, r.visibility = 'public', p.role FROM repo_team_permission p
         JOIN repository r ON r.id = p.repo_id WHERE p.team_id = ?1 ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map([team_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_follow_quay_rules() {
        assert!(check_team_name("owners").is_ok());
        assert!(check_team_name("build.eng-1_x").is_ok());
        assert_eq!(
            check_team_name("Bad_Team").unwrap_err(),
            "Namespace must match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"
        );
        assert_eq!(
            check_team_name("x").unwrap_err(),
            "Team must be between 2 and 255 characters in length"
        );
        assert!(check_team_name(&"a".repeat(256)).is_err());
    }
}
