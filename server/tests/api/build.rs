//! The `build` tag through HTTP: builds requested from a URL or an uploaded archive, listed,
//! read and cancelled as Quay does without a build worker; the superuser build views read them.

use crate::common;

use common::*;
use poem::http::Method;
use serde_json::{Value, json};

const BUILDS: &str = "/api/v1/repository/acme/web/build/";

/// alice owns `acme` with the private repository `web`; her token.
async fn setup(h: &Harness) -> String {
    let alice = h.user("alice", ALL).await;
    org(h, "acme", "alice").await;
    h.post(
        "/api/v1/repository",
        Some(&alice),
        json!({"repository": "web", "visibility": "private", "namespace": "acme", "description": ""}),
    )
    .await
    .expect(201);
    alice
}

#[tokio::test]
async fn a_build_from_a_url_is_queued_listed_read_and_cancelled() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let recorded = common::recorded("requestRepoBuild", "build.requestRepoBuild.ok");
    let ans = h
        .post(
            BUILDS,
            Some(&alice),
            json!({"archive_url": "http://localhost/fixrec/context.tar.gz", "docker_tags": ["latest"]}),
        )
        .await
        .expect(201);
    let build = ans.body.clone();
    assert_eq!(common::keys(&build), common::keys(&recorded));
    // Quay's display name: the SHA-224 of the URL, 7 hex digits (as recorded).
    assert_eq!(build["display_name"], recorded["display_name"]);
    for k in [
        "phase",
        "status",
        "subdirectory",
        "dockerfile_path",
        "context",
        "tags",
        "trigger",
        "trigger_metadata",
        "resource_key",
        "pull_robot",
        "error",
        "archive_url",
        "is_writer",
    ] {
        assert_eq!(build[k], recorded[k], "{k}");
    }
    assert_eq!(build["manual_user"], "alice");
    assert_eq!(
        build["repository"],
        json!({"namespace": "acme", "name": "web"})
    );
    let uuid = build["id"].as_str().unwrap().to_string();
    assert_eq!(
        ans.location.as_deref(),
        Some(format!("/api/v1/repository/acme/web/build/{uuid}/status").as_str())
    );
    assert_eq!(logs(&h, "build_dockerfile").await, 1);

    // Listed newest first, `limit`, `since`.
    let second = h
        .post(
            BUILDS,
            Some(&alice),
            json!({"archive_url": "https://example.com/b.tgz", "docker_tags": ["x"]}),
        )
        .await
        .expect(201)
        .body;
    let list = h.get(BUILDS, Some(&alice)).await.expect(200).body;
    let ids: Vec<&str> = list["builds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![second["id"].as_str().unwrap(), uuid.as_str()]);
    let one = h.get(&format!("{BUILDS}?limit=1"), Some(&alice)).await.body;
    assert_eq!(one["builds"].as_array().unwrap().len(), 1);
    let later = h
        .get(&format!("{BUILDS}?since=4102444800"), Some(&alice))
        .await
        .body;
    assert_eq!(later, json!({"builds": []}));
    h.get(&format!("{BUILDS}?limit=many"), Some(&alice))
        .await
        .expect(400);

    // The same view by id and by status; logs are empty (no worker wrote any).
    let path = format!("{BUILDS}{uuid}");
    assert_eq!(h.get(&path, Some(&alice)).await.expect(200).body, build);
    assert_eq!(
        h.get(&format!("{path}/status"), Some(&alice))
            .await
            .expect(200)
            .body,
        build
    );
    assert_eq!(
        h.get(&format!("{path}/logs?start=3"), Some(&alice))
            .await
            .expect(200)
            .body,
        json!({"start": 3, "total": 0, "logs": []})
    );
    // Unknown: 404 by id, Quay's data-model 400 by status and logs.
    let unknown = "00000000-0000-0000-0000-000000000000";
    h.get(&format!("{BUILDS}{unknown}"), Some(&alice))
        .await
        .api_error(404, "not_found");
    assert_eq!(
        h.get(&format!("{BUILDS}{unknown}/status"), Some(&alice))
            .await
            .expect(400)
            .body,
        common::recorded("getRepoBuildStatus", "build.getRepoBuildStatus.unknown")
    );
    h.get(&format!("{BUILDS}{unknown}/logs"), Some(&alice))
        .await
        .message_error(400, None);

    // Cancelled once (201 "Okay"), then 400; the phase shows it.
    let cancelled = h.delete(&path, Some(&alice)).await.expect(201);
    assert_eq!(cancelled.body, json!("Okay"));
    h.delete(&path, Some(&alice))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(h.get(&path, Some(&alice)).await.body["phase"], "cancelled");
    assert_eq!(logs(&h, "cancel_build").await, 1);
    h.delete(&format!("{BUILDS}{unknown}"), Some(&alice))
        .await
        .api_error(404, "not_found");

    // The superuser views read the same build.
    let su = h
        .get(&format!("/api/v1/superuser/{uuid}/build"), Some(&h.admin))
        .await
        .expect(200)
        .body;
    assert_eq!(su["id"], json!(uuid));
    assert_eq!(su["tags"], json!(["latest"]));
    // The superuser is no reader of the repository: no archive, no trigger metadata.
    assert!(su.get("archive_url").is_none(), "{su}");
    assert_eq!(su["is_writer"], false);
    h.get(&format!("/api/v1/superuser/{uuid}/status"), Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(
        h.get(&format!("/api/v1/superuser/{uuid}/logs"), Some(&h.admin))
            .await
            .expect(200)
            .body,
        json!({"start": 0, "total": 0, "logs": []})
    );
    // No worker archived its logs: the 400 Quay means (it crashes instead).
    let archive = h
        .get(
            &format!("/api/v1/superuser/{uuid}/logs/archive"),
            Some(&h.admin),
        )
        .await
        .api_error(400, "invalid_response");
    assert_eq!(archive.body["detail"], "Archived logs not available");
}

#[tokio::test]
async fn a_build_from_an_uploaded_archive_is_named_by_its_digest() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    // Anyone passing the CSRF check gets an upload URL; nothing is stored until the PUT.
    let drop = h
        .post(
            "/api/v1/filedrop/",
            Some(&alice),
            json!({"mimeType": "application/gzip"}),
        )
        .await
        .expect(200)
        .body;
    let file_id = drop["file_id"].as_str().unwrap().to_string();
    assert_eq!(
        drop["url"],
        json!(format!("http://quay.test/userfiles/{file_id}"))
    );
    h.call(
        Method::POST,
        "/api/v1/filedrop/",
        None,
        Some(json!({"mimeType": "x"})),
    )
    .await
    .csrf();
    let missing = h
        .post("/api/v1/filedrop/", Some(&alice), json!({}))
        .await
        .expect(400);
    assert_eq!(
        missing.body["detail"],
        common::recorded("getFiledropUrl", "build.getFiledropUrl.missing")["detail"]
    );
    // An unknown file: the 400 Quay means.
    h.post(BUILDS, Some(&alice), json!({"file_id": file_id}))
        .await
        .api_error(400, "invalid_request");
    let up = h
        .call_raw(
            Method::PUT,
            &format!("/userfiles/{file_id}"),
            None,
            "application/gzip",
            "context bytes",
        )
        .await
        .expect(200);
    assert_eq!(up.body, json!("Okay"));
    let back = h
        .call(Method::GET, &format!("/userfiles/{file_id}"), None, None)
        .await
        .expect(200);
    assert_eq!(back.body, json!("context bytes"));
    assert_eq!(back.content_type, "application/gzip");
    h.call(Method::GET, "/userfiles/nope", None, None)
        .await
        .expect(404);
    h.call(Method::GET, "/userfiles/a.b", None, None)
        .await
        .expect(404);

    let build = h
        .post(
            BUILDS,
            Some(&alice),
            json!({"file_id": file_id, "subdirectory": "app", "docker_tags": ["v1", "", "-x y"]}),
        )
        .await
        .expect(201)
        .body;
    // sha256("context bytes")[:7]
    use sha2::Digest;
    let digest = format!("{:x}", sha2::Sha256::digest(b"context bytes"));
    assert_eq!(build["display_name"], json!(&digest[..7]));
    assert_eq!(build["resource_key"], json!(file_id));
    assert_eq!(
        build["archive_url"],
        json!(format!("http://quay.test/userfiles/{file_id}"))
    );
    assert_eq!(build["subdirectory"], "app/Dockerfile");
    assert_eq!(build["context"], "app");
    // Quay's escape_tag.
    assert_eq!(build["tags"], json!(["v1", "latest", "_x_y"]));
}

#[tokio::test]
async fn requests_are_checked_in_quays_order() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let bob = h.user("bob", ALL).await;
    let url = json!({"archive_url": "https://example.com/c.tgz"});
    // Permission first: a reader may not build, nor cancel; anonymous is the CSRF refusal.
    grant(&h, "acme", "web", "bob", "read").await;
    h.post(BUILDS, Some(&bob), url.clone())
        .await
        .api_error(403, "insufficient_scope");
    h.call(Method::POST, BUILDS, None, Some(url.clone()))
        .await
        .csrf();
    // A reader lists and reads, but not the logs.
    let uuid = h
        .post(BUILDS, Some(&alice), url.clone())
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bobs = h
        .get(&format!("{BUILDS}{uuid}"), Some(&bob))
        .await
        .expect(200)
        .body;
    assert!(
        bobs.get("archive_url").is_none() && bobs["is_writer"] == false,
        "{bobs}"
    );
    assert_eq!(bobs["trigger_metadata"], json!({}));
    h.get(&format!("{BUILDS}{uuid}/logs"), Some(&bob))
        .await
        .api_error(403, "insufficient_scope");
    h.delete(&format!("{BUILDS}{uuid}"), Some(&bob))
        .await
        .api_error(403, "insufficient_scope");
    // Nobody else reads a private repository's builds; anonymous: 401.
    let eve = h.user("eve", ALL).await;
    h.get(BUILDS, Some(&eve))
        .await
        .api_error(403, "insufficient_scope");
    h.get(BUILDS, None).await.api_error(401, "invalid_token");

    // The body's checks, in order.
    let refused = |body: Value, detail: &'static str| {
        let (h, alice) = (&h, alice.clone());
        async move {
            let ans = h
                .post(BUILDS, Some(&alice), body)
                .await
                .api_error(400, "invalid_request");
            assert_eq!(ans.body["detail"], detail);
        }
    };
    refused(json!({}), "file_id or archive_url required").await;
    refused(
        json!({"archive_url": "file:///etc/passwd"}),
        "Invalid Archive URL: Must be http or https",
    )
    .await;
    h.post(
        BUILDS,
        Some(&alice),
        json!({"archive_url": "https://x/y", "docker_tags": []}),
    )
    .await
    .api_error(400, "invalid_request");
    // Pull robots: not a robot's name 403, unknown 404, another namespace's 403, own fine.
    h.post(
        BUILDS,
        Some(&alice),
        json!({"archive_url": "https://x/y", "pull_robot": "bob"}),
    )
    .await
    .api_error(403, "insufficient_scope");
    h.post(
        BUILDS,
        Some(&alice),
        json!({"archive_url": "https://x/y", "pull_robot": "acme+ghost"}),
    )
    .await
    .api_error(404, "not_found");
    let bobs_robot = robot(&h, "bob", "puller").await;
    h.post(
        BUILDS,
        Some(&alice),
        json!({"archive_url": "https://x/y", "pull_robot": bobs_robot}),
    )
    .await
    .api_error(403, "insufficient_scope");
    let mine = robot(&h, "acme", "puller").await;
    let with_robot = h
        .post(
            BUILDS,
            Some(&alice),
            json!({"archive_url": "https://x/y", "pull_robot": mine}),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(
        with_robot["pull_robot"],
        json!({"name": "acme+puller", "kind": "user", "is_robot": true})
    );
    // An unknown repository of the caller's organization: 404.
    h.post(
        "/api/v1/repository/acme/nothing/build/",
        Some(&alice),
        url.clone(),
    )
    .await
    .api_error(404, "not_found");
    // A repository that is not NORMAL: 503 with Quay's state number.
    sql(
        &h,
        "UPDATE repository SET state = 'MIRROR' WHERE name = 'web'",
        vec![],
    )
    .await;
    let ans = h.post(BUILDS, Some(&alice), url).await.expect(503);
    assert_eq!(
        ans.body,
        json!({"message": "Repository is in read only or mirror mode: 2"})
    );
    h.delete(&format!("{BUILDS}{uuid}"), Some(&alice))
        .await
        .expect(503);
}

#[tokio::test]
async fn deleting_the_repository_deletes_its_builds() {
    let h = Harness::new().await;
    let alice = setup(&h).await;
    let uuid = h
        .post(BUILDS, Some(&alice), json!({"archive_url": "https://x/y"}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    h.delete("/api/v1/repository/acme/web", Some(&alice))
        .await
        .expect(204);
    assert_eq!(count(&h, "SELECT count(*) FROM build").await, 0);
    h.get(&format!("/api/v1/superuser/{uuid}/build"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
}
