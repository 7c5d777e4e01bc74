//! Scenarios of the `superuser` area: registry size (the build views read the builds of
//! `crate::scenarios::build`).

use super::*;

pub(super) async fn registry_size_ok(t: &Target) -> CaseResult {
    let size = t.admin.superuser().registry_size().get().await?;
    ensure(
        size.size_bytes.get() < u64::MAX,
        format!("negative size_bytes {}", size.size_bytes),
    )?;
    ensure(
        size.last_ran.is_none_or(|ms| ms > 1_000_000_000_000),
        format!("last_ran {:?} is not in epoch milliseconds", size.last_ran),
    )
}

pub(super) async fn registry_size_queue_ok(t: &Target) -> CaseResult {
    if !t.queue_registry_size {
        return Err(Failure::Skip(
            "queues a registry-wide size calculation, expensive on a big registry: \
             pass --queue-registry-size to run it"
                .into(),
        ));
    }
    let size = t.admin.superuser().registry_size();
    // 201 (queued now) and 202 (already queued or running) are both success; the SDK maps them.
    size.queue().await?;
    let after = size.get().await?;
    ensure(
        after.queued || after.running || after.last_ran.is_some(),
        format!("after queueing, the calculation is neither queued, running nor done: {after:?}"),
    )
}
