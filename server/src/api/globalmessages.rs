//! The `globalmessages` tag: messages superusers publish to every user (Quay's
//! `endpoints/api/globalmessages.py`).
//!
//! Reading needs nothing. Writing needs a signed-in caller (bearer-less writes never get here:
//! the CSRF refusal comes first), a host that is not quay.io, a valid body, and then a
//! superuser with `super:user`; Quay refuses others with Flask's `abort(403)`, a
//! `{"message": ...}` body rather than an `ApiError`.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;

use super::{ApiTags, AppState};
use crate::auth::Identity;
use crate::body::Body;
use crate::error::QuayError;
use crate::models::{
    CreateGlobalMessage, GlobalMessage, GlobalMessageList, GlobalMessageMediaType,
    GlobalMessageSeverity,
};
use crate::reply::{
    E400, E401Api, E401Html, E403Abort, E404, E415, E503, Empty201, NoContent204, Ok200, Reply,
};
use crate::store::message;

/// Operations of the `globalmessages` tag.
pub struct GlobalMessagesApi {
    state: AppState,
}

impl GlobalMessagesApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }

    /// The writes' checks before the body: a signed-in caller (`require_fresh_login`; a token
    /// is always fresh) on a host that is not quay.io (`verify_not_prod`).
    fn may_try(&self, who: &Identity) -> Result<(), QuayError> {
        who.require_user()?;
        if self.state.config.is_quay_io() {
            return Err(QuayError::not_found());
        }
        Ok(())
    }

    /// `allow_if_superuser()`, else Flask's 403.
    fn superuser(&self, who: &Identity) -> Result<(), QuayError> {
        if who.is_superuser(&self.state.config) {
            Ok(())
        } else {
            Err(QuayError::flask_forbidden())
        }
    }
}

fn view((uuid, content, severity, media_type): message::MessageRow) -> GlobalMessage {
    GlobalMessage {
        uuid,
        content,
        severity: match severity.as_str() {
            "warning" => GlobalMessageSeverity::Warning,
            "error" => GlobalMessageSeverity::Error,
            _ => GlobalMessageSeverity::Info,
        },
        media_type: match media_type.as_str() {
            "text/markdown" => GlobalMessageMediaType::TextMarkdown,
            _ => GlobalMessageMediaType::TextPlain,
        },
    }
}

#[OpenApi(tag = "ApiTags::Globalmessages")]
impl GlobalMessagesApi {
    /// List the global messages
    #[oai(
        path = "/api/v1/messages",
        method = "get",
        operation_id = "getGlobalMessages"
    )]
    async fn get_global_messages(&self) -> Reply<Ok200<GlobalMessageList>, (E401Html,)> {
        self.state
            .store
            .read(|tx| {
                Ok(GlobalMessageList {
                    messages: message::list(tx)?.into_iter().map(view).collect(),
                })
            })
            .await
            .into()
    }

    /// Publish a global message
    ///
    /// Superusers only; 201 with an empty body.
    #[oai(
        path = "/api/v1/messages",
        method = "post",
        operation_id = "createGlobalMessage"
    )]
    async fn create_global_message(
        &self,
        who: Data<&Arc<Identity>>,
        body: Body<CreateGlobalMessage>,
    ) -> Reply<Empty201, (E400, E401Api, E403Abort, E404, E415, E503)> {
        let result = async {
            self.may_try(&who)?;
            let body = body.checked()?;
            self.superuser(&who)?;
            // Quay's schema does not require `message` (Quay crashes without it).
            let message = body
                .get("message")
                .ok_or_else(|| QuayError::invalid_request("'message' is a required property"))?;
            let field = |key: &str| {
                message[key].as_str().map(str::to_string).ok_or_else(|| {
                    QuayError::invalid_request(format!("'{key}' is a required property"))
                })
            };
            let (content, media_type, severity) =
                (field("content")?, field("media_type")?, field("severity")?);
            self.state
                .store
                .write(move |tx| {
                    message::insert(tx, &content, &severity, &media_type)?;
                    Ok(())
                })
                .await
        }
        .await;
        result.into()
    }

    /// Delete a global message
    ///
    /// Superusers only; 204 whether or not the message existed.
    #[oai(
        path = "/api/v1/message/:uuid",
        method = "delete",
        operation_id = "deleteGlobalMessage"
    )]
    async fn delete_global_message(
        &self,
        who: Data<&Arc<Identity>>,
        uuid: Path<String>,
    ) -> Reply<NoContent204, (E401Api, E403Abort, E404, E503)> {
        let result = async {
            self.may_try(&who)?;
            self.superuser(&who)?;
            let uuid = uuid.0;
            self.state
                .store
                .write(move |tx| message::delete(tx, &uuid))
                .await
        }
        .await;
        result.into()
    }
}
