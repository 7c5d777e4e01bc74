//! Builds.

use super::*;

pub(super) const BUILD: &str = "14a49ea1-525a-402c-923c-eedcba26581c";

#[tokio::test]
async fn build_status_decodes_the_build() {
    let ex = success("getRepoBuildStatusSuperUser");
    let p = format!("/api/v1/superuser/{BUILD}/status");
    let (_s, c) = expect_recorded("GET", &p, &[], None, &ex).await;
    let build = c.superuser().build(BUILD).status().await.unwrap();
    assert_eq!(build.id, BUILD);
    assert_eq!(build.phase, BuildPhase::Waiting);
    assert_eq!(build.display_name, "bdbb6d2");
    assert!(build.status.is_empty());
    assert!(build.tags.is_empty());
    assert!(build.is_writer);
    assert!(build.trigger.is_none() && build.pull_robot.is_none());
    assert!(build.manual_user.is_none() && build.error.is_none());
    assert_eq!(build.repository.namespace, "qdgir2qi93org");
    assert_eq!(build.repository.name, "qdgir2qi93repo");
    assert!(build.archive_url.is_none());
}

#[tokio::test]
async fn build_get_encodes_the_uuid() {
    let ex = success("getRepoBuildSuperUser");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/a%2Bb%20c/build", &[], None, &ex).await;
    let build = c.superuser().build("a+b c").get().await.unwrap();
    assert_eq!(build.id, BUILD);
    assert_eq!(build.started, ex.body["started"].as_str().unwrap());
}

#[tokio::test]
async fn build_get_decodes_a_trigger_and_robot() {
    let mut body = success("getRepoBuildSuperUser").body;
    body["trigger"] = json!({
        "id": "t1", "service": "github", "is_active": true, "build_source": null,
        "repository_url": null, "config": {}, "can_invoke": false,
    });
    body["pull_robot"] = json!({"name": "org+bot", "kind": "user", "is_robot": true});
    body["phase"] = "some-new-phase".into();
    let (_s, c) = expect("GET", "/api/v1/superuser/b/build", &[], None, 200, body).await;
    let build = c.superuser().build("b").get().await.unwrap();
    let trigger = build.trigger.unwrap();
    assert_eq!(trigger.service, "github");
    assert!(trigger.build_source.is_none() && trigger.pull_robot.is_none());
    assert!(build.pull_robot.unwrap().is_robot);
    assert_eq!(build.phase, BuildPhase::from("some-new-phase"));
}

#[tokio::test]
async fn build_logs_sends_start_and_decodes_live_logs() {
    let ex = success("getRepoBuildLogsSuperUser");
    let p = format!("/api/v1/superuser/{BUILD}/logs");
    let (s, c) = expect_recorded("GET", &p, &[("start", "5")], None, &ex).await;
    let logs = c.superuser().build(BUILD).logs().start(5).await.unwrap();
    assert_eq!(sent_query(&s).await, pairs(&[("start", "5")]));
    match logs {
        BuildLogs::LiveBuildLogs(live) => {
            assert_eq!((live.start, live.total), (0, 0));
            assert!(live.logs.is_empty());
        }
        other => panic!("expected live logs, got {other:?}"),
    }
}

#[tokio::test]
async fn build_logs_decodes_an_archive_url() {
    let (s, c) = expect(
        "GET",
        "/api/v1/superuser/b/logs",
        &[],
        None,
        200,
        json!({"logs_url": "https://storage.example.com/logs/b"}),
    )
    .await;
    let logs = c.superuser().build("b").logs().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    match logs {
        BuildLogs::ArchivedBuildLogs(a) => {
            assert_eq!(a.logs_url, "https://storage.example.com/logs/b")
        }
        other => panic!("{other:?}"),
    }
}
