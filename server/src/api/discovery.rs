//! The `discovery` tag: the API as a Swagger 2.0 document (Quay's
//! `endpoints/api/discovery.py`), generated from the contract
//! ([`crate::routing::discovery::DOCUMENT`]) and filtered here by the configuration: the
//! operations of flags that are off are absent (their routes are not registered), internal
//! ones only with `internal=true`. Served to anyone, even with anonymous access off.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::types::ParseFromJSON;
use serde_json::{Value, json};

use super::{ApiTags, AppState};
use crate::config::Config;
use crate::error::QuayError;
use crate::models::DiscoveryDocument;
use crate::params::{TruthyBool, truthy};
use crate::reply::{Ok200, Reply};

/// Operations of the `discovery` tag.
pub struct DiscoveryApi {
    state: AppState,
}

impl DiscoveryApi {
    /// The API over `state`.
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

/// The generated document, parsed once.
fn base() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::from_str(crate::routing::discovery::DOCUMENT)
            .expect("the generated discovery document is JSON")
    })
}

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

/// The document for this configuration, served as `host` (`host[:port]`) over `scheme`.
pub fn document(cfg: &Config, host: &str, scheme: &str, internal: bool) -> Value {
    let mut doc = base().clone();
    let registered = |op: &Value| {
        op.get("x-quay-feature")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .all(|f| cfg.feature(f).unwrap_or(true))
    };
    let mut tags = BTreeSet::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                let keep = item.get(method).is_some_and(|op| {
                    registered(op) && (internal || op.get("x-quay-internal").is_none())
                });
                if !keep {
                    item.remove(method);
                    continue;
                }
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    op.remove("x-quay-feature");
                    op.remove("x-quay-internal");
                    if !internal {
                        op.remove("x-requires-fresh-login");
                    }
                    if let Some(tag) = op["tags"][0].as_str() {
                        tags.insert(tag.to_string());
                    }
                }
            }
        }
        paths.retain(|_, item| METHODS.iter().any(|m| item.get(m).is_some()));
    }
    // Only the definitions the remaining operations name, and those they name in turn.
    let mut wanted = BTreeSet::from(["ApiError".to_string()]);
    refs(&doc["paths"], &mut wanted);
    let definitions = doc["definitions"].as_object().cloned().unwrap_or_default();
    let mut pending: Vec<String> = wanted.iter().cloned().collect();
    while let Some(name) = pending.pop() {
        let mut found = BTreeSet::new();
        if let Some(d) = definitions.get(&name) {
            refs(d, &mut found);
        }
        for f in found {
            if wanted.insert(f.clone()) {
                pending.push(f);
            }
        }
    }
    doc["definitions"] = Value::Object(
        definitions
            .into_iter()
            .filter(|(k, _)| wanted.contains(k))
            .collect(),
    );
    if let Some(all) = doc["tags"].as_array_mut() {
        all.retain(|t| t["name"].as_str().is_some_and(|n| tags.contains(n)));
    }
    doc["host"] = json!(host);
    doc["schemes"] = json!([scheme]);
    doc["info"]["contact"]["email"] = json!(cfg.MAIL_DEFAULT_SENDER);
    doc["securityDefinitions"]["oauth2_implicit"]["authorizationUrl"] =
        json!(format!("{scheme}://{host}/oauth/authorize"));
    if !cfg.FEATURE_SUPER_USERS
        && let Some(scopes) =
            doc["securityDefinitions"]["oauth2_implicit"]["scopes"].as_object_mut()
    {
        // Quay's `app_scopes` leaves `super:user` out without superusers.
        scopes.remove("super:user");
    }
    doc
}

/// Every definition a `$ref` in `value` names.
fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref"
                    && let Some(name) = v.as_str().and_then(|r| r.strip_prefix("#/definitions/"))
                {
                    out.insert(name.to_string());
                }
                refs(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[OpenApi(tag = "ApiTags::Discovery")]
impl DiscoveryApi {
    /// Describe the API (Swagger 2.0)
    #[oai(path = "/api/v1/discovery", method = "get", operation_id = "discovery")]
    async fn discovery(
        &self,
        internal: Query<Option<TruthyBool>>,
    ) -> Reply<Ok200<DiscoveryDocument>, ()> {
        let cfg = &self.state.config;
        let base = crate::error::request_base();
        let (scheme, request_host) = base.split_once("://").unwrap_or(("http", "localhost"));
        let host = cfg.SERVER_HOSTNAME.as_deref().unwrap_or(request_host);
        let scheme = if cfg.SERVER_HOSTNAME.is_some() {
            cfg.PREFERRED_URL_SCHEME.as_str()
        } else {
            scheme
        };
        let doc = document(cfg, host, scheme, truthy(&internal.0, false));
        DiscoveryDocument::parse_from_json(Some(doc))
            .map_err(|e| QuayError::internal(e.into_message()))
            .into()
    }
}
