//! The `logs` tag: the audit logs of a repository, the signed-in user and an organization, and
//! their daily counts.
//!
//! ```no_run
//! # async fn run() -> quay_sdk::Result<()> {
//! use futures_util::TryStreamExt;
//! use quay_sdk::Client;
//!
//! let client = Client::new("https://quay.example.com", "TOKEN")?;
//! // Every entry of the last week, newest first, page after page.
//! let entries: Vec<_> = client
//!     .organization("acme")
//!     .logs()
//!     .starttime("11/26/2026")
//!     .stream()
//!     .try_collect()
//!     .await?;
//! let counts = client.organization("acme").aggregate_logs().await?;
//! for c in counts.aggregated {
//!     println!("{} {} x{}", c.datetime, c.kind, c.count);
//! }
//! # let _ = entries;
//! # Ok(()) }
//! ```

use crate::api::{OrganizationHandler, RepositoryHandler, UserHandler};
use crate::models::ExportLogs;
use crate::requests::*;

impl OrganizationHandler {
    /// `listOrgLogs`: the organization's audit log (set the range with `starttime`/`endtime`,
    /// `MM/DD/YYYY`; page with `.stream()`).
    pub fn logs(&self) -> ListOrgLogsRequest {
        ListOrgLogsRequest::new(&self.client, &self.name)
    }

    /// `getAggregateOrgLogs`: daily counts per kind of the organization's log (at most 31 days).
    pub fn aggregate_logs(&self) -> GetAggregateOrgLogsRequest {
        GetAggregateOrgLogsRequest::new(&self.client, &self.name)
    }

    /// `exportOrgLogs`: queues an export of the organization's log, announced to
    /// `callback_url` and/or e-mailed to `callback_email`; its id.
    pub fn export_logs(&self, body: &ExportLogs) -> ExportOrgLogsRequest {
        ExportOrgLogsRequest::new(&self.client, &self.name, body.clone())
    }
}

impl RepositoryHandler {
    /// `listRepoLogs`: the repository's audit log.
    pub fn logs(&self) -> ListRepoLogsRequest {
        ListRepoLogsRequest::new(&self.client, self.repo.clone())
    }

    /// `getAggregateRepoLogs`: daily counts per kind of the repository's log.
    pub fn aggregate_logs(&self) -> GetAggregateRepoLogsRequest {
        GetAggregateRepoLogsRequest::new(&self.client, self.repo.clone())
    }

    /// `exportRepoLogs`: queues an export of the repository's log.
    pub fn export_logs(&self, body: &ExportLogs) -> ExportRepoLogsRequest {
        ExportRepoLogsRequest::new(&self.client, self.repo.clone(), body.clone())
    }
}

impl UserHandler {
    /// `listUserLogs`: the signed-in user's own audit log.
    pub fn logs(&self) -> ListUserLogsRequest {
        ListUserLogsRequest::new(&self.client)
    }

    /// `getAggregateUserLogs`: daily counts per kind of the signed-in user's log.
    pub fn aggregate_logs(&self) -> GetAggregateUserLogsRequest {
        GetAggregateUserLogsRequest::new(&self.client)
    }

    /// `exportUserLogs`: queues an export of the signed-in user's log.
    pub fn export_logs(&self, body: &ExportLogs) -> ExportUserLogsRequest {
        ExportUserLogsRequest::new(&self.client, body.clone())
    }
}
