//! Finding accounts, teams and namespaces by name prefix (Quay's `get_matching_users` and
//! `get_matching_teams` of getMatchingEntities; `get_matching_user_teams`,
//! `get_matching_admined_teams`, `get_matching_robots` and `get_matching_user_namespaces` of
//! conductSearch). Repositories are found through [`super::repository::visible`].

use rusqlite::{Row, Transaction};

use crate::error::QuayError;

/// A user or robot found.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Its name.
    pub name: String,
    /// Whether it is a robot.
    pub is_robot: bool,
    /// Its e-mail, if any.
    pub email: Option<String>,
}

/// `text` as a `LIKE` pattern matching itself literally (escape character `!`), as Quay's
/// `_escape_wildcard` makes it (which also drops quotes and backquotes).
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\'' | '"' | '`' => continue,
            '!' | '%' | '_' | '[' => out.push('!'),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        name: r.get(0)?,
        is_robot: r.get::<_, String>(1)? == "robot",
        email: r.get(2)?,
    })
}

/// Up to `limit` users whose name starts with `prefix` (never organizations), the exact match
/// first, and the robots `robots_of+prefix...` when `robots_of` is given (then robots first).
pub fn accounts(
    tx: &Transaction<'_>,
    prefix: &str,
    robots_of: Option<&str>,
    limit: usize,
) -> Result<Vec<Account>, QuayError> {
    let mut out: Vec<Account> = tx
        .prepare_cached(
            "SELECT name, kind, email FROM namespace WHERE kind = 'user' AND name = ?1",
        )?
        .query_map([prefix], account)?
        .collect::<Result<_, _>>()?;
    let users = format!("{}%", literal(prefix));
    let robots = robots_of.map(|ns| format!("{}%", literal(&format!("{ns}+{prefix}"))));
    let mut stmt = tx.prepare_cached(
        "SELECT name, kind, email FROM namespace
         WHERE ((kind = 'user' AND name LIKE ?1 ESCAPE '!')
             OR (?2 IS NOT NULL AND kind = 'robot' AND name LIKE ?2 ESCAPE '!'))
           AND name != ?3
         ORDER BY CASE WHEN ?4 AND kind = 'robot' THEN 0 ELSE 1 END, id
         LIMIT ?5",
    )?;
    let rest = stmt
        .query_map(
            rusqlite::params![
                users,
                robots,
                prefix,
                robots_of.is_some(),
                (limit - out.len().min(limit)) as i64
            ],
            account,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    out.extend(rest);
    Ok(out)
}

/// Up to `limit` team names of the organization starting with `prefix`, in creation order.
pub fn teams(
    tx: &Transaction<'_>,
    org_id: i64,
    prefix: &str,
    limit: usize,
) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT name FROM team WHERE org_id = ?1 AND name LIKE ?2 ESCAPE '!' ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(
            rusqlite::params![org_id, format!("{}%", literal(prefix)), limit as i64],
            |r| r.get(0),
        )?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// A team found by conductSearch, with its organization.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundTeam {
    /// The team's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its organization's name.
    pub org: String,
    /// Its organization's e-mail, if any.
    pub org_email: Option<String>,
}

/// A user or organization found by conductSearch.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundNamespace {
    /// Its name.
    pub name: String,
    /// Whether it is an organization.
    pub is_org: bool,
    /// Its e-mail, if any.
    pub email: Option<String>,
}

/// The organizations `?1` administers (through an admin team).
const ADMINED_ORGS: &str = "SELECT at.org_id FROM team at
    JOIN team_member am ON am.team_id = at.id
    WHERE at.role = 'admin' AND am.user_id = ?1";

fn found_team(r: &Row<'_>) -> rusqlite::Result<FoundTeam> {
    Ok(FoundTeam {
        id: r.get(0)?,
        name: r.get(1)?,
        org: r.get(2)?,
        org_email: r.get(3)?,
    })
}

/// Up to `limit` teams `user_id` belongs to whose name starts with `prefix`, oldest first.
pub fn member_teams(
    tx: &Transaction<'_>,
    user_id: i64,
    prefix: &str,
    limit: usize,
) -> Result<Vec<FoundTeam>, QuayError> {
    found_teams(
        tx,
        "EXISTS (SELECT 1 FROM team_member m WHERE m.team_id = t.id AND m.user_id = ?1)",
        (user_id, prefix, limit),
    )
}

/// Up to `limit` teams with members, of the organizations `user_id` administers, whose name
/// starts with `prefix`, oldest first.
pub fn admined_teams(
    tx: &Transaction<'_>,
    user_id: i64,
    prefix: &str,
    limit: usize,
) -> Result<Vec<FoundTeam>, QuayError> {
    found_teams(
        tx,
        &format!(
            "t.org_id IN ({ADMINED_ORGS})
             AND EXISTS (SELECT 1 FROM team_member m WHERE m.team_id = t.id)"
        ),
        (user_id, prefix, limit),
    )
}

/// The teams whose name starts with the prefix and that meet `condition` (on `t`, with `?1`
/// the user), oldest first.
fn found_teams(
    tx: &Transaction<'_>,
    condition: &str,
    (user_id, prefix, limit): (i64, &str, usize),
) -> Result<Vec<FoundTeam>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT t.id, t.name, n.name, n.email FROM team t JOIN namespace n ON n.id = t.org_id
         WHERE t.name LIKE ?2 ESCAPE '!' AND {condition}
         ORDER BY t.id LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(
            rusqlite::params![user_id, format!("{}%", literal(prefix)), limit as i64],
            found_team,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Up to `limit` robot names of `user_id` itself and of the organizations it administers whose
/// short name starts with `prefix`, oldest first.
pub fn robots(
    tx: &Transaction<'_>,
    user_id: i64,
    prefix: &str,
    limit: usize,
) -> Result<Vec<String>, QuayError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT r.name FROM namespace r JOIN namespace o ON o.id = r.owner_id
         WHERE r.kind = 'robot'
           AND (r.owner_id = ?1 OR r.owner_id IN ({ADMINED_ORGS}))
           AND substr(r.name, length(o.name) + 2) LIKE ?2 ESCAPE '!'
         ORDER BY r.id LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(
            rusqlite::params![user_id, format!("{}%", literal(prefix)), limit as i64],
            |r| r.get(0),
        )?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// Up to `limit` users and organizations whose name starts with `prefix` and that own an image
/// repository visible to `user_id` (public ones only when anonymous), oldest first.
pub fn namespaces(
    tx: &Transaction<'_>,
    user_id: Option<i64>,
    prefix: &str,
    limit: usize,
) -> Result<Vec<FoundNamespace>, QuayError> {
    let visible = super::repository::VISIBLE;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT n.name, n.kind, n.email FROM namespace n
         WHERE n.kind IN ('user', 'org') AND n.name LIKE ?1 ESCAPE '!'
           AND EXISTS (SELECT 1 FROM repository r
                       WHERE r.namespace_id = n.id AND r.kind = 'image' AND {visible})
         ORDER BY n.id LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(
            rusqlite::params![
                format!("{}%", literal(prefix)),
                limit as i64,
                // ?3 is not used; ?4-?6 are those of `VISIBLE`.
                Option::<i64>::None,
                true,
                user_id,
                false
            ],
            |r| {
                Ok(FoundNamespace {
                    name: r.get(0)?,
                    is_org: r.get::<_, String>(1)? == "org",
                    email: r.get(2)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
