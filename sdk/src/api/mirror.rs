//! The `mirror` and `mirrorhealth` tags: a repository's mirror configuration, its syncs, and
//! the health of mirroring. Registered by Quay only when `FEATURE_REPO_MIRROR` is on; every
//! call on a repository needs its admin (token scope `repo:admin`).
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::{NewRepoMirrorConfig, RepoMirrorConfigChanges, RepoMirrorRule};
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let mirror = quay.repository("acme/ubi")?.mirror();
//! let start = quay_sdk::chrono::Utc::now();
//! mirror
//!     .create(&NewRepoMirrorConfig::new(
//!         "registry.access.redhat.com/ubi9/ubi",
//!         quay_sdk::models::Timestamp::whole_seconds(start),
//!         3600,
//!         "acme+mirror",
//!         RepoMirrorRule::tags(["9.*", "latest"]),
//!         300,
//!     ))
//!     .await?;
//! mirror.sync_now().await?;
//! println!("{:?}", mirror.get().await?.sync_status);
//! mirror.update(&RepoMirrorConfigChanges::new().is_enabled(false)).await?;
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::models::{NewRepoMirrorConfig, RepoMirrorConfigChanges};
use crate::path::RepositoryRef;
use crate::requests::*;

use super::RepositoryHandler;

/// The mirror configuration of one repository, from [`RepositoryHandler::mirror`].
#[derive(Debug, Clone)]
pub struct RepoMirrorHandler {
    client: Client,
    repo: RepositoryRef,
}

impl RepositoryHandler {
    /// The repository's mirror configuration and its syncs.
    pub fn mirror(&self) -> RepoMirrorHandler {
        RepoMirrorHandler {
            client: self.client.clone(),
            repo: self.repo.clone(),
        }
    }
}

impl RepoMirrorHandler {
    /// `getRepoMirrorConfig`: the configuration (never the upstream password); 404 when the
    /// repository has none.
    pub fn get(&self) -> GetRepoMirrorConfigRequest {
        GetRepoMirrorConfigRequest::new(&self.client, self.repo.clone())
    }

    /// `createRepoMirrorConfig`: makes the repository a mirror (its state becomes `MIRROR`,
    /// the robot gets `write`); 409 when it has a configuration already.
    pub fn create(&self, config: &NewRepoMirrorConfig) -> CreateRepoMirrorConfigRequest {
        CreateRepoMirrorConfigRequest::new(&self.client, self.repo.clone(), config.clone())
    }

    /// `changeRepoMirrorConfig`: changes the fields `changes` sets.
    pub fn update(&self, changes: &RepoMirrorConfigChanges) -> ChangeRepoMirrorConfigRequest {
        ChangeRepoMirrorConfigRequest::new(&self.client, self.repo.clone(), changes.clone())
    }

    /// `syncNow`: requests a sync at the next worker pass (404 while one runs).
    pub fn sync_now(&self) -> SyncNowRequest {
        SyncNowRequest::new(&self.client, self.repo.clone())
    }

    /// `syncCancel`: cancels a requested or running sync (404 when there is none).
    pub fn sync_cancel(&self) -> SyncCancelRequest {
        SyncCancelRequest::new(&self.client, self.repo.clone())
    }
}

impl Client {
    /// `getRepositoryMirrorHealth`: how mirroring fares, registry-wide (superusers) or for
    /// `.namespace(..)`. An unhealthy report comes as a 503 error;
    /// [`crate::models::MirrorHealth::from_error`] reads it back.
    pub fn mirror_health(&self) -> GetRepositoryMirrorHealthRequest {
        GetRepositoryMirrorHealthRequest::new(self)
    }
}
