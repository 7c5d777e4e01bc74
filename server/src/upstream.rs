//! What a mirror's upstream may be: Quay's `validate_external_registry_reference` for a
//! repository mirror (`host[:port]/path`, [`check`]) and `validate_external_registry_url` for
//! an organization mirror (`http(s)://host[:port]`, [`url_host`] and [`check_host`]). The syntax is checked
//! first, then the SSRF rules ([`crate::ssrf`]) on the host, by name and by every address it
//! resolves to ([`crate::outbound`]). Syntax errors keep Quay's own texts; an SSRF refusal is
//! the caller's one generic message, as in Quay.

use std::net::IpAddr;

use crate::outbound::{Lookup, Refused, resolve_with};
use crate::ssrf;

/// Quay's answer to any upstream the SSRF rules refuse.
pub const NOT_ALLOWED: &str = "The provided registry location is not allowed";

const PREFIX: &str = "External registry reference";

/// Names refused by name (unless `SSRF_ALLOWED_HOSTS` admits them), whatever they resolve to.
const INTERNAL_NAMES: &[&str] = &[
    "localhost",
    "metadata.google.internal",
    "metadata.azure.internal",
    "metadata",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
    "kubernetes.default",
    "kubernetes",
];

fn bad(what: &str) -> String {
    format!("{PREFIX} {what}")
}

/// The host of `reference` when its syntax is what Quay accepts; else Quay's message.
pub fn host_of(reference: &str) -> Result<String, String> {
    if reference.trim().is_empty() {
        return Err(bad("is required"));
    }
    if reference.chars().any(char::is_whitespace) {
        return Err(bad("must not include whitespace"));
    }
    if reference.contains("://") {
        return Err(bad("must not include a URL scheme"));
    }
    if reference.contains(['?', '#', '\\', '%']) {
        return Err(bad("contains an invalid character"));
    }
    let (registry, path) = reference.split_once('/').unwrap_or((reference, ""));
    if registry.is_empty() || path.is_empty() {
        return Err(bad("must include a repository path"));
    }
    let authority = || bad("contains an invalid registry authority");
    let (host, port) = if let Some(rest) = registry.strip_prefix('[') {
        let (inner, suffix) = rest.split_once(']').ok_or_else(authority)?;
        if suffix == ":" {
            return Err(bad("contains an invalid registry port"));
        }
        match suffix.strip_prefix(':') {
            Some(port) => (inner, Some(port)),
            None if suffix.is_empty() => (inner, None),
            None => return Err(authority()),
        }
    } else {
        if registry.matches(':').count() > 1 {
            return Err(authority());
        }
        if registry.ends_with(':') {
            return Err(bad("contains an invalid registry port"));
        }
        match registry.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (registry, None),
        }
    };
    if let Some(port) = port {
        match port.parse::<u16>() {
            Ok(0) => return Err(bad("contains an invalid registry port")),
            Ok(_) => {}
            Err(_) => return Err(authority()),
        }
    }
    let hostname = || bad("must include a valid registry hostname");
    if host.is_empty() || host.contains('@') {
        return Err(hostname());
    }
    if host.parse::<IpAddr>().is_err() && (host.ends_with('.') || !host.split('.').all(label_ok)) {
        return Err(hostname());
    }
    Ok(host.to_ascii_lowercase())
}

/// An RFC 1123 label: letters, digits and inner hyphens, 1 to 63 characters.
fn label_ok(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// Checks `reference` as Quay does (names resolved through `lookup`); the 400 message when
/// it is refused.
pub async fn check(reference: &str, allowed: &[String], lookup: &Lookup) -> Result<(), String> {
    let host = host_of(reference)?;
    check_host(&host, allowed, lookup)
        .await
        .map_err(|r| r.message(NOT_ALLOWED))
}

/// Why the SSRF rules refuse a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The name does not resolve (Quay answers this one verbatim).
    Unresolvable(String),
    /// A private, reserved or internal destination not in `SSRF_ALLOWED_HOSTS`.
    NotAllowed,
}

impl Refusal {
    /// Quay's text for it, `generic` for an SSRF refusal.
    pub fn message(self, generic: &str) -> String {
        match self {
            Self::Unresolvable(h) => format!("Cannot resolve hostname '{h}'"),
            Self::NotAllowed => generic.to_string(),
        }
    }
}

/// The SSRF rules on `host` (lower-case, no port): an IP literal by itself, a name by every
/// address it resolves to; internal names only through their addresses' own allow-list
/// entries.
pub async fn check_host(host: &str, allowed: &[String], lookup: &Lookup) -> Result<(), Refusal> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return if ssrf::blocked(&ip.to_string(), allowed) {
            Err(Refusal::NotAllowed)
        } else {
            Ok(())
        };
    }
    if ssrf::name_allowed(host, allowed) {
        return Ok(());
    }
    let internal =
        INTERNAL_NAMES.contains(&host) || host.ends_with(".internal") || host.ends_with(".local");
    match resolve_with(lookup, host, allowed).await {
        Err(Refused::Unresolvable(h)) => Err(Refusal::Unresolvable(h)),
        Err(Refused::NotAllowed(_)) => Err(Refusal::NotAllowed),
        Ok(addrs)
            if internal
                && addrs
                    .iter()
                    .any(|a| !ssrf::blocked(&a.ip().to_string(), &[])) =>
        {
            Err(Refusal::NotAllowed)
        }
        Ok(_) => Ok(()),
    }
}

/// The host of an organization mirror's `external_registry_url` (`http(s)://host[:port]`)
/// when its syntax is what Quay accepts; else Quay's message.
pub fn url_host(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("External registry URL is required".into());
    }
    // Python's urlsplit: a scheme is what precedes the first `:` when it is made of scheme
    // characters.
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .unwrap_or_default()
        .to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "Invalid URL scheme '{scheme}': only HTTP and HTTPS are allowed"
        ));
    }
    let parsed = url::Url::parse(url).map_err(|_| "Invalid URL format".to_string())?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("URLs with embedded credentials are not allowed".into());
    }
    match parsed.host() {
        Some(url::Host::Ipv6(ip)) => Ok(ip.to_string()),
        Some(host) => Ok(host.to_string().to_ascii_lowercase()),
        None => Err("URL must include a hostname".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_follows_quay() {
        for (reference, message) in [
            ("", "is required"),
            ("quay.io/a b", "must not include whitespace"),
            ("https://quay.io/a", "must not include a URL scheme"),
            ("quay.io/a?b", "contains an invalid character"),
            ("quay.io", "must include a repository path"),
            ("quay.io/", "must include a repository path"),
            ("a:b:c/x", "contains an invalid registry authority"),
            ("quay.io:/x", "contains an invalid registry port"),
            ("quay.io:0/x", "contains an invalid registry port"),
            ("quay.io:99999/x", "contains an invalid registry authority"),
            ("[::1/x", "contains an invalid registry authority"),
            ("[::1]:/x", "contains an invalid registry port"),
            ("user@quay.io/x", "must include a valid registry hostname"),
            ("quay.io./x", "must include a valid registry hostname"),
            ("-bad.io/x", "must include a valid registry hostname"),
        ] {
            assert_eq!(host_of(reference), Err(bad(message)), "{reference}");
        }
        assert_eq!(host_of("Quay.IO:443/a/b").as_deref(), Ok("quay.io"));
        assert_eq!(host_of("[::1]:5000/x").as_deref(), Ok("::1"));
        assert_eq!(host_of("127.0.0.1:5999/fx/up").as_deref(), Ok("127.0.0.1"));
    }

    #[tokio::test]
    async fn the_ssrf_rules_apply() {
        let lookup = Lookup::table([
            ("registry.example", "93.184.216.34".parse().unwrap()),
            ("inside.example", "10.0.0.7".parse().unwrap()),
            ("localhost", "127.0.0.1".parse().unwrap()),
        ]);
        let none: Vec<String> = vec![];
        assert_eq!(check("registry.example/a", &none, &lookup).await, Ok(()));
        for refused in ["inside.example/a", "127.0.0.1:5000/a", "localhost/a"] {
            assert_eq!(
                check(refused, &none, &lookup).await,
                Err(NOT_ALLOWED.into()),
                "{refused}"
            );
        }
        assert_eq!(
            check("nowhere.example/a", &none, &lookup).await,
            Err("Cannot resolve hostname 'nowhere.example'".into())
        );
        let loopback = vec!["127.0.0.1".to_string()];
        assert_eq!(check("127.0.0.1:5000/a", &loopback, &lookup).await, Ok(()));
        assert_eq!(check("localhost:5000/a", &loopback, &lookup).await, Ok(()));
        let by_name = vec!["localhost".to_string()];
        assert_eq!(check("localhost/a", &by_name, &lookup).await, Ok(()));
    }

    #[test]
    fn urls_follow_quay() {
        for (url, message) in [
            ("  ", "External registry URL is required"),
            (
                "quay.io",
                "Invalid URL scheme '': only HTTP and HTTPS are allowed",
            ),
            (
                "ftp://quay.io",
                "Invalid URL scheme 'ftp': only HTTP and HTTPS are allowed",
            ),
            (
                "https://u:p@quay.io",
                "URLs with embedded credentials are not allowed",
            ),
            ("http://[::1", "Invalid URL format"),
        ] {
            assert_eq!(url_host(url), Err(message.to_string()), "{url}");
        }
        assert_eq!(url_host("HTTPS://Quay.IO:443/x").as_deref(), Ok("quay.io"));
        assert_eq!(
            url_host("http://127.0.0.1:5999").as_deref(),
            Ok("127.0.0.1")
        );
        assert_eq!(url_host("http://[::1]:5000").as_deref(), Ok("::1"));
    }
}
