//! Quay's sign-in back-off (`verify_user`): after failed password checks of a user, its next
//! password check is refused until `0.5 * (2^n - 1)` seconds after the last failure (`n` failures
//! in a row), even with the right password; a good check clears the count.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use crate::error::QuayError;
use crate::time::{now_db, parse_db};

/// Quay's `exponential_backoff` with `EXPONENTIAL_BACKOFF_SCALE` of one second: when a user
/// with `attempts` failures, the last at `last`, may try again.
pub fn retry_at(attempts: i64, last: DateTime<Utc>) -> DateTime<Utc> {
    let exponent = attempts.clamp(0, 40) as u32;
    let millis = 500i64.saturating_mul((1i64 << exponent) - 1);
    last + chrono::Duration::milliseconds(millis)
}

/// Seconds until the user may check a password again, if it must wait.
pub fn wait(tx: &Transaction<'_>, user_id: i64) -> Result<Option<f64>, QuayError> {
    let row: Option<(i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT invalid_login_attempts, last_invalid_login FROM namespace WHERE id = ?1",
        )?
        .query_row([user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((attempts, Some(last))) = row else {
        return Ok(None);
    };
    let Some(last) = parse_db(&last) else {
        return Ok(None);
    };
    if attempts <= 0 {
        return Ok(None);
    }
    let left = retry_at(attempts, last) - Utc::now();
    Ok((left > chrono::Duration::zero()).then(|| left.num_milliseconds() as f64 / 1000.0))
}

/// Records a password check: a failure counts (and is timed), a success clears the count.
pub fn record(tx: &Transaction<'_>, user_id: i64, ok: bool) -> Result<(), QuayError> {
    if ok {
        tx.execute(
            "UPDATE namespace SET invalid_login_attempts = 0
             WHERE id = ?1 AND invalid_login_attempts > 0",
            [user_id],
        )?;
    } else {
        tx.execute(
            "UPDATE namespace SET invalid_login_attempts = invalid_login_attempts + 1,
                                  last_invalid_login = ?2 WHERE id = ?1",
            rusqlite::params![user_id, now_db()],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_with_each_failure() {
        let t0 = Utc::now();
        let wait = |n| (retry_at(n, t0) - t0).num_milliseconds();
        assert_eq!([wait(0), wait(1), wait(2), wait(3)], [0, 500, 1500, 3500]);
        assert!(wait(1000) > 0);
    }
}
