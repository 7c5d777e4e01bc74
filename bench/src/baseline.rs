//! The baselines measured in the same run: a bare hyper handler answering fixed bytes, and
//! one-row SQLite commits with the server's durability settings.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// Serves `body` as `application/json` to every request on a free loopback port, until the
/// runtime ends: the floor an HTTP server on this machine can reach.
pub async fn bare_http(body: Bytes) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_req| {
                    let body = body.clone();
                    async move {
                        Ok::<_, Infallible>(
                            hyper::Response::builder()
                                .header("content-type", "application/json")
                                .body(Full::new(body))
                                .expect("a static response"),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(addr)
}

/// Durable one-row commits per second for `duration` on a fresh database file, WAL with
/// `synchronous = FULL` as the server's store: what the disk allows one writer.
pub fn sqlite_commits(dir: &std::path::Path, duration: Duration) -> rusqlite::Result<f64> {
    let conn = rusqlite::Connection::open(dir.join("baseline.db"))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        [],
    )?;
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < duration {
        conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("row {n}")])?;
        n += 1;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}
