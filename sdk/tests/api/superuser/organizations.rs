//! Organizations.

use super::*;

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
