//! The checks of a new user account (Quay's `create_user_noverify`), shared by createInstallUser
//! and createNewUser, which word their refusals differently.

use rusqlite::Transaction;

use super::namespace;
use super::superuser::user_email_taken;
use crate::error::QuayError;

/// Checks `username` and `email` for a new user and returns the address to store: with
/// `mailing` a valid, unused one is required; without it a missing one becomes a unique
/// placeholder (Quay stores a UUID). `refuse` words a refusal.
pub fn check_new_user(
    tx: &Transaction<'_>,
    mailing: bool,
    username: &str,
    email: Option<&str>,
    refuse: &dyn Fn(String) -> QuayError,
) -> Result<String, QuayError> {
    let stored_email = if mailing {
        match email {
            Some(e) if namespace::quay_valid_email(e) => e.to_string(),
            other => {
                return Err(refuse(format!(
                    "Invalid email address: {}",
                    other.unwrap_or("None")
                )));
            }
        }
    } else {
        email
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
    };
    namespace::check_name(username)
        .map_err(|r| refuse(format!("Invalid namespace {username}: {r}")))?;
    if let Some(existing) = namespace::by_name(tx, username)? {
        return Err(refuse(if existing.kind == "org" {
            format!(
                "Username has already been taken by an organization and cannot be reused: {username}"
            )
        } else {
            format!("Username has already been taken by user cannot be reused: {username}")
        }));
    }
    if user_email_taken(tx, &stored_email)? {
        return Err(refuse(if mailing {
            format!("Email has already been used: {stored_email}")
        } else {
            // Quay leaves this to the database's unique index (PostgreSQL's text).
            format!(
                "duplicate key value violates unique constraint \"user_email\"\nDETAIL:  Key (email)=({stored_email}) already exists.\n"
            )
        }));
    }
    Ok(stored_email)
}
