//! The embedded database: SQLite in a file under the data directory (or in memory), versioned
//! migrations, one writer and a pool of readers, and one transaction per request.
//!
//! Every change a request makes runs inside [`Store::write`]: the closure's `Err` rolls the
//! whole transaction back, so a request that fails changes nothing.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{M, Migrations};

use crate::error::QuayError;
use sealed::SecretKey;

pub mod access;
pub mod account;
pub mod apptoken;
pub mod assigned;
pub mod audit;
pub mod authorization;
pub mod build;
pub mod credentials;
pub mod logs;
pub mod message;
pub mod mirror;
pub mod namespace;
pub mod notification;
pub mod org_mirror;
pub mod organization;
pub mod permission;
pub mod prototype;
pub mod quota;
pub mod repository;
pub mod robot;
pub mod sealed;
pub mod search;
pub mod session;
pub mod star;
pub mod superuser;
pub mod team;
mod writer;

/// The versioned schema; append, never edit, a migration once released.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/001_initial.sql")),
        M::up(include_str!("../../migrations/002_log_names.sql")),
        M::up(include_str!("../../migrations/003_sealed_secrets.sql")),
        M::up(include_str!("../../migrations/004_global_messages.sql")),
        M::up(include_str!("../../migrations/005_log_exports.sql")),
        M::up(include_str!("../../migrations/006_app_tokens.sql")),
        M::up(include_str!("../../migrations/007_repo_mirror.sql")),
        M::up(include_str!("../../migrations/008_org_mirror.sql")),
        M::up(include_str!("../../migrations/009_robot_federation.sql")),
        M::up(include_str!("../../migrations/010_prototypes.sql")),
        M::up(include_str!("../../migrations/011_stars.sql")),
        M::up(include_str!("../../migrations/012_notifications.sql")),
        M::up(include_str!("../../migrations/013_sessions.sql")),
        M::up(include_str!("../../migrations/014_login_backoff.sql")),
        M::up(include_str!("../../migrations/015_assigned_tokens.sql")),
        M::up(include_str!("../../migrations/016_builds.sql")),
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
    /// The configured `DATABASE_SECRET_KEY` cannot be used.
    #[error(transparent)]
    SecretKey(#[from] sealed::KeyError),
    /// The database's secrets were sealed with another key.
    #[error(
        "the database's secrets were sealed with another DATABASE_SECRET_KEY than the one configured"
    )]
    WrongSecretKey,
    /// The generated key file could not be read or written.
    #[error("{path}: {error}")]
    KeyFile {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
}

/// The file under the data directory that keeps a generated `DATABASE_SECRET_KEY` when none is
/// configured (readable by its owner only).
pub const KEY_FILE: &str = "database_secret_key";

/// The configured key, else the one kept in the data directory, generated there on first use.
fn data_dir_key(dir: &Path, configured: Option<&str>) -> Result<SecretKey, OpenError> {
    if let Some(secret) = configured {
        return Ok(SecretKey::from_config(secret)?);
    }
    let path = dir.join(KEY_FILE);
    let fail = |error| OpenError::KeyFile {
        path: path.clone(),
        error,
    };
    match std::fs::read_to_string(&path) {
        Ok(secret) => Ok(SecretKey::from_config(secret.trim_end_matches('\n'))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let secret = SecretKey::generate_config_value();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path).map_err(fail)?;
            std::io::Write::write_all(&mut file, format!("{secret}\n").as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(fail)?;
            Ok(SecretKey::from_config(&secret)?)
        }
        Err(e) => Err(fail(e)),
    }
}

/// The database handle; cheap to clone.
///
/// One writer connection serialises the writes (SQLite allows one writer at a time anyway);
/// reads run on a pool of read-only connections beside it, which WAL lets see the last
/// committed state while a write is in progress. Commits are durable (`synchronous = FULL`:
/// the WAL is synced before a write is acknowledged). An in-memory database has no second
/// connection: its reads share the writer.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    /// The writer connection: the writer thread's, and an in-memory database's reads.
    writer: Arc<Mutex<Connection>>,
    /// Writes for the writer thread ([`writer`]).
    jobs: std::sync::mpsc::Sender<writer::Job>,
    readers: Option<Readers>,
    /// Committed writes so far: what was read at one generation holds until the next.
    generation: Arc<AtomicU64>,
}

/// Idle read-only connections; a reader waits for one when all are busy.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    returned: Condvar,
}

impl Readers {
    fn take(&self) -> Connection {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(c) = idle.pop() {
                return c;
            }
            idle = self.returned.wait(idle).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn give_back(&self, conn: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
        self.returned.notify_one();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// Prepared statements kept per connection: every query of the store (queries are prepared
/// once per connection, not per request).
const STATEMENT_CACHE: usize = 256;

/// Read-only connections beside the writer: one per core, at least two.
fn reader_count() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8)
}

impl Store {
    /// Opens (creating and migrating) `quay.db` under `dir`, its secrets sealed with the key
    /// kept in the data directory ([`KEY_FILE`], generated when missing).
    pub fn open(dir: &Path) -> Result<Self, OpenError> {
        Self::open_with_secret(dir, None)
    }

    /// Opens (creating and migrating) `quay.db` under `dir`, its secrets sealed with the
    /// configured `DATABASE_SECRET_KEY`, or without one with the key kept in the data directory.
    /// A database sealed with another key is refused ([`OpenError::WrongSecretKey`]).
    pub fn open_with_secret(dir: &Path, secret: Option<&str>) -> Result<Self, OpenError> {
        let key = data_dir_key(dir, secret)?;
        let path = dir.join("quay.db");
        let mut writer = Connection::open(&path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "FULL")?;
        Self::prepare(&mut writer, &key)?;
        let mut idle = Vec::new();
        for _ in 0..reader_count() {
            let reader = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            reader.busy_timeout(std::time::Duration::from_secs(5))?;
            reader.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            reader.pragma_update(None, "foreign_keys", "ON")?;
            key.register(&reader)?;
            idle.push(reader);
        }
        Ok(Self::from_parts(
            writer,
            Some(Readers {
                idle: Mutex::new(idle),
                returned: Condvar::new(),
            }),
        ))
    }

    /// A fresh in-memory database, its secrets sealed with a random key.
    pub fn in_memory() -> Result<Self, OpenError> {
        let key = SecretKey::from_config(&SecretKey::generate_config_value())?;
        let mut conn = Connection::open_in_memory()?;
        Self::prepare(&mut conn, &key)?;
        Ok(Self::from_parts(conn, None))
    }

    fn prepare(conn: &mut Connection, key: &SecretKey) -> Result<(), OpenError> {
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        key.register(conn)?;
        migrations().to_latest(conn)?;
        // The probe the first sealing migration wrote opens only with the same key.
        let probe: String =
            conn.query_row("SELECT sealed FROM secret_key_probe", [], |r| r.get(0))?;
        key.open(&probe).map_err(|_| OpenError::WrongSecretKey)?;
        Ok(())
    }

    fn from_parts(writer: Connection, readers: Option<Readers>) -> Self {
        let writer = Arc::new(Mutex::new(writer));
        let generation = Arc::new(AtomicU64::new(0));
        let jobs = writer::spawn(writer.clone(), generation.clone());
        Self {
            inner: Arc::new(Inner {
                writer,
                jobs,
                readers,
                generation,
            }),
        }
    }

    /// Runs `f` as one write: its changes are kept when it returns `Ok` and undone when it
    /// returns `Err` (or panics), and it is answered once they are durably committed. Runs on
    /// the writer thread, committed together with the writes waiting beside it (group commit).
    pub async fn write<T, F>(&self, f: F) -> Result<T, QuayError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.inner
            .jobs
            .send(writer::job(audit::carry(f), reply))
            .map_err(|_| QuayError::internal("the database writer has stopped"))?;
        answer
            .await
            .map_err(|_| QuayError::internal("the write was not committed"))?
    }

    /// How many writes were committed: anything read while it stays the same is still what the
    /// database holds (caches compare it before and after reading).
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Runs a read-only `f` in a transaction (one consistent snapshot) on a reader connection,
    /// never committed; a write inside it fails. Runs on the blocking thread pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, QuayError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || match &inner.readers {
            Some(readers) => {
                let mut conn = readers.take();
                let out = match conn.transaction() {
                    Ok(tx) => f(&tx),
                    Err(e) => Err(QuayError::internal(e)),
                };
                readers.give_back(conn);
                out
            }
            None => {
                let mut guard = inner.writer.lock().unwrap_or_else(|p| p.into_inner());
                let tx = guard.transaction().map_err(QuayError::internal)?;
                f(&tx)
            }
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
        let mut conn = Connection::open_in_memory().unwrap();
        SecretKey::from_config("k")
            .unwrap()
            .register(&conn)
            .unwrap();
        migrations().to_latest(&mut conn).unwrap();
    }

    #[test]
    fn the_sealing_migration_seals_what_an_older_database_kept_in_the_clear() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quay.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, 2).unwrap();
            conn.execute_batch(
                "INSERT INTO namespace (id, name, kind, created_at) VALUES (1, 'org', 'org', 'now');
                 INSERT INTO namespace (name, kind, owner_id, robot_token, created_at)
                     VALUES ('org+bot', 'robot', 1, 'ROBOTTOKEN', 'now');
                 INSERT INTO oauth_application (org_id, client_id, client_secret, name)
                     VALUES (1, 'CLIENT', 'CLIENTSECRET', 'app');
                 INSERT INTO proxy_cache_config (org_id, upstream_registry, username, password)
                     VALUES (1, 'quay.io', 'upstream-user', 'UPSTREAMPASSWORD');",
            )
            .unwrap();
        }
        let store = Store::open_with_secret(dir.path(), Some("the key")).unwrap();
        drop(store);
        let raw = Connection::open(&path).unwrap();
        let stored: (String, String, String, String) = raw
            .query_row(
                "SELECT n.robot_token, a.client_secret, p.username, p.password
                 FROM namespace n, oauth_application a, proxy_cache_config p
                 WHERE n.kind = 'robot'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        let key = SecretKey::from_config("the key").unwrap();
        for (sealed, plain) in [
            (&stored.0, "ROBOTTOKEN"),
            (&stored.1, "CLIENTSECRET"),
            (&stored.2, "upstream-user"),
            (&stored.3, "UPSTREAMPASSWORD"),
        ] {
            assert!(sealed.starts_with("v0$$"), "{sealed}");
            assert!(!sealed.contains(plain));
            assert_eq!(key.open(sealed).unwrap(), plain);
        }
        // Another key is refused before anything is read or written.
        assert!(matches!(
            Store::open_with_secret(dir.path(), Some("another key")),
            Err(OpenError::WrongSecretKey)
        ));
        Store::open_with_secret(dir.path(), Some("the key")).unwrap();
    }

    #[test]
    fn a_generated_key_is_kept_in_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let file = dir.path().join(KEY_FILE);
        let secret = std::fs::read_to_string(&file).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Reopening reads the same key; configuring it explicitly is the same key.
        drop(Store::open(dir.path()).unwrap());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), secret);
        drop(Store::open_with_secret(dir.path(), Some(secret.trim())).unwrap());
        assert!(matches!(
            Store::open_with_secret(dir.path(), Some("not it")),
            Err(OpenError::WrongSecretKey)
        ));
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
                tx.prepare_cached("SELECT count(*) FROM namespace")?
                    .query_row([], |r| r.get(0))
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
            let conn = store.inner.writer.lock().unwrap();
            conn.execute(
                "INSERT INTO namespace (name, kind, created_at) VALUES ('kept', 'user', 'now')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        let conn = store.inner.writer.lock().unwrap();
        let name: String = conn
            .query_row("SELECT name FROM namespace", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "kept");
    }

    #[tokio::test]
    async fn reads_run_beside_a_write_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO namespace (name, kind, created_at) VALUES ('a', 'user', 'now')",
                    [],
                )?;
                Ok(())
            })
            .await
            .unwrap();
        // A write holds the writer until told to finish; a read meanwhile sees the last commit.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let (started, is_started) = tokio::sync::oneshot::channel::<()>();
        let writer = store.clone();
        let pending = tokio::spawn(async move {
            writer
                .write(move |tx| {
                    tx.execute(
                        "INSERT INTO namespace (name, kind, created_at) VALUES ('b', 'user', 'now')",
                        [],
                    )?;
                    let _ = started.send(());
                    let _ = wait.recv();
                    Ok(())
                })
                .await
        });
        is_started.await.unwrap();
        let count = |store: Store| async move {
            store
                .read(|tx| {
                    Ok(tx
                        .prepare_cached("SELECT count(*) FROM namespace")?
                        .query_row([], |r| r.get::<_, i64>(0))?)
                })
                .await
                .unwrap()
        };
        assert_eq!(count(store.clone()).await, 1);
        go.send(()).unwrap();
        pending.await.unwrap().unwrap();
        assert_eq!(count(store.clone()).await, 2);
        let refused = store
            .read(|tx| {
                tx.execute("DELETE FROM namespace", [])?;
                Ok(())
            })
            .await;
        assert!(refused.is_err());
        assert_eq!(count(store).await, 2);
    }
}
