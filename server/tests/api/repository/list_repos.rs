//! listRepos

use super::*;

#[tokio::test]
async fn list_repos_needs_a_filter() {
    let h = Harness::new().await;
    for path in [
        "/api/v1/repository",
        "/api/v1/repository?namespace=",
        "/api/v1/repository?public=false&starred=0",
        "/api/v1/repository?popularity=true",
    ] {
        let ans = h
            .get(path, Some(&h.admin))
            .await
            .api_error(400, "invalid_request");
        assert_eq!(
            ans.text(),
            "namespace, starred or public are required for this API call"
        );
    }
    h.get("/api/v1/repository", None)
        .await
        .api_error(400, "invalid_request");
}

#[tokio::test]
async fn list_repos_answers_like_the_recorded_quay() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "web", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        ans.body,
        json!({"repositories": [{
            "namespace": "acme", "name": "web", "description": "d", "is_public": false,
            "kind": "image", "state": "NORMAL", "is_starred": false,
            "quota_report": {"quota_bytes": 0, "configured_quota": null}
        }]})
    );
    // With a namespace quota, configured_quota reports it.
    sql(
        &h,
        "INSERT INTO quota (namespace_id, limit_bytes) SELECT id, 1000 FROM namespace WHERE name = 'acme'",
        vec![],
    )
    .await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&w.alice))
        .await
        .expect(200);
    assert_eq!(
        ans.body["repositories"][0]["quota_report"],
        json!({"quota_bytes": 0, "configured_quota": 1000})
    );
    // Without quota management there is no quota_report.
    let h = Harness::with_config(Config {
        FEATURE_QUOTA_MANAGEMENT: false,
        ..Config::default()
    })
    .await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=dave", Some(&t))
        .await
        .expect(200);
    assert!(ans.body["repositories"][0].get("quota_report").is_none());
}

#[tokio::test]
async fn list_repos_shows_what_the_caller_may_see() {
    let h = Harness::new().await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "private1", "private").await;
    create(&h, &w.alice, "acme", "private2", "private").await;
    create(&h, &w.alice, "acme", "open", "public").await;
    create(&h, &w.eve, "eve", "own", "private").await;
    grant(&h, "acme", "private1", "bob", "read").await;
    grant_team(&h, "acme", "private2", "makers", "write").await;
    let names = |v: &Value| -> Vec<String> {
        v["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{}/{}",
                    r["namespace"].as_str().unwrap(),
                    r["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    let list = |t: Option<String>, q: &'static str| {
        let h = &h;
        async move {
            h.get(&format!("/api/v1/repository?{q}"), t.as_deref())
                .await
                .expect(200)
        }
    };
    // The org admin sees every repository of the organization.
    assert_eq!(
        names(&list(Some(w.alice.clone()), "namespace=acme").await.body),
        ["acme/private1", "acme/private2", "acme/open"]
    );
    // bob: direct read; carol: through her team; eve: nothing (no public flag).
    assert_eq!(
        names(&list(Some(w.bob.clone()), "namespace=acme").await.body),
        ["acme/private1"]
    );
    assert_eq!(
        names(&list(Some(w.carol.clone()), "namespace=acme").await.body),
        ["acme/private2"]
    );
    assert!(names(&list(Some(w.eve.clone()), "namespace=acme").await.body).is_empty());
    // public=true adds public repositories; without a namespace, across the registry.
    assert_eq!(
        names(
            &list(Some(w.eve.clone()), "namespace=acme&public=true")
                .await
                .body
        ),
        ["acme/open"]
    );
    assert_eq!(
        names(&list(Some(w.eve.clone()), "public=1").await.body),
        ["acme/open", "eve/own"]
    );
    // Anonymous: nothing with only a namespace, public ones with public=true, no is_starred.
    assert!(names(&list(None, "namespace=acme").await.body).is_empty());
    let anon = list(None, "public=yes").await;
    assert_eq!(names(&anon.body), ["acme/open"]);
    assert!(anon.body["repositories"][0].get("is_starred").is_none());
    let bad = list(Some("bogus".into()), "public=true").await;
    assert_eq!(bad.body, anon.body);
    // The listing is not capped by token scopes.
    let weak = h.user("bob", "user:read").await;
    assert_eq!(
        names(&list(Some(weak), "namespace=acme").await.body),
        ["acme/private1"]
    );
    // The superuser without FULL_ACCESS sees only what it has permissions on.
    assert!(names(&list(Some(h.admin.clone()), "namespace=acme").await.body).is_empty());
}

#[tokio::test]
async fn list_repos_for_superusers() {
    let h = Harness::with_config(full_access()).await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "p", "private").await;
    create(&h, &w.eve, "eve", "q", "private").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"].as_array().unwrap().len(), 1);
    let ans = h
        .get("/api/v1/repository?public=true", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"].as_array().unwrap().len(), 2);
    // A global read-only superuser sees everything with any token.
    let h = Harness::with_config(Config {
        GLOBAL_READONLY_SUPER_USERS: vec!["auditor".into()],
        ..Config::default()
    })
    .await;
    let w = world(&h).await;
    create(&h, &w.alice, "acme", "p", "private").await;
    let auditor = h.user("auditor", "user:read").await;
    let ans = h
        .get("/api/v1/repository?namespace=acme", Some(&auditor))
        .await
        .expect(200);
    assert_eq!(ans.body["repositories"][0]["name"], "p");
}

#[tokio::test]
async fn list_repos_options() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    create(&h, &t, "dave", "r", "private").await;
    let ans = h
        .get(
            "/api/v1/repository?namespace=dave&last_modified=true&popularity=true",
            Some(&t),
        )
        .await
        .expect(200);
    let repo = &ans.body["repositories"][0];
    assert_eq!(repo["last_modified"], Value::Null);
    assert!(repo.get("last_modified").is_some());
    assert_eq!(repo["popularity"], json!(0.0));
    assert_eq!(
        keys(repo),
        sorted(&[
            "namespace",
            "name",
            "description",
            "is_public",
            "kind",
            "state",
            "last_modified",
            "popularity",
            "is_starred",
            "quota_report"
        ])
    );
    // Other kinds: none of them here; an unknown kind is refused by the data layer.
    let ans = h
        .get(
            "/api/v1/repository?namespace=dave&repo_kind=application",
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"repositories": []}));
    h.get(
        "/api/v1/repository?namespace=dave&repo_kind=bogus",
        Some(&t),
    )
    .await
    .message_error(400, Some("Unknown repository kind"));
    // Stars: anonymous callers get 400, signed-in callers an empty list (no stars are kept).
    h.get("/api/v1/repository?starred=true", None)
        .await
        .message_error(
            400,
            Some("The browser (or proxy) sent a request that this server could not understand."),
        );
    let ans = h
        .get("/api/v1/repository?starred=true&namespace=dave", Some(&t))
        .await
        .expect(200);
    assert_eq!(ans.body, json!({"repositories": []}));
}

#[tokio::test]
async fn list_repos_pages_by_hundred() {
    let h = Harness::new().await;
    let t = h.user("dave", ALL).await;
    h.state
        .store
        .write(|tx| {
            let ns = namespace::by_name(tx, "dave")?.unwrap().id;
            for i in 0..205 {
                quay_server::store::repository::create(
                    tx,
                    ns,
                    &format!("r{i:03}"),
                    "private",
                    Some("d"),
                    "image",
                    Some(ns),
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let first = h
        .get("/api/v1/repository?namespace=dave", Some(&t))
        .await
        .expect(200);
    assert_eq!(first.body["repositories"].as_array().unwrap().len(), 100);
    let token = first.body["next_page"].as_str().unwrap().to_string();
    assert!(token.starts_with("gAAAAAB"));
    let second = h
        .get(
            &format!("/api/v1/repository?namespace=dave&next_page={token}"),
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(second.body["repositories"][0]["name"], "r100");
    let token = second.body["next_page"].as_str().unwrap().to_string();
    let third = h
        .get(
            &format!("/api/v1/repository?namespace=dave&next_page={token}"),
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(third.body["repositories"].as_array().unwrap().len(), 5);
    assert!(third.body.get("next_page").is_none());
    // A bad token silently restarts at the first page.
    let again = h
        .get(
            "/api/v1/repository?namespace=dave&next_page=garbage",
            Some(&t),
        )
        .await
        .expect(200);
    assert_eq!(again.body["repositories"][0]["name"], "r000");
}
