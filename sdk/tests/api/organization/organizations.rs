//! organizations

use super::*;

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
