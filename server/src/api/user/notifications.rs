//! The caller's notifications (Quay's `UserNotificationList` and `UserNotification`): its own
//! and those of the organizations it administers. Every operation is `require_user_admin`.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{MessageError, UpdateNotification, UserNotification, UserNotificationList};
use crate::params::{Lenient, int_param};
use crate::reply::{E400, E401, E403, E403W, E404, E415, E503, Ok200, Reply};
use crate::store::notification::{self, Notification};
use crate::time::{parse_db, quay_date};

/// Quay's default `limit`.
const DEFAULT_LIMIT: i64 = 5;

/// The notification operations of the `user` tag.
pub struct UserNotificationsApi {
    state: AppState,
}

impl UserNotificationsApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// Quay's `notification_view`.
fn view(n: Notification) -> UserNotification {
    UserNotification {
        id: n.uuid,
        organization: n.organization,
        kind: n.kind,
        created: parse_db(&n.created_at)
            .map(|t| quay_date(&t))
            .unwrap_or(n.created_at),
        metadata: match n.metadata {
            serde_json::Value::Object(map) => map.into_iter().collect(),
            _ => Default::default(),
        },
        dismissed: n.dismissed,
    }
}

#[OpenApi(tag = "ApiTags::User")]
impl UserNotificationsApi {
    /// List the caller's notifications
    #[oai(
        path = "/api/v1/user/notifications",
        method = "get",
        operation_id = "listUserNotifications"
    )]
    async fn list_user_notifications(
        &self,
        who: Data<&Arc<Identity>>,
        limit: Query<Option<Lenient<i64>>>,
        page: Query<Option<Lenient<i64>>>,
    ) -> Reply<Ok200<UserNotificationList>, (E400<MessageError>, E401, E403)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                let limit = int_param(&limit.0, "limit", "Limit on the number of results (int)")?
                    .unwrap_or(DEFAULT_LIMIT);
                let page = int_param(&page.0, "page", "Offset page number. (int)")?.unwrap_or(0);
                // Quay asks its database for `limit + 1` rows, `paginate(page, limit + 1)` from
                // page 1 on; a negative limit or page (which its database refuses) counts as 0.
                let limit = limit.max(0);
                let fetch = limit.saturating_add(1);
                let offset = page.max(1).saturating_sub(1).saturating_mul(fetch);
                let mut notes = notification::list(tx, me, offset, fetch)?;
                let additional = notes.len() as i64 > limit;
                notes.truncate(limit as usize);
                Ok(UserNotificationList {
                    notifications: notes.into_iter().map(view).collect(),
                    additional,
                })
            })
            .await
            .into()
    }

    /// Get one of the caller's notifications
    #[oai(
        path = "/api/v1/user/notifications/:uuid",
        method = "get",
        operation_id = "getUserNotification"
    )]
    async fn get_user_notification(
        &self,
        who: Data<&Arc<Identity>>,
        uuid: Path<String>,
    ) -> Reply<Ok200<UserNotification>, (E401, E403, E404)> {
        let who = who.0.clone();
        self.state
            .store
            .read(move |tx| {
                let (me, _) = who.user_admin()?;
                notification::lookup(tx, me, &uuid.0)?
                    .map(view)
                    .ok_or_else(QuayError::not_found)
            })
            .await
            .into()
    }

    /// Dismiss or restore one of the caller's notifications
    #[oai(
        path = "/api/v1/user/notifications/:uuid",
        method = "put",
        operation_id = "updateUserNotification"
    )]
    async fn update_user_notification(
        &self,
        who: Data<&Arc<Identity>>,
        uuid: Path<String>,
        body: Body<UpdateNotification>,
    ) -> Reply<Ok200<UserNotification>, (E400, E401, E403W, E404, E415, E503)> {
        let result = async {
            // Quay checks the caller before it validates the body.
            let (me, _) = who.user_admin()?;
            let dismissed = body.validated()?.dismissed.unwrap_or(false);
            self.state
                .store
                .write(move |tx| {
                    let mut note =
                        notification::lookup(tx, me, &uuid.0)?.ok_or_else(QuayError::not_found)?;
                    notification::set_dismissed(tx, &note.uuid, dismissed)?;
                    note.dismissed = dismissed;
                    Ok(view(note))
                })
                .await
        }
        .await;
        result.into()
    }
}
