//! recorded exchanges

use super::*;

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
    replay("resetOrganizationApplicationClientSecret", |c| async move {
        c.organization("acme")
            .applications()
            .reset_client_secret("C1")
            .await
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
