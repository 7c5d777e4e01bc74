//! Shared helpers of the `superuser` scenarios.

use super::*;

pub(super) static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh name under the run's prefix, `<prefix>su-<kind><n>`.
pub(super) fn fresh(t: &Target, kind: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("su-{kind}{n}"))
}

/// A fresh service name (`^[a-z0-9_]+$`) under the run's prefix.
pub(super) fn fresh_service(t: &Target) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    t.name(&format!("su_svc{n}"))
}

pub(super) fn fail(msg: impl Into<String>) -> Failure {
    Failure::Fail(msg.into())
}

/// A 400 `Cannot create a user in a non-database auth system` means the target cannot run
/// user-creating cases at all.
pub(in crate::scenarios) fn skip_if_not_database(e: &quay_sdk::Error) -> Option<Failure> {
    (e.status() == Some(400)
        && e.message()
            .is_some_and(|m| m.contains("non-database auth system")))
    .then(|| {
        Failure::Skip(
            "the target does not use AUTHENTICATION_TYPE: Database (createInstallUser refused)"
                .into(),
        )
    })
}

/// Creates a user (with an e-mail, required when FEATURE_MAILING is on) and registers it.
pub(super) async fn new_user(t: &Target, kind: &str) -> Result<String, Failure> {
    let name = fresh(t, kind);
    t.created(Created::User(name.clone()));
    let body = CreateInstallUser::new(&name).email(format!("{name}@example.com"));
    match t.admin.superuser().users().create(&body).await {
        Ok(_) => Ok(name),
        Err(e) => Err(skip_if_not_database(&e).unwrap_or_else(|| e.into())),
    }
}

/// Creates an organization owned by the admin and registers it.
pub(super) async fn new_org(t: &Target, kind: &str) -> Result<String, Failure> {
    let name = fresh(t, kind);
    t.created(Created::Organization(name.clone()));
    t.admin
        .organizations()
        .create(&NewOrg::new(&name).email(format!("{name}@example.com")))
        .await?;
    Ok(name)
}

/// Creates a service key of a fresh service under the prefix and registers it.
pub(super) async fn new_key(
    t: &Target,
    expiration: Option<f64>,
    notes: &str,
) -> Result<CreatedServiceKey, Failure> {
    let mut body = CreateServiceKey::new(fresh_service(t))
        .name(format!("{} conformance key", t.prefix))
        .metadata_entry("purpose", "conformance")
        .notes(notes);
    body.expiration = expiration;
    let key = t.admin.superuser().service_keys().create(&body).await?;
    t.created(Created::ServiceKey(key.kid.clone()));
    Ok(key)
}

pub(super) fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// A day (days since the Unix epoch) as (year, month 1-12, day 1-31).
pub(super) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(super) fn today() -> i64 {
    (unix_now() / 86_400.0).floor() as i64
}

/// `MM/DD/YYYY`, the format of the log queries.
pub(super) fn mmddyyyy(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{m:02}/{d:02}/{y:04}")
}

/// `DD Mon YYYY 00:00:00`, how Quay's RFC 2822 dates show midnight of that day.
pub(super) fn rfc2822_midnight(days: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = civil(days);
    format!("{d:02} {} {y:04} 00:00:00", MONTHS[(m - 1) as usize])
}

/// A random version-4 UUID: no build can have it.
pub(super) fn random_uuid() -> String {
    let hex = |n: usize| -> String {
        (0..n)
            .map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap_or('0'))
            .collect()
    };
    format!("{}-{}-4{}-8{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

/// A failure with `status` and Quay's error type `kind` (`title` of the ApiError).
pub(super) fn expect_type<T: std::fmt::Debug>(
    result: quay_sdk::Result<T>,
    status: u16,
    kind: ApiErrorType,
) -> CaseResult {
    match result {
        Ok(v) => Err(fail(format!(
            "expected HTTP {status} {kind}, got success {v:?}"
        ))),
        Err(e) if e.status() == Some(status) && e.error_type() == Some(&kind) => Ok(()),
        Err(e) => Err(fail(format!("expected HTTP {status} {kind}, got {e}"))),
    }
}

/// Registers the organization `name` for cleanup if it exists (after a rename that should not
/// have happened, or whose answer could not be read). A name that does not exist is not
/// registered: deleting it would be refused with 403, not 404.
pub(super) async fn register_if_exists(t: &Target, name: &str) {
    if t.admin.organization(name).get().await.is_ok() {
        t.created(Created::Organization(name.to_string()));
    }
}

/// Whether `name` is among the users listed without a limit.
pub(super) async fn user_listed(t: &Target, name: &str) -> Result<bool, Failure> {
    let all = t.admin.superuser().users().list().await?;
    Ok(all.users.iter().any(|u| u.username == name))
}

/// Whether `name` is among the organizations listed without a limit.
pub(super) async fn org_listed(t: &Target, name: &str) -> Result<bool, Failure> {
    let all = t.admin.superuser().organizations().list().await?;
    Ok(all.organizations.iter().any(|o| o.name == name))
}
