//! changeRepoMirrorConfig: every field of the body checked before anything is stored, then
//! applied in Quay's order with one `repo_mirror_config_changed` entry per field.

use rusqlite::Transaction;
use serde_json::{Map, Value, json};

use super::{checks, log_change};
use crate::auth::Identity;
use crate::error::QuayError;
use crate::state::AppState;
use crate::store::mirror::{self as store, Mirror};
use crate::store::repository::Repo;
use crate::time::parse_db;

const PASSWORD_ALONE: &str = "Unable to set a new password without also specifying a username.";
const PASSWORD_WITHOUT_USER: &str = "Unable to delete username while setting a password.";

/// A checked changeRepoMirrorConfig body.
pub(super) struct Changes {
    body: Map<String, Value>,
    /// The stored form of `sync_start_date`, when sent.
    start_date: Option<String>,
    /// The stored form of `architecture_filter`, when sent.
    architectures: Option<Value>,
    /// The root rule's patterns, when sent.
    rule: Option<Value>,
}

impl Changes {
    /// Checks `body` (valid against Quay's schema) in Quay's order: reference, start date,
    /// architectures, credentials, rule. The robot is checked when applied, before any change.
    pub(super) async fn checked(state: &AppState, body: Value) -> Result<Self, QuayError> {
        let body = match body {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        if let Some(reference) = body.get("external_reference").and_then(Value::as_str) {
            checks::reference(state, reference).await?;
        }
        let start_date = match body.get("sync_start_date") {
            Some(date) => Some(checks::start_date(date.as_str().unwrap_or_default())?),
            None => None,
        };
        let architectures = match body.get("architecture_filter") {
            Some(filter) => Some(checks::architectures(state, filter)?),
            None => None,
        };
        let (user, password) = (
            body.get("external_registry_username"),
            body.get("external_registry_password"),
        );
        match (user, password) {
            (None, Some(_)) => return Err(QuayError::bare_detail(400, PASSWORD_ALONE)),
            (Some(Value::Null), Some(p)) if !p.is_null() => {
                return Err(QuayError::bare_detail(400, PASSWORD_WITHOUT_USER));
            }
            _ => {}
        }
        let rule = match body.get("root_rule") {
            Some(rule) => Some(checks::rule_value(rule)?),
            None => None,
        };
        Ok(Self {
            body,
            start_date,
            architectures,
            rule,
        })
    }

    /// Applies the changes to `m` and stores it, logging each field as Quay does.
    pub(super) fn apply(
        self,
        tx: &Transaction<'_>,
        who: &Identity,
        agent: &str,
        repo: &Repo,
        mut m: Mirror,
    ) -> Result<(), QuayError> {
        let robot = match self.body.get("robot_username") {
            Some(name) => Some(checks::mirroring_robot(tx, repo, name.as_str())?),
            None => None,
        };
        let mut logs: Vec<(&'static str, Value)> = Vec::new();
        let get = |key: &str| self.body.get(key);
        if let Some(enabled) = get("is_enabled").and_then(Value::as_bool) {
            m.is_enabled = enabled;
            logs.push(("is_enabled", json!(enabled)));
        }
        if let Some(reference) = get("external_reference").and_then(Value::as_str) {
            m.external_reference = reference.to_string();
            logs.push(("external_reference", json!(reference)));
        }
        // Quay's set_mirroring_robot answers nothing, so no entry is written for it.
        if let Some((id, name)) = robot {
            (m.robot_id, m.robot_name) = (id, name);
        }
        if let Some(date) = self.start_date {
            let unix = parse_db(&date).map(|t| t.timestamp());
            m.sync_start_date = Some(date);
            logs.push(("sync_start_date", json!(unix)));
        }
        if let Some(interval) = get("sync_interval").and_then(Value::as_i64) {
            m.sync_interval = interval;
            logs.push(("sync_interval", json!(interval)));
        }
        if let Some(timeout) = get("skopeo_timeout_interval").and_then(Value::as_i64) {
            m.skopeo_timeout = timeout;
            logs.push(("skopeo_timeout_interval", json!(timeout)));
        }
        if let Some(filter) = self.architectures {
            m.architecture_filter = filter;
            logs.push((
                "architecture_filter",
                get("architecture_filter").cloned().unwrap_or_default(),
            ));
        }
        let text = |v: &Value| v.as_str().map(str::to_string);
        match (
            get("external_registry_username"),
            get("external_registry_password"),
        ) {
            (Some(user), Some(password)) => {
                (m.username, m.password) = (text(user), text(password));
                logs.push(("external_registry_username", user.clone()));
                let shown = if password.is_null() {
                    Value::Null
                } else {
                    json!("********")
                };
                logs.push(("external_registry_password", shown));
            }
            (Some(user), None) => {
                m.username = text(user);
                logs.push(("external_registry_username", user.clone()));
            }
            _ => {}
        }
        if let Some(Value::Object(config)) = get("external_registry_config") {
            merge_registry_config(&mut m.registry_config, config, &mut logs);
        }
        if let Some(rule) = self.rule {
            logs.push(("mirror_rule", rule.clone()));
            m.rule_value = rule;
        }
        store::save(tx, &m)?;
        for (changed, to) in logs {
            log_change(tx, who, agent, repo, changed, to)?;
        }
        Ok(())
    }
}

/// Merges the sent keys of `external_registry_config` into the stored object, one by one.
/// (Quay drops the first proxy key sent to a configuration without a `proxy` object; the
/// spec names that a known defect and it is not reproduced.)
fn merge_registry_config(
    stored: &mut Value,
    sent: &Map<String, Value>,
    logs: &mut Vec<(&'static str, Value)>,
) {
    if !stored.is_object() {
        *stored = json!({});
    }
    for key in ["verify_tls", "unsigned_images"] {
        if let Some(value) = sent.get(key) {
            stored[key] = value.clone();
            logs.push((key, value.clone()));
        }
    }
    if let Some(Value::Object(proxy)) = sent.get("proxy") {
        for key in ["http_proxy", "https_proxy", "no_proxy"] {
            if let Some(value) = proxy.get(key) {
                if !stored["proxy"].is_object() {
                    stored["proxy"] = json!({});
                }
                stored["proxy"][key] = value.clone();
                logs.push((key, value.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_config_is_merged_key_by_key() {
        let mut stored = json!({"verify_tls": false});
        let mut logs = Vec::new();
        let sent =
            json!({"unsigned_images": true, "proxy": {"http_proxy": "a", "https_proxy": "b"}});
        merge_registry_config(&mut stored, sent.as_object().unwrap(), &mut logs);
        assert_eq!(
            stored,
            json!({"verify_tls": false, "unsigned_images": true, "proxy": {"http_proxy": "a", "https_proxy": "b"}})
        );
        let keys: Vec<_> = logs.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["unsigned_images", "http_proxy", "https_proxy"]);
    }
}
