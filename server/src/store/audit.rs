//! What Quay's `log_action` adds to every audit entry of a request made with an OAuth token:
//! `oauth_token_id`, `oauth_token_application_id` (the application's client id) and
//! `oauth_token_application` (its name).
//!
//! The request pipeline runs the handler inside [`scope`] with the caller's token; a write
//! queued from there carries it to the writer thread (`carry`), where
//! [`super::namespace::log`] reads it (`add_to`).

use std::cell::RefCell;
use std::future::Future;

use serde_json::{Value, json};

/// The OAuth token of the request, as Quay's log metadata names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthToken {
    /// The token's row id.
    pub id: i64,
    /// The client id of the application it was issued for, if any.
    pub client_id: Option<String>,
    /// That application's name, if any.
    pub application: Option<String>,
}

tokio::task_local! {
    static REQUEST_TOKEN: Option<OAuthToken>;
}

thread_local! {
    static WRITING_FOR: RefCell<Option<OAuthToken>> = const { RefCell::new(None) };
}

/// Runs `fut` (a request's handler) on behalf of `token`.
pub async fn scope<F: Future>(token: Option<OAuthToken>, fut: F) -> F::Output {
    REQUEST_TOKEN.scope(token, fut).await
}

/// `f` (a queued write), made to log for the request that queues it.
pub(super) fn carry<T, F>(f: F) -> impl FnOnce(&rusqlite::Transaction<'_>) -> T
where
    F: FnOnce(&rusqlite::Transaction<'_>) -> T,
{
    let token = REQUEST_TOKEN.try_with(Clone::clone).ok().flatten();
    move |tx| {
        let previous = WRITING_FOR.with(|w| w.replace(token));
        let out = f(tx);
        WRITING_FOR.with(|w| *w.borrow_mut() = previous);
        out
    }
}

/// Adds the request's token keys to an entry's metadata (an object), as Quay does.
pub(super) fn add_to(metadata: &mut Value) {
    let token = WRITING_FOR.with(|w| w.borrow().clone());
    if let (Some(t), Some(m)) = (token, metadata.as_object_mut()) {
        m.insert("oauth_token_id".into(), json!(t.id));
        m.insert("oauth_token_application_id".into(), json!(t.client_id));
        m.insert("oauth_token_application".into(), json!(t.application));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_write_logs_for_the_request_that_queued_it() {
        let token = OAuthToken {
            id: 7,
            client_id: Some("CLIENT".into()),
            application: Some("app".into()),
        };
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut conn = conn;
        let tx = conn.transaction().unwrap();
        let job = scope(Some(token), async {
            carry(|_tx| {
                let mut m = json!({"k": 1});
                add_to(&mut m);
                m
            })
        })
        .await;
        // Run elsewhere, outside the request's task: the token travels with the job.
        let m = job(&tx);
        assert_eq!(
            m,
            json!({"k": 1, "oauth_token_id": 7, "oauth_token_application_id": "CLIENT", "oauth_token_application": "app"})
        );
        let mut plain = json!({"k": 1});
        add_to(&mut plain);
        assert_eq!(plain, json!({"k": 1}), "nothing outside a carried write");
    }
}
