//! What a mirror configuration may hold, checked as Quay checks it and answered with Quay's
//! own bodies: `ApiError` for the reference and the rule, `{"detail"}` alone for dates and
//! architectures, `{"message"}` for the robot.

use rusqlite::Transaction;
use serde_json::{Value, json};

use super::NewMirror;
use crate::body::str_member as text;
use crate::error::QuayError;
use crate::outbound::Lookup;
use crate::state::AppState;
use crate::store::repository::Repo;
use crate::store::{permission, robot};
use crate::time::parse_start_date;

/// The architectures a filter may name (Quay's `VALID_ARCHITECTURES`).
const ARCHITECTURES: &[&str] = &["amd64", "arm64", "ppc64le", "s390x"];

/// Quay's texts.
const BAD_DATE: &str = "Incorrect DateTime format for sync_start_date.";
const NEEDS_SPARSE_INDEX: &str =
    "Architecture filtering requires FEATURE_SPARSE_INDEX to be enabled.";
const EMPTY_RULE: &str =
    "validation failed: rule_value for TAG_GLOB_CSV must be a list with at least one rule";
const NO_ROBOT: &str = "Could not find robot with specified username";
const INVALID_ROBOT: &str = "Invalid robot";

/// The upstream, by Quay's `validate_external_registry_reference` and the SSRF rules.
pub(super) async fn reference(state: &AppState, reference: &str) -> Result<(), QuayError> {
    crate::upstream::check(reference, &state.config.SSRF_ALLOWED_HOSTS, &Lookup::System)
        .await
        .map_err(QuayError::invalid_request)
}

/// `sync_start_date`, exactly `YYYY-MM-DDTHH:MM:SSZ`; its stored form.
pub(super) fn start_date(text: &str) -> Result<String, QuayError> {
    parse_start_date(text).ok_or_else(|| QuayError::bare_detail(400, BAD_DATE))
}

/// An architecture filter (`null` and `[]`: all); what is stored (`[]` for `null`).
pub(super) fn architectures(state: &AppState, filter: &Value) -> Result<Value, QuayError> {
    let names: Vec<&str> = filter
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if names.is_empty() {
        return Ok(json!([]));
    }
    if !state.config.FEATURE_SPARSE_INDEX {
        return Err(QuayError::bare_detail(400, NEEDS_SPARSE_INDEX));
    }
    let mut invalid: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !ARCHITECTURES.contains(n))
        .collect();
    invalid.sort_unstable();
    invalid.dedup();
    if !invalid.is_empty() {
        return Err(QuayError::bare_detail(
            400,
            format!("Invalid architectures: {}", invalid.join(", ")),
        ));
    }
    Ok(filter.clone())
}

/// A root rule's patterns (at least one).
pub(super) fn rule_value(rule: &Value) -> Result<Value, QuayError> {
    match rule.get("rule_value") {
        Some(Value::Array(patterns)) if !patterns.is_empty() => Ok(Value::Array(patterns.clone())),
        _ => Err(QuayError::invalid_request(EMPTY_RULE)),
    }
}

/// The robot a mirror pushes with: it must exist (400 `Could not find robot ...`) and belong
/// to the repository's namespace (400 `Invalid robot`); it gets `write` on the repository
/// unless it has `write` or `admin` already. Its (id, name).
pub(super) fn mirroring_robot(
    tx: &Transaction<'_>,
    repo: &Repo,
    name: Option<&str>,
) -> Result<(i64, String), QuayError> {
    let found = match name {
        Some(name) => robot::lookup(tx, name)?,
        None => None,
    };
    let robot = found.ok_or_else(|| QuayError::message(400, NO_ROBOT))?;
    match robot.name.split_once('+') {
        Some((owner, _)) if owner == repo.namespace => {}
        _ => return Err(QuayError::message(400, INVALID_ROBOT)),
    }
    let role = permission::user_permission(tx, repo.id, &robot.name)?.map(|(_, role)| role);
    if matches!(role.as_deref(), None | Some("read")) {
        permission::set_user_permission(tx, repo.id, robot.id, "write")?;
    }
    Ok((robot.id, robot.name))
}

/// A createRepoMirrorConfig body (already valid against Quay's schema), checked in Quay's
/// order: the reference, the architectures, the start date, the rule. The robot is checked
/// when the configuration is stored.
pub(super) async fn new_config(state: &AppState, body: &Value) -> Result<NewMirror, QuayError> {
    let external_reference = text(body, "external_reference").unwrap_or_default();
    reference(state, &external_reference).await?;
    let architecture_filter = architectures(state, &body["architecture_filter"])?;
    let sync_start_date = start_date(&text(body, "sync_start_date").unwrap_or_default())?;
    let rule_value = rule_value(&body["root_rule"])?;
    // An empty user name or password is none, as Quay stores it.
    let secret = |key: &str| text(body, key).filter(|s| !s.is_empty());
    Ok(NewMirror {
        is_enabled: body
            .get("is_enabled")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        external_reference,
        username: secret("external_registry_username"),
        password: secret("external_registry_password"),
        registry_config: match body.get("external_registry_config") {
            Some(Value::Object(config)) => Value::Object(config.clone()),
            _ => json!({}),
        },
        architecture_filter,
        sync_interval: body["sync_interval"].as_i64().unwrap_or_default(),
        sync_start_date,
        rule_value,
        skopeo_timeout: body["skopeo_timeout_interval"].as_i64().unwrap_or_default(),
        robot: text(body, "robot_username"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_dates_are_exact() {
        assert_eq!(
            start_date("2026-12-03T00:00:00Z").unwrap(),
            "2026-12-03T00:00:00.000000Z"
        );
        for bad in [
            "tomorrow",
            "2026-12-03T00:00:00.5Z",
            "2026-12-03T00:00:00+00:00",
            "Wed, 01 Jan 2020 00:00:00 -0000",
            "",
        ] {
            assert_eq!(
                start_date(bad),
                Err(QuayError::bare_detail(400, BAD_DATE)),
                "{bad}"
            );
        }
    }

    #[test]
    fn rules_need_a_pattern() {
        assert_eq!(
            rule_value(&json!({"rule_kind": "tag_glob_csv", "rule_value": ["v*"]})).unwrap(),
            json!(["v*"])
        );
        assert_eq!(
            rule_value(&json!({"rule_kind": "tag_glob_csv", "rule_value": []})),
            Err(QuayError::invalid_request(EMPTY_RULE))
        );
    }
}
