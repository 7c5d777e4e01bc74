//! members, collaborators

use super::*;

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
