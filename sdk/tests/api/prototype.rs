//! The `prototype` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::{NewPrototype, PrototypeDelegate, PrototypeDelegateRef, RepositoryRole};
use serde_json::json;

const PROTOTYPES: &str = "/api/v1/organization/fxqb2tgm4uorg/prototypes";

#[tokio::test]
async fn list_decodes_the_recorded_rules() {
    let ex = success("getOrganizationPrototypePermissions");
    let (_s, c) = expect_recorded("GET", PROTOTYPES, &[], None, &ex).await;
    let list = c
        .organization("fxqb2tgm4uorg")
        .default_permissions()
        .list()
        .await
        .unwrap();
    let rule = &list.prototypes[0];
    assert_eq!(rule.activating_user, None);
    assert_eq!(rule.role, RepositoryRole::Read);
    assert_eq!(rule.id, "236b8432-756b-49f4-b03d-48eea189553f");
    assert_eq!(rule.delegate.name(), "user2");
    assert!(!rule.delegate.is_team() && !rule.delegate.is_robot());
    match &rule.delegate {
        PrototypeDelegate::PrototypeUser(u) => assert!(!u.is_org_member),
        other => panic!("a user decoded as {other:?}"),
    }
}

#[tokio::test]
async fn create_sends_the_rule_and_team_and_robot_delegates_decode() {
    let ex = success("createOrganizationPrototypePermission");
    let (_s, c) = expect_recorded(
        "POST",
        PROTOTYPES,
        &[],
        Some(json!({"role": "read", "delegate": {"name": "user2", "kind": "user"}})),
        &ex,
    )
    .await;
    let rule = c
        .organization("fxqb2tgm4uorg")
        .default_permissions()
        .create(&NewPrototype::new(
            RepositoryRole::Read,
            PrototypeDelegateRef::user("user2"),
        ))
        .await
        .unwrap();
    assert_eq!(rule.delegate.name(), "user2");

    // A team for one creator (a robot), as Quay shows it.
    let team_rule = json!({
        "activating_user": {"name": "acme+bot", "is_robot": true, "kind": "user", "is_org_member": true,
            "avatar": {"name": "acme+bot", "hash": "6eff", "color": "#7f7f7f", "kind": "robot"}},
        "delegate": {"name": "readers", "kind": "team",
            "avatar": {"name": "readers", "hash": "e225", "color": "#ff7f0e", "kind": "team"}},
        "role": "admin",
        "id": "a5fa0000-0000-4000-8000-000000000000"
    });
    let (_s, c) = expect(
        "POST",
        "/api/v1/organization/acme/prototypes",
        &[],
        Some(
            json!({"role": "admin", "activating_user": {"name": "acme+bot"},
            "delegate": {"name": "readers", "kind": "team"}}),
        ),
        200,
        team_rule,
    )
    .await;
    let rule = c
        .organization("acme")
        .default_permissions()
        .create(
            &NewPrototype::new(RepositoryRole::Admin, PrototypeDelegateRef::team("readers"))
                .activating_user("acme+bot"),
        )
        .await
        .unwrap();
    assert!(rule.delegate.is_team());
    assert_eq!(rule.delegate.name(), "readers");
    let by = rule.activating_user.unwrap();
    assert!(by.is_robot && by.is_org_member);
}

#[tokio::test]
async fn update_and_delete_name_the_rule() {
    let ex = success("updateOrganizationPrototypePermission");
    let id = "236b8432-756b-49f4-b03d-48eea189553f";
    let (_s, c) = expect_recorded(
        "PUT",
        &format!("{PROTOTYPES}/{id}"),
        &[],
        Some(json!({"role": "write"})),
        &ex,
    )
    .await;
    let rule = c
        .organization("fxqb2tgm4uorg")
        .default_permissions()
        .update(id, RepositoryRole::Write)
        .await
        .unwrap();
    assert_eq!(rule.role, RepositoryRole::Write);

    let (_s, c) = expect(
        "DELETE",
        &format!("{PROTOTYPES}/{id}"),
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("fxqb2tgm4uorg")
        .default_permissions()
        .delete(id)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_team_is_a_message_error() {
    let (_s, c) = expect(
        "POST",
        "/api/v1/organization/acme/prototypes",
        &[],
        None,
        400,
        json!({"message": "('Team does not exist: %s/%s', 'acme', 'nosuch')"}),
    )
    .await;
    let err = c
        .organization("acme")
        .default_permissions()
        .create(&NewPrototype::new(
            RepositoryRole::Read,
            PrototypeDelegateRef::team("nosuch"),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.message().unwrap().contains("Team does not exist"));
}

#[tokio::test]
async fn every_recorded_prototype_exchange_decodes() {
    let rule = || NewPrototype::new(RepositoryRole::Read, PrototypeDelegateRef::user("u"));
    replay("getOrganizationPrototypePermissions", |c| async move {
        c.organization("o").default_permissions().list().await
    })
    .await;
    replay("createOrganizationPrototypePermission", |c| async move {
        c.organization("o")
            .default_permissions()
            .create(&rule())
            .await
    })
    .await;
    replay("updateOrganizationPrototypePermission", |c| async move {
        c.organization("o")
            .default_permissions()
            .update("id", RepositoryRole::Write)
            .await
    })
    .await;
    replay("deleteOrganizationPrototypePermission", |c| async move {
        c.organization("o").default_permissions().delete("id").await
    })
    .await;
}
