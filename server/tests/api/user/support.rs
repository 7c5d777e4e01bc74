//! What the session and account tests share: users with a password, and sessions as a browser
//! holds them.

use crate::common::*;
use quay_server::store::namespace::hash_password;

/// A session as a browser holds it: the cookie pair and the CSRF token.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl Browser {
    /// The session's `Cookie` and `X-CSRF-Token` headers (the first alone for reads).
    pub fn headers(&self) -> [(&str, &str); 2] {
        [("cookie", &self.cookie), ("x-csrf-token", &self.csrf)]
    }

    /// The session an answer opened (`Set-Cookie` and `X-Next-CSRF-Token`).
    pub fn opened_by(ans: &Answer) -> Self {
        Browser {
            cookie: cookie_of(ans.set_cookie.as_deref().expect("a session cookie")),
            csrf: ans.next_csrf.clone().expect("a CSRF token"),
        }
    }
}

/// The cookie (`_csrf_token=<key>`) a `Set-Cookie` value sets.
pub fn cookie_of(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// The user `name` with the password `password123`; a token of it with every scope.
pub async fn with_password(h: &Harness, name: &str) -> String {
    let token = h.user(name, ALL).await;
    let hash = hash_password("password123", 4).unwrap();
    sql(
        h,
        "UPDATE namespace SET password_hash = ?1 WHERE name = ?2",
        vec![hash, name.into()],
    )
    .await;
    token
}

/// An anonymous session from `GET /csrf_token`, with Quay's cookie attributes.
pub async fn anonymous_session(h: &Harness) -> Browser {
    let ans = h.get("/csrf_token", None).await.expect(200);
    let set = ans.set_cookie.clone().expect("a session cookie");
    assert!(set.starts_with("_csrf_token="), "{set}");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    Browser {
        cookie: cookie_of(&set),
        csrf: ans.body["csrf_token"].as_str().unwrap().to_string(),
    }
}
