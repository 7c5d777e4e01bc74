//! The `discovery` tag: the contract served as Quay's Swagger 2.0 document, filtered by the
//! configuration.

use std::collections::BTreeSet;

use crate::common::{self, Harness};
use quay_server::Config;
use serde_json::Value;

fn operations(doc: &Value) -> BTreeSet<String> {
    doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| {
            ["get", "post", "put", "delete"]
                .into_iter()
                .filter_map(|m| item.get(m))
                .map(|op| op["operationId"].as_str().unwrap().to_string())
        })
        .collect()
}

fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref" {
                    out.insert(v.as_str().unwrap().to_string());
                }
                refs(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_has_quays_layout_and_every_public_operation() {
    let h = Harness::new().await;
    let doc = h.get("/api/v1/discovery", None).await.expect(200).body;
    let quay = &common::recorded("discovery", "discovery.discovery.anonymous");
    assert_eq!(common::key_set(&doc), common::key_set(quay));
    assert_eq!(doc["swagger"], "2.0");
    assert_eq!(doc["basePath"], "/");
    assert_eq!(doc["info"]["title"], quay["info"]["title"]);
    assert_eq!(doc["info"]["contact"]["email"], "admin@example.com");
    let host = doc["host"].as_str().unwrap();
    assert_eq!(
        doc["securityDefinitions"]["oauth2_implicit"]["authorizationUrl"],
        format!(
            "{}://{host}/oauth/authorize",
            doc["schemes"][0].as_str().unwrap()
        )
    );
    // Paths as Quay lays them out, with its handlers' names.
    let ours = doc["paths"].as_object().unwrap();
    let theirs = quay["paths"].as_object().unwrap();
    let mut shared = 0;
    for (path, item) in ours {
        assert_eq!(item["x-path"], path.as_str());
        if let Some(q) = theirs.get(path) {
            shared += 1;
            assert_eq!(item["x-name"], q["x-name"], "{path}");
            assert_eq!(item["x-tag"], q["x-tag"], "{path}");
        }
    }
    assert!(
        shared > 60,
        "only {shared} paths in common with Quay's document"
    );
    let ops = operations(&doc);
    for op in [
        "listAppTokens",
        "getErrorDescription",
        "discovery",
        "getOrganization",
    ] {
        assert!(ops.contains(op), "{op} missing");
    }
    // Internal operations only on request; web routes never.
    assert!(!ops.contains("getChangeLog") && !ops.contains("takeOwnership"));
    assert!(!ops.contains("initializeUser"));
    let item = &doc["paths"]["/api/v1/user/apptoken/{token_uuid}"];
    assert_eq!(item["parameters"][0]["in"], "path");
    assert_eq!(item["parameters"][0]["type"], "string");
    assert_eq!(
        item["get"]["security"][0]["oauth2_implicit"][0],
        "user:admin"
    );
    assert!(item["get"].get("x-requires-fresh-login").is_none());
    assert!(item["get"].get("x-quay-feature").is_none());
    let create = &doc["paths"]["/api/v1/user/apptoken"]["post"];
    let body = create["parameters"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (&body["name"], &body["in"]),
        (&Value::from("body"), &Value::from("body"))
    );
    // Every reference resolves, and only the referenced definitions (and ApiError) are listed.
    let mut named = BTreeSet::new();
    refs(&doc, &mut named);
    let defs = doc["definitions"].as_object().unwrap();
    for r in &named {
        let name = r.strip_prefix("#/definitions/").expect(r);
        assert!(defs.contains_key(name), "{r} does not resolve");
    }
    assert!(defs.contains_key("ApiError") && defs.contains_key("NewAppToken"));
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut sorted = tags.clone();
    sorted.sort();
    assert_eq!(tags, sorted);
    // Nothing of OpenAPI 3 is left.
    let text = doc.to_string();
    assert!(!text.contains("#/components/") && !text.contains("\"nullable\""));
}

#[tokio::test]
async fn internal_operations_and_fresh_login_marks_on_request() {
    let h = Harness::new().await;
    let doc = h
        .get("/api/v1/discovery?internal=true", None)
        .await
        .expect(200)
        .body;
    let ops = operations(&doc);
    assert!(ops.contains("getChangeLog") && ops.contains("takeOwnership"));
    let op = &doc["paths"]["/api/v1/superuser/changelog/"]["get"];
    // Quay marks `x-internal` only on internal methods, not on internal handlers.
    assert!(op.get("x-internal").is_none() && op.get("x-quay-internal").is_none());
    assert_eq!(op["x-requires-fresh-login"], true);
    let public = h
        .get("/api/v1/discovery?internal=0", None)
        .await
        .expect(200)
        .body;
    assert!(operations(&public).len() < ops.len());
}

#[tokio::test]
async fn flags_that_are_off_leave_their_operations_out() {
    let h = Harness::with_config(Config {
        FEATURE_APP_SPECIFIC_TOKENS: false,
        FEATURE_SUPER_USERS: false,
        SERVER_HOSTNAME: Some("quay.example.com".into()),
        PREFERRED_URL_SCHEME: "https".into(),
        FEATURE_ANONYMOUS_ACCESS: false,
        ..Config::default()
    })
    .await;
    let doc = h.get("/api/v1/discovery", None).await.expect(200).body;
    let ops = operations(&doc);
    assert!(!ops.contains("listAppTokens") && !ops.contains("listAllUsers"));
    assert!(doc["paths"].get("/api/v1/user/apptoken").is_none());
    assert!(
        doc["tags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["name"] != "appspecifictokens" && t["name"] != "superuser")
    );
    assert!(
        !doc["definitions"]
            .as_object()
            .unwrap()
            .contains_key("NewAppToken")
    );
    assert!(
        doc["securityDefinitions"]["oauth2_implicit"]["scopes"]
            .get("super:user")
            .is_none()
    );
    assert_eq!(doc["host"], "quay.example.com");
    assert_eq!(doc["schemes"][0], "https");
    assert_eq!(
        doc["securityDefinitions"]["oauth2_implicit"]["authorizationUrl"],
        "https://quay.example.com/oauth/authorize"
    );
}
