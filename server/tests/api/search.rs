//! The `search` tag through HTTP: entities by prefix and repositories by text, filtered by the
//! caller as Quay filters them.

use crate::common;

use common::*;
use serde_json::{Value, json};

fn names(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn entities_depend_on_the_namespace_and_the_caller() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    let eve = h.user("eve", ALL).await;
    h.user("srchuser", ALL).await;
    h.user("srchuser2", ALL).await;
    org(&h, "srchorg", "alice").await;
    team(&h, "srchorg", "srchteam", "member", &["bob"]).await;
    team(&h, "srchorg", "srchempty", "member", &[]).await;
    h.put(
        "/api/v1/organization/srchorg/robots/srchbot",
        Some(&alice),
        None,
    )
    .await
    .expect(201);
    h.put("/api/v1/user/robots/srchmine", Some(&alice), None)
        .await
        .expect(201);

    // No namespace: users only, never organizations, no membership flag.
    let plain = h
        .get("/api/v1/entities/SRCH", Some(&eve))
        .await
        .expect(200)
        .body;
    assert_eq!(names(&plain), vec!["srchuser", "srchuser2"]);
    assert!(plain["results"][0].get("is_org_member").is_none());
    assert_eq!(plain["results"][0]["kind"], "user");
    assert_eq!(plain["results"][0]["is_robot"], false);
    // The exact match first.
    let exact = h
        .get("/api/v1/entities/srchuser2", None)
        .await
        .expect(200)
        .body;
    assert_eq!(names(&exact), vec!["srchuser2"]);

    // The organization's admin: teams, robots first, users, the organization last.
    let all = "/api/v1/entities/srch?namespace=srchorg&includeTeams=true&includeOrgs=true";
    let admin = h.get(all, Some(&alice)).await.body;
    assert_eq!(
        names(&admin),
        vec![
            "srchteam",
            "srchempty",
            "srchorg+srchbot",
            "srchuser",
            "srchuser2",
            "srchorg"
        ]
    );
    let recorded = common::recorded("getMatchingEntities", "search.getMatchingEntities.ok");
    for (i, kind) in [(0, 0), (2, 1), (5, 2)] {
        assert_eq!(
            common::keys(&admin["results"][i]),
            common::keys(&recorded["results"][kind]),
            "{i}"
        );
    }
    assert_eq!(admin["results"][2]["avatar"]["kind"], "robot");
    // Quay's defect: every user is an "org member" when the namespace is an organization.
    assert_eq!(admin["results"][3]["is_org_member"], true);
    // A member who is no admin: no organization entry; an outsider: users only.
    assert_eq!(
        names(&h.get(all, Some(&bob)).await.body),
        vec![
            "srchteam",
            "srchempty",
            "srchorg+srchbot",
            "srchuser",
            "srchuser2"
        ]
    );
    let outsider = h.get(all, Some(&eve)).await.body;
    assert_eq!(names(&outsider), vec!["srchuser", "srchuser2"]);
    assert_eq!(outsider["results"][0]["is_org_member"], true);
    assert_eq!(
        names(&h.get(all, None).await.body),
        vec!["srchuser", "srchuser2"]
    );
    // `includeTeams` off; the full robot name finds nothing (the namespace is added again).
    assert_eq!(
        names(
            &h.get("/api/v1/entities/srch?namespace=srchorg", Some(&alice))
                .await
                .body
        ),
        vec!["srchorg+srchbot", "srchuser", "srchuser2"]
    );
    assert_eq!(
        names(
            &h.get(
                "/api/v1/entities/srchorg+srchbot?namespace=srchorg",
                Some(&alice)
            )
            .await
            .body
        ),
        Vec::<String>::new()
    );
    // One's own name: one's own robots.
    assert_eq!(
        names(
            &h.get("/api/v1/entities/srch?namespace=alice", Some(&alice))
                .await
                .body
        ),
        vec!["alice+srchmine", "srchuser", "srchuser2"]
    );
    assert_eq!(
        names(
            &h.get("/api/v1/entities/srch?namespace=alice", Some(&eve))
                .await
                .body
        ),
        vec!["srchuser", "srchuser2"]
    );
    // Wildcards match literally; non-ASCII is transliterated.
    assert_eq!(
        names(&h.get("/api/v1/entities/s_ch", None).await.body),
        Vec::<String>::new()
    );
    assert_eq!(
        names(&h.get("/api/v1/entities/srchüser2", None).await.body),
        vec!["srchuser2"]
    );
}

#[tokio::test]
async fn repositories_are_found_by_text_among_those_the_caller_sees() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let eve = h.user("eve", ALL).await;
    org(&h, "srchorg", "alice").await;
    for (name, visibility, description) in [
        ("srchpub", "public", "public one"),
        ("srchpriv", "private", "private one"),
        ("other", "private", "mentions SRCH here"),
    ] {
        h.post(
            "/api/v1/repository",
            Some(&alice),
            json!({"repository": name, "visibility": visibility, "namespace": "srchorg",
                   "description": description}),
        )
        .await
        .expect(201);
    }
    let found = h
        .get("/api/v1/find/repositories?query=srch", Some(&alice))
        .await
        .expect(200)
        .body;
    assert_eq!(names(&found), vec!["srchpub", "srchpriv", "other"]);
    let recorded = common::recorded("conductRepoSearch", "search.conductRepoSearch.ok");
    assert_eq!(common::keys(&found), common::keys(&recorded));
    assert_eq!(
        common::keys(&found["results"][0]),
        common::keys(&recorded["results"][0])
    );
    assert_eq!(found["results"][0]["namespace"], {
        let mut ns = recorded["results"][0]["namespace"].clone();
        ns["name"] = json!("srchorg");
        ns["href"] = json!("/organization/srchorg");
        ns["avatar"] = found["results"][0]["namespace"]["avatar"].clone();
        ns
    });
    assert_eq!(found["results"][0]["href"], "/repository/srchorg/srchpub");
    assert_eq!(found["results"][0]["score"], 4);
    // Others see the public one; `ns/text` keeps one namespace (matched exactly).
    assert_eq!(
        names(
            &h.get("/api/v1/find/repositories?query=srch", Some(&eve))
                .await
                .body
        ),
        vec!["srchpub"]
    );
    assert_eq!(
        names(
            &h.get("/api/v1/find/repositories?query=srch", None)
                .await
                .body
        ),
        vec!["srchpub"]
    );
    assert_eq!(
        names(
            &h.get("/api/v1/find/repositories?query=SRCHORG/pub", Some(&alice))
                .await
                .body
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        names(
            &h.get("/api/v1/find/repositories?query=srchorg/priv", Some(&alice))
                .await
                .body
        ),
        vec!["srchpriv"]
    );
    // Usage, pages, a page that is not a number.
    let usage = h
        .get(
            "/api/v1/find/repositories?query=srchpub&includeUsage=abc",
            Some(&alice),
        )
        .await
        .body;
    assert_eq!(usage["results"][0]["stars"], 0);
    assert_eq!(usage["results"][0]["popularity"], 0.0);
    assert!(usage["results"][0].get("last_modified").is_none());
    let far = h
        .get("/api/v1/find/repositories?query=srch&page=99", Some(&alice))
        .await
        .body;
    assert_eq!(
        (&far["page"], &far["start_index"], &far["has_additional"]),
        (&json!(10), &json!(90), &json!(false))
    );
    let refused = h
        .get("/api/v1/find/repositories?page=1.5", Some(&alice))
        .await;
    assert_eq!(
        (refused.status, refused.body),
        (400, json!({"message": {"page": "The page."}}))
    );
}

#[tokio::test]
async fn eleven_matches_make_two_pages() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    for i in 0..11 {
        h.post(
            "/api/v1/repository",
            Some(&alice),
            json!({"repository": format!("app{i:02}"), "visibility": "private", "description": ""}),
        )
        .await
        .expect(201);
    }
    let first = h
        .get("/api/v1/find/repositories?query=app", Some(&alice))
        .await
        .body;
    assert_eq!(first["results"].as_array().unwrap().len(), 10);
    assert_eq!(first["has_additional"], true);
    let second = h
        .get("/api/v1/find/repositories?query=app&page=2", Some(&alice))
        .await
        .body;
    assert_eq!(names(&second), vec!["app10"]);
    assert_eq!(
        (&second["has_additional"], &second["start_index"]),
        (&json!(false), &json!(10))
    );
}

#[tokio::test]
async fn a_page_beyond_any_integer_is_clamped_as_python_does() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    for (page, want) in [
        ("-45259380334193688576", 1),
        ("45259380334193688576", 10),
        ("%203%20", 3),
    ] {
        let body = h
            .get(
                &format!("/api/v1/find/repositories?page={page}"),
                Some(&alice),
            )
            .await
            .expect(200)
            .body;
        assert_eq!(body["page"], want, "{page}");
    }
}

fn kinds(body: &Value) -> Vec<(String, String, f64)> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn everything_is_found_at_once_and_ranked_as_quay_ranks_it() {
    let h = Harness::new().await;
    let alice = h.user("alice", ALL).await;
    let bob = h.user("bob", ALL).await;
    h.user("fxuser", ALL).await;
    org(&h, "fxqb2tgm4uorg", "alice").await;
    team(&h, "fxqb2tgm4uorg", "fxteam", "member", &["bob"]).await;
    team(&h, "fxqb2tgm4uorg", "fxlonely", "member", &[]).await;
    robot(&h, "fxqb2tgm4uorg", "fxqb2tgm4ubot").await;
    robot(&h, "alice", "fxmine").await;
    h.post(
        "/api/v1/repository",
        Some(&alice),
        json!({"repository": "fxqb2tgm4urepo", "visibility": "private",
               "namespace": "fxqb2tgm4uorg", "description": "fixrec repository"}),
    )
    .await
    .expect(201);

    // The recorded search: the repository, the robot and the organization, scores to the bit.
    let found = h
        .get("/api/v1/find/all?query=fxqb2tgm4u", Some(&alice))
        .await
        .expect(200)
        .body;
    let recorded = common::recorded("conductSearch", "search.conductSearch.ok");
    assert_eq!(kinds(&found), kinds(&recorded));
    for i in 0..3 {
        assert_eq!(
            common::keys(&found["results"][i]),
            common::keys(&recorded["results"][i]),
            "{i}"
        );
    }
    let mut namespace = recorded["results"][0]["namespace"].clone();
    // The recorded organization has an e-mail address; this one has none.
    namespace["avatar"] = found["results"][0]["namespace"]["avatar"].clone();
    assert_eq!(found["results"][0]["namespace"], namespace);
    assert_eq!(found["results"][1], recorded["results"][1]);
    assert_eq!(found["results"][2]["href"], recorded["results"][2]["href"]);

    // Teams: the admin sees the organization's teams with members (not the empty one), a
    // member the teams it is in; robots of one's own namespace link to the user page.
    let fx = h.get("/api/v1/find/all?query=fx", Some(&alice)).await.body;
    let names: Vec<(String, String)> = kinds(&fx).into_iter().map(|(k, n, _)| (k, n)).collect();
    assert!(
        names.contains(&("team".into(), "fxteam".into())),
        "{names:?}"
    );
    assert!(!names.iter().any(|(_, n)| n == "fxlonely"), "{names:?}");
    assert!(
        names.contains(&("robot".into(), "alice+fxmine".into())),
        "{names:?}"
    );
    let mine = fx["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "alice+fxmine")
        .unwrap();
    assert_eq!(
        mine["href"],
        "/user/alice?tab=robots&showRobot=alice+fxmine"
    );
    let team = fx["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "team")
        .unwrap();
    assert_eq!(team["href"], "/organization/fxqb2tgm4uorg/teams/fxteam");
    assert_eq!(team["organization"]["kind"], "organization");
    assert_eq!(team["avatar"]["kind"], "team");
    // fxteam: 2 x LiquidMetal("fxteam", "fx") = 2 x (2 + 4 x 0.9) / 6.
    assert_eq!(
        team["score"].as_f64().unwrap(),
        2.0 * ((2.0 + 4.0 * 0.9) / 6.0)
    );
    // Highest first.
    let scores: Vec<f64> = kinds(&fx).into_iter().map(|(_, _, s)| s).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The namespace without a visible repository is not found (fxuser owns none).
    assert!(!names.iter().any(|(_, n)| n == "fxuser"), "{names:?}");

    // Bob (member, no admin): his team, no robots, no private repository, no organization.
    let bobs = h.get("/api/v1/find/all?query=fx", Some(&bob)).await.body;
    assert_eq!(
        kinds(&bobs)
            .into_iter()
            .map(|(k, n, _)| (k, n))
            .collect::<Vec<_>>(),
        vec![("team".to_string(), "fxteam".to_string())]
    );
    // Anonymous: public repositories and their namespaces only.
    assert_eq!(
        h.get("/api/v1/find/all?query=fx", None).await.body,
        json!({"results": []})
    );
    h.post(
        "/api/v1/repository",
        Some(&alice),
        json!({"repository": "fxpublic", "visibility": "public",
               "namespace": "fxqb2tgm4uorg", "description": ""}),
    )
    .await
    .expect(201);
    let anon = h.get("/api/v1/find/all?query=fx", None).await.body;
    assert_eq!(
        kinds(&anon)
            .into_iter()
            .map(|(k, n, _)| (k, n))
            .collect::<Vec<_>>(),
        vec![
            ("repository".to_string(), "fxpublic".to_string()),
            ("organization".to_string(), "fxqb2tgm4uorg".to_string())
        ]
    );
    // `ns/text` keeps one namespace's repositories; a description match that is no name
    // match scores half.
    let scoped = h
        .get("/api/v1/find/all?query=fxqb2tgm4uorg/fixrec", Some(&alice))
        .await
        .body;
    assert_eq!(scoped["results"][0]["name"], "fxqb2tgm4urepo");
    assert_eq!(scoped["results"][0]["score"].as_f64().unwrap(), 2.0);
    // Nothing for an empty query; wildcards are literal.
    assert_eq!(
        h.get("/api/v1/find/all", Some(&alice)).await.body,
        json!({"results": []})
    );
    assert_eq!(
        h.get("/api/v1/find/all?query=f_", Some(&alice)).await.body,
        json!({"results": []})
    );
}

#[tokio::test]
async fn linking_external_users_needs_a_federated_authentication_system() {
    let h = Harness::new().await;
    let recorded = common::recorded("linkExternalUser", "search.linkExternalUser.database_auth");
    let ans = h
        .post("/api/v1/entities/link/user2", Some(&h.admin), json!({}))
        .await
        .expect(404);
    assert_eq!(ans.body, recorded);
    h.call(
        poem::http::Method::POST,
        "/api/v1/entities/link/user2",
        None,
        None,
    )
    .await
    .csrf();
    let gone = h.get("/api/v1/entities/link/user2", Some(&h.admin)).await;
    assert_eq!(gone.status, 405);
}
