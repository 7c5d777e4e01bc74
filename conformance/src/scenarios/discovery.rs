//! The `discovery` tag: the API as a Swagger 2.0 document, for anyone. The cases check the
//! layout clients rely on, and that the document lists what the target serves: the operations
//! of the features detected on it, internal ones only on request.

use std::collections::BTreeSet;

use quay_sdk::Client;
use quay_sdk::models::DiscoveryDocument;

use crate::runner::{Case, CaseResult, Failure, Feature, Target, ensure};

fn operations(doc: &DiscoveryDocument) -> BTreeSet<String> {
    doc.paths
        .values()
        .flat_map(|item| {
            ["get", "post", "put", "delete"]
                .into_iter()
                .filter_map(|m| item.get(m))
                .filter_map(|op| op.get("operationId")?.as_str().map(str::to_string))
        })
        .collect()
}

/// The layout: Swagger 2.0, `x-name`/`x-path`/`x-tag` on every path, every `$ref` resolved.
fn layout(doc: &DiscoveryDocument) -> CaseResult {
    ensure(doc.base_path == "/", format!("basePath {}", doc.base_path))?;
    for (path, item) in &doc.paths {
        ensure(
            item.get("x-path").and_then(|p| p.as_str()) == Some(path.as_str())
                && item.get("x-name").is_some_and(|n| n.is_string())
                && item.get("x-tag").is_some_and(|n| n.is_string()),
            format!("{path}: no x-name, x-path or x-tag"),
        )?;
    }
    let text = serde_json::to_string(&doc.paths).map_err(|e| Failure::Fail(e.to_string()))?;
    for part in text.split("\"#/definitions/").skip(1) {
        let name = part.split('"').next().unwrap_or_default();
        ensure(
            doc.definitions.contains_key(name),
            format!("#/definitions/{name} does not resolve"),
        )?;
    }
    ensure(
        doc.definitions.contains_key("ApiError"),
        "no ApiError definition",
    )
}

async fn listed_for(t: &Target, c: &Client) -> CaseResult {
    let doc = c.discovery().await?;
    layout(&doc)?;
    let ops = operations(&doc);
    for op in ["discovery", "getOrganization", "getErrorDescription"] {
        ensure(ops.contains(op), format!("{op} is not listed"))?;
    }
    ensure(
        ops.contains("listAppTokens") == t.features.contains(&Feature::AppTokens),
        "listAppTokens is listed unlike FEATURE_APP_SPECIFIC_TOKENS on the target",
    )?;
    ensure(
        ops.contains("listAllUsers") == t.features.contains(&Feature::SuperUsers),
        "listAllUsers is listed unlike FEATURE_SUPER_USERS on the target",
    )?;
    ensure(
        !ops.contains("getChangeLog") && !ops.contains("takeOwnership"),
        "internal operations are listed without internal=true",
    )
}

async fn internal(t: &Target) -> CaseResult {
    let public = operations(&t.anonymous.discovery().await?);
    let doc = t.anonymous.discovery().internal(true).await?;
    layout(&doc)?;
    let all = operations(&doc);
    ensure(
        public.is_subset(&all) && all.len() > public.len(),
        "internal=true adds no operation",
    )?;
    if t.features.contains(&Feature::SuperUsers) {
        ensure(
            all.contains("getChangeLog"),
            "getChangeLog is not listed with internal=true",
        )?;
    }
    let fresh = doc
        .paths
        .values()
        .filter_map(|item| item.get("get"))
        .any(|op| op.get("x-requires-fresh-login").is_some());
    ensure(fresh, "no operation is marked x-requires-fresh-login")
}

/// Every case of the area.
pub fn cases() -> Vec<Case> {
    vec![
        case!("discovery", "ok", |t| listed_for(t, &t.admin).await),
        case!("discovery", "anonymous", |t| listed_for(t, &t.anonymous)
            .await),
        case!("discovery", "bad_token", |t| listed_for(t, &t.bad_token)
            .await),
        case!("discovery", "internal", |t| internal(t).await),
    ]
}
