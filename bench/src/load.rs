//! A closed-loop load generator: `connections` tasks each sending one request after another
//! until the time is up; the same client for the server and for its baseline.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What one request is.
#[derive(Clone)]
pub struct Request {
    /// Method.
    pub method: reqwest::Method,
    /// The URL; `{n}` is replaced by a number unique to the request.
    pub url: String,
    /// Bearer token.
    pub token: Option<String>,
    /// JSON body.
    pub body: Option<serde_json::Value>,
}

/// Successful (2xx) requests per second, and how many were not successful.
pub async fn throughput(request: Request, connections: usize, duration: Duration) -> (f64, u64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .expect("a client");
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, request) = (client.clone(), request.clone());
            let (ok, failed, next) = (ok.clone(), failed.clone(), next.clone());
            tokio::spawn(async move {
                while started.elapsed() < duration {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let mut r = client.request(
                        request.method.clone(),
                        request.url.replace("{n}", &n.to_string()),
                    );
                    if let Some(t) = &request.token {
                        r = r.bearer_auth(t);
                    }
                    if let Some(b) = &request.body {
                        r = r.json(b);
                    }
                    let good = match r.send().await {
                        Ok(resp) => {
                            let status = resp.status();
                            resp.bytes().await.is_ok() && status.is_success()
                        }
                        Err(_) => false,
                    };
                    if good { &ok } else { &failed }.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let secs = started.elapsed().as_secs_f64();
    (
        ok.load(Ordering::Relaxed) as f64 / secs,
        failed.load(Ordering::Relaxed),
    )
}

/// The median of `samples` (sorted in place).
pub fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}
