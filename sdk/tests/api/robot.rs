//! The `robot` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::{AvatarKind, CreateRobot, RobotAccountList};
use serde_json::json;

#[tokio::test]
async fn list_decodes_the_recorded_robots() {
    let ex = success("getOrgRobots");
    let (s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/qdk66yhh3norg/robots",
        &[],
        None,
        &ex,
    )
    .await;
    let list = c
        .organization("qdk66yhh3norg")
        .robots()
        .list()
        .await
        .unwrap();
    assert_eq!(list.robots.len(), 1);
    let bot = &list.robots[0];
    assert_eq!(bot.name, "qdk66yhh3norg+bot");
    assert_eq!(bot.namespace(), Some("qdk66yhh3norg"));
    assert_eq!(bot.short_name(), "bot");
    assert_eq!(
        bot.created.as_ref().map(ToString::to_string).as_deref(),
        Some("Sun, 22 Nov 2026 06:37:53 -0000")
    );
    assert_eq!(bot.last_accessed, None);
    assert_eq!(bot.description.as_deref(), Some("a robot"));
    assert_eq!(bot.token.as_ref().unwrap().expose(), "<TOKEN>");
    assert!(!format!("{list:?}").contains("<TOKEN>"), "token in Debug");
    assert_eq!(bot.teams, None);
    assert_eq!(bot.repositories, None);
    let sent = &s.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn list_sends_the_options_and_encodes_the_organization() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/my%20org/robots",
        &[("permissions", "true"), ("token", "false"), ("limit", "5")],
        None,
        200,
        json!({"robots": [{
            "name": "my org+deployer",
            "created": "Sun, 22 Nov 2026 06:37:53 -0000",
            "last_accessed": null,
            "teams": [{"name": "deployers", "avatar": {
                "name": "deployers",
                "hash": "3e82e9cbf62d25dec0ed1b4c66ca7c5d47ab9f1f271958298dea856fb26adc4c",
                "color": "#e7ba52", "kind": "team"}}],
            "repositories": ["web"],
            "description": null
        }]}),
    )
    .await;
    let list = c
        .organization("my org")
        .robots()
        .list()
        .permissions(true)
        .token(false)
        .limit(5)
        .await
        .unwrap();
    let bot = &list.robots[0];
    assert_eq!(bot.token, None);
    assert_eq!(bot.description, None);
    let teams = bot.teams.as_ref().unwrap();
    assert_eq!(teams[0].name, "deployers");
    assert_eq!(teams[0].avatar.kind, AvatarKind::Team);
    assert_eq!(bot.repositories.as_deref(), Some(&["web".to_string()][..]));
}

#[test]
fn an_empty_list_decodes() {
    let list: RobotAccountList = serde_json::from_value(json!({"robots": []})).unwrap();
    assert!(list.robots.is_empty());
}

#[tokio::test]
async fn get_sends_the_robot_path_and_decodes() {
    let ex = success("getOrgRobot");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/qdgir2qi93org/robots/qdgir2qi93bot",
        &[],
        None,
        &ex,
    )
    .await;
    let robot = c
        .organization("qdgir2qi93org")
        .robot("qdgir2qi93bot")
        .get()
        .await
        .unwrap();
    assert_eq!(robot.name, "qdgir2qi93org+qdgir2qi93bot");
    assert_eq!(robot.short_name(), "qdgir2qi93bot");
    assert_eq!(robot.namespace(), Some("qdgir2qi93org"));
    assert_eq!(robot.description, "quaydiff robot");
    assert_eq!(robot.last_accessed, None);
    assert_eq!(robot.token.as_ref().unwrap().expose(), "<TOKEN>");
    assert_eq!(robot.unstructured_metadata, Some(serde_json::Map::new()));
    assert!(!format!("{robot:?}").contains("<TOKEN>"), "token in Debug");
}

#[tokio::test]
async fn get_accepts_the_full_name_and_encodes_segments() {
    let ok = json!({"name": "my org+ci", "created": null, "last_accessed": null,
                    "description": "", "unstructured_metadata": {}});
    // The organization's own prefix is dropped ...
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/my%20org/robots/ci",
        &[],
        None,
        200,
        ok.clone(),
    )
    .await;
    let org = c.organization("my org");
    assert_eq!(org.robot("my org+ci").full_name(), "my org+ci");
    let robot = org.robot("my org+ci").get().await.unwrap();
    assert_eq!(robot.token, None);
    assert_eq!(robot.created, None);
    // ... any other '+' is sent encoded.
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/robots/other%2Bci",
        &[],
        None,
        200,
        ok,
    )
    .await;
    let handler = c.organization("acme").robot("other+ci");
    assert_eq!(handler.shortname(), "other+ci");
    assert_eq!(handler.organization(), "acme");
    handler.get().await.unwrap();
}

#[tokio::test]
async fn create_sends_the_body_and_decodes_the_token() {
    let ex = success("createOrgRobot");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/qdgir2qi93org/robots/qdgir2qi93bot",
        &[],
        Some(ex.request_body.clone()),
        &ex,
    )
    .await;
    let robot = c
        .organization("qdgir2qi93org")
        .robot("qdgir2qi93bot")
        .create(&CreateRobot::new().description("quaydiff robot"))
        .await
        .unwrap();
    assert_eq!(robot.name, "qdgir2qi93org+qdgir2qi93bot");
    assert_eq!(robot.description, "quaydiff robot");
    assert_eq!(robot.token.as_ref().unwrap().expose(), "<TOKEN>");
    assert_eq!(robot.unstructured_metadata, None);
    assert!(!format!("{robot:?}").contains("<TOKEN>"), "token in Debug");
}

#[tokio::test]
async fn create_with_metadata_and_with_nothing() {
    let mut meta = serde_json::Map::new();
    meta.insert("team".into(), json!("ci"));
    let answer = json!({"name": "acme+ci", "created": "Sun, 22 Nov 2026 06:33:42 -0000",
                        "last_accessed": null, "description": "", "token": "t",
                        "unstructured_metadata": {"team": "ci"}});
    let (_s, c) = expect(
        "PUT",
        "/api/v1/organization/acme/robots/ci",
        &[],
        Some(json!({"unstructured_metadata": {"team": "ci"}})),
        201,
        answer.clone(),
    )
    .await;
    let robot = c
        .organization("acme")
        .robot("ci")
        .create(&CreateRobot::new().unstructured_metadata(meta.clone()))
        .await
        .unwrap();
    assert_eq!(robot.unstructured_metadata, Some(meta));

    let (_s, c) = expect(
        "PUT",
        "/api/v1/organization/acme/robots/ci",
        &[],
        Some(json!({})),
        201,
        answer,
    )
    .await;
    c.organization("acme")
        .robot("ci")
        .create(&CreateRobot::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_sends_delete_on_the_robot() {
    let ex = success("deleteOrgRobot");
    let (_s, c) = expect_recorded(
        "DELETE",
        "/api/v1/organization/qdgir2qi93org/robots/qdgir2qi93bot",
        &[],
        None,
        &ex,
    )
    .await;
    c.organization("qdgir2qi93org")
        .robot("qdgir2qi93bot")
        .delete()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_encodes_the_names() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/a%2Bb/robots/c%20d",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("a+b").robot("c d").delete().await.unwrap();
}

#[tokio::test]
async fn unknown_robot_is_a_400_message_error() {
    let (_s, c) = expect(
        "GET",
        "/api/v1/organization/acme/robots/nope",
        &[],
        None,
        400,
        json!({"message": "Could not find robot with specified username"}),
    )
    .await;
    let err = c
        .organization("acme")
        .robot("nope")
        .get()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.message().as_deref(),
        Some("Could not find robot with specified username")
    );
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay("getOrgRobots", |c| async move {
        c.organization("acme").robots().list().await
    })
    .await;
    replay("getOrgRobot", |c| async move {
        c.organization("acme").robot("ci").get().await
    })
    .await;
    replay("createOrgRobot", |c| async move {
        c.organization("acme")
            .robot("ci")
            .create(&CreateRobot::default())
            .await
    })
    .await;
    replay("deleteOrgRobot", |c| async move {
        c.organization("acme").robot("ci").delete().await
    })
    .await;
}

#[tokio::test]
async fn user_robot_and_token_requests_are_exact() {
    use quay_sdk::models::{CreateRobot, RepositoryRole};
    let ex = success("getUserRobots");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/user/robots",
        &[("token", "false")],
        None,
        &ex,
    )
    .await;
    c.user().robots().list().token(false).await.unwrap();

    let ex = success("createUserRobot");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/user/robots/fxqb2tgm4uub",
        &[],
        Some(json!({"description": "fixrec user robot"})),
        &ex,
    )
    .await;
    let robot = c
        .user()
        .robots()
        .robot("fxqb2tgm4uub")
        .create(&CreateRobot::new().description("fixrec user robot"))
        .await
        .unwrap();
    assert_eq!(robot.name, "quayadmin+fxqb2tgm4uub");

    let (_s, c) = expect(
        "GET",
        "/api/v1/user/robots/ci/permissions",
        &[],
        None,
        200,
        json!({"permissions": [{"repository": {"name": "web", "is_public": false}, "role": "write"}]}),
    )
    .await;
    let perms = c.user().robots().robot("ci").permissions().await.unwrap();
    assert_eq!(perms.permissions[0].role, RepositoryRole::Write);

    let ex = success("regenerateOrgRobotToken");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/acme/robots/bot/regenerate",
        &[],
        None,
        &ex,
    )
    .await;
    let fresh = c
        .organization("acme")
        .robot("bot")
        .regenerate_token()
        .await
        .unwrap();
    assert!(
        !format!("{fresh:?}").contains("<TOKEN>"),
        "the token must not show in Debug"
    );

    let (_s, c) = expect(
        "DELETE",
        "/api/v1/user/robots/ci",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.user().robots().robot("ci").delete().await.unwrap();
}

#[tokio::test]
async fn every_recorded_user_robot_exchange_decodes() {
    use quay_sdk::models::CreateRobot;
    replay("getUserRobots", |c| async move {
        c.user().robots().list().await
    })
    .await;
    replay("getUserRobot", |c| async move {
        c.user().robots().robot("b").get().await
    })
    .await;
    replay("createUserRobot", |c| async move {
        c.user()
            .robots()
            .robot("b")
            .create(&CreateRobot::new())
            .await
    })
    .await;
    replay("deleteUserRobot", |c| async move {
        c.user().robots().robot("b").delete().await
    })
    .await;
    replay("getUserRobotPermissions", |c| async move {
        c.user().robots().robot("b").permissions().await
    })
    .await;
    replay("getOrgRobotPermissions", |c| async move {
        c.organization("o").robot("b").permissions().await
    })
    .await;
    replay("regenerateUserRobotToken", |c| async move {
        c.user().robots().robot("b").regenerate_token().await
    })
    .await;
    replay("regenerateOrgRobotToken", |c| async move {
        c.organization("o").robot("b").regenerate_token().await
    })
    .await;
}

#[tokio::test]
async fn federation_requests_send_the_list_and_decode_it() {
    use quay_sdk::models::RobotFederationEntry;
    let ex = success("createOrgRobotFederation");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/acme/robots/ci/federation",
        &[],
        Some(json!([{"issuer": "https://issuer.example.com", "subject": "fixrec-subject"}])),
        &ex,
    )
    .await;
    let stored = c
        .organization("acme")
        .robot("acme+ci")
        .set_federation([RobotFederationEntry::new(
            "https://issuer.example.com",
            "fixrec-subject",
        )])
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].issuer, "https://issuer.example.com");
    assert_eq!(stored[0].subject, "fixrec-subject");

    // No entries clears the configuration: the body is an empty list, never absent.
    let (_s, c) = expect(
        "POST",
        "/api/v1/user/robots/ci/federation",
        &[],
        Some(json!([])),
        200,
        json!([]),
    )
    .await;
    let stored = c
        .user()
        .robots()
        .robot("ci")
        .set_federation(Vec::new())
        .await
        .unwrap();
    assert!(stored.is_empty());

    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/acme/robots/ci/federation",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("acme")
        .robot("ci")
        .clear_federation()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refused_federation_is_a_typed_invalid_request() {
    use quay_sdk::models::RobotFederationEntry;
    let ex = fixture("createOrgRobotFederation")
        .into_iter()
        .find(|e| e.case == "robot.createOrgRobotFederation.bad_issuer")
        .unwrap();
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/organization/acme/robots/ci/federation",
        &[],
        Some(json!([{"issuer": "ftp://x", "subject": "s"}])),
        &ex,
    )
    .await;
    let err = c
        .organization("acme")
        .robot("ci")
        .set_federation([RobotFederationEntry::new("ftp://x", "s")])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.error_type().map(|t| t.as_str()),
        Some("invalid_request")
    );
    assert_eq!(
        err.message().as_deref(),
        Some("Issuer must be a URL (http:// or https://)")
    );
}

#[tokio::test]
async fn every_recorded_federation_exchange_decodes() {
    use quay_sdk::models::RobotFederationEntry;
    let entry = || RobotFederationEntry::new("https://issuer.example.com", "s");
    replay("getUserRobotFederation", |c| async move {
        c.user().robots().robot("b").federation().await
    })
    .await;
    replay("createUserRobotFederation", |c| async move {
        c.user().robots().robot("b").set_federation([entry()]).await
    })
    .await;
    replay("deleteUserRobotFederation", |c| async move {
        c.user().robots().robot("b").clear_federation().await
    })
    .await;
    replay("getOrgRobotFederation", |c| async move {
        c.organization("o").robot("b").federation().await
    })
    .await;
    replay("createOrgRobotFederation", |c| async move {
        c.organization("o")
            .robot("b")
            .set_federation([entry()])
            .await
    })
    .await;
    replay("deleteOrgRobotFederation", |c| async move {
        c.organization("o").robot("b").clear_federation().await
    })
    .await;
}
