//! `quay-server`: a reference server that behaves like Quay for every operation of openapi.yaml.
//!
//! ```text
//! quay-server [--listen 127.0.0.1:8080] [--data-dir ./quay-data] [--config config.yaml]
//! quay-server mint-token --user quayadmin --scopes "org:admin super:user" [--data-dir ...]
//! quay-server spec [--yaml]
//! quay-server discovery [--internal]
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quay_server::auth::Scopes;
use quay_server::{AppState, Config, Store};

#[derive(Parser, Debug)]
#[command(
    name = "quay-server",
    version,
    about = "A reference server that behaves like Red Hat Quay's REST API v1"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "QUAY_SERVER_LISTEN")]
    listen: SocketAddr,
    /// Directory of the SQLite database (created if missing).
    #[arg(long, default_value = "./quay-data", env = "QUAY_SERVER_DATA_DIR")]
    data_dir: PathBuf,
    /// A YAML file of Quay settings (SUPER_USERS, FEATURE_*, ...).
    #[arg(long, env = "QUAY_SERVER_CONFIG")]
    config: Option<PathBuf>,
    /// Keep everything in memory (nothing survives a restart).
    #[arg(long)]
    in_memory: bool,
    /// Let a superuser's scShutdownContainer stop the server (without it, the call answers and
    /// nothing stops, as Quay in debugging mode).
    #[arg(long)]
    allow_shutdown: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Mints an OAuth access token for an existing user and prints it.
    MintToken {
        /// The user the token belongs to.
        #[arg(long)]
        user: String,
        /// Space- or comma-separated scopes.
        #[arg(
            long,
            default_value = "repo:read repo:write repo:admin repo:create user:read user:admin org:admin super:user"
        )]
        scopes: String,
    },
    /// Prints the server's generated OpenAPI document.
    Spec {
        /// YAML instead of JSON.
        #[arg(long)]
        yaml: bool,
    },
    /// Prints the discovery document (Swagger 2.0) for the configuration, as
    /// `/api/v1/discovery` serves it (host: SERVER_HOSTNAME, else the listen address).
    Discovery {
        /// Include the internal operations (`internal=true`).
        #[arg(long)]
        internal: bool,
    },
}

fn open_store(cli: &Cli, config: &Config) -> Result<Store, String> {
    if cli.in_memory {
        return Store::in_memory().map_err(|e| e.to_string());
    }
    std::fs::create_dir_all(&cli.data_dir)
        .map_err(|e| format!("cannot create {}: {e}", cli.data_dir.display()))?;
    Store::open_with_secret(&cli.data_dir, config.DATABASE_SECRET_KEY.as_deref())
        .map_err(|e| format!("{}: {e}", cli.data_dir.display()))
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = match &cli.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    match &cli.command {
        Some(Command::Spec { yaml }) => {
            let state = AppState::new(Store::in_memory().map_err(|e| e.to_string())?, config);
            let api = quay_server::api::service(&state);
            println!("{}", if *yaml { api.spec_yaml() } else { api.spec() });
            Ok(())
        }
        Some(Command::Discovery { internal }) => {
            let listen = cli.listen.to_string();
            let host = config.SERVER_HOSTNAME.clone().unwrap_or(listen);
            let doc = quay_server::api::discovery::document(
                &config,
                &host,
                &config.PREFERRED_URL_SCHEME,
                *internal,
            );
            println!("{doc:#}");
            Ok(())
        }
        Some(Command::MintToken { user, scopes }) => {
            let scopes = Scopes::parse(scopes).map_err(|s| format!("unknown scope {s:?}"))?;
            let store = open_store(&cli, &config)?;
            let user = user.clone();
            let token = store
                .write(move |tx| {
                    let u = quay_server::store::namespace::by_name_kind(tx, &user, "user")?
                        .ok_or_else(|| {
                            quay_server::error::QuayError::message(404, format!("no user {user}"))
                        })?;
                    Ok(quay_server::store::namespace::mint_token(
                        tx,
                        u.id,
                        scopes,
                        None,
                        "mint-token",
                        None,
                    )?
                    .1)
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        None => {
            let store = open_store(&cli, &config)?;
            let stop = std::sync::Arc::new(tokio::sync::Notify::new());
            let mut state = AppState::new(store, config);
            if cli.allow_shutdown {
                state = state.with_shutdown(stop.clone());
            }
            let running = quay_server::start(state, cli.listen)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
            let url = running.url();
            tracing::info!(%url, "quay-server listening");
            tracing::info!(
                "OpenAPI document: {url}/api/v1/openapi.yaml, Swagger UI: {url}/api/v1/docs"
            );
            tracing::info!(
                "bootstrap the first user: curl -X POST {url}/api/v1/user/initialize -H 'Content-Type: application/json' -d '{{\"username\": \"quayadmin\", \"password\": \"password123\", \"email\": \"quayadmin@example.com\", \"access_token\": true}}'"
            );
            tokio::select! {
                signal = tokio::signal::ctrl_c() => signal.map_err(|e| e.to_string())?,
                () = stop.notified() => tracing::info!("asked to shut down (scShutdownContainer)"),
            }
            tracing::info!("shutting down");
            running.stop().await;
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quay-server: {e}");
            ExitCode::FAILURE
        }
    }
}
