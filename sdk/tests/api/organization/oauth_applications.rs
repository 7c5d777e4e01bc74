//! OAuth applications

use super::*;

pub(super) fn app_json(client_id: &str) -> Value {
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

#[tokio::test]
async fn reset_client_secret_posts_and_decodes_the_application() {
    let ex = success("resetOrganizationApplicationClientSecret");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/fxqb2tgm4uorg/applications/PZ2PU2SZNXMEWAID8QZ2/resetclientsecret",
        &[],
        None,
        &ex,
    )
    .await;
    let app = c
        .organization("fxqb2tgm4uorg")
        .applications()
        .reset_client_secret("PZ2PU2SZNXMEWAID8QZ2")
        .await
        .unwrap();
    assert_eq!(app.client_id, "PZ2PU2SZNXMEWAID8QZ2");
    assert!(
        !format!("{app:?}").contains("<CLIENT_SECRET>"),
        "the secret must not show in Debug"
    );
}
