//! Scenarios of the `superuser` area: logs.

use super::*;

pub(super) async fn logs_ok(t: &Target) -> CaseResult {
    let key = new_key(t, None, "logged").await?;
    let logs = t.admin.superuser().logs();
    for attempt in 0..3 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let mut token: Option<String> = None;
        let mut ended = false;
        for _ in 0..MAX_LOG_PAGES {
            let page = logs.clone().set_next_page(token.clone()).await?;
            ensure(
                page.start_time <= page.end_time,
                "start_time is after end_time",
            )?;
            if page.search_unavailable == Some(true) {
                return Err(Failure::Skip(format!(
                    "the logs backend cannot search: {}",
                    page.message.unwrap_or_default()
                )));
            }
            ensure(page.logs.len() <= 20, "a page holds more than 20 entries")?;
            if let Some(entry) = page.logs.iter().find(|l| {
                l.metadata.get("kid").and_then(serde_json::Value::as_str) == Some(key.kid.as_str())
            }) {
                return ensure(
                    entry.kind.starts_with("service_key_")
                        && entry
                            .performer
                            .as_ref()
                            .is_some_and(|p| p.name == t.admin_name && !p.is_robot),
                    format!("unexpected log entry for the key: {entry:?}"),
                );
            }
            match page.next_page {
                Some(next) => token = Some(next),
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if !ended {
            return Err(Failure::Skip(format!(
                "the run's entry is not among the newest {MAX_LOG_PAGES} pages (busy registry)"
            )));
        }
    }
    Err(fail(format!(
        "no log entry of the service key {} just created",
        key.kid
    )))
}

pub(super) async fn logs_range(t: &Target) -> CaseResult {
    let day = today();
    let page = t
        .admin
        .superuser()
        .logs()
        .starttime(mmddyyyy(day - 1))
        .endtime(mmddyyyy(day))
        .await?;
    let start = rfc2822_midnight(day - 1);
    let end = rfc2822_midnight(day + 1);
    let midnight = |days: i64| days * 86_400;
    ensure(
        page.start_time.as_datetime().timestamp() == midnight(day - 1),
        format!("start_time {:?} is not {start}", page.start_time),
    )?;
    ensure(
        page.end_time.as_datetime().timestamp() == midnight(day + 1),
        format!(
            "end_time {:?} is not {end} (the end day plus one)",
            page.end_time
        ),
    )
}

/// The registry-wide daily counts hold the organization the case creates.
pub(super) async fn aggregate_logs_ok(t: &Target) -> CaseResult {
    new_org(t, "agg").await?;
    let counts = t.admin.superuser().aggregate_logs().await?;
    ensure(
        counts
            .aggregated
            .iter()
            .any(|c| c.kind == "org_create" && c.count >= 1),
        format!("no org_create counted: {counts:?}"),
    )
}
