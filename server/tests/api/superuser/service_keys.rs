//! service keys

use super::*;

pub(super) fn thumbprint(jwk: &Value) -> String {
    let input = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        jwk["e"].as_str().unwrap(),
        jwk["n"].as_str().unwrap()
    );
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(input.as_bytes()))
}

pub(super) const HTTP_DATE: fn(&str) -> bool =
    |d| chrono::NaiveDateTime::parse_from_str(d, "%a, %d %b %Y %H:%M:%S GMT").is_ok();

#[tokio::test]
async fn service_key_lifecycle() {
    let h = Harness::with_config(auditor_config()).await;
    let auditor = h.user("auditor", "user:read").await;
    let created = h
        .post(
            "/api/v1/superuser/keys",
            Some(&h.admin),
            json!({"service": "my_service", "expiration": null, "name": "main key",
                   "metadata": {"purpose": "tests", "creator": "spoofed"}, "notes": "by the tests"}),
        )
        .await
        .expect(200);
    same_shape(
        &created.body,
        fixture("createServiceKey", Some("ok")).body(),
    );
    let kid = created.body["kid"].as_str().unwrap().to_string();
    assert_eq!(kid.len(), 43);
    assert!(
        created.body["private_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    assert!(
        created.body["public_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----\n")
    );
    assert_eq!(created.body["name"], "main key");
    assert_eq!(created.body["service"], "my_service");

    let key = h
        .get(&format!("/api/v1/superuser/keys/{kid}"), Some(&auditor))
        .await
        .expect(200);
    same_shape(&key.body, fixture("getServiceKey", Some("ok")).body());
    assert_eq!(key.body["kid"], kid.as_str());
    assert_eq!(key.body["jwk"]["kid"], kid.as_str());
    assert_eq!(key.body["jwk"]["kty"], "RSA");
    assert_eq!(key.body["jwk"]["e"], "AQAB");
    assert_eq!(thumbprint(&key.body["jwk"]), kid);
    assert_eq!(
        keys(&key.body["jwk"]),
        keys(&json!({"e": 1, "kid": 1, "kty": 1, "n": 1}))
    );
    assert_eq!(
        key.body["metadata"],
        json!({"purpose": "tests", "created_by": "Quay Superuser Panel",
               "creator": "quayadmin", "ip": "127.0.0.1"})
    );
    assert!(HTTP_DATE(key.body["created_date"].as_str().unwrap()));
    assert_eq!(key.body["expiration_date"], Value::Null);
    assert_eq!(key.body["rotation_duration"], Value::Null);
    let approval = &key.body["approval"];
    assert_eq!(
        approval["approval_type"],
        "ServiceKeyApprovalType.SUPERUSER"
    );
    assert_eq!(approval["notes"], "by the tests");
    assert_eq!(approval["approver"]["name"], "quayadmin");
    assert!(HTTP_DATE(approval["approved_date"].as_str().unwrap()));

    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_approve");
    assert_eq!(entries[1]["kind"], "service_key_create");
    assert_eq!(
        entries[1]["metadata"],
        json!({"kid": kid, "preshared": true, "service": "my_service", "name": "main key",
               "expiration_date": null, "auto_approved": true})
    );
    assert_eq!(entries[1]["namespace"]["name"], "quayadmin");

    let list = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body["keys"].as_array().unwrap().len(), 1);
    same_shape(&list.body["keys"][0], &key.body);

    // Update: name, merged metadata, expiration set and removed.
    let in_a_day = chrono::Utc::now().timestamp() + 86_400;
    let updated = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({"name": "renamed key", "metadata": {"extra": "yes"}, "expiration": in_a_day})),
        )
        .await
        .expect(200);
    same_shape(
        &updated.body,
        fixture("updateServiceKey", Some("ok")).body(),
    );
    assert_eq!(updated.body["name"], "renamed key");
    assert_eq!(updated.body["metadata"]["extra"], "yes");
    assert_eq!(updated.body["metadata"]["purpose"], "tests");
    let expected = chrono::DateTime::from_timestamp(in_a_day, 0).unwrap();
    assert_eq!(
        updated.body["expiration_date"],
        expected.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    );
    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_modify");
    assert_eq!(entries[1]["kind"], "service_key_extend");
    assert_eq!(entries[1]["metadata"]["expiration_date"], json!(in_a_day));
    assert_eq!(entries[1]["metadata"]["old_expiration_date"], Value::Null);
    let cleared = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({"expiration": null})),
        )
        .await
        .expect(200);
    assert_eq!(cleared.body["expiration_date"], Value::Null);
    assert_eq!(cleared.body["name"], "renamed key");
    let same = h
        .put(
            &format!("/api/v1/superuser/keys/{kid}"),
            Some(&h.admin),
            Some(json!({})),
        )
        .await
        .expect(200);
    assert_eq!(same.body, cleared.body);

    // Approving an approved key changes nothing.
    let ans = h
        .post(
            &format!("/api/v1/superuser/approvedkeys/{kid}"),
            Some(&h.admin),
            json!({"notes": "approved again"}),
        )
        .await
        .expect(201);
    assert_eq!(ans.body, json!(""));
    assert!(ans.content_type.starts_with("text/html"));
    let after = h
        .get(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(after.body["approval"]["notes"], "by the tests");

    // Delete.
    h.delete(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .expect(204);
    let entries = logs(&h).await;
    assert_eq!(entries[0]["kind"], "service_key_delete");
    assert!(entries[0]["metadata"]["created_date"].is_i64());
    let again = h
        .delete(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    same_shape(
        &again.body,
        fixture("deleteServiceKey", Some("again")).body(),
    );
    h.get(&format!("/api/v1/superuser/keys/{kid}"), Some(&h.admin))
        .await
        .api_error(404, "not_found");
    let list = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(list.body, json!({"keys": []}));
}

#[tokio::test]
async fn service_key_refusals() {
    let h = Harness::new().await;
    let bob = h.user("bob", ALL).await;
    let path = "/api/v1/superuser/keys";
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": 1000}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("createServiceKey", Some("past_expiration")).body()["detail"]
    );
    h.post(
        path,
        Some(&h.admin),
        json!({"service": "svc", "expiration": null, "name": "bad!name"}),
    )
    .await
    .api_error(400, "invalid_request")
    .assert_text("Invalid service key friendly name: bad!name");
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": 1.0e12}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with("Invalid expiration date: year "),
        "{ans:?}"
    );
    h.post(
        path,
        Some(&h.admin),
        json!({"service": "Bad-Service", "expiration": null}),
    )
    .await
    .message_error(400, Some(""));
    let ans = h
        .post(path, Some(&h.admin), json!({"service": "svc"}))
        .await
        .api_error(400, "invalid_request");
    assert!(ans.text().starts_with(
        "'expiration' is a required property\n\nFailed validating 'required' in schema:\n"
    ));
    let ans = h
        .post(
            path,
            Some(&h.admin),
            json!({"service": "svc", "expiration": "tomorrow"}),
        )
        .await
        .api_error(400, "invalid_request");
    assert!(
        ans.text().starts_with("'tomorrow' is not of type 'number'"),
        "{ans:?}"
    );
    // Body before rights: a non-superuser with a bad body gets 400, with a good one 403.
    h.post(path, Some(&bob), json!({"service": "svc"}))
        .await
        .api_error(400, "invalid_request");
    let ans = h
        .post(
            path,
            Some(&bob),
            json!({"service": "svc", "expiration": null}),
        )
        .await
        .api_error(403, "insufficient_scope");
    same_shape(&ans.body, fixture("createServiceKey", Some("user2")).body());
    // Nothing was stored.
    let list = h.get(path, Some(&h.admin)).await.expect(200);
    assert_eq!(list.body, json!({"keys": []}));

    // Unknown kids.
    h.put(
        "/api/v1/superuser/keys/nosuchkid",
        Some(&h.admin),
        Some(json!({"name": "x"})),
    )
    .await
    .api_error(404, "not_found");
    h.post(
        "/api/v1/superuser/approvedkeys/nosuchkid",
        Some(&h.admin),
        json!({}),
    )
    .await
    .api_error(404, "not_found");
    let ans = h
        .post(
            "/api/v1/superuser/approvedkeys/nosuchkid",
            Some(&h.admin),
            json!({"notes": 5}),
        )
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("approveServiceKey", Some("wrong_type")).body()["detail"]
    );
    h.call(
        Method::POST,
        "/api/v1/superuser/approvedkeys/nosuchkid",
        Some(&h.admin),
        None,
    )
    .await
    .message_error(415, None);
    h.get("/api/v1/superuser/keys/", Some(&h.admin))
        .await
        .expect(404);
}

#[tokio::test]
async fn update_service_key_refusals_and_quirks() {
    let h = Harness::new().await;
    let created = h
        .post(
            "/api/v1/superuser/keys",
            Some(&h.admin),
            json!({"service": "svc", "expiration": null, "name": "k"}),
        )
        .await
        .expect(200);
    let kid = created.body["kid"].as_str().unwrap();
    let path = format!("/api/v1/superuser/keys/{kid}");
    let ans = h
        .put(&path, Some(&h.admin), Some(json!({"expiration": 1000})))
        .await
        .api_error(400, "invalid_request");
    assert_eq!(
        ans.body["detail"],
        fixture("updateServiceKey", Some("past_expiration")).body()["detail"]
    );
    h.put(&path, Some(&h.admin), Some(json!({"name": "bad!name"})))
        .await
        .api_error(400, "invalid_request");
    h.put(&path, Some(&h.admin), Some(json!({"metadata": "x"})))
        .await
        .api_error(400, "invalid_request");
    let key = h.get(&path, Some(&h.admin)).await.expect(200);
    assert_eq!(key.body["name"], "k");
    assert_eq!(key.body["expiration_date"], Value::Null);
    // Quay writes the expiration before checking the name (400, expiration changed: a Quay
    // defect); this server refuses the whole request and changes nothing.
    let in_a_day = chrono::Utc::now().timestamp() + 86_400;
    h.put(
        &path,
        Some(&h.admin),
        Some(json!({"expiration": in_a_day, "name": "bad!name"})),
    )
    .await
    .api_error(400, "invalid_request");
    let key = h.get(&path, Some(&h.admin)).await.expect(200);
    assert_eq!(key.body["name"], "k");
    assert_eq!(key.body["expiration_date"], Value::Null);
}

#[tokio::test]
async fn keys_awaiting_approval_can_be_approved() {
    let h = Harness::new().await;
    h.state
        .store
        .write(|tx| {
            tx.execute(
                "INSERT INTO service_key (kid, name, service, jwk, metadata, created_at)
                 VALUES ('pending', 'p', 'quay', '{\"kty\":\"RSA\",\"kid\":\"pending\",\"n\":\"AA\",\"e\":\"AQAB\"}',
                         '{\"created_by\":\"CLI tool\"}', ?1)",
                [quay_server::time::now_db()],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let key = h
        .get("/api/v1/superuser/keys/pending", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(key.body["approval"], Value::Null);
    h.post(
        "/api/v1/superuser/approvedkeys/pending",
        Some(&h.admin),
        json!({"notes": "ok"}),
    )
    .await
    .expect(201);
    let key = h
        .get("/api/v1/superuser/keys/pending", Some(&h.admin))
        .await
        .expect(200);
    assert_eq!(key.body["approval"]["notes"], "ok");
    assert_eq!(
        key.body["approval"]["approval_type"],
        "ServiceKeyApprovalType.SUPERUSER"
    );
    assert_eq!(logs(&h).await[0]["kind"], "service_key_approve");
}

/// As a real Quay lists its own key (ffba0c70e2d8): service `quay`, named after the instance's
/// audience, approved automatically by no one, created by the "CLI tool", expiring after
/// INSTANCE_SERVICE_KEY_EXPIRATION minutes. `start` makes one at every start.
#[tokio::test]
async fn the_instance_service_key_is_listed() {
    use quay_server::api::superuser::instance_key;
    let h = Harness::new().await;
    let started = quay_server::start(h.state.clone(), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let addr = started.url().trim_start_matches("http://").to_string();
    started.stop().await;
    let cfg = Config {
        SERVER_HOSTNAME: Some("quay.example.com".into()),
        PREFERRED_URL_SCHEME: "https".into(),
        ..Config::default()
    };
    let audience = instance_key::audience(&cfg, "127.0.0.1:1".parse().unwrap());
    assert_eq!(audience, "https://quay.example.com:443");
    let kid = instance_key::setup(&h.state, audience)
        .await
        .unwrap()
        .unwrap();

    let list = h
        .get("/api/v1/superuser/keys", Some(&h.admin))
        .await
        .expect(200);
    let keys = list.body["keys"].as_array().unwrap();
    let quay: Vec<&Value> = keys.iter().filter(|k| k["service"] == "quay").collect();
    assert_eq!(quay.len(), 2, "{keys:?}");
    assert!(
        quay.iter().any(|k| k["name"] == format!("http://{addr}")),
        "{quay:?}"
    );
    let mine = quay.iter().find(|k| k["kid"] == kid.as_str()).unwrap();
    assert_eq!(mine["name"], "https://quay.example.com:443");
    assert_eq!(mine["metadata"], json!({"created_by": "CLI tool"}));
    assert_eq!(mine["rotation_duration"], Value::Null);
    assert_eq!(
        mine["approval"]["approval_type"],
        "ServiceKeyApprovalType.AUTOMATIC"
    );
    assert_eq!(mine["approval"].get("approver"), Some(&Value::Null));
    assert_eq!(mine["kid"], thumbprint(&mine["jwk"]));
    let expires = chrono::NaiveDateTime::parse_from_str(
        mine["expiration_date"].as_str().unwrap(),
        "%a, %d %b %Y %H:%M:%S GMT",
    )
    .unwrap()
    .and_utc();
    let minutes = (expires - chrono::Utc::now()).num_minutes();
    assert!((118..=120).contains(&minutes), "{minutes}");

    // A read-only registry makes none.
    let ro = quay_server::AppState::new(
        quay_server::Store::in_memory().unwrap(),
        Config {
            REGISTRY_STATE: "readonly".into(),
            ..Config::default()
        },
    );
    assert_eq!(
        instance_key::setup(&ro, "http://x:80".into())
            .await
            .unwrap(),
        None
    );
}
