//! The `superuser` tag: requests sent, recorded responses decoded, pages streamed.

mod common;

use common::*;
use futures_util::TryStreamExt;
use quay_sdk::Error;
use quay_sdk::api::RegistrySizeQueueStatus;
use quay_sdk::models::{
    ApproveServiceKey, BuildLogs, BuildPhase, CreateInstallUser, CreateServiceKey, NamespaceKind,
    NewNamespaceQuota, PutServiceKey, ServiceKeyApprovalType, UpdateNamespaceQuota, UserKind,
};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The query pairs of the one request `server` received, in order.
async fn sent_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The first `n` elements of the array `key` of a recorded body.
fn items(body: &Value, key: &str, n: usize) -> Vec<Value> {
    let all = body[key].as_array().unwrap();
    assert!(all.len() >= n, "fixture has {} {key}, need {n}", all.len());
    all[..n].to_vec()
}

/// Mounts one page of a paginated GET: the first page matches a request without `next_page`,
/// the others the token; `also` are query parameters every page must carry.
async fn mount_page(
    server: &MockServer,
    p: &str,
    token: Option<&str>,
    also: &[(&str, &str)],
    body: Value,
) {
    let mut mock = Mock::given(method("GET"))
        .and(path(p))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
    for (k, v) in also {
        mock = mock.and(query_param(*k, *v));
    }
    mock = match token {
        None => mock.and(query_param_is_missing("next_page")),
        Some(t) => mock.and(query_param("next_page", t)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

// ---------------------------------------------------------------------------------------------
// Users.

#[tokio::test]
async fn list_users_sends_no_query_by_default() {
    let ex = success("listAllUsers");
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/users/", &[], None, &ex).await;
    let page = c.superuser().users().list().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    let recorded = ex.body["users"].as_array().unwrap();
    assert_eq!(page.users.len(), recorded.len());
    assert!(page.next_page.is_none());
    let admin = &page.users[0];
    assert_eq!(admin.kind, UserKind);
    assert_eq!(admin.username, recorded[0]["username"].as_str().unwrap());
    assert!(admin.super_user);
    assert!(admin.enabled);
    assert_eq!(admin.quotas.as_deref(), Some(&[][..]));
    assert_eq!(
        admin.quota_report.as_ref().unwrap().quota_bytes,
        recorded[0]["quota_report"]["quota_bytes"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn list_users_sends_disabled_limit_and_next_page() {
    let ex = success("listAllUsers");
    let query = [
        ("disabled", "false"),
        ("limit", "2"),
        ("next_page", "tok+1"),
    ];
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/users/", &query, None, &ex).await;
    c.superuser()
        .users()
        .list()
        .disabled(false)
        .limit(2)
        .next_page("tok+1")
        .await
        .unwrap();
    assert_eq!(sent_query(&s).await, pairs(&query));
}

#[tokio::test]
async fn users_stream_follows_next_page_with_the_limit() {
    let ex = success("listAllUsers");
    let users = items(&ex.body, "users", 4);
    let server = MockServer::start().await;
    let p = "/api/v1/superuser/users/";
    let limit = [("limit", "2")];
    mount_page(
        &server,
        p,
        None,
        &limit,
        json!({"users": users[..2], "next_page": "page2"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("page2"),
        &limit,
        json!({"users": users[2..3], "next_page": "page3"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("page3"),
        &limit,
        json!({"users": users[3..4]}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .users()
        .list()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|u| u.name.as_str()).collect();
    let expected: Vec<_> = users.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn users_stream_first_request_has_no_next_page() {
    let ex = success("listAllUsers");
    let server = MockServer::start().await;
    mount_page(
        &server,
        "/api/v1/superuser/users/",
        None,
        &[],
        ex.body.clone(),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .users()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), ex.body["users"].as_array().unwrap().len());
}

#[tokio::test]
async fn create_user_sends_the_body_and_hides_the_password() {
    let ex = success("createInstallUser");
    let body = json!({"username": "qdgir2qi93u3", "email": "qdgir2qi93u3@example.com"});
    let (_s, c) = expect_recorded("POST", "/api/v1/superuser/users/", &[], Some(body), &ex).await;
    let created = c
        .superuser()
        .users()
        .create(&CreateInstallUser::new("qdgir2qi93u3").email("qdgir2qi93u3@example.com"))
        .await
        .unwrap();
    assert_eq!(created.username, "qdgir2qi93u3");
    assert_eq!(created.email.as_deref(), Some("qdgir2qi93u3@example.com"));
    assert_eq!(created.password.expose(), "<PASSWORD>");
    assert_eq!(created.encrypted_password.expose(), "<ENCRYPTED_PASSWORD>");
    let debug = format!("{created:?}");
    assert!(!debug.contains("<PASSWORD>") && !debug.contains("<ENCRYPTED_PASSWORD>"));
}

#[tokio::test]
async fn create_user_without_email_sends_only_the_name() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/users/",
        &[],
        Some(json!({"username": "bob"})),
        200,
        json!({"username": "bob", "email": null, "password": "P", "encrypted_password": "E"}),
    )
    .await;
    let created = c
        .superuser()
        .users()
        .create(&CreateInstallUser::new("bob"))
        .await
        .unwrap();
    assert_eq!(created.email, None);
}

#[tokio::test]
async fn delete_user_encodes_the_name() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/superuser/users/a%2Bb%20c",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.superuser().users().delete("a+b c").await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Organizations.

#[tokio::test]
async fn list_organizations_decodes_the_recorded_page() {
    let ex = success("listAllOrganizations");
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/organizations/", &[], None, &ex).await;
    let page = c.superuser().organizations().list().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    let recorded = ex.body["organizations"].as_array().unwrap();
    assert_eq!(page.organizations.len(), recorded.len());
    assert_eq!(
        page.organizations[0].name,
        recorded[0]["name"].as_str().unwrap()
    );
    assert_eq!(
        page.organizations[0].avatar.hash,
        recorded[0]["avatar"]["hash"].as_str().unwrap()
    );
    assert!(page.organizations[0].quota_report.is_some());
}

#[tokio::test]
async fn list_organizations_sends_limit_and_next_page() {
    let ex = success("listAllOrganizations");
    let query = [("limit", "100"), ("next_page", "gAAAA/b=")];
    let (s, c) =
        expect_recorded("GET", "/api/v1/superuser/organizations/", &query, None, &ex).await;
    c.superuser()
        .organizations()
        .list()
        .limit(100)
        .next_page("gAAAA/b=")
        .await
        .unwrap();
    assert_eq!(sent_query(&s).await, pairs(&query));
}

#[tokio::test]
async fn organizations_stream_follows_next_page_with_the_limit() {
    let ex = success("listAllOrganizations");
    let orgs = items(&ex.body, "organizations", 3);
    let server = MockServer::start().await;
    let p = "/api/v1/superuser/organizations/";
    let limit = [("limit", "1")];
    mount_page(
        &server,
        p,
        None,
        &limit,
        json!({"organizations": orgs[..1], "next_page": "o2"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("o2"),
        &limit,
        json!({"organizations": orgs[1..2], "next_page": "o3"}),
    )
    .await;
    mount_page(
        &server,
        p,
        Some("o3"),
        &limit,
        json!({"organizations": orgs[2..3]}),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .organizations()
        .list()
        .limit(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|o| o.name.as_str()).collect();
    let expected: Vec<_> = orgs.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn organizations_stream_first_request_has_no_next_page() {
    let ex = success("listAllOrganizations");
    let server = MockServer::start().await;
    mount_page(
        &server,
        "/api/v1/superuser/organizations/",
        None,
        &[],
        ex.body.clone(),
    )
    .await;
    let all: Vec<_> = client(&server)
        .superuser()
        .organizations()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        ex.body["organizations"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn rename_organization_sends_the_new_name() {
    let ex = success("changeOrganization");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/organizations/acme%20corp",
        &[],
        Some(json!({"name": "acmecorp"})),
        &ex,
    )
    .await;
    let org = c
        .superuser()
        .organizations()
        .rename("acme corp", "acmecorp")
        .await
        .unwrap();
    assert_eq!(org.name, ex.body["name"].as_str().unwrap());
    assert_eq!(org.email, ex.body["email"].as_str().unwrap());
}

#[tokio::test]
async fn delete_organization_encodes_the_name() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/superuser/organizations/a%2Bb",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.superuser().organizations().delete("a+b").await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Logs.

#[tokio::test]
async fn list_logs_decodes_the_recorded_page() {
    let ex = success("listAllLogs");
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/logs", &[], None, &ex).await;
    let page = c.superuser().logs().await.unwrap();
    assert!(sent_query(&s).await.is_empty());
    assert_eq!(page.start_time, ex.body["start_time"].as_str().unwrap());
    assert_eq!(page.end_time, ex.body["end_time"].as_str().unwrap());
    let recorded = ex.body["logs"].as_array().unwrap();
    assert_eq!(page.logs.len(), recorded.len());
    assert_eq!(page.next_page.as_deref(), ex.body["next_page"].as_str());
    let first = &page.logs[0];
    assert_eq!(first.kind, recorded[0]["kind"].as_str().unwrap());
    assert_eq!(first.ip.as_deref(), recorded[0]["ip"].as_str());
    assert_eq!(
        first.metadata,
        *recorded[0]["metadata"].as_object().unwrap()
    );
    let performer = first.performer.as_ref().unwrap();
    assert_eq!(performer.name, "quayadmin");
    assert!(!performer.is_robot);
    assert_eq!(first.namespace.as_ref().unwrap().kind, NamespaceKind::Org);
    // The build system's entry has no performer.
    let without = recorded
        .iter()
        .position(|l| l.get("performer").is_none())
        .expect("a recorded entry without performer");
    assert!(page.logs[without].performer.is_none());
}

#[tokio::test]
async fn list_logs_sends_the_range_and_next_page() {
    let ex = success("listAllLogs");
    let query = [
        ("starttime", "11/20/2026"),
        ("endtime", "11/22/2026"),
        ("next_page", "gAAAA+x"),
    ];
    let (s, c) = expect_recorded("GET", "/api/v1/superuser/logs", &query, None, &ex).await;
    c.superuser()
        .logs()
        .starttime("11/20/2026")
        .endtime("11/22/2026")
        .next_page("gAAAA+x")
        .await
        .unwrap();
    assert_eq!(sent_query(&s).await, pairs(&query));
}

#[tokio::test]
async fn logs_stream_follows_next_page() {
    let ex = success("listAllLogs");
    let logs = items(&ex.body, "logs", 3);
    let page = |entries: &[Value], next: Option<&str>| {
        let mut body = json!({
            "start_time": ex.body["start_time"],
            "end_time": ex.body["end_time"],
            "logs": entries,
        });
        if let Some(n) = next {
            body["next_page"] = n.into();
        }
        body
    };
    let server = MockServer::start().await;
    let p = "/api/v1/superuser/logs";
    let range = [("starttime", "11/20/2026")];
    mount_page(&server, p, None, &range, page(&logs[..1], Some("l2"))).await;
    mount_page(
        &server,
        p,
        Some("l2"),
        &range,
        page(&logs[1..2], Some("l3")),
    )
    .await;
    mount_page(&server, p, Some("l3"), &range, page(&logs[2..3], None)).await;
    let all: Vec<_> = client(&server)
        .superuser()
        .logs()
        .starttime("11/20/2026")
        .stream()
        .try_collect()
        .await
        .unwrap();
    let kinds: Vec<_> = all.iter().map(|l| l.kind.as_str()).collect();
    let expected: Vec<_> = logs.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, expected);
}

#[tokio::test]
async fn logs_stream_stops_on_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/superuser/logs"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(
                fixture("listAllLogs")
                    .into_iter()
                    .find(|e| e.status == 403)
                    .unwrap()
                    .body,
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .superuser()
        .logs()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_forbidden());
}

// ---------------------------------------------------------------------------------------------
// Service keys.

const KID: &str = "4ugafDh-n10hmZizRVkGTipvqUGeu_sRmDrQU1ewCfY";

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

// ---------------------------------------------------------------------------------------------
// Quotas, on both path families.

#[tokio::test]
async fn user_quota_list_encodes_the_namespace() {
    let ex = success("listUserQuotaSuperUser");
    let (_s, c) =
        expect_recorded("GET", "/api/v1/superuser/users/a%2Bb/quota", &[], None, &ex).await;
    let quotas = c.superuser().user_quota("a+b").list().await.unwrap();
    assert_eq!(quotas.len(), 1);
    assert_eq!(quotas[0].id, Some(18));
    assert_eq!(quotas[0].limit_bytes, 5368709120);
    assert_eq!(quotas[0].limit, "5.0 GiB");
    assert!(!quotas[0].default_config && !quotas[0].default_config_exists);
    assert!(quotas[0].limits.is_empty());
}

#[tokio::test]
async fn user_quota_create_sends_the_size() {
    let ex = success("createUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/users/qdgir2qi93u3/quota",
        &[],
        Some(json!({"limit": "5 GiB"})),
        &ex,
    )
    .await;
    c.superuser()
        .user_quota("qdgir2qi93u3")
        .create(&NewNamespaceQuota::size("5 GiB"))
        .await
        .unwrap();
}

#[tokio::test]
async fn user_quota_update_sends_the_bytes() {
    let ex = success("changeUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/users/a%20b/quota/18",
        &[],
        Some(json!({"limit_bytes": 6442450944_i64})),
        &ex,
    )
    .await;
    let quota = c
        .superuser()
        .user_quota("a b")
        .update(18, &UpdateNamespaceQuota::bytes(6442450944))
        .await
        .unwrap();
    assert_eq!(quota.id, Some(18));
    assert_eq!(quota.limit_bytes, 6442450944);
    assert_eq!(quota.limit, "6.0 GiB");
}

#[tokio::test]
async fn user_quota_update_can_send_no_change() {
    let ex = success("changeUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/users/u/quota/18",
        &[],
        Some(json!({})),
        &ex,
    )
    .await;
    c.superuser()
        .user_quota("u")
        .update(18, &UpdateNamespaceQuota::no_change())
        .await
        .unwrap();
}

#[tokio::test]
async fn user_quota_delete_sends_the_id() {
    let ex = success("deleteUserQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/superuser/users/a%2Bb/quota/18",
        &[],
        None,
        &ex,
    )
    .await;
    c.superuser().user_quota("a+b").delete(18).await.unwrap();
}

#[tokio::test]
async fn organization_quota_list_encodes_the_namespace() {
    let ex = success("listOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/superuser/organization/a%2Bb/quota",
        &[],
        None,
        &ex,
    )
    .await;
    let quotas = c
        .superuser()
        .organization_quota("a+b")
        .list()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(quotas.len(), 1);
    assert_eq!(quotas[0].id, Some(17));
    assert_eq!(quotas[0].limit_bytes, 10737418240);
}

#[tokio::test]
async fn organization_quota_create_sends_the_bytes() {
    let ex = success("createOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/superuser/organization/qdgir2qi93org/quota",
        &[],
        Some(json!({"limit_bytes": 10737418240_i64})),
        &ex,
    )
    .await;
    c.superuser()
        .organization_quota("qdgir2qi93org")
        .create(&NewNamespaceQuota::bytes(10737418240))
        .await
        .unwrap();
}

#[tokio::test]
async fn organization_quota_update_sends_the_size() {
    let ex = success("changeOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/superuser/organization/a%20b/quota/17",
        &[],
        Some(json!({"limit": "20 GiB"})),
        &ex,
    )
    .await;
    let quota = c
        .superuser()
        .organization_quota("a b")
        .update(17, &UpdateNamespaceQuota::size("20 GiB"))
        .await
        .unwrap();
    assert_eq!(quota.limit_bytes, 21474836480);
    assert_eq!(quota.limits.len(), 1);
    assert_eq!(quota.limits[0].id, 7);
    assert_eq!(quota.limits[0].limit_percent, 80);
}

/// A real Quay answers a human-readable change with `limit_bytes` as a JSON float.
#[tokio::test]
async fn quota_changes_decode_float_byte_counts() {
    let (_s, c) = expect(
        "PUT",
        "/api/v1/superuser/users/u/quota/3",
        &[],
        Some(json!({"limit": "10 GiB"})),
        200,
        json!({"id": 3, "limit_bytes": 10737418240.0, "limit": "10.0 GiB",
               "default_config": false, "limits": [], "default_config_exists": false}),
    )
    .await;
    let quota = c
        .superuser()
        .user_quota("u")
        .update(3, &UpdateNamespaceQuota::size("10 GiB"))
        .await
        .unwrap();
    assert_eq!(quota.limit_bytes, 10 * 1024 * 1024 * 1024);
}

#[tokio::test]
async fn organization_quota_delete_sends_the_id() {
    let ex = success("deleteOrganizationQuotaSuperUser");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/superuser/organization/a%2Bb/quota/17",
        &[],
        None,
        &ex,
    )
    .await;
    c.superuser()
        .organization_quota("a+b")
        .delete(17)
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Builds.

const BUILD: &str = "14a49ea1-525a-402c-923c-eedcba26581c";

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

// ---------------------------------------------------------------------------------------------
// Registry size.

#[tokio::test]
async fn registry_size_decodes() {
    let ex = success("getRegistrySize");
    let (_s, c) = expect_recorded("GET", "/api/v1/superuser/registrysize/", &[], None, &ex).await;
    let size = c.superuser().registry_size().get().await.unwrap();
    assert_eq!(size.size_bytes, 394);
    assert_eq!(size.last_ran, Some(1795329216123));
    assert!(!size.queued && !size.running);
}

#[tokio::test]
async fn registry_size_before_any_calculation() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        200,
        json!({"size_bytes": 0, "last_ran": null, "queued": false, "running": false}),
    )
    .await;
    let size = c.superuser().registry_size().get().await.unwrap();
    assert_eq!(size.last_ran, None);
}

#[tokio::test]
async fn queue_registry_size_reports_201_as_queued() {
    let ex = success("queueRegistrySizeCalculation");
    assert_eq!(ex.status, 201);
    let (s, c) = expect_recorded("POST", "/api/v1/superuser/registrysize/", &[], None, &ex).await;
    let outcome = c.superuser().registry_size().queue().await.unwrap();
    assert_eq!(outcome, RegistrySizeQueueStatus::Queued);
    let requests = s.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty(), "no body is sent");
}

#[tokio::test]
async fn queue_registry_size_reports_202_as_already_queued() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        202,
        json!(""),
    )
    .await;
    let outcome = c.superuser().registry_size().queue().await.unwrap();
    assert_eq!(outcome, RegistrySizeQueueStatus::AlreadyQueued);
}

#[tokio::test]
async fn queue_registry_size_refuses_an_unexpected_success() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/superuser/registrysize/",
        &[],
        None,
        200,
        json!(""),
    )
    .await;
    let err = c.superuser().registry_size().queue().await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Every recorded exchange.

#[tokio::test]
async fn recorded_user_and_organization_responses_decode() {
    replay("listAllUsers", |c| async move {
        c.superuser().users().list().await
    })
    .await;
    replay("createInstallUser", |c| async move {
        c.superuser()
            .users()
            .create(&CreateInstallUser::new("someone"))
            .await
    })
    .await;
    replay("deleteInstallUser", |c| async move {
        c.superuser().users().delete("someone").await
    })
    .await;
    replay("listAllOrganizations", |c| async move {
        c.superuser().organizations().list().await
    })
    .await;
    replay("changeOrganization", |c| async move {
        c.superuser().organizations().rename("org", "org2").await
    })
    .await;
    replay("deleteOrganization", |c| async move {
        c.superuser().organizations().delete("org").await
    })
    .await;
    replay("listAllLogs", |c| async move { c.superuser().logs().await }).await;
}

#[tokio::test]
async fn recorded_service_key_responses_decode() {
    replay("listServiceKeys", |c| async move {
        c.superuser().service_keys().list().await
    })
    .await;
    replay("createServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .create(&CreateServiceKey::new("svc"))
            .await
    })
    .await;
    replay("getServiceKey", |c| async move {
        c.superuser().service_keys().get("kid").await
    })
    .await;
    replay("updateServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .update("kid", &PutServiceKey::new())
            .await
    })
    .await;
    replay("deleteServiceKey", |c| async move {
        c.superuser().service_keys().delete("kid").await
    })
    .await;
    replay("approveServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .approve("kid", &ApproveServiceKey::new())
            .await
    })
    .await;
}

#[tokio::test]
async fn recorded_quota_responses_decode() {
    replay("listUserQuotaSuperUser", |c| async move {
        c.superuser().user_quota("ns").list().await
    })
    .await;
    replay("createUserQuotaSuperUser", |c| async move {
        c.superuser()
            .user_quota("ns")
            .create(&NewNamespaceQuota::size("5 GiB"))
            .await
    })
    .await;
    replay("changeUserQuotaSuperUser", |c| async move {
        c.superuser()
            .user_quota("ns")
            .update(1, &UpdateNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("deleteUserQuotaSuperUser", |c| async move {
        c.superuser().user_quota("ns").delete(1).await
    })
    .await;
    replay("listOrganizationQuotaSuperUser", |c| async move {
        c.superuser().organization_quota("ns").list().await
    })
    .await;
    replay("createOrganizationQuotaSuperUser", |c| async move {
        c.superuser()
            .organization_quota("ns")
            .create(&NewNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("changeOrganizationQuotaSuperUser", |c| async move {
        c.superuser()
            .organization_quota("ns")
            .update(1, &UpdateNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("deleteOrganizationQuotaSuperUser", |c| async move {
        c.superuser().organization_quota("ns").delete(1).await
    })
    .await;
}

#[tokio::test]
async fn recorded_build_and_registry_size_responses_decode() {
    replay("getRepoBuildStatusSuperUser", |c| async move {
        c.superuser().build("b").status().await
    })
    .await;
    replay("getRepoBuildSuperUser", |c| async move {
        c.superuser().build("b").get().await
    })
    .await;
    replay("getRepoBuildLogsSuperUser", |c| async move {
        c.superuser().build("b").logs().await
    })
    .await;
    replay("getRegistrySize", |c| async move {
        c.superuser().registry_size().get().await
    })
    .await;
    replay("queueRegistrySizeCalculation", |c| async move {
        c.superuser().registry_size().queue().await
    })
    .await;
}
