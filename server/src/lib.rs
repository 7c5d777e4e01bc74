//! # quay-server
//!
//! A reference server that behaves like Red Hat Quay for every operation of the project's
//! `openapi.yaml`, on an embedded SQLite database, so SDKs and automation can be tested without
//! a Quay deployment (as stripe-mock does for Stripe).
//!
//! The layout mirrors the spec's tags: [`api`] holds one `#[OpenApi]` implementation per tag,
//! [`models`] the schemas, [`store`] the database. Around the handlers, [`middleware`] does
//! what Quay does before its handlers run (trailing slashes, identity, CSRF, read-only mode).
#![deny(missing_docs)]

pub mod api;
pub mod auth;
pub mod body;
pub mod config;
pub mod error;
pub mod middleware;
pub mod models;
pub mod params;
pub mod reply;
pub mod ssrf;
pub mod store;
pub mod time;

pub use api::{AppState, app};
pub use config::Config;
pub use store::Store;

/// A running server: its address, and a handle that stops it when dropped or on [`Running::stop`].
pub struct Running {
    /// The address it listens on.
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The base URL, `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the server on `addr` (port 0: a free port) in the current runtime.
pub async fn start(state: AppState, addr: std::net::SocketAddr) -> std::io::Result<Running> {
    use poem::listener::{Acceptor, Listener, TcpListener};
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    let local = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| std::io::Error::other("no local address"))?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = poem::Server::new_with_acceptor(acceptor);
    let task = tokio::spawn(async move {
        server
            .run_with_graceful_shutdown(
                app(state),
                async {
                    let _ = rx.await;
                },
                Some(std::time::Duration::from_secs(5)),
            )
            .await
    });
    Ok(Running {
        addr: local,
        stop: Some(tx),
        task,
    })
}
