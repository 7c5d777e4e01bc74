//! Helpers of the `mirror` and `mirrorhealth` models.

use chrono::{DateTime, SubsecRound, Utc};

use super::{MirrorHealth, RepoMirrorRule, RepoMirrorRuleKind, Timestamp};
use crate::error::{Error, ErrorBody};

impl RepoMirrorRule {
    /// A `tag_glob_csv` rule: the upstream tags matching any of `patterns` (`v*`, `latest`).
    pub fn tags<S: Into<String>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Self::new(
            RepoMirrorRuleKind,
            patterns.into_iter().map(Into::into).collect::<Vec<_>>(),
        )
    }
}

impl Timestamp {
    /// `at` without its fraction of a second: the only form Quay takes as a mirror's
    /// `sync_start_date` (`YYYY-MM-DDTHH:MM:SSZ`; a fraction is refused with 400).
    pub fn whole_seconds(at: DateTime<Utc>) -> Self {
        Self::from(at.trunc_subsecs(0))
    }
}

impl MirrorHealth {
    /// The unhealthy report inside the 503 a health check answers (Quay sends the same body
    /// as for 200); `None` for any other error, or a report over the SDK's raw-body limit.
    ///
    /// ```
    /// # async fn run(quay: quay_sdk::Client) -> quay_sdk::Result<()> {
    /// use quay_sdk::models::MirrorHealth;
    /// let report = match quay.mirror_health().namespace("acme").await {
    ///     Ok(report) => report,
    ///     Err(e) => MirrorHealth::from_error(&e).ok_or(e)?,
    /// };
    /// println!("healthy: {}, failed: {}", report.healthy, report.repositories.failed);
    /// # Ok(()) }
    /// ```
    pub fn from_error(error: &Error) -> Option<Self> {
        match error {
            Error::Api(failure) if failure.status == 503 => match &failure.body {
                ErrorBody::Raw(text) => serde_json::from_str(text).ok(),
                _ => None,
            },
            _ => None,
        }
    }
}
