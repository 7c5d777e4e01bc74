//! The `org_mirror` tag: an organization that mirrors every repository of a Harbor project or
//! a Quay organization. Registered by Quay only when `FEATURE_ORG_MIRROR` is on; every call
//! needs an administrator of the organization (token scope `org:admin`).
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use quay_sdk::Client;
//! use quay_sdk::models::{NewOrgMirrorConfig, OrgMirrorRegistryType, OrgMirrorVisibility, Timestamp};
//!
//! let quay = Client::new("https://quay.example.com", "TOKEN")?;
//! let mirror = quay.organization("acme-mirror").mirror();
//! mirror
//!     .create(
//!         &NewOrgMirrorConfig::new(
//!             OrgMirrorRegistryType::Harbor,
//!             "https://harbor.example.com",
//!             "library",
//!             "acme-mirror+sync",
//!             OrgMirrorVisibility::Private,
//!             3600,
//!             Timestamp::whole_seconds(quay_sdk::chrono::Utc::now()),
//!         )
//!         .repository_filters(vec!["app-*".to_string()]),
//!     )
//!     .await?;
//! let check = mirror.verify().await?;
//! println!("{}: {}", check.success, check.message);
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::models::{NewOrgMirrorConfig, OrgMirrorConfigChanges};
use crate::requests::*;

use super::OrganizationHandler;

/// The mirror configuration of one organization, from [`OrganizationHandler::mirror`].
#[derive(Debug, Clone)]
pub struct OrgMirrorHandler {
    client: Client,
    org: String,
}

impl OrganizationHandler {
    /// The organization's mirror of a source namespace.
    pub fn mirror(&self) -> OrgMirrorHandler {
        OrgMirrorHandler {
            client: self.client.clone(),
            org: self.name.clone(),
        }
    }
}

impl OrgMirrorHandler {
    /// `getOrgMirrorConfig`: the configuration (never the password); 404 when there is none.
    pub fn get(&self) -> GetOrgMirrorConfigRequest {
        GetOrgMirrorConfigRequest::new(&self.client, &self.org)
    }

    /// `createOrgMirrorConfig`: makes the (empty) organization a mirror; a second one, or an
    /// organization with repositories or a proxy cache, is refused with 400.
    pub fn create(&self, config: &NewOrgMirrorConfig) -> CreateOrgMirrorConfigRequest {
        CreateOrgMirrorConfigRequest::new(&self.client, &self.org, config.clone())
    }

    /// `updateOrgMirrorConfig`: changes the fields `changes` sets.
    pub fn update(&self, changes: &OrgMirrorConfigChanges) -> UpdateOrgMirrorConfigRequest {
        UpdateOrgMirrorConfigRequest::new(&self.client, &self.org, changes.clone())
    }

    /// `deleteOrgMirrorConfig`: removes the configuration; the mirrored repositories stay,
    /// writable again.
    pub fn delete(&self) -> DeleteOrgMirrorConfigRequest {
        DeleteOrgMirrorConfigRequest::new(&self.client, &self.org)
    }

    /// `syncOrgMirrorNow`: requests a discovery and sync (400 while one runs).
    pub fn sync_now(&self) -> SyncOrgMirrorNowRequest {
        SyncOrgMirrorNowRequest::new(&self.client, &self.org)
    }

    /// `cancelOrgMirrorSync`: cancels (400 when already cancelled).
    pub fn sync_cancel(&self) -> CancelOrgMirrorSyncRequest {
        CancelOrgMirrorSyncRequest::new(&self.client, &self.org)
    }

    /// `verifyOrgMirrorConnection`: tries the stored configuration against the source; the
    /// outcome is in the answer (`success`, `message`), not in the status.
    pub fn verify(&self) -> VerifyOrgMirrorConnectionRequest {
        VerifyOrgMirrorConnectionRequest::new(&self.client, &self.org)
    }

    /// `listOrgMirrorRepositories`: a page of the repositories discovered in the source.
    pub fn repositories(&self) -> ListOrgMirrorRepositoriesRequest {
        ListOrgMirrorRepositoriesRequest::new(&self.client, &self.org)
    }
}
