//! The embedded database: SQLite in a file under the data directory (or in memory), versioned
//! migrations, and one transaction per request.
//!
//! Every change a request makes runs inside [`Store::write`]: the closure's `Err` rolls the
//! whole transaction back, so a request that fails changes nothing.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{M, Migrations};

use crate::error::QuayError;

pub mod access;
pub mod namespace;
pub mod organization;
pub mod permission;
pub mod quota;
pub mod repository;
pub mod robot;
pub mod superuser;
pub mod team;

/// The versioned schema; append, never edit, a migration once released.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/001_initial.sql")),
        M::up(include_str!("../../migrations/002_log_names.sql")),
    ])
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// SQLite refused.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// The database handle; cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Store {
    /// Opens (creating and migrating) `quay.db` under `dir`.
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        Self::setup(Connection::open(dir.join("quay.db"))?)
    }

    /// A fresh in-memory database, for tests.
    pub fn in_memory() -> Result<Self, OpenError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self, OpenError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL").ok();
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` in a transaction that is committed when it returns `Ok` and rolled back when it
    /// returns `Err`. Runs on the blocking thread pool.
    pub async fn write<T, F>(&self, f: F) -> Result<T, QuayError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
    {
        self.run(true, f).await
    }

    /// Runs a read-only `f` (in a transaction that is never committed).
    pub async fn read<T, F>(&self, f: F) -> Result<T, QuayError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
    {
        self.run(false, f).await
    }

    /// Runs `f` in a transaction on the blocking thread pool, committed after `Ok` if `commit`.
    async fn run<T, F>(&self, commit: bool, f: F) -> Result<T, QuayError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            let tx = guard.transaction().map_err(QuayError::internal)?;
            let out = f(&tx)?;
            if commit {
                tx.commit().map_err(QuayError::internal)?;
            }
            Ok(out)
        })
        .await
        .map_err(QuayError::internal)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[tokio::test]
    async fn a_failing_write_changes_nothing() {
        let store = Store::in_memory().unwrap();
        let result: Result<(), QuayError> = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO namespace (name, kind, created_at) VALUES ('a', 'user', 'now')",
                    [],
                )
                .map_err(QuayError::internal)?;
                Err(QuayError::message(400, "refused"))
            })
            .await;
        assert!(result.is_err());
        let count: i64 = store
            .read(|tx| {
                tx.query_row("SELECT count(*) FROM namespace", [], |r| r.get(0))
                    .map_err(QuayError::internal)
            })
            .await
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            let conn = store.conn.lock().unwrap();
            conn.execute(
                "INSERT INTO namespace (name, kind, created_at) VALUES ('kept', 'user', 'now')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let conn = store.conn.lock().unwrap();
        let name: String = conn
            .query_row("SELECT name FROM namespace", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "kept");
    }
}
