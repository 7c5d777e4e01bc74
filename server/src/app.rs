//! The whole application (the API in Quay's request pipeline, the generated document, Swagger
//! UI) and the running server.

use std::sync::Arc;

use poem::{Endpoint, EndpointExt, Route};

use crate::api::service;
use crate::state::AppState;

/// The whole application: the API with Quay's pipeline, the generated document at
/// `/api/v1/openapi.json` and `.yaml`, Swagger UI at `/api/v1/docs`.
pub fn app(state: AppState) -> impl Endpoint<Output = poem::Response> {
    let api = service(&state);
    let json = api.spec_endpoint();
    let yaml = api.spec_endpoint_yaml();
    let ui = api.swagger_ui();
    let exports = exported_logs(state.clone());
    let assign = crate::oauthweb::endpoint(state.clone());
    let route = Route::new()
        .nest("/", api)
        .at("/exportedlogs/:export_id", exports)
        .at(crate::oauthweb::ASSIGN_USER, assign)
        .at(
            "/userfiles/:file_id",
            crate::userfiles::endpoint(state.clone()),
        )
        .at("/api/v1/openapi.json", json)
        .at("/api/v1/openapi.yaml", yaml)
        .nest("/api/v1/docs", ui);
    let route = Arc::new(route);
    poem::endpoint::make(move |req| {
        let ep = route.clone();
        let state = state.clone();
        async move { crate::middleware::quay(ep, state, req).await }
    })
    .map_to_response()
}

/// `GET /exportedlogs/<id>`: a finished log export's document (Quay serves the exported file
/// from its storage there); 404 while it is queued or for an unknown id.
fn exported_logs(state: AppState) -> impl Endpoint<Output = poem::Response> {
    poem::endpoint::make(move |req: poem::Request| {
        let state = state.clone();
        async move {
            let id = req
                .uri()
                .path()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let found = state
                .store
                .read(move |tx| crate::store::logs::export_document(tx, &id))
                .await;
            let response = match found {
                Ok(Some((_, Some(document)))) => poem::Response::builder()
                    .content_type("application/json")
                    .body(document),
                Ok(_) => poem::Response::builder()
                    .status(poem::http::StatusCode::NOT_FOUND)
                    .content_type("text/html; charset=utf-8")
                    .body(crate::middleware::NOT_FOUND_PAGE),
                Err(e) => poem::IntoResponse::into_response(e),
            };
            Ok::<_, poem::Error>(response)
        }
    })
    .map_to_response()
}

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

/// Starts the server on `addr` (port 0: a free port) in the current runtime, after creating
/// this start's instance service key as Quay's boot does.
pub async fn start(state: AppState, addr: std::net::SocketAddr) -> std::io::Result<Running> {
    use poem::listener::{Acceptor, Listener, TcpListener};
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    let local = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| std::io::Error::other("no local address"))?;
    // As Quay's boot: a fresh instance service key for every start (not when read-only).
    let audience = crate::api::superuser::instance_key::audience(&state.config, local);
    crate::api::superuser::instance_key::setup(&state, audience)
        .await
        .map_err(|e| {
            std::io::Error::other(format!("cannot create the instance service key: {e}"))
        })?;
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
