//! Every outbound request of the server (proxy-cache validation today; mirrors and
//! notifications when they arrive) goes through [`client`]: host names are resolved by the
//! client's own resolver, which refuses a name when any address it resolves to is not
//! globally routable and not admitted by `SSRF_ALLOWED_HOSTS` (Quay's rule), and the connection
//! then uses exactly the addresses that were checked (no second lookup to rebind). IP literals
//! never reach a resolver, so [`check_url`] checks them before each request; redirects are not
//! followed; every request has a timeout.

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

/// Resolves `host` through the system (at most 5 s) and checks every address it resolves to;
/// the addresses, when all are allowed.
pub async fn resolve(host: &str, allowed: &[String]) -> Result<Vec<SocketAddr>, Refused> {
    let lookup = tokio::net::lookup_host((host, 0));
    let addrs: Vec<SocketAddr> = match tokio::time::timeout(Duration::from_secs(5), lookup).await {
        Ok(Ok(addrs)) => addrs.collect(),
        _ => Vec::new(),
    };
    let ips: Vec<IpAddr> = addrs.iter().map(SocketAddr::ip).collect();
    check_addresses(host, &ips, allowed)?;
    Ok(addrs)
}

/// Resolves through the system and checks every address.
struct CheckedResolver {
    allowed: Arc<Vec<String>>,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let addrs = resolve(name.as_str(), &allowed).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The client for every outbound request, with the SSRF rules of `allowed`.
pub fn client(allowed: &[String]) -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(CheckedResolver {
            allowed: Arc::new(allowed.to_vec()),
        }))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_default()
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
