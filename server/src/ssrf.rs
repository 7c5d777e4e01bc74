//! Quay's SSRF protection for outgoing calls to upstream registries: only globally routable
//! destinations, unless `SSRF_ALLOWED_HOSTS` lists the host name, the address or a CIDR range
//! holding it. This module judges one host string; [`crate::outbound`] resolves names and
//! judges every address they resolve to, as Quay does. Names that always mean this machine or
//! a cloud metadata service are refused by name.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Names refused like the addresses they stand for.
const BLOCKED_NAMES: &[&str] = &[
    "localhost",
    "localhost.localdomain",
    "metadata.google.internal",
];

/// Whether a call to `host` (a name or an IP literal, without port) must be refused.
pub fn blocked(host: &str, allowed: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let ip: Option<IpAddr> = host.parse().ok();
    if allowed.iter().any(|entry| matches_entry(entry, &host, ip)) {
        return false;
    }
    match ip {
        Some(ip) => !is_global(ip),
        None => BLOCKED_NAMES.contains(&host.as_str()) || host.ends_with(".localhost"),
    }
}

/// Whether `SSRF_ALLOWED_HOSTS` names `host` itself (then whatever it resolves to is allowed).
pub fn name_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    allowed
        .iter()
        .any(|e| !e.contains('/') && e.trim().to_ascii_lowercase() == host)
}

fn matches_entry(entry: &str, host: &str, ip: Option<IpAddr>) -> bool {
    let entry = entry.trim().to_ascii_lowercase();
    if let Some((net, bits)) = entry.split_once('/') {
        return match (net.parse::<IpAddr>(), bits.parse::<u8>(), ip) {
            (Ok(net), Ok(bits), Some(ip)) => in_network(ip, net, bits),
            _ => false,
        };
    }
    entry == host
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn v4_in(ip: Ipv4Addr, net: [u8; 4], bits: u8) -> bool {
    in_network(IpAddr::V4(ip), IpAddr::V4(Ipv4Addr::from(net)), bits)
}

fn v6_in(ip: Ipv6Addr, net: &str, bits: u8) -> bool {
    net.parse::<Ipv6Addr>()
        .is_ok_and(|n| in_network(IpAddr::V6(ip), IpAddr::V6(n), bits))
}

/// Globally routable unicast (Quay's blocked networks are the complement).
fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let special = v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || v4_in(v4, [0, 0, 0, 0], 8)
                || v4_in(v4, [100, 64, 0, 0], 10)
                || v4_in(v4, [192, 0, 0, 0], 24)
                || v4_in(v4, [198, 18, 0, 0], 15)
                || v4_in(v4, [240, 0, 0, 0], 4);
            !special
        }
        IpAddr::V6(v6) => {
            let special = v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || v6_in(v6, "fc00::", 7)
                || v6_in(v6, "fe80::", 10)
                || v6_in(v6, "2001:db8::", 32)
                || v6_in(v6, "64:ff9b::", 96)
                || v6_in(v6, "100::", 64)
                || v6_in(v6, "::ffff:0:0", 96);
            !special
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_global_destinations_are_refused() {
        for host in [
            "127.0.0.1",
            "10.1.2.3",
            "169.254.169.254",
            "192.168.1.1",
            "172.20.0.1",
            "::1",
            "fe80::1",
            "0.0.0.0",
            "localhost",
            "LOCALHOST.",
            "100.64.0.1",
        ] {
            assert!(blocked(host, &[]), "{host}");
        }
        for host in [
            "quay.io",
            "registry-1.docker.io",
            "8.8.8.8",
            "2606:4700::1111",
        ] {
            assert!(!blocked(host, &[]), "{host}");
        }
    }

    #[test]
    fn the_allow_list_takes_names_addresses_and_ranges() {
        let allowed = vec![
            "127.0.0.1".to_string(),
            "10.0.0.0/8".into(),
            "Registry.Local".into(),
        ];
        assert!(!blocked("127.0.0.1", &allowed));
        assert!(!blocked("10.9.9.9", &allowed));
        assert!(!blocked("registry.local", &allowed));
        assert!(blocked("127.0.0.2", &allowed));
        assert!(blocked("169.254.169.254", &allowed));
    }
}
