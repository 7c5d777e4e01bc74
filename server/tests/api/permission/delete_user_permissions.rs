//! deleteUserPermissions

use super::*;

#[tokio::test]
async fn delete_user_permission() {
    let w = world().await;
    let ans =
        w.h.delete(&format!("{WEB}/user/bob"), Some(&w.alice))
            .await
            .expect(204);
    assert_eq!(ans.body, json!(""));
    assert_eq!(logs(&w.h, "delete_repo_permission").await, 1);
    // bob keeps his access through devs.
    let ans =
        w.h.get(&format!("{WEB}/user/bob/transitive"), Some(&w.alice))
            .await
            .expect(200);
    assert_eq!(ans.body, json!({"permissions": [{"role": "write"}]}));
    let ans = w.h.delete(&format!("{WEB}/user/bob"), Some(&w.alice)).await;
    assert_eq!(ans.status, 400);
    assert_eq!(
        ans.body,
        recorded_api_error("deleteUserPermissions", "perm.user.delete.again")
    );
    let ans =
        w.h.delete(&format!("{WEB}/user/acme"), Some(&w.alice))
            .await
            .api_error(400, "invalid_request");
    assert_eq!(ans.text(), "Namespace owner must always be admin.");
    w.h.delete(&format!("{WEB}/user/ghost"), Some(&w.alice))
        .await
        .api_error(400, "invalid_request");
    w.h.delete(&format!("{WEB}/user/acme+bot"), Some(&w.erin))
        .await
        .expect(204);
    assert_eq!(logs(&w.h, "delete_repo_permission").await, 2);
}
