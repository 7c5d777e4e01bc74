//! The `organization` tag: requests sent and recorded responses decoded.

use crate::common;

use common::*;
use futures_util::TryStreamExt;
use quay_sdk::models::{
    AvatarKind, NewApp, NewApplicationToken, NewOrg, NewProxyCacheConfig, OrgMemberKind,
    ProxyCacheConfig, ProxyCacheValidationResult, TeamRole, UpdateApp, UpdateOrg, UserKind,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_BASE: &str = "/api/v1/organization/acme/applications";

mod application_tokens;
mod members_collaborators;
mod oauth_applications;
mod organizations;
mod proxy_cache;
mod recorded_exchanges;

#[allow(unused_imports)]
use application_tokens::*;
#[allow(unused_imports)]
use members_collaborators::*;
#[allow(unused_imports)]
use oauth_applications::*;
#[allow(unused_imports)]
use organizations::*;
#[allow(unused_imports)]
use proxy_cache::*;
#[allow(unused_imports)]
use recorded_exchanges::*;
