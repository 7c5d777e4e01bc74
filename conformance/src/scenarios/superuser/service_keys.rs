//! Scenarios of the `superuser` area: service keys.

use super::*;

pub(super) async fn create_key_ok(t: &Target) -> CaseResult {
    let service = fresh_service(t);
    let name = format!("{} main key", t.prefix);
    let expiration = (unix_now() + 86_400.0).floor();
    let body = CreateServiceKey::new(&service)
        .expiration(expiration)
        .name(&name)
        .metadata_entry("purpose", "conformance")
        .notes("created by the conformance run");
    let created = t.admin.superuser().service_keys().create(&body).await?;
    t.created(Created::ServiceKey(created.kid.clone()));
    ensure(
        !created.kid.is_empty() && created.name == name && created.service == service,
        format!("unexpected answer: {created:?}"),
    )?;
    ensure(
        created.public_key.starts_with("-----BEGIN PUBLIC KEY-----"),
        "public_key is not a PEM public key",
    )?;
    ensure(
        created.private_key.expose().contains("PRIVATE KEY-----"),
        "private_key is not a PEM private key",
    )?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.kid == created.kid
            && key.name == name
            && key.service == service
            && key.jwk.kid == created.kid
            && key.jwk.kty == "RSA",
        format!("getServiceKey disagrees with the creation: {key:?}"),
    )?;
    ensure(
        key.expiration_date.is_some(),
        "the expiration date was not stored",
    )?;
    ensure(
        key.metadata
            .get("purpose")
            .and_then(serde_json::Value::as_str)
            == Some("conformance")
            && key
                .metadata
                .get("created_by")
                .and_then(serde_json::Value::as_str)
                == Some("Quay Superuser Panel")
            && key
                .metadata
                .get("creator")
                .and_then(serde_json::Value::as_str)
                == Some(t.admin_name.as_str()),
        format!("unexpected metadata: {:?}", key.metadata),
    )?;
    let approval = key
        .approval
        .ok_or_else(|| fail("a key created by a superuser is approved at once"))?;
    ensure(
        approval.approval_type == ServiceKeyApprovalType::Superuser
            && approval.notes == "created by the conformance run"
            && approval
                .approver
                .as_ref()
                .is_some_and(|a| a.username == t.admin_name),
        format!("unexpected approval: {approval:?}"),
    )
}

pub(super) async fn create_key_never_expires(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.expiration_date.is_none(),
        format!(
            "a key created with expiration null expires: {:?}",
            key.expiration_date
        ),
    )
}

pub(super) async fn create_key_bad(t: &Target, body: CreateServiceKey, text: &str) -> CaseResult {
    let result = t.admin.superuser().service_keys().create(&body).await;
    if let Ok(k) = &result {
        t.created(Created::ServiceKey(k.kid.clone()));
    }
    if text.is_empty() {
        expect_status(result, 400)
    } else {
        expect_error(result, 400, text)
    }
}

pub(super) async fn create_key_as(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let body = CreateServiceKey::new(fresh_service(t));
    let result = client.superuser().service_keys().create(&body).await;
    if let Ok(k) = &result {
        t.created(Created::ServiceKey(k.kid.clone()));
    }
    if csrf {
        expect_csrf(result)
    } else {
        expect_status(result, 403)
    }
}

pub(super) async fn list_keys_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let list = t.admin.superuser().service_keys().list().await?;
    let key = list
        .keys
        .iter()
        .find(|k| k.kid == created.kid)
        .ok_or_else(|| {
            fail(format!(
                "the key {} just created is not listed",
                created.kid
            ))
        })?;
    ensure(
        key.service == created.service && key.approval.is_some(),
        format!("unexpected entry: {key:?}"),
    )
}

pub(super) async fn get_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "noted").await?;
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.kid == created.kid
            && key.service == created.service
            && key.name == created.name
            && !key.created_date.is_empty()
            && key.rotation_duration.is_none(),
        format!("unexpected key: {key:?}"),
    )?;
    ensure(
        key.approval
            .as_ref()
            .is_some_and(|a| a.notes == "noted" && !a.approved_date.is_empty()),
        format!("unexpected approval: {:?}", key.approval),
    )
}

pub(super) async fn update_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    let name = format!("{} renamed key", t.prefix);
    let updated = keys
        .update(
            &created.kid,
            &PutServiceKey::new()
                .name(&name)
                .metadata_entry("extra", "yes"),
        )
        .await?;
    let merged = |k: &quay_sdk::models::ServiceKey| {
        k.name == name
            && k.metadata.get("extra").and_then(serde_json::Value::as_str) == Some("yes")
            && k.metadata
                .get("purpose")
                .and_then(serde_json::Value::as_str)
                == Some("conformance")
    };
    ensure(
        merged(&updated),
        format!("expected the new name and merged metadata, got {updated:?}"),
    )?;
    let key = keys.get(&created.kid).await?;
    ensure(merged(&key), format!("the change was not stored: {key:?}"))
}

pub(super) async fn update_key_expiration(t: &Target) -> CaseResult {
    let created = new_key(t, Some((unix_now() + 86_400.0).floor()), "").await?;
    let keys = t.admin.superuser().service_keys();
    let key = keys
        .update(&created.kid, &PutServiceKey::new().never_expires())
        .await?;
    ensure(
        key.expiration_date.is_none(),
        format!(
            "expiration null did not remove the expiry: {:?}",
            key.expiration_date
        ),
    )?;
    let key = keys
        .update(
            &created.kid,
            &PutServiceKey::new().expiration((unix_now() + 2.0 * 86_400.0).floor()),
        )
        .await?;
    ensure(key.expiration_date.is_some(), "a new expiry was not set")?;
    let key = keys.get(&created.kid).await?;
    ensure(
        key.expiration_date.is_some(),
        "the new expiry was not stored",
    )
}

pub(super) async fn update_key_bad(t: &Target, change: PutServiceKey, text: &str) -> CaseResult {
    let created = new_key(t, None, "").await?;
    expect_error(
        t.admin
            .superuser()
            .service_keys()
            .update(&created.kid, &change)
            .await,
        400,
        text,
    )
}

pub(super) async fn update_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client
        .superuser()
        .service_keys()
        .update(&created.kid, &PutServiceKey::new().name("taken over"))
        .await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    let key = t.admin.superuser().service_keys().get(&created.kid).await?;
    ensure(
        key.name == created.name,
        "the refused update changed the key",
    )
}

pub(super) async fn delete_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    keys.delete(&created.kid).await?;
    t.deleted(&Created::ServiceKey(created.kid.clone()));
    expect_status(keys.get(&created.kid).await, 404)?;
    let list = keys.list().await?;
    ensure(
        !list.keys.iter().any(|k| k.kid == created.kid),
        "the deleted key is still listed",
    )
}

pub(super) async fn delete_key_again(t: &Target) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let keys = t.admin.superuser().service_keys();
    keys.delete(&created.kid).await?;
    t.deleted(&Created::ServiceKey(created.kid.clone()));
    expect_status(keys.delete(&created.kid).await, 404)
}

pub(super) async fn delete_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client.superuser().service_keys().delete(&created.kid).await;
    if csrf {
        expect_csrf(result)?;
    } else {
        expect_status(result, 403)?;
    }
    t.admin.superuser().service_keys().get(&created.kid).await?;
    Ok(())
}

pub(super) async fn approve_key_ok(t: &Target) -> CaseResult {
    let created = new_key(t, None, "first approval").await?;
    let keys = t.admin.superuser().service_keys();
    keys.approve(
        &created.kid,
        &ApproveServiceKey::new().notes("approved again"),
    )
    .await?;
    let key = keys.get(&created.kid).await?;
    // Idempotent: a key already approved keeps its approval.
    ensure(
        key.approval.as_ref().is_some_and(|a| {
            a.approval_type == ServiceKeyApprovalType::Superuser && a.notes == "first approval"
        }),
        format!("the existing approval changed: {:?}", key.approval),
    )
}

pub(super) async fn approve_key_refused(t: &Target, client: &Client, csrf: bool) -> CaseResult {
    let created = new_key(t, None, "").await?;
    let result = client
        .superuser()
        .service_keys()
        .approve(&created.kid, &ApproveServiceKey::new())
        .await;
    if csrf {
        expect_csrf(result)
    } else {
        expect_status(result, 403)
    }
}
