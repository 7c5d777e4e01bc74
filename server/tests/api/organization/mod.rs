//! The `organization` tag through HTTP: organizations, members, collaborators, OAuth
//! applications and their tokens, proxy-cache configuration; every operation's success, its
//! failures as Quay answers them, the identity matrix and token-scope caps, and that a failed
//! request changes nothing. Response shapes are compared with the recorded fixtures.

use crate::common;

use std::collections::BTreeSet;

use common::*;
use common::{key_set as keys, recorded as fixture, sql_batch as sql};
use poem::http::Method;
use quay_server::Config;
use serde_json::{Value, json};

mod application_tokens;
mod applications;
mod change_organization_details;
mod collaborators;
mod create_organization;
mod delete_admined_organization;
mod get_organization;
mod helpers;
mod members;
mod proxy_cache;
mod validate_proxy_cache_config;

#[allow(unused_imports)]
use application_tokens::*;
#[allow(unused_imports)]
use applications::*;
#[allow(unused_imports)]
use change_organization_details::*;
#[allow(unused_imports)]
use collaborators::*;
#[allow(unused_imports)]
use create_organization::*;
#[allow(unused_imports)]
use delete_admined_organization::*;
#[allow(unused_imports)]
use get_organization::*;
#[allow(unused_imports)]
use helpers::*;
#[allow(unused_imports)]
use members::*;
#[allow(unused_imports)]
use proxy_cache::*;
#[allow(unused_imports)]
use validate_proxy_cache_config::*;
