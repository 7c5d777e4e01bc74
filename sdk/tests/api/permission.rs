//! The `permission` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::{AvatarKind, RepositoryRole};
use quay_sdk::{Error, ErrorBody};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The recorded exchange `case` of a fixture file.
fn case(file: &str, case: &str) -> Exchange {
    fixture(file)
        .into_iter()
        .find(|e| e.case == case)
        .unwrap_or_else(|| panic!("{file}: no case {case}"))
}

#[tokio::test]
async fn list_users_keeps_the_slash_and_the_trailing_slash() {
    let ex = success("listRepoUserPermissions");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/acme/web%20app/permissions/user/",
        &[],
        None,
        &ex,
    )
    .await;
    let list = c
        .repository("acme/web app")
        .unwrap()
        .permissions()
        .list_users()
        .await
        .unwrap();
    let recorded = ex.body["permissions"].as_object().unwrap();
    assert_eq!(list.permissions.len(), recorded.len());
    for (name, p) in &list.permissions {
        assert_eq!(&p.name, name);
        assert_eq!(p.role.as_str(), recorded[name]["role"].as_str().unwrap());
        assert_eq!(p.is_org_member, recorded[name]["is_org_member"].as_bool());
    }
    let admin = &list.permissions["quayadmin"];
    assert_eq!(admin.role, RepositoryRole::Admin);
    assert!(!admin.is_robot);
    assert_eq!(admin.avatar.kind, AvatarKind::User);
}

#[tokio::test]
async fn list_teams_on_a_nested_repository() {
    let ex = success("listRepoTeamPermissions");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/acme/web/nested%2Bx/permissions/team/",
        &[],
        None,
        &ex,
    )
    .await;
    let list = c
        .repository("acme/web/nested+x")
        .unwrap()
        .permissions()
        .list_teams()
        .await
        .unwrap();
    assert_eq!(list.permissions.len(), 1);
    let (name, p) = list.permissions.iter().next().unwrap();
    assert_eq!(&p.name, name);
    assert_eq!(p.role, RepositoryRole::Write);
    assert_eq!(p.avatar.kind, AvatarKind::Team);
}

#[tokio::test]
async fn get_user_encodes_a_robot_name() {
    let ex = success("getUserPermissions");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/acme/web/permissions/user/acme%2Bci",
        &[],
        None,
        &ex,
    )
    .await;
    let p = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .get_user("acme+ci")
        .await
        .unwrap();
    assert_eq!(p.name, ex.body["name"].as_str().unwrap());
    assert_eq!(p.role, RepositoryRole::Write);
    assert!(!p.is_robot);
    assert_eq!(p.is_org_member, Some(true));
}

#[tokio::test]
async fn set_user_sends_the_role() {
    let ex = success("changeUserPermissions");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/repository/acme/web/permissions/user/a%20b",
        &[],
        Some(json!({"role": "read"})),
        &ex,
    )
    .await;
    let p = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .set_user("a b", RepositoryRole::Read)
        .await
        .unwrap();
    assert_eq!(p.role, RepositoryRole::Read);
    assert_eq!(p.name, ex.body["name"].as_str().unwrap());
    assert_eq!(p.avatar.hash, ex.body["avatar"]["hash"].as_str().unwrap());
}

#[tokio::test]
async fn delete_user() {
    let (s, c) = expect(
        "DELETE",
        "/api/v1/repository/acme/web/permissions/user/acme%2Bci",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.repository("acme/web")
        .unwrap()
        .permissions()
        .delete_user("acme+ci")
        .await
        .unwrap();
    let requests = s.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn user_transitive_lists_every_grant() {
    let ex = success("getUserTransitivePermission");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/acme/web/permissions/user/a%2Bb/transitive",
        &[],
        None,
        &ex,
    )
    .await;
    let list = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .user_transitive("a+b")
        .await
        .unwrap();
    assert_eq!(list.permissions.len(), 2);
    assert!(
        list.permissions
            .iter()
            .all(|p| p.role == RepositoryRole::Write)
    );
    assert_eq!(list.highest(), Some(RepositoryRole::Write));
}

#[tokio::test]
async fn get_team() {
    let ex = success("getTeamPermissions");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/repository/acme/web/permissions/team/dev%20ops",
        &[],
        None,
        &ex,
    )
    .await;
    let p = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .get_team("dev ops")
        .await
        .unwrap();
    assert_eq!(p.role, RepositoryRole::Write);
}

#[tokio::test]
async fn set_team_sends_the_role() {
    let ex = success("changeTeamPermissions");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/repository/acme/web/permissions/team/dev%2Bops",
        &[],
        Some(json!({"role": "read"})),
        &ex,
    )
    .await;
    let p = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .set_team("dev+ops", RepositoryRole::Read)
        .await
        .unwrap();
    assert_eq!(p.role, RepositoryRole::Read);
    assert_eq!(p.name, ex.body["name"].as_str().unwrap());
    assert_eq!(p.avatar.kind, AvatarKind::Team);
}

#[tokio::test]
async fn delete_team() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/repository/acme/web/permissions/team/ops",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.repository("acme/web")
        .unwrap()
        .permissions()
        .delete_team("ops")
        .await
        .unwrap();
}

#[tokio::test]
async fn bad_references_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let c = client(&server);
    // Without a namespace Quay would route the request to getRepo/updateRepo/deleteRepository.
    assert!(matches!(c.repository("web"), Err(Error::InvalidInput(_))));
    let perms = c.repository("acme/web").unwrap().permissions();
    assert_eq!(perms.repository().to_string(), "acme/web");
    let err = perms.delete_user("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
}

#[tokio::test]
async fn recorded_errors_keep_their_shapes() {
    // A data-layer refusal is a {"message"} body on the GETs but an ApiError on the DELETEs.
    let ex = case("getTeamPermissions", "perm.team.get.no_permission");
    let (_s, c) = expect(
        "GET",
        "/api/v1/repository/acme/web/permissions/team/t2",
        &[],
        None,
        ex.status,
        ex.body.clone(),
    )
    .await;
    let err = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .get_team("t2")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(matches!(err.body(), Some(ErrorBody::Message(_))), "{err:?}");
    assert_eq!(
        err.message().as_deref(),
        Some("Team does not have permission for repo.")
    );

    let ex = case("deleteTeamPermissions", "perm.team.delete.again");
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/repository/acme/web/permissions/team/t1",
        &[],
        None,
        ex.status,
        ex.body.clone(),
    )
    .await;
    let err = c
        .repository("acme/web")
        .unwrap()
        .permissions()
        .delete_team("t1")
        .await
        .unwrap_err();
    assert!(matches!(err.body(), Some(ErrorBody::Api(_))), "{err:?}");
    assert_eq!(
        err.error_type().map(|t| t.as_str()),
        Some("invalid_request")
    );

    // The recorded 500 of changeUserPermissions is Quay's HTML error page.
    let ex = case("changeUserPermissions", "perm.user.change.unknown_repo");
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ex.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .repository("acme/norepo")
        .unwrap()
        .permissions()
        .set_user("u", RepositoryRole::Read)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        matches!(err.body(), Some(ErrorBody::Raw(html)) if html.contains("Internal Server Error"))
    );
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay("listRepoUserPermissions", |c| async move {
        c.repository("o/r")?.permissions().list_users().await
    })
    .await;
    replay("listRepoTeamPermissions", |c| async move {
        c.repository("o/r")?.permissions().list_teams().await
    })
    .await;
    replay("getUserPermissions", |c| async move {
        c.repository("o/r")?.permissions().get_user("u").await
    })
    .await;
    replay("changeUserPermissions", |c| async move {
        c.repository("o/r")?
            .permissions()
            .set_user("u", RepositoryRole::Read)
            .await
    })
    .await;
    replay("deleteUserPermissions", |c| async move {
        c.repository("o/r")?.permissions().delete_user("u").await
    })
    .await;
    replay("getUserTransitivePermission", |c| async move {
        c.repository("o/r")?
            .permissions()
            .user_transitive("u")
            .await
    })
    .await;
    replay("getTeamPermissions", |c| async move {
        c.repository("o/r")?.permissions().get_team("t").await
    })
    .await;
    replay("changeTeamPermissions", |c| async move {
        c.repository("o/r")?
            .permissions()
            .set_team("t", RepositoryRole::Read)
            .await
    })
    .await;
    replay("deleteTeamPermissions", |c| async move {
        c.repository("o/r")?.permissions().delete_team("t").await
    })
    .await;
}

#[test]
fn recorded_successes_round_trip() {
    use quay_sdk::models::*;
    macro_rules! round_trip {
        ($t:ty, $file:literal) => {{
            let ex = success($file);
            let v: $t = serde_json::from_value(ex.body.clone()).unwrap();
            assert_eq!(serde_json::to_value(&v).unwrap(), ex.body, $file);
        }};
    }
    round_trip!(RepositoryUserPermissionList, "listRepoUserPermissions");
    round_trip!(RepositoryTeamPermissionList, "listRepoTeamPermissions");
    round_trip!(UserPermission, "getUserPermissions");
    round_trip!(UserPermission, "changeUserPermissions");
    round_trip!(UserTransitivePermissionList, "getUserTransitivePermission");
    round_trip!(RolePermission, "getTeamPermissions");
    round_trip!(TeamPermission, "changeTeamPermissions");
}
