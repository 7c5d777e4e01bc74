//! The `organization` tag: requests sent and recorded responses decoded.

mod common;

use common::*;
use futures_util::TryStreamExt;
use quay_sdk::models::{
    AvatarKind, NewApp, NewApplicationToken, NewOrg, NewProxyCacheConfig, OrgMemberKind,
    ProxyCacheConfig, ProxyCacheValidationResult, TeamRole, UpdateApp, UpdateOrg, UserKind,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_BASE: &str = "/api/v1/organization/acme/applications";

// ------------------------------------------------------------------ organizations

#[tokio::test]
async fn create_organization_sends_the_new_org() {
    let ex = success("createOrganization");
    let body =
        json!({"name": "acme", "email": "ops@acme.example", "contact_email": "c@acme.example"});
    let (_s, c) = expect_recorded("POST", "/api/v1/organization/", &[], Some(body), &ex).await;
    c.organizations()
        .create(
            &NewOrg::new("acme")
                .email("ops@acme.example")
                .contact_email("c@acme.example"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn create_organization_sends_only_the_name_when_nothing_else_is_set() {
    let ex = success("createOrganization");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/",
        &[],
        Some(json!({"name": "acme"})),
        &ex,
    )
    .await;
    c.organizations()
        .create(&NewOrg::new("acme"))
        .await
        .unwrap();
}

#[tokio::test]
async fn application_information_encodes_the_client_id() {
    let ex = success("getApplicationInformation");
    let (_s, c) = expect_recorded("GET", "/api/v1/app/A%2BB%20C", &[], None, &ex).await;
    let info = c
        .organizations()
        .application_information("A+B C")
        .await
        .unwrap();
    assert_eq!(info.name, ex.body["name"].as_str().unwrap());
    assert_eq!(info.uri, ex.body["uri"].as_str().unwrap());
    assert_eq!(info.avatar.kind, AvatarKind::App);
    assert_eq!(
        info.organization.name,
        ex.body["organization"]["name"].as_str().unwrap()
    );
    assert_eq!(info.organization.teams.as_ref().map(|t| t.len()), Some(0));
    assert_eq!(info.organization.ordered_teams, Some(vec![]));
}

#[tokio::test]
async fn get_organization_decodes_the_admin_view() {
    let ex = success("getOrganization");
    let (_s, c) = expect_recorded("GET", "/api/v1/organization/acme", &[], None, &ex).await;
    let org = c.organization("acme").get().await.unwrap();
    assert_eq!(org.name, ex.body["name"].as_str().unwrap());
    assert_eq!(org.email, ex.body["email"].as_str().unwrap());
    assert!(org.is_admin && org.is_member);
    assert_eq!(org.avatar.kind, AvatarKind::User);
    let owners = &org.teams.as_ref().unwrap()["owners"];
    assert_eq!(owners.role, TeamRole::Admin);
    assert_eq!(owners.member_count, 1);
    assert_eq!(owners.avatar.kind, AvatarKind::Team);
    assert_eq!(
        org.ordered_teams.as_deref(),
        Some(&["owners".to_string()][..])
    );
    assert_eq!(org.teams_in_order()[0].name, "owners");
    assert_eq!(org.invoice_email, Some(false));
    assert_eq!(org.invoice_email_address, None);
    assert_eq!(org.tag_expiration_s, ex.body["tag_expiration_s"].as_u64());
    assert_eq!(org.is_free_account, Some(true));
    assert_eq!(org.quotas.as_ref().map(Vec::len), Some(0));
    assert_eq!(org.quota_report.unwrap().configured_quota, None);
}

#[tokio::test]
async fn get_organization_decodes_the_public_view_and_encodes_the_name() {
    let public = json!({
        "name": "my org", "email": "",
        "avatar": {"name": "my org", "hash": "00", "color": "#c7c7c7", "kind": "user"},
        "is_admin": false, "is_member": false
    });
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/my%20org",
        &[],
        None,
        200,
        public,
    )
    .await;
    let org = c.organization("my org").get().await.unwrap();
    assert!(!org.is_admin && !org.is_member);
    assert!(org.teams.is_none() && org.quotas.is_none() && org.invoice_email.is_none());
    assert!(org.teams_in_order().is_empty());
}

#[tokio::test]
async fn update_organization_sends_only_the_set_fields() {
    let ex = success("changeOrganizationDetails");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded("PUT", "/api/v1/organization/a%2Bb", &[], Some(body), &ex).await;
    let org = c
        .organization("a+b")
        .update(
            &UpdateOrg::default()
                .email("qdgir2qi93org-new@example.com")
                .invoice_email(true)
                .invoice_email_address("billing-qdgir2qi93org@example.com")
                .tag_expiration_s(86400),
        )
        .await
        .unwrap();
    assert_eq!(org.email, "qdgir2qi93org-new@example.com");
    assert_eq!(org.invoice_email, Some(true));
    assert_eq!(
        org.invoice_email_address.as_deref(),
        Some("billing-qdgir2qi93org@example.com")
    );
    assert_eq!(org.tag_expiration_s, Some(86400));
    assert!(org.teams.is_some());
}

#[tokio::test]
async fn empty_update_sends_an_empty_object() {
    let ex = success("changeOrganizationDetails");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme",
        &[],
        Some(json!({})),
        &ex,
    )
    .await;
    c.organization("acme")
        .update(&UpdateOrg::default())
        .await
        .unwrap();
    let with_contact = UpdateOrg::default().contact_email("");
    assert_eq!(
        serde_json::to_value(&with_contact).unwrap(),
        json!({"contact_email": ""})
    );
}

#[tokio::test]
async fn delete_organization() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/a%2Bb",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.organization("a+b").delete().await.unwrap();
}

// ------------------------------------------------------------------ members, collaborators

#[tokio::test]
async fn list_members() {
    let ex = success("getOrganizationMembers");
    let (_s, c) =
        expect_recorded("GET", "/api/v1/organization/a%20b/members", &[], None, &ex).await;
    let members = c.organization("a b").members().list().await.unwrap();
    let recorded = ex.body["members"].as_array().unwrap();
    assert_eq!(members.len(), recorded.len());
    assert_eq!(members[0].name, recorded[0]["name"].as_str().unwrap());
    assert_eq!(members[0].kind, OrgMemberKind::User);
    assert_eq!(members[0].teams[0].name, "owners");
    assert_eq!(
        members[0].repositories,
        vec![recorded[0]["repositories"][0].as_str().unwrap().to_string()]
    );
}

#[tokio::test]
async fn get_member_encodes_a_robot_name() {
    let ex = success("getOrganizationMember");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/acme/members/acme%2Bbot",
        &[],
        None,
        &ex,
    )
    .await;
    let member = c
        .organization("acme")
        .members()
        .get("acme+bot")
        .await
        .unwrap();
    assert_eq!(member.name, ex.body["name"].as_str().unwrap());
    assert_eq!(member.kind, OrgMemberKind::User);
    assert_eq!(
        member.teams[0].name,
        ex.body["teams"][0]["name"].as_str().unwrap()
    );
    assert!(member.repositories.is_empty());
}

#[tokio::test]
async fn get_member_decodes_a_robot() {
    let robot = json!({
        "name": "acme+bot", "kind": "robot",
        "avatar": {"name": "acme+bot", "hash": "00", "color": "#c7c7c7", "kind": "robot"},
        "teams": [], "repositories": ["web", "web"]
    });
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/members/acme%2Bbot",
        &[],
        None,
        200,
        robot,
    )
    .await;
    let member = c
        .organization("acme")
        .members()
        .get("acme+bot")
        .await
        .unwrap();
    assert_eq!(member.kind, OrgMemberKind::Robot);
    assert_eq!(member.repositories.len(), 2);
}

#[tokio::test]
async fn remove_member() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/a%20b/members/u%2B1",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.organization("a b").members().remove("u+1").await.unwrap();
}

#[tokio::test]
async fn list_collaborators() {
    let ex = success("getOrganizationCollaborators");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/a%2Bb/collaborators",
        &[],
        None,
        &ex,
    )
    .await;
    let collaborators = c.organization("a+b").collaborators().await.unwrap();
    assert_eq!(collaborators.len(), 1);
    assert_eq!(collaborators[0].kind, UserKind);
    assert_eq!(
        collaborators[0].name,
        ex.body["collaborators"][0]["name"].as_str().unwrap()
    );
    assert_eq!(collaborators[0].repositories.len(), 1);
}

// ------------------------------------------------------------------ OAuth applications

fn app_json(client_id: &str) -> Value {
    json!({
        "name": "ci", "description": "", "application_uri": "", "client_id": client_id,
        "client_secret": null, "redirect_uri": null, "avatar_email": null
    })
}

#[tokio::test]
async fn list_applications() {
    let ex = success("getOrganizationApplications");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/a%2Bb/applications",
        &[],
        None,
        &ex,
    )
    .await;
    assert!(
        c.organization("a+b")
            .applications()
            .list()
            .await
            .unwrap()
            .is_empty()
    );
    // A non-admin's view: secret, redirect URI and avatar e-mail are null.
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/applications",
        &[],
        None,
        200,
        json!({"applications": [app_json("C1"), app_json("C2")]}),
    )
    .await;
    let apps = c.organization("acme").applications().list().await.unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[1].client_id, "C2");
    assert!(apps[0].client_secret.is_none() && apps[0].redirect_uri.is_none());
}

#[tokio::test]
async fn create_application() {
    let ex = success("createOrganizationApplication");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%20b/applications",
        &[],
        Some(body),
        &ex,
    )
    .await;
    let app = c
        .organization("a b")
        .applications()
        .create(
            &NewApp::new("qdgir2qi93app")
                .description("quaydiff application")
                .application_uri("http://127.0.0.1/app")
                .redirect_uri("http://127.0.0.1/callback")
                .avatar_email("qdgir2qi93app@example.com"),
        )
        .await
        .unwrap();
    assert_eq!(app.client_id, ex.body["client_id"].as_str().unwrap());
    assert_eq!(
        app.client_secret.as_ref().unwrap().expose(),
        "<CLIENT_SECRET>"
    );
    assert!(!format!("{app:?}").contains("<CLIENT_SECRET>"));
    assert_eq!(
        app.redirect_uri.as_deref(),
        Some("http://127.0.0.1/callback")
    );
    assert_eq!(
        app.avatar_email.as_deref(),
        Some("qdgir2qi93app@example.com")
    );
}

#[tokio::test]
async fn get_application() {
    let ex = success("getOrganizationApplication");
    let (_s, c) = expect_recorded("GET", &format!("{APP_BASE}/V0EMQ%2BAPT"), &[], None, &ex).await;
    let app = c
        .organization("acme")
        .applications()
        .get("V0EMQ+APT")
        .await
        .unwrap();
    assert_eq!(app.name, ex.body["name"].as_str().unwrap());
    assert_eq!(app.description, "quaydiff application");
    assert_eq!(app.application_uri, "http://127.0.0.1/app");
}

#[tokio::test]
async fn update_application() {
    let ex = success("updateOrganizationApplication");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "PUT",
        &format!("{APP_BASE}/V0EMQAPTWX0Z0SVNTGA9"),
        &[],
        Some(body),
        &ex,
    )
    .await;
    let app = c
        .organization("acme")
        .applications()
        .update(
            "V0EMQAPTWX0Z0SVNTGA9",
            &UpdateApp::new(
                "qdgir2qi93app-renamed",
                "http://127.0.0.1/cb2",
                "http://127.0.0.1/app2",
            )
            .description("renamed"),
        )
        .await
        .unwrap();
    assert_eq!(app.name, "qdgir2qi93app-renamed");
    assert_eq!(app.description, "renamed");
    assert_eq!(app.avatar_email, None);
    assert_eq!(app.client_id, "V0EMQAPTWX0Z0SVNTGA9");
}

#[tokio::test]
async fn update_from_an_application_keeps_its_fields() {
    let ex = success("getOrganizationApplication");
    let app: quay_sdk::models::Application = serde_json::from_value(ex.body.clone()).unwrap();
    let update = UpdateApp::from_application(&app).description("new");
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({
            "name": "qdgir2qi93app", "redirect_uri": "http://127.0.0.1/callback",
            "application_uri": "http://127.0.0.1/app", "description": "new",
            "avatar_email": "qdgir2qi93app@example.com"
        })
    );
}

#[tokio::test]
async fn delete_application() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/a%20b/applications/C%2B1",
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    c.organization("a b")
        .applications()
        .delete("C+1")
        .await
        .unwrap();
}

// ------------------------------------------------------------------ application tokens

#[tokio::test]
async fn list_tokens_first_page() {
    let ex = success("listOrganizationApplicationTokens");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/organization/a%2Bb/applications/C%201/tokens"))
        .and(query_param_is_missing("next_page"))
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {TOKEN}").as_str(),
        ))
        .respond_with(ex.response())
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .organization("a+b")
        .applications()
        .tokens("C 1")
        .list()
        .await
        .unwrap();
    assert!(page.next_page.is_none());
    let t = &page.tokens[0];
    assert_eq!(t.uuid, "d83a1d3a-913a-449d-9a15-24a42886b821");
    assert_eq!(t.name.as_deref(), Some("ci token"));
    assert_eq!(t.scope, "repo:read org:admin");
    assert_eq!(
        t.expires_at.as_ref().map(ToString::to_string).as_deref(),
        Some("2036-11-21T18:37:54.934589Z")
    );
    assert_eq!(t.created_by.as_deref(), Some("quayadmin"));
    assert_eq!(t.last_accessed, None);
}

#[tokio::test]
async fn list_tokens_sends_next_page() {
    let (_s, c) = expect(
        "GET",
        &format!("{APP_BASE}/C1/tokens"),
        &[("next_page", "gAAAA+/=")],
        None,
        200,
        json!({"tokens": [], "next_page": "again"}),
    )
    .await;
    let page = c
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .next_page("gAAAA+/=")
        .await
        .unwrap();
    assert_eq!(page.next_page.as_deref(), Some("again"));
}

fn token_json(uuid: &str) -> Value {
    json!({
        "uuid": uuid, "name": null, "scope": "repo:read", "expires_at": null,
        "created": null, "created_by": null, "last_accessed": null
    })
}

#[tokio::test]
async fn token_stream_walks_every_page() {
    let server = MockServer::start().await;
    let p = format!("{APP_BASE}/C1/tokens");
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param_is_missing("next_page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"tokens": [token_json("t1"), token_json("t2")], "next_page": "p2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"tokens": [token_json("t3")], "next_page": "p3"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"tokens": [token_json("t4")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let tokens: Vec<_> = client(&server)
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let uuids: Vec<_> = tokens.iter().map(|t| t.uuid.as_str()).collect();
    assert_eq!(uuids, ["t1", "t2", "t3", "t4"]);
    assert!(tokens[0].name.is_none());
}

#[tokio::test]
async fn token_stream_stops_at_an_error() {
    let server = MockServer::start().await;
    let p = format!("{APP_BASE}/C1/tokens");
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param_is_missing("next_page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"tokens": [token_json("t1")], "next_page": "p2"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .and(query_param("next_page", "p2"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(
                fixture("deleteOrganizationApplicationToken")[1]
                    .body
                    .clone(),
            ),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .applications()
        .tokens("C1")
        .list()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
}

#[tokio::test]
async fn create_token() {
    let ex = success("createOrganizationApplicationToken");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%20b/applications/C%2B1/tokens",
        &[],
        Some(json!({"name": "ci token", "scope": "repo:read org:admin", "expiration": 3600.0})),
        &ex,
    )
    .await;
    let created = c
        .organization("a b")
        .applications()
        .tokens("C+1")
        .create(&NewApplicationToken::new("ci token", "repo:read org:admin").expiration(3600.0))
        .await
        .unwrap();
    assert_eq!(created.uuid, ex.body["uuid"].as_str().unwrap());
    assert_eq!(created.name.as_deref(), Some("ci token"));
    assert_eq!(created.scope, "repo:read org:admin");
    assert_eq!(created.token.expose(), "<TOKEN>");
    assert!(
        !format!("{created:?}").contains("<TOKEN>"),
        "token leaked into Debug"
    );
    assert_eq!(created.last_accessed, None);
}

#[tokio::test]
async fn create_token_without_expiration_sends_the_recorded_body() {
    let ex = success("createOrganizationApplicationToken");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        &format!("{APP_BASE}/26AZLVXNLT9LSQDFTV7L/tokens"),
        &[],
        Some(body),
        &ex,
    )
    .await;
    c.organization("acme")
        .applications()
        .tokens("26AZLVXNLT9LSQDFTV7L")
        .create(&NewApplicationToken::new("ci token", "repo:read org:admin"))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_token() {
    let (_s, c) = expect(
        "DELETE",
        &format!("{APP_BASE}/C1/tokens/d83a1d3a%2B1"),
        &[],
        None,
        204,
        Value::Null,
    )
    .await;
    let tokens = c.organization("acme").applications().tokens("C1");
    assert_eq!(tokens.client_id(), "C1");
    tokens.delete("d83a1d3a+1").await.unwrap();
}

// ------------------------------------------------------------------ proxy cache

#[tokio::test]
async fn get_proxy_cache_not_configured() {
    let ex = success("getProxyCacheConfig");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/a%2Bb/proxycache",
        &[],
        None,
        &ex,
    )
    .await;
    let cfg = c.organization("a+b").proxy_cache().get().await.unwrap();
    assert!(matches!(cfg, ProxyCacheConfig::ProxyCacheNotConfigured(_)));
    assert!(!cfg.is_configured());
}

#[tokio::test]
async fn get_proxy_cache_configured() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/proxycache",
        &[],
        None,
        200,
        json!({"upstream_registry": "quay.io/someorg", "expiration_s": 86400, "insecure": false}),
    )
    .await;
    let cfg = c.organization("acme").proxy_cache().get().await.unwrap();
    let stored = cfg.configured().unwrap();
    assert_eq!(stored.upstream_registry, "quay.io/someorg");
    assert_eq!(stored.expiration_s, 86400);
    assert!(!stored.insecure);
}

#[tokio::test]
async fn create_proxy_cache() {
    let ex = success("createProxyCacheConfig");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%20b/proxycache",
        &[],
        Some(body),
        &ex,
    )
    .await;
    c.organization("a b")
        .proxy_cache()
        .create(
            &NewProxyCacheConfig::new("127.0.0.1:5999")
                .insecure(true)
                .expiration_s(3600),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_proxy_cache() {
    let ex = success("deleteProxyCacheConfig");
    assert_eq!(ex.status, 201);
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/organization/a%2Bb/proxycache",
        &[],
        None,
        &ex,
    )
    .await;
    c.organization("a+b").proxy_cache().delete().await.unwrap();
}

#[tokio::test]
async fn validate_proxy_cache() {
    let ex = success("validateProxyCacheConfig");
    let body = ex.request_body.clone();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/a%2Bb/validateproxycache",
        &[],
        Some(body),
        &ex,
    )
    .await;
    let result = c
        .organization("a+b")
        .proxy_cache()
        .validate(&NewProxyCacheConfig::new("127.0.0.1:5999").insecure(true))
        .await
        .unwrap();
    assert_eq!(result, ProxyCacheValidationResult::Anonymous);
}

#[tokio::test]
async fn validate_proxy_cache_sends_credentials() {
    let with_credentials = fixture("validateProxyCacheConfig")
        .into_iter()
        .find(|e| e.case == "proxy.validate.bad_credentials")
        .unwrap();
    let (_s, c) = expect(
        "POST",
        "/api/v1/organization/acme/validateproxycache",
        &[],
        Some(with_credentials.request_body.clone()),
        202,
        json!("Valid"),
    )
    .await;
    let result = c
        .organization("acme")
        .proxy_cache()
        .validate(
            &NewProxyCacheConfig::new("127.0.0.1:5999")
                .insecure(true)
                .credentials("qduser", "<PASSWORD>"),
        )
        .await
        .unwrap();
    assert_eq!(result, ProxyCacheValidationResult::Valid);
}

// ------------------------------------------------------------------ recorded exchanges

#[tokio::test]
async fn recorded_organization_responses_decode() {
    replay("createOrganization", |c| async move {
        c.organizations().create(&NewOrg::new("acme")).await
    })
    .await;
    replay("getApplicationInformation", |c| async move {
        c.organizations().application_information("C1").await
    })
    .await;
    replay("getOrganization", |c| async move {
        c.organization("acme").get().await
    })
    .await;
    replay("changeOrganizationDetails", |c| async move {
        c.organization("acme").update(&UpdateOrg::default()).await
    })
    .await;
    replay("deleteAdminedOrganization", |c| async move {
        c.organization("acme").delete().await
    })
    .await;
}

#[tokio::test]
async fn recorded_member_responses_decode() {
    replay("getOrganizationMembers", |c| async move {
        c.organization("acme").members().list().await
    })
    .await;
    replay("getOrganizationMember", |c| async move {
        c.organization("acme").members().get("u").await
    })
    .await;
    replay("removeOrganizationMember", |c| async move {
        c.organization("acme").members().remove("u").await
    })
    .await;
    replay("getOrganizationCollaborators", |c| async move {
        c.organization("acme").collaborators().await
    })
    .await;
}

#[tokio::test]
async fn recorded_application_responses_decode() {
    replay("getOrganizationApplications", |c| async move {
        c.organization("acme").applications().list().await
    })
    .await;
    replay("createOrganizationApplication", |c| async move {
        c.organization("acme")
            .applications()
            .create(&NewApp::new("app"))
            .await
    })
    .await;
    replay("getOrganizationApplication", |c| async move {
        c.organization("acme").applications().get("C1").await
    })
    .await;
    replay("updateOrganizationApplication", |c| async move {
        c.organization("acme")
            .applications()
            .update("C1", &UpdateApp::new("app", "", ""))
            .await
    })
    .await;
    replay("deleteOrganizationApplication", |c| async move {
        c.organization("acme").applications().delete("C1").await
    })
    .await;
}

#[tokio::test]
async fn recorded_token_responses_decode() {
    replay("listOrganizationApplicationTokens", |c| async move {
        c.organization("acme")
            .applications()
            .tokens("C1")
            .list()
            .await
    })
    .await;
    replay("createOrganizationApplicationToken", |c| async move {
        c.organization("acme")
            .applications()
            .tokens("C1")
            .create(&NewApplicationToken::new("t", "repo:read"))
            .await
    })
    .await;
    replay("deleteOrganizationApplicationToken", |c| async move {
        c.organization("acme")
            .applications()
            .tokens("C1")
            .delete("u")
            .await
    })
    .await;
}

#[tokio::test]
async fn recorded_proxy_cache_responses_decode() {
    replay("getProxyCacheConfig", |c| async move {
        c.organization("acme").proxy_cache().get().await
    })
    .await;
    replay("createProxyCacheConfig", |c| async move {
        c.organization("acme")
            .proxy_cache()
            .create(&NewProxyCacheConfig::new("127.0.0.1:5999"))
            .await
    })
    .await;
    replay("deleteProxyCacheConfig", |c| async move {
        c.organization("acme").proxy_cache().delete().await
    })
    .await;
    replay("validateProxyCacheConfig", |c| async move {
        c.organization("acme")
            .proxy_cache()
            .validate(&NewProxyCacheConfig::new("127.0.0.1:5999"))
            .await
    })
    .await;
}

#[tokio::test]
async fn recorded_failures_keep_their_details() {
    // 400 `{"message"}` when removing the only admin.
    let only_admin = fixture("removeOrganizationMember")
        .into_iter()
        .find(|e| e.case == "org.member.remove.only_admin")
        .unwrap();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(only_admin.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .members()
        .remove("u")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.message().as_deref(),
        Some("Cannot remove user as they are the only organization admin")
    );
    // The CSRF refusal of an anonymous write.
    let csrf = fixture("deleteProxyCacheConfig")
        .into_iter()
        .find(|e| e.case == "proxy.delete.anonymous")
        .unwrap();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(csrf.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .proxy_cache()
        .delete()
        .await
        .unwrap_err();
    assert!(err.is_csrf_refusal(), "{err:?}");
}
