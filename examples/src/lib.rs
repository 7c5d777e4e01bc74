//! Shared plumbing of the `quay-sdk` example programs in `src/bin/`: a [`Client`] built from
//! the environment, errors turned into messages and exit codes, and aligned tables.
//!
//! Every program reads these variables:
//!
//! | variable | meaning |
//! | --- | --- |
//! | `QUAY_URL` | required: the deployment, e.g. `https://quay.example.com` |
//! | `QUAY_TOKEN` | required: an OAuth access token (`Authorization: Bearer`) |
//! | `QUAY_INSECURE` | optional: `1` accepts invalid TLS certificates (throwaway deployments only) |
//!
//! and exits with [`EXIT_SUCCESS`] (0) when everything worked, [`EXIT_FAILURE`] (1) when a call
//! to Quay failed, and [`EXIT_USAGE`] (2) when it was started wrongly (a missing variable, a bad
//! argument).

use std::fmt;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use quay_sdk::{Client, Error, RetryPolicy};

/// Exit code: everything worked.
pub const EXIT_SUCCESS: u8 = 0;
/// Exit code: a call to Quay failed (or Quay's state does not allow the task).
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the program was started wrongly (missing variable, bad argument).
pub const EXIT_USAGE: u8 = 2;

/// The variable holding the deployment's URL.
pub const URL_VAR: &str = "QUAY_URL";
/// The variable holding the OAuth access token.
pub const TOKEN_VAR: &str = "QUAY_TOKEN";
/// The variable that, set to `1`, turns TLS certificate checks off.
pub const INSECURE_VAR: &str = "QUAY_INSECURE";

/// Timeout of one request (per attempt).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Timeout for connecting.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------------
// Usage errors: exit code 2.

/// The program was started wrongly; reported with [`UsageError::report`] (exit code 2).
#[derive(Debug)]
pub enum UsageError {
    /// A required environment variable is unset or empty.
    MissingVar(&'static str),
    /// An environment variable has a value the program cannot use.
    InvalidVar {
        /// The variable.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A command-line argument is wrong.
    InvalidArgument(String),
    /// The client could not be built from `QUAY_URL` (not a URL, not http(s), ...).
    Client(Error),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::MissingVar(name) => write!(f, "the environment variable {name} is not set"),
            UsageError::InvalidVar { name, reason } => write!(f, "{name}: {reason}"),
            UsageError::InvalidArgument(reason) => f.write_str(reason),
            UsageError::Client(e) => write!(f, "{URL_VAR}: {e}"),
        }
    }
}

impl std::error::Error for UsageError {}

impl UsageError {
    /// Prints the error and how to start the program, and gives exit code 2.
    pub fn report(&self, usage: &str) -> ExitCode {
        eprintln!("error: {self}");
        eprintln!();
        eprintln!("{usage}");
        eprintln!();
        eprintln!(
            "environment: {URL_VAR} (required), {TOKEN_VAR} (required), {INSECURE_VAR}=1 (optional)"
        );
        ExitCode::from(EXIT_USAGE)
    }
}

/// The value of the environment variable `name`, trimmed; `None` when unset or blank.
pub fn env_var(name: &'static str) -> Result<Option<String>, UsageError> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value.trim().to_string())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(UsageError::InvalidVar {
            name,
            reason: "is not valid UTF-8".into(),
        }),
    }
}

/// The value of the environment variable `name`, which must be set.
pub fn required_env_var(name: &'static str) -> Result<String, UsageError> {
    env_var(name)?.ok_or(UsageError::MissingVar(name))
}

/// The environment variable `name` as a list: values separated by commas and/or whitespace
/// (empty when unset).
pub fn env_list(name: &'static str) -> Result<Vec<String>, UsageError> {
    Ok(env_var(name)?
        .map(|value| split_list(&value))
        .unwrap_or_default())
}

/// Splits `a, b c` into `["a", "b", "c"]`.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the program was started with `-h` or `--help`.
pub fn wants_help() -> bool {
    std::env::args()
        .skip(1)
        .any(|arg| arg == "-h" || arg == "--help")
}

/// Whether `QUAY_INSECURE` asks to accept invalid certificates (`1`, `true` or `yes`).
fn insecure_from_env() -> Result<bool, UsageError> {
    match env_var(INSECURE_VAR)?.as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(other) => Err(UsageError::InvalidVar {
            name: INSECURE_VAR,
            reason: format!("expected 1 or 0, got {other:?}"),
        }),
    }
}

/// A client for `QUAY_URL` authenticating with `QUAY_TOKEN`, accepting invalid certificates
/// when `QUAY_INSECURE=1`. Requests time out after 30 s and idempotent ones (GET, PUT,
/// DELETE) are retried on connection errors, 429 and 502-504.
pub fn client_from_env() -> Result<Client, UsageError> {
    let url = required_env_var(URL_VAR)?;
    let token = required_env_var(TOKEN_VAR)?;
    let insecure = insecure_from_env()?;
    if insecure {
        eprintln!("warning: {INSECURE_VAR}=1: TLS certificates are not checked");
    }
    Client::builder()
        .base_url(url)
        .token(token)
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .retry(RetryPolicy::new(3))
        .danger_accept_invalid_certs(insecure)
        .build()
        .map_err(UsageError::Client)
}

// ---------------------------------------------------------------------------------------------
// Failures: exit code 1.

/// A step of a program that failed: what it was doing, and why it failed.
#[derive(Debug)]
pub struct Failure {
    step: String,
    cause: Cause,
}

#[derive(Debug)]
enum Cause {
    /// The SDK's typed error.
    Quay(Error),
    /// Quay answered, but its state does not allow the task.
    Refused(String),
}

impl Failure {
    /// A failed call to Quay during `step`.
    pub fn quay(step: impl fmt::Display, error: Error) -> Self {
        Self {
            step: step.to_string(),
            cause: Cause::Quay(error),
        }
    }

    /// A step that cannot go on although every call worked (e.g. the caller is no admin).
    pub fn refused(step: impl fmt::Display, reason: impl Into<String>) -> Self {
        Self {
            step: step.to_string(),
            cause: Cause::Refused(reason.into()),
        }
    }

    /// The SDK error behind the failure, if it was a failed call.
    pub fn quay_error(&self) -> Option<&Error> {
        match &self.cause {
            Cause::Quay(e) => Some(e),
            Cause::Refused(_) => None,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            Cause::Quay(e) => write!(f, "{}: {e}", self.step),
            Cause::Refused(reason) => write!(f, "{}: {reason}", self.step),
        }
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            Cause::Quay(e) => Some(e),
            Cause::Refused(_) => None,
        }
    }
}

/// Names the step an SDK call belongs to, turning its error into a [`Failure`].
pub trait Step<T> {
    /// `call.await.step("creating team deployers")?`
    fn step(self, what: impl fmt::Display) -> Result<T, Failure>;
}

impl<T> Step<T> for quay_sdk::Result<T> {
    fn step(self, what: impl fmt::Display) -> Result<T, Failure> {
        self.map_err(|e| Failure::quay(what, e))
    }
}

/// A hint for the usual causes of an SDK error, from its typed accessors.
pub fn hint(error: &Error) -> Option<&'static str> {
    if error.is_timeout() {
        return Some("Quay did not answer in time; is QUAY_URL right and the server healthy?");
    }
    if matches!(error, Error::Transport { .. }) {
        return Some(
            "could not talk to QUAY_URL: check the URL and the network (a self-signed certificate? try QUAY_INSECURE=1)",
        );
    }
    if error.is_read_only() {
        return Some("the registry is in read-only mode: writes are refused");
    }
    if error.is_csrf_refusal() {
        return Some("Quay refused a write without a valid bearer token: check QUAY_TOKEN");
    }
    if error.is_unauthorized() {
        return Some("Quay saw no valid token: check QUAY_TOKEN");
    }
    if error.is_forbidden() {
        return Some(
            "the token's user lacks the role this call needs, or the token lacks its scope (org:admin, repo:admin, super:user, ...)",
        );
    }
    if error.is_not_found() {
        return Some("not found: a name may be wrong, or the feature behind this API is off");
    }
    None
}

/// The end of every program's `main`: exit code 0 on success, else prints the failure (and a
/// hint) and gives exit code 1.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::from(EXIT_SUCCESS),
        Err(failure) => {
            eprintln!("error: {failure}");
            if let Some(hint) = failure.quay_error().and_then(hint) {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Whether `error` is Quay saying that what was to be created is already there: a 400 whose
/// message is one of `A user or organization with this name already exists`, `Repository
/// already exists`, `Quota for '<namespace>' already exists`, `Existing robot with name: ...`
/// or `User <u> is already a member of team <t>`.
pub fn is_already_exists(error: &Error) -> bool {
    if error.status() != Some(400) {
        return false;
    }
    error.message().is_some_and(|message| {
        message.contains("already exists")
            || message.starts_with("Existing robot with name")
            || message.contains("is already a member of team")
    })
}

// ---------------------------------------------------------------------------------------------
// Output.

/// A table printed with aligned columns.
///
/// ```
/// let mut table = quay_examples::Table::new(["repository", "role"]);
/// table.push(["acme/web", "admin"]);
/// assert_eq!(table.render(), "repository  role\n----------  -----\nacme/web    admin\n");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers.
    pub fn new<I, S>(headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells print empty, extra cells are dropped).
    pub fn push<I, S>(&mut self, row: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as text: header, a rule, the rows; two spaces between columns.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|i| {
                std::iter::once(&self.headers[i])
                    .chain(self.rows.iter().filter_map(|row| row.get(i)))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        let mut out = String::new();
        for row in std::iter::once(&self.headers)
            .chain(std::iter::once(&rule))
            .chain(&self.rows)
        {
            let mut line = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                line.extend(std::iter::repeat_n(
                    ' ',
                    width.saturating_sub(cell.chars().count()),
                ));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Prints the table to standard output.
    pub fn print(&self) {
        print!("{}", self.render());
    }
}

/// A byte count in binary units: `512 B`, `1.5 KiB`, `10.0 GiB`.
pub fn human_bytes(bytes: impl Into<u64>) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bytes: u64 = bytes.into();
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Milliseconds since the Unix epoch as an HTTP date (`Sun, 22 Nov 2026 06:34:41 GMT`).
pub fn http_date_from_millis(millis: u64) -> String {
    httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_millis(millis))
}

/// Reads an HTTP date such as Quay's service-key dates (`Sun, 22 Nov 2026 06:34:41 GMT`).
pub fn parse_http_date(value: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(value).ok()
}

/// `yes` or `no`.
pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quay_sdk::{ApiFailure, ErrorBody};

    fn api_error(status: u16, body: &str) -> Error {
        Error::Api(Box::new(ApiFailure {
            operation: "test",
            status,
            body: ErrorBody::decode(body.as_bytes()),
            retry_after: None,
        }))
    }

    #[test]
    fn already_exists_is_recognised_in_every_shape() {
        for body in [
            r#"{"detail": "Repository already exists", "error_message": "Repository already exists", "error_type": "invalid_request", "title": "invalid_request", "type": "t", "status": 400}"#,
            r#"{"detail": "Existing robot with name: acme+ci", "error_message": "x", "error_type": "invalid_request", "title": "invalid_request", "type": "t", "status": 400}"#,
            r#"{"message": "User bob is already a member of team deployers"}"#,
        ] {
            assert!(is_already_exists(&api_error(400, body)), "{body}");
        }
        assert!(!is_already_exists(&api_error(
            400,
            r#"{"message": "Unknown user"}"#
        )));
        assert!(!is_already_exists(&api_error(
            403,
            r#"{"message": "Repository already exists"}"#
        )));
    }

    #[test]
    fn tables_align_and_trim() {
        let mut t = Table::new(["a", "bb"]);
        t.push(["xyz", ""]);
        t.push(["é", "1"]);
        assert_eq!(t.render(), "a    bb\n---  --\nxyz\né    1\n");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn bytes_are_human() {
        assert_eq!(human_bytes(0u64), "0 B");
        assert_eq!(human_bytes(1023u64), "1023 B");
        assert_eq!(human_bytes(1536u64), "1.5 KiB");
        assert_eq!(human_bytes(10u64 * 1024 * 1024 * 1024), "10.0 GiB");
    }

    #[test]
    fn lists_split_on_commas_and_spaces() {
        assert_eq!(
            split_list(" alice, bob  carol,,"),
            ["alice", "bob", "carol"]
        );
    }

    #[test]
    fn http_dates_round_trip() {
        let s = http_date_from_millis(1_795_329_216_123);
        assert_eq!(s, "Sun, 22 Nov 2026 06:33:36 GMT");
        assert!(parse_http_date(&s).is_some());
    }
}
