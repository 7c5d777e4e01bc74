//! The panel's view of repository mirroring: getSuperUserRepositoryMirrorHealth, the
//! registry-wide report of [`crate::api::mirrorhealth::report`] without per-repository
//! issues.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::OpenApi;

use super::{ApiTags, AppState};
use crate::api::mirrorhealth::{Scope, report};
use crate::auth::Identity;
use crate::models::MirrorHealth;
use crate::reply::{E401, E403, HealthOr503, Reply};

/// The panel's mirror health.
pub struct SuperuserMirrorApi {
    state: AppState,
}

impl SuperuserMirrorApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

#[OpenApi(tag = "ApiTags::Superuser")]
impl SuperuserMirrorApi {
    /// Health of repository mirroring (superuser panel)
    #[oai(
        path = "/api/v1/superuser/mirror/health",
        method = "get",
        operation_id = "getSuperUserRepositoryMirrorHealth"
    )]
    async fn get_super_user_repository_mirror_health(
        &self,
        who: Data<&Arc<Identity>>,
    ) -> Reply<HealthOr503<MirrorHealth>, (E401, E403)> {
        let result = async {
            // Any superuser, full access or not, and global read-only superusers.
            super::su_read(&who, &self.state.config)?;
            let cfg = self.state.config.clone();
            self.state
                .store
                .read(move |tx| report(tx, &cfg, Scope::default()))
                .await
        }
        .await;
        result.into()
    }
}
