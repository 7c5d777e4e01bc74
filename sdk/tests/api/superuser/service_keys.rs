//! Service keys.

use super::*;

pub(super) const KID: &str = "4ugafDh-n10hmZizRVkGTipvqUGeu_sRmDrQU1ewCfY";

#[tokio::test]
async fn list_service_keys_decodes_every_key() {
    let ex = success("listServiceKeys");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/keys", &[], None, &ex).await;
    let list = c.superuser().service_keys().list().await.unwrap();
    let recorded = ex.body["keys"].as_array().unwrap();
    assert_eq!(list.keys.len(), recorded.len());
    let automatic = &list.keys[0];
    let approval = automatic.approval.as_ref().unwrap();
    assert_eq!(approval.approval_type, ServiceKeyApprovalType::Automatic);
    assert!(approval.approver.is_none());
    assert_eq!(automatic.jwk.kty, "RSA");
    assert_eq!(automatic.jwk.e.as_deref(), Some("AQAB"));
    let by_superuser = list
        .keys
        .iter()
        .find(|k| k.kid == KID)
        .expect("the scenario's key");
    let approval = by_superuser.approval.as_ref().unwrap();
    assert_eq!(approval.approval_type, ServiceKeyApprovalType::Superuser);
    assert_eq!(approval.approver.as_ref().unwrap().username, "quayadmin");
    assert_eq!(by_superuser.expiration_date, None);
}

#[tokio::test]
async fn create_service_key_sends_the_body_and_hides_the_private_key() {
    let ex = success("createServiceKey");
    let body = json!({
        "service": "qdgir2qi93svc",
        "expiration": null,
        "name": "qdgir2qi93 main key",
        "metadata": {"purpose": "quaydiff"},
        "notes": "created by the scenario",
    });
    let (_s, c) = expect_recorded("POST", "/api/v1/superuser/keys", &[], Some(body), &ex).await;
    let created = c
        .superuser()
        .service_keys()
        .create(
            &CreateServiceKey::new("qdgir2qi93svc")
                .name("qdgir2qi93 main key")
                .metadata_entry("purpose", "quaydiff")
                .notes("created by the scenario"),
        )
        .await
        .unwrap();
    assert_eq!(created.kid, KID);
    assert_eq!(created.service, "qdgir2qi93svc");
    assert!(created.public_key.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(created.private_key.expose(), "<PRIVATE_KEY_PEM>");
    assert!(!format!("{created:?}").contains("<PRIVATE_KEY_PEM>"));
}

#[tokio::test]
async fn create_service_key_sends_an_expiration() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/keys",
        &[],
        Some(json!({"service": "svc", "expiration": 1900000000.5})),
        200,
        json!({"kid": "k", "name": "", "service": "svc", "public_key": "P", "private_key": "S"}),
    )
    .await;
    let created = c
        .superuser()
        .service_keys()
        .create(&CreateServiceKey::new("svc").expiration(1900000000.5))
        .await
        .unwrap();
    assert_eq!(created.name, "");
}

#[tokio::test]
async fn get_service_key_encodes_the_kid() {
    let ex = success("getServiceKey");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/keys/a%2Bb%20c", &[], None, &ex).await;
    let key = c.superuser().service_keys().get("a+b c").await.unwrap();
    assert_eq!(key.kid, KID);
    assert_eq!(key.name, ex.body["name"].as_str().unwrap());
    assert_eq!(key.metadata["creator"], "quayadmin");
    assert_eq!(key.created_date, ex.body["created_date"].as_str().unwrap());
    assert_eq!(key.rotation_duration, None);
    assert_eq!(
        key.approval.unwrap().notes,
        ex.body["approval"]["notes"].as_str().unwrap()
    );
}

#[tokio::test]
async fn update_service_key_sends_the_changes() {
    let ex = success("updateServiceKey");
    let body = json!({"name": "qdgir2qi93 renamed key", "metadata": {"extra": "yes"}});
    let p = format!("/api/v1/superuser/keys/{KID}");
    let (_s, c) = expect_recorded("PUT", &p, &[], Some(body), &ex).await;
    let key = c
        .superuser()
        .service_keys()
        .update(
            KID,
            &PutServiceKey::new()
                .name("qdgir2qi93 renamed key")
                .metadata_entry("extra", "yes"),
        )
        .await
        .unwrap();
    assert_eq!(key.name, "qdgir2qi93 renamed key");
    assert_eq!(key.metadata["extra"], "yes");
}

#[tokio::test]
async fn update_service_key_can_remove_the_expiry() {
    let ex = success("updateServiceKey");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/keys/k",
        &[],
        Some(json!({"expiration": null})),
        &ex,
    )
    .await;
    c.superuser()
        .service_keys()
        .update("k", &PutServiceKey::new().never_expires())
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_service_key_encodes_the_kid() {
    let ex = success("deleteServiceKey");
    let (_s, c) = expect_recorded("DELETE", "/api/v1/superuser/keys/a%2Fb", &[], None, &ex).await;
    c.superuser().service_keys().delete("a/b").await.unwrap();
}

#[tokio::test]
async fn approve_service_key_sends_the_notes() {
    let ex = success("approveServiceKey");
    let p = format!("/api/v1/superuser/approvedkeys/{KID}");
    let body = json!({"notes": "approved again"});
    let (_s, c) = expect_recorded("POST", &p, &[], Some(body), &ex).await;
    c.superuser()
        .service_keys()
        .approve(KID, &ApproveServiceKey::new().notes("approved again"))
        .await
        .unwrap();
}

#[tokio::test]
async fn approve_service_key_without_notes_sends_an_empty_object() {
    let ex = success("approveServiceKey");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/approvedkeys/a%2Bb",
        &[],
        Some(json!({})),
        &ex,
    )
    .await;
    c.superuser()
        .service_keys()
        .approve("a+b", &ApproveServiceKey::new())
        .await
        .unwrap();
}
