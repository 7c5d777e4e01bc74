//! Every outbound request of the server (proxy-cache validation, organization-mirror
//! connection tests; notifications when they arrive) goes through [`client`]: host names are resolved by the
//! client's own resolver, which refuses a name when any address it resolves to is not
//! globally routable and not admitted by `SSRF_ALLOWED_HOSTS` (Quay's rule), and the connection
//! then uses exactly the addresses that were checked (no second lookup to rebind). IP literals
//! never reach a resolver, so [`check_url`] checks them before each request; redirects are not
//! followed; every request has a timeout.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why an outbound request was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The name does not resolve.
    #[error("Cannot resolve hostname '{0}'")]
    Unresolvable(String),
    /// The destination is not globally routable and not admitted.
    #[error("the destination {0} is not allowed")]
    NotAllowed(String),
}

/// Checks the addresses `host` resolved to: all of them must be allowed (a name whose
/// entry in `allowed` matches is allowed whatever it resolves to).
pub fn check_addresses(host: &str, addrs: &[IpAddr], allowed: &[String]) -> Result<(), Refused> {
    if addrs.is_empty() {
        return Err(Refused::Unresolvable(host.to_string()));
    }
    if crate::ssrf::name_allowed(host, allowed) {
        return Ok(());
    }
    match addrs
        .iter()
        .find(|ip| crate::ssrf::blocked(&ip.to_string(), allowed))
    {
        Some(ip) => Err(Refused::NotAllowed(format!("{host} ({ip})"))),
        None => Ok(()),
    }
}

/// Checks a URL's host when it is an IP literal (names are checked as they resolve).
pub fn check_url(url: &reqwest::Url, allowed: &[String]) -> Result<(), Refused> {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => literal(IpAddr::V4(ip), allowed),
        Some(url::Host::Ipv6(ip)) => literal(IpAddr::V6(ip), allowed),
        Some(url::Host::Domain(_)) => Ok(()),
        None => Err(Refused::NotAllowed(url.to_string())),
    }
}

fn literal(ip: IpAddr, allowed: &[String]) -> Result<(), Refused> {
    if crate::ssrf::blocked(&ip.to_string(), allowed) {
        Err(Refused::NotAllowed(ip.to_string()))
    } else {
        Ok(())
    }
}

/// Where names are looked up: the system's resolver, or a fixed table of names (a test's
/// `/etc/hosts` that is not the machine's).
#[derive(Debug, Clone, Default)]
pub enum Lookup {
    /// The system's resolver, at most 5 s per name.
    #[default]
    System,
    /// Only these names, to these addresses.
    Table(Arc<HashMap<String, Vec<IpAddr>>>),
}

impl Lookup {
    /// A fixed table of names.
    pub fn table<'a>(entries: impl IntoIterator<Item = (&'a str, IpAddr)>) -> Self {
        let mut table: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for (name, ip) in entries {
            table.entry(name.to_ascii_lowercase()).or_default().push(ip);
        }
        Self::Table(Arc::new(table))
    }

    async fn addresses(&self, host: &str) -> Vec<SocketAddr> {
        match self {
            Self::System => {
                let lookup = tokio::net::lookup_host((host, 0));
                match tokio::time::timeout(Duration::from_secs(5), lookup).await {
                    Ok(Ok(addrs)) => addrs.collect(),
                    _ => Vec::new(),
                }
            }
            Self::Table(table) => table
                .get(&host.to_ascii_lowercase())
                .map(|ips| ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect())
                .unwrap_or_default(),
        }
    }
}

/// Resolves `host` through the system (at most 5 s) and checks every address it resolves to;
/// the addresses, when all are allowed.
pub async fn resolve(host: &str, allowed: &[String]) -> Result<Vec<SocketAddr>, Refused> {
    resolve_with(&Lookup::System, host, allowed).await
}

/// [`resolve`] through `lookup`.
pub async fn resolve_with(
    lookup: &Lookup,
    host: &str,
    allowed: &[String],
) -> Result<Vec<SocketAddr>, Refused> {
    let addrs = lookup.addresses(host).await;
    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
    check_addresses(host, &ips, allowed)?;
    Ok(addrs)
}

/// Resolves through a [`Lookup`] and checks every address.
struct CheckedResolver {
    lookup: Lookup,
    allowed: Arc<Vec<String>>,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let (lookup, allowed) = (self.lookup.clone(), self.allowed.clone());
        Box::pin(async move {
            let addrs = resolve_with(&lookup, name.as_str(), &allowed).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The client for every outbound request, with the SSRF rules of `allowed`.
pub fn client(allowed: &[String]) -> reqwest::Client {
    client_with(allowed, Lookup::System)
}

/// [`client`] resolving names through `lookup`.
pub fn client_with(allowed: &[String], lookup: Lookup) -> reqwest::Client {
    builder(allowed, lookup).build().unwrap_or_default()
}

/// A [`client`] that does not verify TLS certificates (a source configured with
/// `verify_tls: false`); the SSRF rules, timeouts and redirect policy are the same.
pub fn unverified_client(allowed: &[String]) -> reqwest::Client {
    builder(allowed, Lookup::System)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap_or_default()
}

fn builder(allowed: &[String], lookup: Lookup) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(CheckedResolver {
            lookup,
            allowed: Arc::new(allowed.to_vec()),
        }))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn every_resolved_address_must_be_allowed() {
        let none: Vec<String> = vec![];
        assert!(check_addresses("registry.example", &ips(&["93.184.216.34"]), &none).is_ok());
        // A public name that also resolves to a private address (DNS rebinding) is refused.
        assert!(matches!(
            check_addresses("evil.example", &ips(&["93.184.216.34", "10.0.0.5"]), &none),
            Err(Refused::NotAllowed(_))
        ));
        assert!(matches!(
            check_addresses("meta.example", &ips(&["169.254.169.254"]), &none),
            Err(Refused::NotAllowed(_))
        ));
        assert_eq!(
            check_addresses("nowhere.invalid", &[], &none),
            Err(Refused::Unresolvable("nowhere.invalid".into()))
        );
        let lo = vec!["127.0.0.0/8".to_string()];
        assert!(check_addresses("localhost", &ips(&["127.0.0.1"]), &lo).is_ok());
        assert!(check_addresses("localhost", &ips(&["127.0.0.1", "::1"]), &lo).is_err());
        let by_name = vec!["registry.internal".to_string()];
        assert!(check_addresses("registry.internal", &ips(&["10.1.2.3"]), &by_name).is_ok());
    }

    #[test]
    fn ip_literals_are_checked_before_sending() {
        let none: Vec<String> = vec![];
        let url = |u: &str| reqwest::Url::parse(u).unwrap();
        assert!(check_url(&url("http://169.254.169.254/token"), &none).is_err());
        assert!(check_url(&url("http://[::1]:5000/token"), &none).is_err());
        assert!(check_url(&url("https://93.184.216.34/token"), &none).is_ok());
        assert!(check_url(&url("https://auth.example/token"), &none).is_ok());
        assert!(check_url(&url("http://127.0.0.1:5000/"), &["127.0.0.1".into()]).is_ok());
    }

    /// A listener on `ip` that counts the connections it accepts and answers each with `reply`.
    async fn counting_server(
        ip: &str,
        reply: String,
    ) -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf).await;
                let _ = conn.write_all(reply.as_bytes()).await;
            }
        });
        (port, hits)
    }

    const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";

    #[tokio::test]
    async fn a_name_pointing_to_loopback_is_refused_and_an_allowed_one_is_pinned() {
        let (port, hits) = counting_server("127.0.0.1", OK.into()).await;
        // The name is in a table of the test's own, not in the machine's files.
        let hosts = Lookup::table([("registry.test", "127.0.0.1".parse().unwrap())]);
        let url = format!("http://registry.test:{port}/v2/");
        let none: Vec<String> = vec![];
        let err = client_with(&none, hosts.clone())
            .get(&url)
            .send()
            .await
            .unwrap_err();
        assert!(err.is_connect() || err.is_request(), "{err:?}");
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(
            resolve_with(&hosts, "registry.test", &none).await,
            Err(Refused::NotAllowed("registry.test (127.0.0.1)".into()))
        );
        assert_eq!(
            resolve_with(&hosts, "elsewhere.test", &none).await,
            Err(Refused::Unresolvable("elsewhere.test".into()))
        );
        // Admitted: the connection goes to exactly the address that was checked.
        let allowed = vec!["127.0.0.1".to_string()];
        let resp = client_with(&allowed, hosts).get(&url).send().await.unwrap();
        assert_eq!(resp.text().await.unwrap(), "ok");
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_redirect_to_a_refused_address_is_not_followed() {
        let (target, target_hits) = counting_server("127.0.0.2", OK.into()).await;
        let redirect = format!(
            "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.2:{target}/token\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
        let (port, _) = counting_server("127.0.0.1", redirect).await;
        let allowed = vec!["127.0.0.1".to_string()];
        let resp = client(&allowed)
            .get(format!("http://127.0.0.1:{port}/v2/"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            302,
            "the redirect is handed back, not followed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(target_hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn names_resolving_to_refused_addresses_are_not_contacted() {
        // `localhost` resolves (from /etc/hosts, no DNS needed) to loopback, which is refused
        // without an allow-list entry: the request fails before any connection.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let none: Vec<String> = vec![];
        let err = client(&none)
            .get(format!("http://localhost:{port}/v2/"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_connect() || err.is_request(), "{err:?}");
        let accepted = tokio::time::timeout(Duration::from_millis(200), listener.accept()).await;
        assert!(accepted.is_err(), "the refused destination was contacted");
    }
}
