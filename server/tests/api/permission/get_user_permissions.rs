//! getUserPermissions

use super::*;

#[tokio::test]
async fn get_user_permission() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/user/bob"), Some(&w.alice))
            .await
            .expect(200);
    let rec = recorded("getUserPermissions", "perm.user.get.ok");
    assert_eq!(keys(&ans.body), keys(&rec));
    assert_eq!(ans.body["role"], "write");
    assert_eq!(ans.body["is_org_member"], true);
    // Robots, with the `+` literal or encoded.
    for path in [
        format!("{WEB}/user/acme+bot"),
        format!("{WEB}/user/acme%2Bbot"),
    ] {
        let ans = w.h.get(&path, Some(&w.alice)).await.expect(200);
        assert_eq!(ans.body["name"], "acme+bot");
        assert_eq!(ans.body["is_robot"], true);
    }
    // frank holds admin only through a team: no direct permission.
    let ans = w.h.get(&format!("{WEB}/user/frank"), Some(&w.alice)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded("getUserPermissions", "perm.user.get.no_permission")
    );
    w.h.get(&format!("{WEB}/user/ghost"), Some(&w.alice))
        .await
        .message_error(400, Some("User does not have permission for repo."));
    let ans =
        w.h.get(
            "/api/v1/repository/alice/personal/permissions/user/alice",
            Some(&w.alice),
        )
        .await
        .expect(200);
    assert!(ans.body.get("is_org_member").is_none());
}
