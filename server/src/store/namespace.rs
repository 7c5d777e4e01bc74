//! Users, organizations and robots (one `namespace` table, as in Quay), tokens and usage logs.

use rand::Rng;
use rand::distr::Alphanumeric;
use rusqlite::{OptionalExtension, Row, Transaction};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::access::hash_token;
use crate::error::QuayError;
use crate::scopes::Scopes;
use crate::time::now_db;

/// Quay's namespace-name expression.
pub const NAME_EXPRESSION: &str = "^([a-z0-9]+(?:[._-][a-z0-9]+)*)$";

/// A row of `namespace`.
#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    /// Id.
    pub id: i64,
    /// Name (robots: `owner+short`).
    pub name: String,
    /// `user`, `org` or `robot`.
    pub kind: String,
    /// E-mail address, if any.
    pub email: Option<String>,
    /// Whether the account is enabled.
    pub enabled: bool,
    /// Whether the e-mail is verified.
    pub verified: bool,
    /// Robots: their owner.
    pub owner_id: Option<i64>,
    /// Robots: description.
    pub description: String,
    /// Whether invoices are e-mailed.
    pub invoice_email: bool,
    /// Invoice address.
    pub invoice_email_address: Option<String>,
    /// Tag expiration in seconds.
    pub tag_expiration_s: i64,
    /// Creation time (stored form).
    pub created_at: String,
}

const COLUMNS: &str = "id, name, kind, email, enabled, verified, owner_id, description, invoice_email, invoice_email_address, tag_expiration_s, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Namespace> {
    Ok(Namespace {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        email: r.get(3)?,
        enabled: r.get(4)?,
        verified: r.get(5)?,
        owner_id: r.get(6)?,
        description: r.get(7)?,
        invoice_email: r.get(8)?,
        invoice_email_address: r.get(9)?,
        tag_expiration_s: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// Looks a namespace up by name (any kind).
pub fn by_name(tx: &Transaction<'_>, name: &str) -> Result<Option<Namespace>, QuayError> {
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM namespace WHERE name = ?1"))?
        .query_row([name], from_row)
        .optional()?)
}

/// Looks a namespace up by id.
pub fn by_id(tx: &Transaction<'_>, id: i64) -> Result<Option<Namespace>, QuayError> {
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM namespace WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Whether the namespace has a password (a user who can sign in with one).
pub fn has_password(tx: &Transaction<'_>, id: i64) -> Result<bool, QuayError> {
    Ok(stored_password(tx, id)?.is_some())
}

/// The stored password hash of a namespace, if it has one.
pub fn stored_password(tx: &Transaction<'_>, id: i64) -> Result<Option<String>, QuayError> {
    Ok(tx
        .prepare_cached("SELECT password_hash FROM namespace WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The account a sign-in names: by user name, or by the e-mail address of a user (not of an
/// organization, whose addresses need not be unique), as Quay's `verify_user` looks it up.
pub fn sign_in_account(
    tx: &Transaction<'_>,
    username_or_email: &str,
) -> Result<Option<Namespace>, QuayError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM namespace
         WHERE name = ?1 OR (email = ?1 AND kind = 'user') ORDER BY name = ?1 DESC, id LIMIT 1"
    );
    Ok(tx
        .prepare_cached(&sql)?
        .query_row([username_or_email], from_row)
        .optional()?)
}

/// Looks a namespace of one kind up by name.
pub fn by_name_kind(
    tx: &Transaction<'_>,
    name: &str,
    kind: &str,
) -> Result<Option<Namespace>, QuayError> {
    Ok(by_name(tx, name)?.filter(|n| n.kind == kind))
}

/// An organization by name (not a user or robot).
pub fn organization(tx: &Transaction<'_>, name: &str) -> Result<Option<Namespace>, QuayError> {
    by_name_kind(tx, name, "org")
}

/// A user or robot by name (Quay's `get_user`: never an organization).
pub fn user_or_robot(tx: &Transaction<'_>, name: &str) -> Result<Option<Namespace>, QuayError> {
    Ok(by_name(tx, name)?.filter(|n| n.kind != "org"))
}

/// A user or organization (not a robot) by name, Quay's `get_user_or_org`.
pub fn user_or_org(tx: &Transaction<'_>, name: &str) -> Result<Option<Namespace>, QuayError> {
    Ok(by_name(tx, name)?.filter(|n| n.kind != "robot"))
}

/// Deletes a user or organization and, through the schema's cascades, everything it owns:
/// robots (with their memberships and permissions), teams with their members and invites,
/// repositories with their permissions, tokens, OAuth applications with every token issued
/// for them, quota, proxy-cache configuration. Log entries keep its name.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<(), QuayError> {
    // Robots first, so that the log entries they performed keep their names too.
    tx.execute(
        "DELETE FROM namespace WHERE owner_id = ?1 AND kind = 'robot'",
        [id],
    )?;
    tx.execute("DELETE FROM namespace WHERE id = ?1", [id])?;
    Ok(())
}

/// Whether any user, organization or robot exists.
pub fn any_exists(tx: &Transaction<'_>) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM namespace)")?
        .query_row([], |r| r.get(0))?)
}

/// Checks a user, organization or robot name against Quay's rules; the reason when invalid.
pub fn check_name(name: &str) -> Result<(), String> {
    check_name_as(name, "Namespace")
}

/// Quay's name rules ([`NAME_EXPRESSION`], 2 to 255 characters); the reason when invalid,
/// naming `what` in the length message.
pub fn check_name_as(name: &str, what: &str) -> Result<(), String> {
    let valid_chars = name.split(['.', '_', '-']).all(|part| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if !valid_chars {
        return Err(format!("Namespace must match expression {NAME_EXPRESSION}"));
    }
    if name.len() < 2 || name.len() > 255 {
        return Err(format!(
            "{what} must be between 2 and 255 characters in length"
        ));
    }
    Ok(())
}

// E-mail checks. Quay has one, `util.validation.validate_email`; this server applies two
// approximations of it, kept apart because they disagree on some addresses:
//
// * [`quay_valid_email`] (organization contact e-mails, createInstallUser): at most 254
//   characters, exactly one `@`, a non-empty local part, a domain of two or more non-empty
//   labels. Refuses `a@b..c` and `a@b@c.d`; accepts `a b@c.d`.
// * [`valid_email`] (initializeUser): no whitespace anywhere, a non-empty local part before the
//   first `@`, a domain containing a dot, neither first nor last. Accepts `a@b..c` and
//   `a@b@c.d`; refuses `a b@c.d`.

/// Quay's `util.validation.validate_email` as the organization and superuser areas apply it.
pub fn quay_valid_email(email: &str) -> bool {
    if email.is_empty() || email.chars().count() > 254 {
        return false;
    }
    let parts: Vec<&str> = email.split('@').collect();
    let [local, domain] = parts.as_slice() else {
        return false;
    };
    !local.is_empty() && domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty())
}

/// Whether an e-mail address looks valid, as initializeUser checks it (see above).
pub fn valid_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A random alphanumeric string (upper case and digits when `upper`).
pub fn random_string(len: usize, upper: bool) -> String {
    let s: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect();
    if upper { s.to_uppercase() } else { s }
}

/// bcrypt's work factor, as Quay's `bcrypt.gensalt()` (12 rounds: ~0.25 s per hash here).
pub const BCRYPT_COST: u32 = 12;

/// The stored form of a password, as Quay's `hash_password`: bcrypt (`$2b$12$...` with
/// [`BCRYPT_COST`]). Slow on purpose: call it on the blocking pool, and outside the writer's
/// transaction where possible.
pub fn hash_password(password: &str, cost: u32) -> Result<String, QuayError> {
    bcrypt::hash_with_result(password, cost)
        .map(|h| h.format_for_version(bcrypt::Version::TwoB))
        .map_err(QuayError::internal)
}

/// Whether `password` matches a stored hash: bcrypt, or the salted SHA-256 (`sha256$salt$hex`)
/// that databases made before bcrypt hold (verified, to be replaced at the next change of the
/// password: the plain password is needed to re-hash it).
pub fn verify_password(password: &str, stored: &str) -> bool {
    if let Some(rest) = stored.strip_prefix("sha256$") {
        let Some((salt, hex)) = rest.split_once('$') else {
            return false;
        };
        let digest = Sha256::digest(format!("{salt}{password}").as_bytes());
        let mine: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        return mine == hex;
    }
    bcrypt::verify(password, stored).unwrap_or(false)
}

/// Quay's password rule: at least 8 characters, no whitespace.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < 8 || password.contains(char::is_whitespace) {
        return Err(
            "Invalid password, password must be at least 8 characters and contain no whitespace."
                .into(),
        );
    }
    Ok(())
}

/// Inserts a namespace row; the name must be free (checked by the caller).
pub fn insert(
    tx: &Transaction<'_>,
    name: &str,
    kind: &str,
    email: Option<&str>,
    password_hash: Option<&str>,
    owner_id: Option<i64>,
) -> Result<i64, QuayError> {
    tx.execute(
        "INSERT INTO namespace (name, kind, email, password_hash, owner_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (name, kind, email, password_hash, owner_id, now_db()),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Mints an OAuth access token for `user_id`: (uuid, token). Only its hash is stored.
pub fn mint_token(
    tx: &Transaction<'_>,
    user_id: i64,
    scopes: Scopes,
    app_id: Option<i64>,
    name: &str,
    expires_at: Option<String>,
) -> Result<(String, String), QuayError> {
    let token = random_string(40, false);
    let uuid = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO access_token (uuid, token_hash, user_id, app_id, scope, name, created_by_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?7, ?8)",
        (&uuid, hash_token(&token), user_id, app_id, scopes.to_string(), name, now_db(), expires_at),
    )?;
    Ok((uuid, token))
}

/// Writes a usage log entry.
pub fn log(
    tx: &Transaction<'_>,
    kind: &str,
    performer: Option<i64>,
    account: Option<i64>,
    mut metadata: Value,
) -> Result<(), QuayError> {
    super::audit::add_to(&mut metadata);
    tx.execute(
        "INSERT INTO log_entry (kind, performer_id, account_id, ip, metadata, created_at) VALUES (?1, ?2, ?3, '127.0.0.1', ?4, ?5)",
        (kind, performer, account, metadata.to_string(), now_db()),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_quay_rules() {
        for ok in ["ab", "acme", "a.b-c_d", "team1", "0x"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["a", "Acme", "-ab", "ab-", "a..b", "a b", "ab+c", ""] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_and_emails() {
        assert!(check_password("password123").is_ok());
        assert!(check_password("short").is_err());
        assert!(check_password("has space in it").is_err());
        assert!(valid_email("a@example.com"));
        assert!(!valid_email("not-an-email") && !valid_email("a@b") && !valid_email("a @b.c"));
        let (a, b) = (
            hash_password("x", BCRYPT_COST).unwrap(),
            hash_password("x", BCRYPT_COST).unwrap(),
        );
        assert_ne!(a, b);
        assert!(a.starts_with("$2b$12$") && a.len() == 60, "{a}");
        assert!(verify_password("x", &a) && !verify_password("y", &a));
        // A hash made before bcrypt still verifies.
        let salt = "abcdefghijklmnop";
        let digest = Sha256::digest(format!("{salt}password123").as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let legacy = format!("sha256${salt}${hex}");
        assert!(verify_password("password123", &legacy));
        assert!(!verify_password("password124", &legacy));
        assert!(!verify_password("x", "sha256$broken"));
    }

    #[test]
    fn emails_follow_quay() {
        assert!(quay_valid_email("a@b.c"));
        assert!(!quay_valid_email("a@b"));
        assert!(!quay_valid_email("a@@b.c"));
        assert!(!quay_valid_email("@b.c"));
        assert!(!quay_valid_email("a@b..c"));
    }
}

/// The organizations `user_id` belongs to through a team, by name: (id, name, e-mail).
pub fn organizations_of(
    tx: &Transaction<'_>,
    user_id: i64,
) -> Result<Vec<(i64, String, Option<String>)>, QuayError> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT n.id, n.name, n.email FROM namespace n JOIN team t ON t.org_id = n.id
         JOIN team_member m ON m.team_id = t.id WHERE m.user_id = ?1 ORDER BY n.name",
    )?;
    let rows = stmt.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The OAuth application `initializeUser` mints the first user's token with; its id.
pub fn automation_app(tx: &Transaction<'_>, user_id: i64) -> Result<i64, QuayError> {
    tx.execute(
        "INSERT INTO oauth_application (org_id, client_id, client_secret, name) VALUES (?1, ?2, quay_seal(?3), 'automation')",
        (user_id, random_string(20, true), random_string(40, true)),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Whether a user already has the e-mail address.
pub fn user_email_taken(tx: &Transaction<'_>, email: &str) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM namespace WHERE email = ?1 AND kind = 'user')",
        )?
        .query_row([email], |r| r.get(0))?)
}

/// Sets one of a namespace's settings: `invoice_email`, `invoice_email_address`, `email` or
/// `tag_expiration_s`.
pub fn set_setting(
    tx: &Transaction<'_>,
    id: i64,
    column: Setting,
    value: impl rusqlite::ToSql,
) -> Result<(), QuayError> {
    let sql = match column {
        Setting::InvoiceEmail => "UPDATE namespace SET invoice_email = ?1 WHERE id = ?2",
        Setting::InvoiceEmailAddress => {
            "UPDATE namespace SET invoice_email_address = ?1 WHERE id = ?2"
        }
        Setting::Email => "UPDATE namespace SET email = ?1 WHERE id = ?2",
        Setting::TagExpiration => "UPDATE namespace SET tag_expiration_s = ?1 WHERE id = ?2",
    };
    tx.execute(sql, (value, id))?;
    Ok(())
}

/// The settings [`set_setting`] changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Whether invoices are e-mailed.
    InvoiceEmail,
    /// Where invoices are e-mailed.
    InvoiceEmailAddress,
    /// The contact e-mail address.
    Email,
    /// The time machine window in seconds.
    TagExpiration,
}

/// Whether the registry has no user yet (Quay's `get_active_user_count() == 0`-style check).
pub fn no_users(tx: &Transaction<'_>) -> Result<bool, QuayError> {
    Ok(tx
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM namespace WHERE kind = 'user')")?
        .query_row([], |r| r.get(0))?)
}
