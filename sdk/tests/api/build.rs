//! The `build` tag: requests sent and recorded responses decoded; the archive upload.

use crate::common;

use common::*;
use quay_sdk::models::{BuildLogs, BuildPhase, RepositoryBuildRequest};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, ResponseTemplate};

const REPO: &str = "fxqb2tgm4uorg/fxqb2tgm4urepo";
const UUID: &str = "dea35e47-02c9-4b29-8460-f75118e52fc1";

#[tokio::test]
async fn a_build_is_requested_listed_read_and_cancelled() {
    let ex = success("requestRepoBuild");
    let (_s, c) = expect_recorded(
        "POST",
        &format!("/api/v1/repository/{REPO}/build/"),
        &[],
        Some(json!({"archive_url": "http://localhost/fixrec/context.tar.gz", "docker_tags": ["latest"]})),
        &ex,
    )
    .await;
    let build = c
        .repository(REPO)
        .unwrap()
        .builds()
        .request(
            &RepositoryBuildRequest::new()
                .archive_url("http://localhost/fixrec/context.tar.gz")
                .docker_tags(["latest".to_string()]),
        )
        .await
        .unwrap();
    assert_eq!(build.phase, BuildPhase::Waiting);
    assert_eq!(build.display_name, "25814c2");
    assert_eq!(
        build.archive_url.as_deref(),
        Some("http://localhost/fixrec/context.tar.gz")
    );

    let ex = success("getRepoBuilds");
    let (_s, c) = expect_recorded(
        "GET",
        &format!("/api/v1/repository/{REPO}/build/"),
        &[("limit", "5")],
        None,
        &ex,
    )
    .await;
    let list = c
        .repository(REPO)
        .unwrap()
        .builds()
        .list()
        .limit(5)
        .await
        .unwrap();
    assert_eq!(list.builds.len(), 2);

    let ex = success("getRepoBuildLogs");
    let (_s, c) = expect_recorded(
        "GET",
        &format!("/api/v1/repository/{REPO}/build/{UUID}/logs"),
        &[("start", "0")],
        None,
        &ex,
    )
    .await;
    let logs = c
        .repository(REPO)
        .unwrap()
        .builds()
        .logs(UUID)
        .start(0)
        .await
        .unwrap();
    assert!(matches!(logs, BuildLogs::LiveBuildLogs(l) if l.total == 0));

    let ex = success("cancelRepoBuild");
    let id = "8d3591e6-1ff0-4771-8580-b918c5a4169e";
    let (_s, c) = expect_recorded(
        "DELETE",
        &format!("/api/v1/repository/{REPO}/build/{id}"),
        &[],
        None,
        &ex,
    )
    .await;
    c.repository(REPO)
        .unwrap()
        .builds()
        .cancel(id)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_archive_is_uploaded_to_the_url_the_file_drop_gives() {
    let server = wiremock::MockServer::start().await;
    let url = format!("{}/userfiles/f1", server.uri());
    Mock::given(method("POST"))
        .and(path("/api/v1/filedrop/"))
        .and(wiremock::matchers::body_json(
            json!({"mimeType": "application/gzip"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"url": url, "file_id": "f1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/userfiles/f1"))
        .and(header("content-type", "application/gzip"))
        .and(body_string("bytes"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Okay"))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    assert_eq!(
        c.upload_build_archive("bytes", "application/gzip")
            .await
            .unwrap(),
        "f1"
    );

    // A refused upload is an API error of the upload.
    let refusing = wiremock::MockServer::start().await;
    let url = format!("{}/userfiles/f2", refusing.uri());
    Mock::given(method("POST"))
        .and(path("/api/v1/filedrop/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"url": url, "file_id": "f2"})),
        )
        .mount(&refusing)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(413).set_body_string("too large"))
        .mount(&refusing)
        .await;
    let err = client(&refusing)
        .upload_build_archive("bytes", "application/gzip")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(413));
    assert!(err.to_string().contains("uploadUserFile"), "{err}");
}

#[tokio::test]
async fn every_recorded_build_exchange_decodes() {
    let repo = || REPO.to_string();
    replay("getRepoBuilds", |c| async move {
        c.repository(repo()).unwrap().builds().list().await
    })
    .await;
    replay("requestRepoBuild", |c| async move {
        c.repository(repo())
            .unwrap()
            .builds()
            .request(&RepositoryBuildRequest::new().archive_url("http://x/y"))
            .await
    })
    .await;
    replay("getRepoBuild", |c| async move {
        c.repository(repo()).unwrap().builds().get(UUID).await
    })
    .await;
    replay("getRepoBuildStatus", |c| async move {
        c.repository(repo()).unwrap().builds().status(UUID).await
    })
    .await;
    replay("getRepoBuildLogs", |c| async move {
        c.repository(repo()).unwrap().builds().logs(UUID).await
    })
    .await;
    replay("cancelRepoBuild", |c| async move {
        c.repository(repo()).unwrap().builds().cancel(UUID).await
    })
    .await;
    replay("getFiledropUrl", |c| async move {
        c.file_drop("application/gzip").await
    })
    .await;
}
