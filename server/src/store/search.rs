//! Finding accounts and teams by name prefix (Quay's `get_matching_users` and
//! `get_matching_user_teams` of getMatchingEntities). Repositories are found through
//! [`super::repository::visible`].

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
/// `prefix_search` escapes it.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '!' | '%' | '_' | '[') {
            out.push('!');
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
