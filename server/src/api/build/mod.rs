//! The `build` tag: repository builds requested from an uploaded or downloadable archive,
//! listed, read and cancelled, and the upload URL for archives (Quay's `endpoints/api/build.py`).
//! This server has no build worker: a build stays `waiting` until it is cancelled, and its
//! live status and logs are empty, as Quay's are for a build no worker has taken. The views
//! are in [`view`].

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::repository::{capped_repo_role, namespace_wide_repo_role, split_repository};
use super::{ApiTags, AppState};
use crate::auth::{Identity, administers_namespace};
use crate::body::Body;
use crate::config::Config;
use crate::error::QuayError;
use crate::models::{
    BuildCancelled, BuildLogs, FileDrop, FileDropRequest, LiveBuildLogs, MessageError,
    RepositoryBuild, RepositoryBuildList, RepositoryBuildRequest, RepositoryRole,
};
use crate::params::{Lenient, int_param};
use crate::reply::{
    Created201, E400, E401, E403, E403Csrf, E403W, E404, E415, EJson, Ok200, Reply,
};
use crate::store::build::{self as store, NewBuild};
use crate::store::namespace;
use crate::store::repository::{self as repo_store, Repo};

pub mod view;

/// Operations of the `build` tag.
pub struct BuildApi {
    state: AppState,
}

impl BuildApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// The repository a request names and the caller's capped role on it (namespace-wide when it
/// does not exist).
struct Target {
    namespace: String,
    name: String,
    repo: Option<Repo>,
    role: Option<RepositoryRole>,
}

fn target(tx: &Transaction<'_>, who: &Identity, repository: &str) -> Result<Target, QuayError> {
    let (namespace, name) = split_repository(repository)?;
    let repo = repo_store::lookup(tx, &namespace, &name)?;
    let role = match &repo {
        Some(r) => capped_repo_role(tx, who, r.id)?,
        None => namespace_wide_repo_role(tx, who, &namespace)?,
    };
    Ok(Target {
        namespace,
        name,
        repo,
        role,
    })
}

/// Quay's `require_repo_read(allow_for_superuser=True, allow_for_global_readonly_superuser=
/// True)`: readers, public repositories, global read-only superusers, superusers with full
/// access.
fn require_read(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    repository: &str,
) -> Result<Target, QuayError> {
    let t = target(tx, who, repository)?;
    let public = t.repo.as_ref().is_some_and(Repo::is_public);
    if t.role.is_some() || public || who.is_global_readonly(cfg) || who.has_full_access(cfg) {
        Ok(t)
    } else {
        Err(who.refuse())
    }
}

/// Quay's `require_repo_write`/`require_repo_admin(allow_for_superuser=True)`, then
/// `disallow_for_non_normal_repositories` (503).
fn require_role(
    tx: &Transaction<'_>,
    cfg: &Config,
    who: &Identity,
    repository: &str,
    need: RepositoryRole,
) -> Result<Target, QuayError> {
    let t = target(tx, who, repository)?;
    if !(t.role >= Some(need) || who.has_full_access(cfg)) {
        return Err(who.refuse());
    }
    if let Some(repo) = &t.repo
        && repo.state != "NORMAL"
    {
        return Err(QuayError::message(
            503,
            format!(
                "Repository is in read only or mirror mode: {}",
                state_number(&repo.state)
            ),
        ));
    }
    Ok(t)
}

/// Quay's `RepositoryState` as the number its message prints.
fn state_number(state: &str) -> u8 {
    match state {
        "READ_ONLY" => 1,
        "MIRROR" => 2,
        "MARKED_FOR_DELETION" => 3,
        "ORG_MIRROR" => 4,
        _ => 0,
    }
}

/// The build `uuid` if it belongs to the target repository (404 otherwise); `unknown` is the
/// error for a UUID no build has.
fn build_of(
    tx: &Transaction<'_>,
    t: &Target,
    uuid: &str,
    unknown: fn(&str) -> QuayError,
) -> Result<store::Build, QuayError> {
    let build = store::get(tx, uuid)?.ok_or_else(|| unknown(uuid))?;
    if build.namespace != t.namespace || build.repository != t.name {
        return Err(QuayError::not_found());
    }
    Ok(build)
}

/// Quay's `InvalidRepositoryBuildException` as its data-model handler answers it.
fn unlocated(uuid: &str) -> QuayError {
    QuayError::message(400, format!("Unable to locate a build by id: {uuid}"))
}

fn not_found(_: &str) -> QuayError {
    QuayError::not_found()
}

/// Quay's `get_dockerfile_context`: the context and the Dockerfile's path.
fn dockerfile_context(body: &Value) -> (String, String) {
    let given = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let context = given("context");
    if let Some(path) = given("dockerfile_path") {
        let context = context.unwrap_or_else(|| match path.rfind('/') {
            Some(i) => path[..i].to_string(),
            None => String::new(),
        });
        return (context, path);
    }
    if let Some(dir) = given("subdirectory") {
        let mut path = dir.clone();
        if !path.ends_with('/') {
            path.push('/');
        }
        path.push_str("Dockerfile");
        return (dir, path);
    }
    let context = context.unwrap_or_else(|| "/".into());
    let path = if context.ends_with('/') {
        format!("{context}Dockerfile")
    } else {
        format!("{context}/Dockerfile")
    };
    (context, path)
}

/// Quay's `escape_tag(tag, default="latest")`: empty is `latest`, a first character that is
/// not a word character and any other character outside `[\w.-]` become `_`, at most 127.
fn escape_tag(tag: &str) -> String {
    if tag.is_empty() {
        return "latest".into();
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    tag.chars()
        .enumerate()
        .map(|(i, c)| {
            if word(c) || (i > 0 && matches!(c, '.' | '-')) {
                c
            } else {
                '_'
            }
        })
        .take(127)
        .collect()
}

fn hex7(digest: &[u8]) -> String {
    digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()[..7]
        .to_string()
}

/// requestRepoBuild after the permission and state checks: the body, the sources, the pull
/// robot, the repository, the archive; the queued build.
fn request(
    tx: &Transaction<'_>,
    base: &str,
    cfg: &Config,
    who: &Identity,
    t: &Target,
    raw: &Value,
) -> Result<RepositoryBuild, QuayError> {
    use sha2::Digest;
    let text = |k: &str| raw.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (file_id, archive_url) = (text("file_id"), text("archive_url"));
    if file_id.is_none() && archive_url.is_none() {
        return Err(QuayError::invalid_request(
            "file_id or archive_url required",
        ));
    }
    if let Some(url) = archive_url {
        // Python's `urlparse` accepts almost anything; the scheme decides.
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("http" | "https")) {
            return Err(QuayError::invalid_request(
                "Invalid Archive URL: Must be http or https",
            ));
        }
    }
    let (context, subdir) = dockerfile_context(raw);
    let tags: Vec<String> = match raw.get("docker_tags").and_then(Value::as_array) {
        Some(given) => given
            .iter()
            .filter_map(Value::as_str)
            .map(escape_tag)
            .collect(),
        None => vec!["latest".into()],
    };
    let mut pull_robot_id = None;
    if let Some(robot) = raw
        .get("pull_robot")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        let Some((owner, _)) = robot.split_once('+') else {
            return Err(who.refuse());
        };
        let found =
            namespace::by_name_kind(tx, robot, "robot")?.ok_or_else(QuayError::not_found)?;
        let owner_ns = namespace::user_or_org(tx, owner)?;
        if !(administers_namespace(tx, cfg, who, owner, owner_ns.as_ref())?
            || who.has_full_access(cfg))
        {
            return Err(who.refuse());
        }
        pull_robot_id = Some(found.id);
    }
    if let Some(file) = file_id
        && let Some((repo_id, _, _)) = store::repository_of_resource(tx, file)?
    {
        // The archive was built before: only by those who may write that repository (Quay
        // means this check; its code never refuses, see the spec's erratum).
        let role = capped_repo_role(tx, who, repo_id)?;
        if !(role >= Some(RepositoryRole::Write) || who.has_full_access(cfg)) {
            return Err(who.refuse());
        }
    }
    let repo = t.repo.as_ref().ok_or_else(QuayError::not_found)?;
    let display_name = match (file_id, archive_url) {
        (Some(file), _) => {
            let stored = store::file(tx, file)?.ok_or_else(|| {
                QuayError::invalid_request(format!("File {file} could not be found or is invalid"))
            })?;
            hex7(&sha2::Sha256::digest(&stored.content))
        }
        (None, Some(url)) => hex7(&sha2::Sha224::digest(url.as_bytes())),
        (None, None) => unreachable!("checked above"),
    };
    let manual_user = who.username().map(str::to_string);
    let job_config = json!({
        "docker_tags": tags,
        "registry": cfg.SERVER_HOSTNAME.clone().unwrap_or_else(|| {
            base.split_once("://").map_or(base, |(_, host)| host).to_string()
        }),
        "build_subdir": subdir,
        "context": context,
        "trigger_metadata": {},
        "is_manual": true,
        "manual_user": manual_user,
        "archive_url": archive_url,
    });
    let uuid = store::create(
        tx,
        &NewBuild {
            repo_id: repo.id,
            display_name: &display_name,
            job_config: &job_config,
            resource_key: file_id,
            pull_robot_id,
        },
    )?;
    // Quay logs a manual build without its performer (`logs_model.log_action` directly).
    namespace::log(
        tx,
        "build_dockerfile",
        None,
        Some(repo.namespace_id),
        json!({
            "build_id": uuid,
            "docker_tags": job_config["docker_tags"],
            "repo": repo.name,
            "namespace": repo.namespace,
            "is_manual": true,
            "manual_user": manual_user,
        }),
    )?;
    let build =
        store::get(tx, &uuid)?.ok_or_else(|| QuayError::Internal("build vanished".into()))?;
    view::build(tx, base, who, build)
}

impl BuildApi {
    /// getRepoBuild and getRepoBuildStatus: read permission, then the build of the repository
    /// (`unknown` for a UUID no build has) as the caller sees it.
    async fn readable_build(
        &self,
        who: Arc<Identity>,
        repository: String,
        uuid: String,
        unknown: fn(&str) -> QuayError,
    ) -> Result<RepositoryBuild, QuayError> {
        let cfg = self.state.config.clone();
        let base = crate::error::request_base();
        self.state
            .store
            .read(move |tx| {
                let t = require_read(tx, &cfg, &who, &repository)?;
                let build = build_of(tx, &t, &uuid, unknown)?;
                view::build(tx, &base, &who, build)
            })
            .await
    }
}

#[OpenApi(tag = "ApiTags::Build")]
impl BuildApi {
    /// List a repository's builds
    #[oai(
        path = "/api/v1/repository/:repository/build/",
        method = "get",
        operation_id = "getRepoBuilds"
    )]
    async fn get_repo_builds(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        limit: Query<Option<Lenient<i64>>>,
        since: Query<Option<Lenient<i64>>>,
    ) -> Reply<Ok200<RepositoryBuildList>, (E400<MessageError>, E401, E403)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        let base = crate::error::request_base();
        self.state
            .store
            .read(move |tx| {
                let t = require_read(tx, &cfg, &who, &repository.0)?;
                let limit = int_param(&limit.0, "limit", "The maximum number of builds to return")?
                    .unwrap_or(5);
                let since = int_param(
                    &since.0,
                    "since",
                    "Returns all builds since the given unix timecode",
                )?
                .map(|s| {
                    chrono::DateTime::from_timestamp(s, 0)
                        .map(|d| crate::time::db_form(&d))
                        .unwrap_or_default()
                });
                let Some(repo) = &t.repo else {
                    return Ok(RepositoryBuildList { builds: Vec::new() });
                };
                // SQLite's LIMIT takes a negative number as no limit, as Quay's database does not;
                // Quay passes it through (PostgreSQL refuses it), here it lists nothing.
                let builds = if limit < 0 {
                    Vec::new()
                } else {
                    store::list(tx, repo.id, limit, since.as_deref())?
                };
                let builds = builds
                    .into_iter()
                    .map(|b| view::build(tx, &base, &who, b))
                    .collect::<Result<_, _>>()?;
                Ok(RepositoryBuildList { builds })
            })
            .await
            .into()
    }

    /// Start a build
    #[oai(
        path = "/api/v1/repository/:repository/build/",
        method = "post",
        operation_id = "requestRepoBuild"
    )]
    async fn request_repo_build(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        body: Body<RepositoryBuildRequest>,
    ) -> Reply<view::Queued, (E400, E401, E403W, E404, E415, EJson<503, MessageError>)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        let base = crate::error::request_base();
        let repository = repository.0;
        let result = self
            .state
            .store
            .write(move |tx| {
                let t = require_role(tx, &cfg, &who, &repository, RepositoryRole::Write)?;
                body.validated()?;
                let raw = body.checked()?;
                let build = request(tx, &base, &cfg, &who, &t, &raw)?;
                let location = format!(
                    "/api/v1/repository/{}/{}/build/{}/status",
                    t.namespace, t.name, build.id
                );
                Ok((build, location))
            })
            .await;
        result.into()
    }

    /// Get a build
    #[oai(
        path = "/api/v1/repository/:repository/build/:build_uuid",
        method = "get",
        operation_id = "getRepoBuild"
    )]
    async fn get_repo_build(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E401, E403, E404)> {
        self.readable_build(who.0.clone(), repository.0, build_uuid.0, not_found)
            .await
            .into()
    }

    /// Cancel a build
    #[oai(
        path = "/api/v1/repository/:repository/build/:build_uuid",
        method = "delete",
        operation_id = "cancelRepoBuild"
    )]
    async fn cancel_repo_build(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        build_uuid: Path<String>,
    ) -> Reply<
        Created201<BuildCancelled>,
        (
            E400<crate::models::ApiError>,
            E401,
            E403W,
            E404,
            EJson<503, MessageError>,
        ),
    > {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        self.state
            .store
            .write(move |tx| {
                let t = require_role(tx, &cfg, &who, &repository.0, RepositoryRole::Admin)?;
                let build = build_of(tx, &t, &build_uuid.0, not_found)?;
                if !store::cancel(tx, &build.uuid)? {
                    return Err(QuayError::invalid_request(
                        "Build is currently running or has finished",
                    ));
                }
                let repo = t.repo.as_ref().ok_or_else(QuayError::not_found)?;
                namespace::log(
                    tx,
                    "cancel_build",
                    who.user_id(),
                    Some(repo.namespace_id),
                    json!({"build_uuid": build.uuid, "repo": repo.name, "namespace": repo.namespace}),
                )?;
                Ok(BuildCancelled::Okay)
            })
            .await
            .into()
    }

    /// Get a build's status
    #[oai(
        path = "/api/v1/repository/:repository/build/:build_uuid/status",
        method = "get",
        operation_id = "getRepoBuildStatus"
    )]
    async fn get_repo_build_status(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        build_uuid: Path<String>,
    ) -> Reply<Ok200<RepositoryBuild>, (E400<MessageError>, E401, E403, E404)> {
        self.readable_build(who.0.clone(), repository.0, build_uuid.0, unlocated)
            .await
            .into()
    }

    /// Get a build's logs
    #[oai(
        path = "/api/v1/repository/:repository/build/:build_uuid/logs",
        method = "get",
        operation_id = "getRepoBuildLogs"
    )]
    async fn get_repo_build_logs(
        &self,
        who: Data<&Arc<Identity>>,
        repository: Path<String>,
        build_uuid: Path<String>,
        start: Query<Option<Lenient<i64>>>,
    ) -> Reply<Ok200<BuildLogs>, (E400<MessageError>, E401, E403, E404)> {
        let (cfg, who) = (self.state.config.clone(), who.0.clone());
        let base = crate::error::request_base();
        self.state
            .store
            .read(move |tx| {
                let t = require_read(tx, &cfg, &who, &repository.0)?;
                let writer = t.role >= Some(RepositoryRole::Write);
                if !(writer || who.is_global_readonly(&cfg) || who.has_full_access(&cfg)) {
                    return Err(who.refuse());
                }
                let build = build_of(tx, &t, &build_uuid.0, unlocated)?;
                // Quay's `int(start)` crashes on anything else; what it means is a 400.
                let start = int_param(&start.0, "start", "The first log entry")?.unwrap_or(0);
                if build.logs_archived {
                    return Ok(view::archived_logs(&base, &build));
                }
                // No build worker wrote any entry: the build-logs store has none.
                Ok(BuildLogs::LiveBuildLogs(LiveBuildLogs {
                    start,
                    total: 0,
                    logs: Vec::new(),
                }))
            })
            .await
            .into()
    }

    /// Get a URL to upload a build archive to
    #[oai(
        path = "/api/v1/filedrop/",
        method = "post",
        operation_id = "getFiledropUrl"
    )]
    async fn get_filedrop_url(
        &self,
        body: Body<FileDropRequest>,
    ) -> Reply<Ok200<FileDrop>, (E400, E403Csrf, E415)> {
        let result = body.validated().map(|_| {
            let file_id = uuid::Uuid::new_v4().to_string();
            FileDrop {
                url: format!("{}/userfiles/{file_id}", crate::error::request_base()),
                file_id,
            }
        });
        result.into()
    }
}
