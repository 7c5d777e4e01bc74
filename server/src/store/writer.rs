//! Group commit: one thread owns the writes. It takes every write waiting when it is free, runs
//! each in a savepoint of one transaction (a write that fails, or panics, is rolled back to its
//! savepoint and changes nothing), commits the batch with one durable sync, and only then
//! answers each write: an acknowledged write is on disk, and 32 writers share a sync instead of
//! queueing for one each.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::QuayError;

/// Writes committed together at most.
const MAX_BATCH: usize = 64;

/// A write: runs in its savepoint and tells whether it succeeded, and how to answer once the
/// batch's commit is known.
pub(super) type Job = Box<dyn FnOnce(&Transaction<'_>) -> Ran + Send>;

/// What a write did.
pub(super) struct Ran {
    /// Its changes are to be kept.
    pub ok: bool,
    /// Answers the caller: with the write's own result when the commit succeeded (or the write
    /// failed), else with the commit's error.
    pub answer: Box<dyn FnOnce(Option<QuayError>) + Send>,
}

/// Wraps a closure as a [`Job`] whose answer goes to `reply`.
pub(super) fn job<T, F>(f: F, reply: tokio::sync::oneshot::Sender<Result<T, QuayError>>) -> Job
where
    T: Send + 'static,
    F: FnOnce(&Transaction<'_>) -> Result<T, QuayError> + Send + 'static,
{
    Box::new(move |tx| {
        let out = f(tx);
        Ran {
            ok: out.is_ok(),
            answer: Box::new(move |commit_failed| {
                let out = match (out, commit_failed) {
                    (Ok(_), Some(e)) => Err(e),
                    (out, _) => out,
                };
                let _ = reply.send(out);
            }),
        }
    })
}

/// Starts the writer thread; it ends when every sender is gone.
pub(super) fn spawn(conn: Arc<Mutex<Connection>>, generation: Arc<AtomicU64>) -> Sender<Job> {
    let (send, jobs) = std::sync::mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("quay-store-writer".into())
        .spawn(move || run(&conn, &generation, &jobs))
        .expect("the writer thread starts");
    send
}

fn run(conn: &Mutex<Connection>, generation: &AtomicU64, jobs: &Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
        commit_batch(&mut guard, generation, batch);
    }
}

/// Runs a batch in one transaction; a write dropped unanswered is answered with an internal
/// error by its caller.
fn commit_batch(conn: &mut Connection, generation: &AtomicU64, batch: Vec<Job>) {
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, "cannot begin a write transaction");
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        if tx.execute_batch("SAVEPOINT write").is_err() {
            break;
        }
        let ran = catch_unwind(AssertUnwindSafe(|| job(&tx)));
        let keep = matches!(&ran, Ok(ran) if ran.ok);
        let closed = if keep {
            tx.execute_batch("RELEASE write")
        } else {
            tx.execute_batch("ROLLBACK TO write; RELEASE write")
        };
        if let Err(e) = closed {
            // The transaction's state is unknown: nothing of the batch is kept.
            tracing::error!(error = %e, "cannot close a write's savepoint");
            let _ = tx.rollback();
            return;
        }
        if let Ok(ran) = ran {
            answers.push(ran.answer);
        }
    }
    match tx.commit() {
        Ok(()) => {
            generation.fetch_add(1, Ordering::Release);
            for answer in answers {
                answer(None);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot commit a batch of writes");
            for answer in answers {
                answer(Some(QuayError::internal(&e)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::QuayError;
    use crate::store::Store;

    fn insert(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<(), QuayError> {
        tx.execute(
            "INSERT INTO namespace (name, kind, created_at) VALUES (?1, 'user', 'now')",
            [name],
        )?;
        Ok(())
    }

    async fn names(store: &Store) -> Vec<String> {
        store
            .read(|tx| {
                let mut stmt = tx.prepare("SELECT name FROM namespace ORDER BY id")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<Vec<String>, _>>()?)
            })
            .await
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_waiting_together_commit_together_and_a_failing_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // Hold the writer in a first write while three more queue behind it.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let (started, is_started) = tokio::sync::oneshot::channel::<()>();
        let first = {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .write(move |tx| {
                        insert(tx, "first")?;
                        let _ = started.send(());
                        let _ = wait.recv();
                        Ok(())
                    })
                    .await
            })
        };
        is_started.await.unwrap();
        let before = store.generation();
        let queued: Vec<_> = ["kept", "refused", "also-kept", "panics"]
            .into_iter()
            .map(|name| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .write(move |tx| {
                            insert(tx, name)?;
                            match name {
                                "refused" => Err(QuayError::message(400, "refused")),
                                "panics" => panic!("a write that panics"),
                                _ => Ok(()),
                            }
                        })
                        .await
                })
            })
            .collect();
        // Let them reach the queue, then release the first write.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        go.send(()).unwrap();
        first.await.unwrap().unwrap();
        let mut results = Vec::new();
        for q in queued {
            results.push(q.await.unwrap());
        }
        assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
        assert!(
            matches!(&results[1], Err(e) if e.status() == 400),
            "{results:?}"
        );
        assert!(
            matches!(&results[3], Err(e) if e.status() == 500),
            "{results:?}"
        );
        // The first write's commit, then one commit for the three that waited.
        assert_eq!(store.generation(), before + 2);
        assert_eq!(names(&store).await, ["first", "kept", "also-kept"]);
        // The writer survived the panic.
        store.write(|tx| insert(tx, "after")).await.unwrap();
        drop(store);
        // Everything acknowledged is in the file.
        let reopened = Store::open(dir.path()).unwrap();
        assert_eq!(
            names(&reopened).await,
            ["first", "kept", "also-kept", "after"]
        );
    }
}
