//! `--cleanup PREFIX`: deletes what an interrupted or crashed run left behind on a live target,
//! found by the run's prefix (organizations, users and service keys are all a run creates at
//! the top level; deleting an organization removes its teams, robots and repositories).

use futures_util::TryStreamExt;
use quay_sdk::Client;

/// Whether `prefix` has the shape [`crate::setup::prefix`] gives (`qc` and 8 lowercase letters),
/// so that a typo cannot sweep names that no run created.
pub fn is_run_prefix(prefix: &str) -> bool {
    prefix.len() == 10
        && prefix.starts_with("qc")
        && prefix[2..].bytes().all(|b| b.is_ascii_lowercase())
}

/// What a sweep found and did.
#[derive(Debug, Default)]
pub struct Swept {
    /// What was deleted, e.g. `organization qcabcdefghorg1`.
    pub deleted: Vec<String>,
    /// What could not be listed or deleted, and why.
    pub problems: Vec<String>,
}

/// Deletes every organization, user, service key and global message (by its text) named under
/// `prefix`, as the superuser
/// `admin`. Refuses a prefix that no run could have made.
pub async fn sweep(admin: &Client, prefix: &str) -> Result<Swept, String> {
    if !is_run_prefix(prefix) {
        return Err(format!(
            "{prefix:?} is not a run prefix (`qc` and 8 lowercase letters, as a run prints at start)"
        ));
    }
    let mut out = Swept::default();
    let su = admin.superuser();
    match su
        .organizations()
        .list()
        .stream()
        .try_collect::<Vec<_>>()
        .await
    {
        Ok(orgs) => {
            for o in orgs.iter().filter(|o| o.name.starts_with(prefix)) {
                record(
                    &mut out,
                    "organization",
                    &o.name,
                    admin.organization(&o.name).delete().await,
                );
            }
        }
        Err(e) => out.problems.push(format!("cannot list organizations: {e}")),
    }
    match su.users().list().stream().try_collect::<Vec<_>>().await {
        Ok(users) => {
            for u in users.iter().filter(|u| u.username.starts_with(prefix)) {
                record(
                    &mut out,
                    "user",
                    &u.username,
                    su.users().delete(&u.username).await,
                );
            }
        }
        Err(e) => out.problems.push(format!("cannot list users: {e}")),
    }
    match su.service_keys().list().await {
        Ok(keys) => {
            for k in keys
                .keys
                .iter()
                .filter(|k| k.service.starts_with(prefix) || k.name.starts_with(prefix))
            {
                record(
                    &mut out,
                    "service key",
                    &k.kid,
                    su.service_keys().delete(&k.kid).await,
                );
            }
        }
        Err(e) => out.problems.push(format!("cannot list service keys: {e}")),
    }
    match admin.global_messages().list().await {
        Ok(list) => {
            for m in list
                .messages
                .iter()
                .filter(|m| m.content.starts_with(prefix))
            {
                record(
                    &mut out,
                    "global message",
                    &m.uuid,
                    admin.global_messages().delete(&m.uuid).await,
                );
            }
        }
        Err(e) => out
            .problems
            .push(format!("cannot list global messages: {e}")),
    }
    Ok(out)
}

fn record(out: &mut Swept, kind: &str, name: &str, result: quay_sdk::Result<()>) {
    match result {
        Ok(()) => out.deleted.push(format!("{kind} {name}")),
        Err(e) if e.is_not_found() => {}
        Err(e) => out
            .problems
            .push(format!("could not delete {kind} {name}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_run_prefixes_are_swept() {
        assert!(is_run_prefix("qcabcdefgh"));
        assert!(is_run_prefix(&crate::setup::prefix()));
        for bad in [
            "",
            "qc",
            "qcabc",
            "qcabcdefghi",
            "xxabcdefgh",
            "qcABCDEFGH",
            "qcabc-efgh",
        ] {
            assert!(!is_run_prefix(bad), "{bad:?}");
        }
    }
}
