//! The `user` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use quay_sdk::models::UserInitialize;
use serde_json::json;

#[tokio::test]
async fn current_user() {
    let ex = success("getLoggedInUser");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/", &[], None, &ex).await;
    let me = c.user().current().await.unwrap();
    assert_eq!(me.username, ex.body["username"].as_str().unwrap());
    assert_eq!(
        me.organizations.len(),
        ex.body["organizations"].as_array().unwrap().len()
    );
}

#[tokio::test]
async fn user_information_encodes_the_name() {
    let ex = success("getUserInformation");
    let (_s, c) = expect_recorded("GET", "/api/v1/users/a%2Bb", &[], None, &ex).await;
    let user = c.user().get("a+b").await.unwrap();
    assert_eq!(user.username, ex.body["username"].as_str().unwrap());
}

#[tokio::test]
async fn initialize_sends_the_bootstrap_body() {
    let ex = success("initializeUser");
    let body = json!({"username": "quayadmin", "password": "password123", "email": "a@example.com", "access_token": true});
    let (_s, c) = expect_recorded("POST", "/api/v1/user/initialize", &[], Some(body), &ex).await;
    let created = c
        .user()
        .initialize(
            &UserInitialize::new("quayadmin", "password123")
                .email("a@example.com")
                .access_token(true),
        )
        .await
        .unwrap();
    assert_eq!(created.username, "quayadmin");
    assert!(created.access_token.is_some());
    assert!(
        !format!("{created:?}").contains("<TOKEN>"),
        "token leaked into Debug"
    );
    assert!(!format!("{:?}", UserInitialize::new("u", "password123")).contains("password123"));
}

#[tokio::test]
async fn recorded_responses_decode() {
    replay(
        "getLoggedInUser",
        |c| async move { c.user().current().await },
    )
    .await;
    replay("getUserInformation", |c| async move {
        c.user().get("someone").await
    })
    .await;
    replay("initializeUser", |c| async move {
        c.user()
            .initialize(&UserInitialize::new("quayadmin", "password123"))
            .await
    })
    .await;
}

#[tokio::test]
async fn authorizations_are_listed_read_and_revoked() {
    let ex = success("listUserAuthorizations");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/authorizations", &[], None, &ex).await;
    let list = c.user().authorizations().list().await.unwrap();
    let first = &list.authorizations[0];
    assert_eq!(first.application.name, "automation");
    assert_eq!(first.application.organization.name, "quayadmin");
    assert_eq!(first.scopes.len(), 8);
    assert!(
        first
            .scopes
            .iter()
            .any(|s| s.scope == "super:user" && s.dangerous)
    );

    let ex = success("getUserAuthorization");
    let uuid = "53780da1-c4f5-4881-8db9-4c27aa2878d3";
    let (_s, c) = expect_recorded(
        "GET",
        &format!("/api/v1/user/authorizations/{uuid}"),
        &[],
        None,
        &ex,
    )
    .await;
    assert_eq!(
        c.user().authorizations().get(uuid).await.unwrap().uuid,
        uuid
    );

    let (_s, c) = expect(
        "DELETE",
        &format!("/api/v1/user/authorizations/{uuid}"),
        &[],
        None,
        204,
        serde_json::json!(null),
    )
    .await;
    c.user().authorizations().revoke(uuid).await.unwrap();
}

#[tokio::test]
async fn assigned_authorizations_are_listed_and_declined() {
    let ex = success("listAssignedAuthorizations");
    let (_s, c) =
        expect_recorded("GET", "/api/v1/user/assignedauthorization", &[], None, &ex).await;
    assert!(
        c.user()
            .authorizations()
            .assigned()
            .await
            .unwrap()
            .authorizations
            .is_empty()
    );
    // The illustrative assignment of the spec decodes field by field.
    let one = serde_json::json!({"authorizations": [{
        "application": {"name": "deployer", "clientId": "CID", "description": "", "url": "",
                        "avatar": {"name": "deployer", "hash": "h", "color": "#000000", "kind": "app"},
                        "organization": {"name": "acme",
                                         "avatar": {"name": "acme", "hash": "h", "color": "#000000", "kind": "org"}}},
        "uuid": "u1", "redirectUri": "https://x.example/cb", "responseType": "token",
        "scopes": [{"title": "t", "scope": "repo:read", "description": "d", "icon": "i", "dangerous": false}]}]});
    let (_s, c) = expect(
        "GET",
        "/api/v1/user/assignedauthorization",
        &[],
        None,
        200,
        one,
    )
    .await;
    let list = c.user().authorizations().assigned().await.unwrap();
    let a = &list.authorizations[0];
    assert_eq!(
        (
            a.application.client_id.as_str(),
            a.redirect_uri.as_str(),
            a.response_type.as_str()
        ),
        ("CID", "https://x.example/cb", "token")
    );
    assert_eq!(a.scopes[0].scope, "repo:read");
    let (_s, c) = expect(
        "DELETE",
        "/api/v1/user/assignedauthorization/u1",
        &[],
        None,
        204,
        serde_json::json!(null),
    )
    .await;
    c.user()
        .authorizations()
        .decline_assigned("u1")
        .await
        .unwrap();
}

#[tokio::test]
async fn external_logins_send_the_kind_and_detach() {
    use quay_sdk::models::ExternalLoginKind;
    let (_s, c) = expect(
        "POST",
        "/api/v1/externallogin/github",
        &[],
        Some(serde_json::json!({"kind": "attach"})),
        200,
        serde_json::json!({"auth_url": "https://github.com/login/oauth/authorize?state=x"}),
    )
    .await;
    let url = c
        .user()
        .external_login_url("github", ExternalLoginKind::Attach)
        .await
        .unwrap();
    assert!(url.auth_url.starts_with("https://github.com/"));
    let ex = success("detachExternalLogin");
    let (_s, c) = expect_recorded("POST", "/api/v1/detachexternal/github", &[], None, &ex).await;
    assert!(
        c.user()
            .detach_external_login("github")
            .await
            .unwrap()
            .success
    );
}

#[tokio::test]
async fn every_recorded_authorization_exchange_decodes() {
    replay("listUserAuthorizations", |c| async move {
        c.user().authorizations().list().await
    })
    .await;
    replay("getUserAuthorization", |c| async move {
        c.user().authorizations().get("u").await
    })
    .await;
    replay("deleteUserAuthorization", |c| async move {
        c.user().authorizations().revoke("u").await
    })
    .await;
    replay("listAssignedAuthorizations", |c| async move {
        c.user().authorizations().assigned().await
    })
    .await;
    replay("deleteAssignedAuthorization", |c| async move {
        c.user().authorizations().decline_assigned("u").await
    })
    .await;
    replay("retrieveExternalLoginAuthorizationUrl", |c| async move {
        c.user()
            .external_login_url("github", quay_sdk::models::ExternalLoginKind::Login)
            .await
    })
    .await;
    replay("detachExternalLogin", |c| async move {
        c.user().detach_external_login("github").await
    })
    .await;
}

#[tokio::test]
async fn stars_are_added_listed_and_removed() {
    let repo: quay_sdk::RepositoryRef = "fxqb2tgm4uorg/fxqb2tgm4urepo".parse().unwrap();
    let ex = success("createStar");
    let (_s, c) = expect_recorded(
        "POST",
        "/api/v1/user/starred",
        &[],
        Some(ex.request_body.clone()),
        &ex,
    )
    .await;
    let echoed = c.user().stars().add(&repo).await.unwrap();
    assert_eq!(echoed.repository, "fxqb2tgm4urepo");

    let ex = success("listStarredRepos");
    let (_s, c) = expect_recorded("GET", "/api/v1/user/starred", &[], None, &ex).await;
    let page = c.user().stars().list().await.unwrap();
    assert_eq!(page.repositories[0].name, "fxqb2tgm4urepo");
    assert_eq!(
        page.repositories[0].description.as_deref(),
        Some("fixrec repository")
    );
    assert!(page.next_page.is_none());

    let (_s, c) = expect(
        "DELETE",
        "/api/v1/user/starred/fxqb2tgm4uorg/fxqb2tgm4urepo",
        &[],
        None,
        204,
        json!(null),
    )
    .await;
    c.user().stars().remove(&repo).await.unwrap();
}

/// Quay answers 200 `null` for a repository it cannot find: the SDK reports it as not found.
#[tokio::test]
async fn a_star_on_an_unknown_repository_is_not_found() {
    let repo: quay_sdk::RepositoryRef = "acme/ghost".parse().unwrap();
    let (_s, c) = expect("POST", "/api/v1/user/starred", &[], None, 200, json!(null)).await;
    let err = c.user().stars().add(&repo).await.unwrap_err();
    assert_eq!(err.kind(), quay_sdk::ErrorKind::NotFound);
    assert_eq!(err.status(), Some(200));

    let (_s, c) = expect(
        "DELETE",
        "/api/v1/user/starred/acme/ghost",
        &[],
        None,
        200,
        json!(null),
    )
    .await;
    let err = c.user().stars().remove(&repo).await.unwrap_err();
    assert_eq!(err.kind(), quay_sdk::ErrorKind::NotFound);

    let (_s, c) = expect("DELETE", "/api/v1/user/starred/acme/ghost", &[], None, 404, json!({"detail": "Not Found", "error_message": "Not Found", "error_type": "not_found", "title": "not_found", "type": "x", "status": 404})).await;
    let err = c.user().stars().remove(&repo).await.unwrap_err();
    assert_eq!(err.kind(), quay_sdk::ErrorKind::NotFound);
}

#[tokio::test]
async fn the_starred_list_follows_next_page() {
    let server = wiremock::MockServer::start().await;
    let repo =
        |n: &str| json!({"namespace": "acme", "name": n, "description": null, "is_public": true});
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/api/v1/user/starred"))
        .and(wiremock::matchers::query_param("next_page", "tok"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"repositories": [repo("b")]})),
        )
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/api/v1/user/starred"))
        .and(wiremock::matchers::query_param_is_missing("next_page"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"repositories": [repo("a")], "next_page": "tok"})),
        )
        .mount(&server)
        .await;
    let c = client(&server);
    use futures_util::TryStreamExt;
    let names: Vec<String> = c
        .user()
        .stars()
        .list()
        .stream()
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b"]);
}

#[tokio::test]
async fn every_recorded_star_exchange_decodes() {
    let repo: quay_sdk::RepositoryRef = "a/b".parse().unwrap();
    replay("listStarredRepos", |c| async move {
        c.user().stars().list().await
    })
    .await;
    let r = repo.clone();
    replay("createStar", move |c| {
        let r = r.clone();
        async move { c.user().stars().add(&r).await }
    })
    .await;
    replay("deleteStar", move |c| {
        let r = repo.clone();
        async move { c.user().stars().remove(&r).await }
    })
    .await;
}

#[tokio::test]
async fn notifications_are_listed_read_and_dismissed() {
    let note = json!({
        "id": "n1", "organization": null, "kind": "org_team_invite",
        "created": "Fri, 04 Dec 2026 15:40:00 -0000",
        "metadata": {"code": "urn:teaminvite:x", "inviter": "quayadmin", "org": "acme", "team": "ops"},
        "dismissed": false
    });
    let (_s, c) = expect(
        "GET",
        "/api/v1/user/notifications",
        &[("limit", "20"), ("page", "1")],
        None,
        200,
        json!({"notifications": [note.clone()], "additional": true}),
    )
    .await;
    let page = c
        .user()
        .notifications()
        .list()
        .limit(20)
        .page(1)
        .await
        .unwrap();
    assert!(page.additional);
    assert_eq!(page.notifications[0].kind, "org_team_invite");
    assert_eq!(page.notifications[0].metadata["team"], "ops");
    assert!(page.notifications[0].organization.is_none());

    let (_s, c) = expect(
        "GET",
        "/api/v1/user/notifications/n1",
        &[],
        None,
        200,
        note.clone(),
    )
    .await;
    assert_eq!(c.user().notifications().get("n1").await.unwrap().id, "n1");

    let mut dismissed = note.clone();
    dismissed["dismissed"] = json!(true);
    let (_s, c) = expect(
        "PUT",
        "/api/v1/user/notifications/n1",
        &[],
        Some(json!({"dismissed": true})),
        200,
        dismissed,
    )
    .await;
    assert!(
        c.user()
            .notifications()
            .dismiss("n1")
            .await
            .unwrap()
            .dismissed
    );
    let (_s, c) = expect(
        "PUT",
        "/api/v1/user/notifications/n1",
        &[],
        Some(json!({"dismissed": false})),
        200,
        note,
    )
    .await;
    assert!(
        !c.user()
            .notifications()
            .restore("n1")
            .await
            .unwrap()
            .dismissed
    );
}

#[tokio::test]
async fn every_recorded_notification_exchange_decodes() {
    replay("listUserNotifications", |c| async move {
        c.user().notifications().list().await
    })
    .await;
    replay("getUserNotification", |c| async move {
        c.user().notifications().get("n").await
    })
    .await;
    replay("updateUserNotification", |c| async move {
        c.user().notifications().dismiss("n").await
    })
    .await;
}

mod session {
    use quay_sdk::Client;
    use serde_json::json;
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    fn signed_in(cookie: &str, csrf: &str) -> ResponseTemplate {
        ResponseTemplate::new(200)
            .insert_header(
                "set-cookie",
                format!("_csrf_token={cookie}; HttpOnly; Path=/"),
            )
            .insert_header("x-next-csrf-token", csrf)
            .set_body_json(json!({"success": true}))
    }

    /// The anonymous session, the sign-in, then requests through the session: the cookie on
    /// every request, the CSRF token on writes, no bearer token; verifyUser's new session kept.
    #[tokio::test]
    async fn sign_in_keeps_the_session_quay_hands_out() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/csrf_token"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header(
                        "set-cookie",
                        "_csrf_token=anon; HttpOnly; Path=/; SameSite=Lax",
                    )
                    .set_body_json(json!({"csrf_token": "t0"})),
            )
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/signin"))
            .and(header("cookie", "_csrf_token=anon"))
            .and(header("x-csrf-token", "t0"))
            .and(body_json(
                json!({"username": "alice", "password": "password123"}),
            ))
            .respond_with(signed_in("k1", "t1"))
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/user/"))
            .and(header("cookie", "_csrf_token=k1"))
            .respond_with(|req: &Request| {
                assert!(!req.headers.contains_key("authorization"));
                assert!(!req.headers.contains_key("x-csrf-token"));
                ResponseTemplate::new(200)
                    .set_body_json(crate::common::success("getLoggedInUser").body)
            })
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/signin/verify"))
            .and(header("cookie", "_csrf_token=k1"))
            .and(header("x-csrf-token", "t1"))
            .respond_with(signed_in("k2", "t2"))
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/signout"))
            .and(header("cookie", "_csrf_token=k2"))
            .and(header("x-csrf-token", "t2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .expect(1)
            .mount(&s)
            .await;

        let anonymous = Client::anonymous(s.uri()).unwrap();
        let c = anonymous.sign_in("alice", "password123").await.unwrap();
        assert!(c.has_session() && !anonymous.has_session());
        assert!(!format!("{c:?}").contains("k1"));
        c.user().current().await.unwrap();
        c.verify_password("password123").await.unwrap();
        c.sign_out().await.unwrap();
    }

    /// The assignment web route: the session's cookie and CSRF token, the parameters in the
    /// query; a refusal is an API error of `assignUserToApp`; without a session nothing is sent.
    #[tokio::test]
    async fn assigning_a_token_goes_through_the_session() {
        use wiremock::matchers::query_param;
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/csrf_token"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("set-cookie", "_csrf_token=anon; HttpOnly")
                    .set_body_json(json!({"csrf_token": "t0"})),
            )
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/v1/signin"))
            .respond_with(signed_in("k1", "t1"))
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/oauth/authorize/assignuser"))
            .and(header("cookie", "_csrf_token=k1"))
            .and(header("x-csrf-token", "t1"))
            .and(query_param("client_id", "CID"))
            .and(query_param("username", "bob"))
            .and(query_param("scope", "repo:read user:read"))
            .and(query_param("redirect_uri", "https://x.example/cb"))
            .and(query_param("format", "json"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"message": "Token assigned successfully"})),
            )
            .expect(1)
            .mount(&s)
            .await;
        Mock::given(method("POST"))
            .and(path("/oauth/authorize/assignuser"))
            .and(query_param("client_id", "nope"))
            .respond_with(ResponseTemplate::new(404).set_body_string("<h1>404: Not Found</h1>"))
            .mount(&s)
            .await;
        let c = Client::anonymous(s.uri())
            .unwrap()
            .sign_in("alice", "password123")
            .await
            .unwrap();
        c.assign_authorization("CID", "bob", "repo:read user:read", "https://x.example/cb")
            .await
            .unwrap();
        let err = c
            .assign_authorization("nope", "bob", "repo:read", "https://x.example/cb")
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(404));
        assert!(err.to_string().contains("assignUserToApp"), "{err}");
        let tokened = Client::new(s.uri(), "TOKEN").unwrap();
        let err = tokened
            .assign_authorization("CID", "bob", "repo:read", "https://x.example/cb")
            .await
            .unwrap_err();
        assert!(matches!(err, quay_sdk::Error::InvalidInput(_)), "{err:?}");
    }

    #[tokio::test]
    async fn refused_credentials_are_an_api_error() {
        let s = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/csrf_token"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("set-cookie", "_csrf_token=anon; HttpOnly")
                    .set_body_json(json!({"csrf_token": "t0"})),
            )
            .mount(&s)
            .await;
        let refusal = json!({"needsEmailVerification": false, "invalidCredentials": true, "message": "Invalid Username or Password"});
        Mock::given(method("POST"))
            .and(path("/api/v1/signin"))
            .respond_with(ResponseTemplate::new(403).set_body_json(refusal.clone()))
            .mount(&s)
            .await;
        let err = Client::anonymous(s.uri())
            .unwrap()
            .sign_in("alice", "wrong")
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(403));
        // No session cookie at all: a configuration error, not a panic.
        let bare = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/csrf_token"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&bare)
            .await;
        let err = Client::anonymous(bare.uri())
            .unwrap()
            .sign_in("alice", "password123")
            .await
            .unwrap_err();
        assert!(matches!(err, quay_sdk::Error::Config(_)), "{err:?}");
    }
}

mod account {
    use crate::common::*;
    use quay_sdk::models::{ConvertUser, NewUser, NewUserResult};
    use serde_json::json;

    #[tokio::test]
    async fn sign_up_decodes_the_new_user() {
        let ex = success("createNewUser");
        let body = json!({"username": "fxqb2tgm4unu", "password": "password123", "email": "fxqb2tgm4unu@example.com"});
        let (_s, c) = expect_recorded("POST", "/api/v1/user/", &[], Some(body), &ex).await;
        let made = c
            .user()
            .create(&NewUser::new("fxqb2tgm4unu", "password123").email("fxqb2tgm4unu@example.com"))
            .await
            .unwrap();
        match made {
            NewUserResult::LoggedInUser(u) => {
                assert_eq!(u.user_information.username, "fxqb2tgm4unu")
            }
            other => panic!("expected the signed-in user, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn sign_up_with_mailing_awaits_verification() {
        let ex = Exchange {
            status: 200,
            body: json!({"awaiting_verification": true}),
            ..success("createNewUser")
        };
        let (_s, c) = expect_recorded("POST", "/api/v1/user/", &[], None, &ex).await;
        let made = c
            .user()
            .create(&NewUser::new("carol", "password123"))
            .await
            .unwrap();
        assert!(matches!(made, NewUserResult::AwaitingVerification(a) if a.awaiting_verification));
    }

    #[tokio::test]
    async fn client_key_sends_the_password() {
        let ex = success("generateUserClientKey");
        let body = json!({"password": "password123"});
        let (_s, c) = expect_recorded("POST", "/api/v1/user/clientkey", &[], Some(body), &ex).await;
        let key = c.user().client_key("password123").await.unwrap();
        assert_eq!(key.key.expose(), ex.body["key"].as_str().unwrap());
        assert!(!format!("{key:?}").contains(ex.body["key"].as_str().unwrap()));
    }

    #[tokio::test]
    async fn conversion_names_the_admin_user() {
        let ex = success("convertUserToOrganization");
        let body = json!({"adminUser": "user2", "adminPassword": "password123", "plan": "free"});
        let (_s, c) = expect_recorded("POST", "/api/v1/user/convert", &[], Some(body), &ex).await;
        let done = c
            .user()
            .convert_to_organization(&ConvertUser::new("user2", "password123").plan("free"))
            .await
            .unwrap();
        assert!(done.success);
    }

    #[tokio::test]
    async fn details_send_only_the_fields_set() {
        let ex = success("changeUserDetails");
        let body = json!({"email": "fxqb2tgm4unu-changed@example.com"});
        let (_s, c) = expect_recorded("PUT", "/api/v1/user/", &[], Some(body), &ex).await;
        let me = c
            .user()
            .update(&quay_sdk::models::UpdateUser::new().email("fxqb2tgm4unu-changed@example.com"))
            .await
            .unwrap();
        assert_eq!(
            me.user_information.email.as_deref(),
            Some("fxqb2tgm4unu-changed@example.com")
        );
    }

    #[tokio::test]
    async fn deleting_oneself_is_a_delete_of_the_user_path() {
        let ex = success("deleteCurrentUser");
        let (_s, c) = expect_recorded("DELETE", "/api/v1/user/", &[], None, &ex).await;
        c.user().delete_current().await.unwrap();
    }
}
