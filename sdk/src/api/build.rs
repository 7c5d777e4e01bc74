//! The `build` tag: a repository's builds, requested from an uploaded archive or one at a URL,
//! listed, read and cancelled, and the upload of build archives. A build waits for one of
//! Quay's build workers; its status and logs come from them.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::RepositoryBuildRequest;
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let builds = quay.repository("acme/web")?.builds();
//! let context = std::fs::read("context.tar.gz").expect("a build context");
//! let file_id = quay.upload_build_archive(context, "application/gzip").await?;
//! let build = builds
//!     .request(&RepositoryBuildRequest::new().file_id(file_id).docker_tags(["v1".to_string()]))
//!     .await?;
//! println!("{} is {:?}", build.id, builds.status(&build.id).await?.phase);
//! builds.cancel(&build.id).await?;
//! # Ok(()) }
//! ```

use crate::Result;
use crate::client::Client;
use crate::models::{FileDropRequest, RepositoryBuildRequest};
use crate::path::RepositoryRef;
use crate::requests::*;

use super::RepositoryHandler;

/// The builds of one repository, from [`RepositoryHandler::builds`].
#[derive(Debug, Clone)]
pub struct BuildsHandler {
    client: Client,
    repo: RepositoryRef,
}

impl RepositoryHandler {
    /// The repository's builds (reads need `repo:read`, requests `repo:write`, cancelling
    /// `repo:admin`).
    pub fn builds(&self) -> BuildsHandler {
        BuildsHandler {
            client: self.client.clone(),
            repo: self.repo.clone(),
        }
    }
}

impl BuildsHandler {
    /// `getRepoBuilds`: the newest builds (`.limit(..)`, default 5; `.since(unix seconds)`).
    pub fn list(&self) -> GetRepoBuildsRequest {
        GetRepoBuildsRequest::new(&self.client, self.repo.clone())
    }

    /// `requestRepoBuild`: queues a build of `body`'s archive (`file_id` from
    /// [`Client::upload_build_archive`], or `archive_url`).
    pub fn request(&self, body: &RepositoryBuildRequest) -> RequestRepoBuildRequest {
        RequestRepoBuildRequest::new(&self.client, self.repo.clone(), body.clone())
    }

    /// `getRepoBuild`: one build (404 for an unknown UUID or another repository's build).
    pub fn get(&self, uuid: impl Into<String>) -> GetRepoBuildRequest {
        GetRepoBuildRequest::new(&self.client, self.repo.clone(), uuid)
    }

    /// `getRepoBuildStatus`: the same view (an unknown UUID is a 400 here).
    pub fn status(&self, uuid: impl Into<String>) -> GetRepoBuildStatusRequest {
        GetRepoBuildStatusRequest::new(&self.client, self.repo.clone(), uuid)
    }

    /// `getRepoBuildLogs`: the live log entries from `.start(..)`, or the archive's URL (needs
    /// write permission unless the registry lets readers see build logs).
    pub fn logs(&self, uuid: impl Into<String>) -> GetRepoBuildLogsRequest {
        GetRepoBuildLogsRequest::new(&self.client, self.repo.clone(), uuid)
    }

    /// `cancelRepoBuild`: cancels a build no worker has taken yet (400 otherwise).
    pub fn cancel(&self, uuid: impl Into<String>) -> CancelRepoBuildRequest {
        CancelRepoBuildRequest::new(&self.client, self.repo.clone(), uuid)
    }
}

impl Client {
    /// `getFiledropUrl`: a file id and the URL to `PUT` a file of `mime_type` to.
    pub fn file_drop(&self, mime_type: impl Into<String>) -> GetFiledropUrlRequest {
        GetFiledropUrlRequest::new(self, FileDropRequest::new(mime_type))
    }

    /// Uploads a build archive: getFiledropUrl, then a `PUT` of `content` to the URL it gives
    /// (the registry's user-files storage, which takes no credentials). The file id, for
    /// [`RepositoryBuildRequest::file_id`]. A refused upload is [`crate::Error::Api`] of the operation
    /// `uploadUserFile`.
    pub async fn upload_build_archive(
        &self,
        content: impl Into<reqwest::Body>,
        mime_type: &str,
    ) -> Result<String> {
        const OPERATION: &str = "uploadUserFile";
        let drop = self.file_drop(mime_type).await?;
        let req = self
            .inner
            .http
            .put(&drop.url)
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(content);
        crate::web::send(&self.inner, req, OPERATION).await?;
        Ok(drop.file_id)
    }
}
