//! Quay's `build_status_view`: a build as the caller may see it, and requestRepoBuild's 201
//! with the status URL in `Location`.

use poem::Response;
use poem_openapi::registry::{MetaHeader, MetaResponse, Registry};
use poem_openapi::types::Type;
use rusqlite::Transaction;
use serde_json::Value;

use super::super::repository::capped_repo_role;
use crate::auth::Identity;
use crate::error::QuayError;
use crate::models::{
    ArchivedBuildLogs, BuildLogs, BuildPhase, BuildPullRobot, BuildRepositoryRef, RepositoryBuild,
    RepositoryRole, UserKind,
};
use crate::reply::{Success, json_media, json_response};
use crate::store::build::Build;
use crate::time::{parse_db, quay_date};

fn phase(name: &str) -> BuildPhase {
    match name {
        "build-scheduled" => BuildPhase::BuildScheduled,
        "unpacking" => BuildPhase::Unpacking,
        "pulling" => BuildPhase::Pulling,
        "building" => BuildPhase::Building,
        "pushing" => BuildPhase::Pushing,
        "complete" => BuildPhase::Complete,
        "error" => BuildPhase::Error,
        // An internal error with no retries left: no queue retries it here.
        "internalerror" | "expired" => BuildPhase::Expired,
        "cancelled" => BuildPhase::Cancelled,
        _ => BuildPhase::Waiting,
    }
}

/// The URL of an uploaded file under the server's `base` URL (its user-files route).
pub fn file_url(base: &str, file_id: &str) -> String {
    format!("{base}/userfiles/{file_id}")
}

/// `{"logs_url": ...}` of a build whose logs were archived.
pub fn archived_logs(base: &str, build: &Build) -> BuildLogs {
    BuildLogs::ArchivedBuildLogs(ArchivedBuildLogs {
        logs_url: format!("{base}/logarchive/{}", build.uuid),
    })
}

fn map(value: Option<&Value>) -> Option<std::collections::HashMap<String, Value>> {
    value
        .and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// The build as `who` sees it: `is_writer`, `archive_url` (writers) and `trigger_metadata`
/// (readers) depend on the caller's rights on the build's repository. `base` is the server's
/// URL, as the request reached it.
pub fn build(
    tx: &Transaction<'_>,
    base: &str,
    who: &Identity,
    b: Build,
) -> Result<RepositoryBuild, QuayError> {
    // Quay's `ReadRepositoryPermission(...).can()` and `ModifyRepositoryPermission`: the
    // caller's own role only (no superuser override, public repositories do not count);
    // `FEATURE_READER_BUILD_LOGS` would show readers the archive too.
    let role = capped_repo_role(tx, who, b.repo_id)?;
    let can_read = role.is_some();
    let can_write = role >= Some(RepositoryRole::Write);
    let job = &b.job_config;
    let text = |k: &str| job.get(k).and_then(Value::as_str).map(str::to_string);
    let archive_url = if can_write {
        match &b.resource_key {
            Some(key) => Some(file_url(base, key)),
            None => text("archive_url").filter(|u| !u.is_empty()),
        }
    } else {
        None
    };
    Ok(RepositoryBuild {
        id: b.uuid,
        phase: phase(&b.phase),
        started: parse_db(&b.started)
            .map(|t| quay_date(&t))
            .unwrap_or_default(),
        display_name: b.display_name,
        // No build worker reports a live status.
        status: Default::default(),
        subdirectory: text("build_subdir").unwrap_or_default(),
        dockerfile_path: text("build_subdir").unwrap_or_default(),
        context: text("context").unwrap_or_default(),
        tags: job
            .get("docker_tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        manual_user: text("manual_user"),
        is_writer: can_write,
        trigger: None,
        trigger_metadata: if can_read {
            map(job.get("trigger_metadata"))
        } else {
            None
        },
        resource_key: b.resource_key,
        pull_robot: b.pull_robot.map(|name| BuildPullRobot {
            name,
            kind: UserKind::User,
            is_robot: true,
        }),
        repository: BuildRepositoryRef {
            namespace: b.namespace,
            name: b.repository,
        },
        error: None,
        archive_url,
    })
}

/// 201 with the queued build and `Location`: its status URL.
pub struct Queued;

impl Success for Queued {
    type Value = (RepositoryBuild, String);
    fn responses() -> Vec<MetaResponse> {
        vec![MetaResponse {
            description: "Created",
            status: Some(201),
            status_range: None,
            content: json_media::<RepositoryBuild>(),
            headers: vec![MetaHeader {
                name: "Location".into(),
                description: Some("The build's status URL (getRepoBuildStatus).".into()),
                required: false,
                deprecated: false,
                schema: String::schema_ref(),
            }],
        }]
    }
    fn register(registry: &mut Registry) {
        RepositoryBuild::register(registry);
    }
    fn render((body, location): Self::Value) -> Response {
        let mut resp = json_response(201, &body);
        if let Ok(v) = location.parse() {
            resp.headers_mut().insert("location", v);
        }
        resp
    }
}
