//! The client: configuration, construction and the entry points to each API area.

use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::models::Secret;
use crate::retry::RetryPolicy;

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("quay-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// An async client for one Quay deployment. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> quay_sdk::Result<()> {
/// let client = quay_sdk::Client::new("https://quay.example.com", "oauth-token")?;
/// let me = client.user().current().await?;
/// println!("signed in as {}", me.username);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Scheme, host, port and path prefix, without a trailing slash.
    pub(crate) base: String,
    pub(crate) token: Option<Secret>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// A web session's cookie and CSRF token ([`Client::sign_in`]), replaced when Quay hands
    /// out new ones.
    pub(crate) session: Option<std::sync::RwLock<crate::session::WebSession>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base)
            .field("token", &self.inner.token.as_ref().map(|_| "<redacted>"))
            .field(
                "session",
                &self.inner.session.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// A client for `base_url` (e.g. `https://quay.example.com`, a path prefix allowed)
    /// authenticating with an OAuth access token.
    pub fn new(base_url: impl AsRef<str>, token: impl Into<String>) -> Result<Self> {
        Self::builder().base_url(base_url).token(token).build()
    }

    /// A client that sends no credentials (Quay's anonymous view).
    pub fn anonymous(base_url: impl AsRef<str>) -> Result<Self> {
        Self::builder().base_url(base_url).build()
    }

    /// A builder for every other setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The same client with another token (sharing the connection pool).
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base: self.inner.base.clone(),
                token: Some(Secret::new(token.into())),
                timeout: self.inner.timeout,
                retry: self.inner.retry.clone(),
                session: None,
            }),
        }
    }
}

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// let client = quay_sdk::Client::builder()
///     .base_url("https://quay.example.com/")
///     .token("oauth-token")
///     .timeout(Duration::from_secs(30))
///     .retry(quay_sdk::RetryPolicy::new(3))
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url(), "https://quay.example.com");
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<Secret>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
    root_certificates: Vec<reqwest::Certificate>,
    accept_invalid_certs: bool,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("custom_http_client", &self.http.is_some())
            .field("root_certificates", &self.root_certificates.len())
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

impl ClientBuilder {
    /// The deployment's URL: `http(s)://host[:port][/prefix]`. Required.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_string());
        self
    }

    /// The OAuth access token sent as `Authorization: Bearer`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token.into()));
        self
    }

    /// Timeout of a whole request, response body included (per attempt); default
    /// [`DEFAULT_TIMEOUT`], so a hung server never hangs the caller.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Timeout for establishing a connection.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Turns retries on with this policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses a caller-built `reqwest::Client`. Connection settings (connect timeout, user agent,
    /// certificates) are then the caller's: combining this with them is a configuration error.
    /// The request timeout still applies.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts an extra root certificate (PEM or DER), e.g. a private CA.
    pub fn add_root_certificate(mut self, cert: reqwest::Certificate) -> Self {
        self.root_certificates.push(cert);
        self
    }

    /// Accepts any TLS certificate, even invalid or self-signed. Dangerous: only for tests
    /// against a throwaway deployment.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let raw = self
            .base_url
            .ok_or_else(|| Error::Config("a base URL is required".into()))?;
        let base = normalize_base(&raw)?;
        let http = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some()
                    || self.user_agent.is_some()
                    || !self.root_certificates.is_empty()
                    || self.accept_invalid_certs
                {
                    return Err(Error::Config(
                        "http_client() excludes connect_timeout, user_agent and TLS settings: set them on the reqwest::Client".into(),
                    ));
                }
                http
            }
            None => {
                let mut b = reqwest::Client::builder()
                    .user_agent(self.user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.into()))
                    .redirect(reqwest::redirect::Policy::none());
                b = b.connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
                for cert in self.root_certificates {
                    b = b.add_root_certificate(cert);
                }
                if self.accept_invalid_certs {
                    b = b.danger_accept_invalid_certs(true);
                }
                b.build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                token: self.token,
                timeout: Some(self.timeout.unwrap_or(DEFAULT_TIMEOUT)),
                retry: self.retry,
                session: None,
            }),
        })
    }
}

/// Timeout of a whole request when none is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Connect timeout when none is configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Checks a base URL and strips its trailing slash.
fn normalize_base(raw: &str) -> Result<String> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("base URL {raw:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {raw:?} must be http or https"
        )));
    }
    if url.host_str().is_none() {
        return Err(Error::Config(format!("base URL {raw:?} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "base URL must not carry credentials; Quay's API takes a bearer token".into(),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalized() {
        assert_eq!(
            normalize_base("https://q.example.com").unwrap(),
            "https://q.example.com"
        );
        assert_eq!(
            normalize_base("https://q.example.com/").unwrap(),
            "https://q.example.com"
        );
        assert_eq!(
            normalize_base("http://127.0.0.1:8080/quay/").unwrap(),
            "http://127.0.0.1:8080/quay"
        );
        for bad in [
            "",
            "q.example.com",
            "ftp://q",
            "https://q/?x=1",
            "https://u:p@q/",
        ] {
            assert!(normalize_base(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn token_is_not_in_debug_output() {
        let c = Client::new("https://q.example.com", "s3cr3t-token").unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
        let b = Client::builder().token("s3cr3t-token");
        assert!(!format!("{b:?}").contains("s3cr3t"));
    }

    #[test]
    fn custom_http_client_conflicts_with_connection_settings() {
        let err = Client::builder()
            .base_url("https://q.example.com")
            .http_client(reqwest::Client::new())
            .user_agent("x")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        assert!(
            Client::builder()
                .base_url("https://q.example.com")
                .http_client(reqwest::Client::new())
                .timeout(Duration::from_secs(1))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn base_url_is_required() {
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    }
}
