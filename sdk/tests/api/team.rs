//! The `team` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::{AvatarKind, RepositoryRole, TeamDescription, TeamMemberOrInvite, TeamRole};
use quay_sdk::{Error, ErrorBody};
use serde_json::json;
use wiremock::matchers::{any, header, method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The recorded exchange `case` of a fixture file.
fn case(file: &str, case: &str) -> Exchange {
    fixture(file)
        .into_iter()
        .find(|e| e.case == case)
        .unwrap_or_else(|| panic!("{file}: no case {case}"))
}

/// The single request `server` received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

#[tokio::test]
async fn create_or_update_sends_role_and_description() {
    let ex = success("updateOrganizationTeam");
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme/team/dev%2Bops",
        &[],
        Some(json!({"role": "member", "description": "quaydiff team"})),
        &ex,
    )
    .await;
    let team = c
        .organization("acme")
        .team("dev+ops")
        .create_or_update(&TeamDescription::new(TeamRole::Member).description("quaydiff team"))
        .await
        .unwrap();
    assert_eq!(team.name, ex.body["name"].as_str().unwrap());
    assert_eq!(team.description, "quaydiff team");
    assert!(team.can_view);
    assert_eq!(team.role, TeamRole::Member);
    assert_eq!(team.avatar.kind, AvatarKind::Team);
    assert!(team.new_team);
}

#[tokio::test]
async fn create_or_update_omits_an_absent_description() {
    let ex = success("updateOrganizationTeam");
    // body_json compares whole documents: a "description" key would not match.
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme%20corp/team/ops",
        &[],
        Some(json!({"role": "admin"})),
        &ex,
    )
    .await;
    c.organization("acme corp")
        .team("ops")
        .create_or_update(&TeamDescription::new(TeamRole::Admin))
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_team() {
    let (s, c) = expect(
        "DELETE",
        "/api/v1/organization/acme/team/dev%2Bops",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("acme")
        .team("dev+ops")
        .delete()
        .await
        .unwrap();
    assert!(only_request(&s).await.body.is_empty());
}

#[tokio::test]
async fn members_without_pending_sends_no_query() {
    let ex = success("getOrganizationTeamMembers");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/organization/acme/team/dev%2Bops/members"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param_is_missing("includePending"))
        .respond_with(ex.response())
        .expect(1)
        .mount(&server)
        .await;
    let members = client(&server)
        .organization("acme")
        .team("dev+ops")
        .members()
        .await
        .unwrap();
    assert_eq!(members.name, ex.body["name"].as_str().unwrap());
    assert!(members.can_edit);
    assert!(members.can_sync.is_none() && members.synced.is_none());
    let recorded = ex.body["members"].as_array().unwrap();
    assert_eq!(members.members.len(), recorded.len());
    assert_eq!(members.current_members().count(), recorded.len());
    let robots: Vec<_> = members.current_members().filter(|m| m.is_robot).collect();
    assert_eq!(robots.len(), 2);
    assert!(robots.iter().all(|r| r.avatar.kind == AvatarKind::Robot));
    assert!(robots[0].name.contains('+'));
}

#[tokio::test]
async fn members_with_pending_lists_user_and_email_invites() {
    let ex = case(
        "getOrganizationTeamMembers-mailing",
        "team.members.list.include_pending",
    );
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/acme/team/ops/members",
        &[("includePending", "true")],
        None,
        &ex,
    )
    .await;
    let members = c
        .organization("acme")
        .team("ops")
        .members()
        .include_pending(true)
        .await
        .unwrap();
    let recorded = ex.body["members"].as_array().unwrap();
    assert_eq!(members.members.len(), recorded.len());
    let email_invites: Vec<_> = members
        .members
        .iter()
        .filter_map(TeamMemberOrInvite::as_email_invite)
        .collect();
    let recorded_email_invites = recorded.iter().filter(|m| m["kind"] == "invite").count();
    assert!(recorded_email_invites > 0);
    assert_eq!(email_invites.len(), recorded_email_invites);
    // Addresses are not validated: `not-an-email` is among the recorded invites.
    assert!(
        email_invites
            .iter()
            .all(|i| i.invited && i.avatar.name == i.email)
    );
    assert!(email_invites.iter().any(|i| i.email == "not-an-email"));
    let user_invites = members
        .members
        .iter()
        .filter_map(TeamMemberOrInvite::as_member)
        .filter(|m| m.invited)
        .count();
    assert_eq!(
        user_invites,
        recorded
            .iter()
            .filter(|m| m["kind"] == "user" && m["invited"] == true)
            .count()
    );
    assert_eq!(
        members.pending().count(),
        user_invites + email_invites.len()
    );
    assert_eq!(members.current_members().count(), 2);
}

#[tokio::test]
async fn add_member_encodes_a_robot_name_and_sends_no_body() {
    let ex = success("updateOrganizationTeamMember");
    let (s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme/team/ops/members/acme%2Bbot",
        &[],
        None,
        &ex,
    )
    .await;
    let member = c
        .organization("acme")
        .team("ops")
        .add_member("acme+bot")
        .await
        .unwrap();
    assert_eq!(member.name, ex.body["name"].as_str().unwrap());
    assert!(!member.is_robot);
    assert!(!member.invited);
    assert_eq!(member.avatar.kind, AvatarKind::User);
    let req = only_request(&s).await;
    assert!(req.body.is_empty());
    assert!(!req.headers.contains_key("content-type"));
}

#[tokio::test]
async fn add_member_may_invite_instead() {
    let ex = case(
        "updateOrganizationTeamMember-mailing",
        "team.member.add.nonmember_invited",
    );
    let (_s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme/team/ops/members/newcomer",
        &[],
        None,
        &ex,
    )
    .await;
    let member = c
        .organization("acme")
        .team("ops")
        .add_member("newcomer")
        .await
        .unwrap();
    assert!(member.invited);
}

#[tokio::test]
async fn remove_member() {
    let (s, c) = expect(
        "DELETE",
        "/api/v1/organization/acme/team/ops/members/acme%2Bbot",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("acme")
        .team("ops")
        .remove_member("acme+bot")
        .await
        .unwrap();
    assert!(only_request(&s).await.body.is_empty());
}

#[tokio::test]
async fn invite_email_encodes_the_address() {
    let ex = success("inviteTeamMemberEmail");
    let (s, c) = expect_recorded(
        "PUT",
        "/api/v1/organization/acme/team/ops/invite/new%20hire%2Bx%40example.com",
        &[],
        None,
        &ex,
    )
    .await;
    let invite = c
        .organization("acme")
        .team("ops")
        .invite_email("new hire+x@example.com")
        .await
        .unwrap();
    assert_eq!(invite.email, ex.body["email"].as_str().unwrap());
    assert!(invite.invited);
    assert_eq!(invite.avatar.name, invite.email);
    assert_eq!(invite.avatar.kind, AvatarKind::User);
    assert!(only_request(&s).await.body.is_empty());
}

#[tokio::test]
async fn delete_email_invite() {
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/acme/team/ops/invite/a%2Bb%40example.com",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.organization("acme")
        .team("ops")
        .delete_email_invite("a+b@example.com")
        .await
        .unwrap();
}

#[tokio::test]
async fn team_repository_permissions() {
    let ex = success("getOrganizationTeamPermissions");
    let (_s, c) = expect_recorded(
        "GET",
        "/api/v1/organization/acme/team/dev%2Bops/permissions",
        &[],
        None,
        &ex,
    )
    .await;
    let perms = c
        .organization("acme")
        .team("dev+ops")
        .permissions()
        .await
        .unwrap();
    assert_eq!(perms.permissions.len(), 1);
    let p = &perms.permissions[0];
    assert_eq!(
        p.repository.name,
        ex.body["permissions"][0]["repository"]["name"]
            .as_str()
            .unwrap()
    );
    assert!(!p.repository.is_public);
    assert_eq!(p.role, RepositoryRole::Write);
}

#[tokio::test]
async fn empty_names_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let c = client(&server);
    let err = c.organization("acme").team("").delete().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let err = c
        .organization("acme")
        .team("ops")
        .add_member("")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
}

#[tokio::test]
async fn invites_without_mailing_are_a_405_page() {
    // With FEATURE_MAILING off Quay does not register the invite routes (fixtures README).
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(405)
                .insert_header("content-type", "text/html; charset=utf-8")
                .insert_header("allow", "HEAD, OPTIONS, GET")
                .set_body_string("<!doctype html><title>405 Method Not Allowed</title>"),
        )
        .mount(&server)
        .await;
    let team = client(&server).organization("acme").team("ops");
    let err = team.invite_email("a@example.com").await.unwrap_err();
    assert_eq!(err.status(), Some(405));
    assert!(matches!(err.body(), Some(ErrorBody::Raw(_))), "{err:?}");
    let err = team.delete_email_invite("a@example.com").await.unwrap_err();
    assert_eq!(err.status(), Some(405));
}

#[tokio::test]
async fn recorded_errors_keep_their_shapes() {
    let ex = case("deleteOrganizationTeam", "team.delete.owners_last_admin");
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/organization/acme/team/owners",
        &[],
        None,
        ex.status,
        ex.body.clone(),
    )
    .await;
    let err = c
        .organization("acme")
        .team("owners")
        .delete()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(matches!(err.body(), Some(ErrorBody::Message(_))), "{err:?}");
    assert_eq!(
        err.message().as_deref(),
        ex.body["message"].as_str(),
        "{err:?}"
    );

    let ex = case(
        "updateOrganizationTeamMember-mailing",
        "team.member.add.anonymous",
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ex.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .team("ops")
        .add_member("u")
        .await
        .unwrap_err();
    assert!(err.is_csrf_refusal(), "{err:?}");

    let ex = case(
        "getOrganizationTeamMembers",
        "team.members.list.unknown_team",
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ex.response())
        .mount(&server)
        .await;
    let err = client(&server)
        .organization("acme")
        .team("nope")
        .members()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay("updateOrganizationTeam", |c| async move {
        c.organization("o")
            .team("t")
            .create_or_update(&TeamDescription::new(TeamRole::Member).description("d"))
            .await
    })
    .await;
    replay("deleteOrganizationTeam", |c| async move {
        c.organization("o").team("t").delete().await
    })
    .await;
    for file in [
        "getOrganizationTeamMembers",
        "getOrganizationTeamMembers-mailing",
    ] {
        replay(file, |c| async move {
            c.organization("o")
                .team("t")
                .members()
                .include_pending(true)
                .await
        })
        .await;
    }
    for file in [
        "updateOrganizationTeamMember",
        "updateOrganizationTeamMember-mailing",
    ] {
        replay(file, |c| async move {
            c.organization("o").team("t").add_member("u").await
        })
        .await;
    }
    for file in [
        "deleteOrganizationTeamMember",
        "deleteOrganizationTeamMember-mailing",
    ] {
        replay(file, |c| async move {
            c.organization("o").team("t").remove_member("u").await
        })
        .await;
    }
    replay("inviteTeamMemberEmail", |c| async move {
        c.organization("o")
            .team("t")
            .invite_email("a@example.com")
            .await
    })
    .await;
    replay("deleteTeamMemberEmailInvite", |c| async move {
        c.organization("o")
            .team("t")
            .delete_email_invite("a@example.com")
            .await
    })
    .await;
    replay("getOrganizationTeamPermissions", |c| async move {
        c.organization("o").team("t").permissions().await
    })
    .await;
}

#[tokio::test]
async fn every_recorded_member_list_decodes_entry_by_entry() {
    for file in [
        "getOrganizationTeamMembers",
        "getOrganizationTeamMembers-mailing",
    ] {
        for ex in fixture(file).into_iter().filter(|e| e.status == 200) {
            let members: quay_sdk::models::TeamMembers =
                serde_json::from_value(ex.body.clone()).unwrap();
            for (entry, raw) in members
                .members
                .iter()
                .zip(ex.body["members"].as_array().unwrap())
            {
                match entry {
                    TeamMemberOrInvite::TeamMemberView(m) => {
                        assert_eq!(raw["kind"], "user", "{}", ex.case);
                        assert_eq!(m.name, raw["name"].as_str().unwrap());
                    }
                    TeamMemberOrInvite::TeamInviteView(i) => {
                        assert_eq!(raw["kind"], "invite", "{}", ex.case);
                        assert_eq!(i.email, raw["email"].as_str().unwrap());
                    }
                }
            }
            // Re-serialized, the list is what Quay sent.
            assert_eq!(
                serde_json::to_value(&members).unwrap(),
                ex.body,
                "{}",
                ex.case
            );
        }
    }
}
