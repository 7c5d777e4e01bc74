//! getUserTransitivePermission

use super::*;

#[tokio::test]
async fn transitive_permissions_count_every_grant() {
    let w = world().await;
    let ans =
        w.h.get(&format!("{WEB}/user/bob/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(
        ans.body,
        recorded(
            "getUserTransitivePermission",
            "perm.transitive.direct_and_team"
        )
    );
    let ans =
        w.h.get(&format!("{WEB}/user/frank/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "admin"}]}));
    // Org-wide admin through owners is not a grant on the repository... but alice's creator
    // permission is.
    let ans =
        w.h.get(&format!("{WEB}/user/alice/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "admin"}]}));
    let ans =
        w.h.get(&format!("{WEB}/user/acme+bot/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "read"}]}));
    let ans =
        w.h.get(&format!("{WEB}/user/carol/transitive"), Some(&w.alice))
            .await;
    assert_eq!(ans.status, 404);
    assert_eq!(
        ans.body,
        recorded_api_error("getUserTransitivePermission", "perm.transitive.none")
    );
    w.h.get(&format!("{WEB}/user/ghost/transitive"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
    w.h.get(&format!("{WEB}/user/acme/transitive"), Some(&w.alice))
        .await
        .api_error(404, "not_found");
}
