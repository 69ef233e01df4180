//! Outbound HTTP to addresses that people typed (team-chat webhooks). Such an address could
//! point the server at itself or its network (`http://127.0.0.1:…/internal`, cloud metadata at
//! `169.254.169.254`), so only public internet addresses are reached, unless the installation
//! allows private ones (`STAFFPORT_ALLOW_PRIVATE_WEBHOOKS`, set by tests and closed networks).
//!
//! The address is checked when it is saved (so the person sees why) and again at delivery,
//! after DNS: the connection is pinned to the very addresses that were checked, so a name that
//! resolves differently the second time (DNS rebinding) cannot slip through. No user name or
//! password in the URL, no redirects followed, no proxy from the environment.
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};

#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    /// Only https (http too where private targets are allowed).
    Scheme,
    Credentials,
    PrivateAddress,
    Unresolvable,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refused::Malformed => "not a URL",
            Refused::Scheme => "scheme not allowed",
            Refused::Credentials => "credentials in the URL",
            Refused::PrivateAddress => "a loopback, private or link-local address",
            Refused::Unresolvable => "the name does not resolve",
        })
    }
}

/// The URL, if it may be called at all: scheme, no credentials, and not a private address
/// literal. Names are resolved only at delivery (`client_for`).
pub fn check_url(raw: &str, allow_private: bool) -> Result<Url, Refused> {
    let url = Url::parse(raw.trim()).map_err(|_| Refused::Malformed)?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err(Refused::Scheme),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused::Credentials);
    }
    match url.host() {
        None => Err(Refused::Malformed),
        Some(url::Host::Ipv4(ip)) if !allow_private && !is_public(IpAddr::V4(ip)) => Err(Refused::PrivateAddress),
        Some(url::Host::Ipv6(ip)) if !allow_private && !is_public(IpAddr::V6(ip)) => Err(Refused::PrivateAddress),
        Some(_) => Ok(url),
    }
}

/// A client for one call to `url`: checked, resolved, every address public, and pinned to them.
pub async fn client_for(url: &Url, allow_private: bool) -> Result<reqwest::Client, Refused> {
    let checked = check_url(url.as_str(), allow_private)?;
    let port = checked.port_or_known_default().ok_or(Refused::Malformed)?;
    let builder =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().timeout(std::time::Duration::from_secs(15));
    let builder = match checked.host() {
        Some(url::Host::Domain(name)) => {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name, port)).await.map_err(|_| Refused::Unresolvable)?.collect();
            if addrs.is_empty() {
                return Err(Refused::Unresolvable);
            }
            if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
                return Err(Refused::PrivateAddress);
            }
            builder.resolve_to_addrs(name, &addrs)
        }
        _ => builder,
    };
    builder.build().map_err(|_| Refused::Malformed)
}

/// Whether an address is on the public internet: not loopback, private, shared (CGNAT),
/// link-local, unique-local, multicast, documentation, benchmarking or reserved, also when an
/// IPv4 address hides in an IPv6 one (mapped, compatible, NAT64).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b {
                let [.., a, b, c, d] = v6.octets();
                return is_public(IpAddr::V4(std::net::Ipv4Addr::new(a, b, c, d)));
            }
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                || (s[0] & 0xffc0) == 0xfec0
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || s[..6].iter().all(|x| *x == 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "::127.0.0.1",
            "2001:db8::1",
            "ff02::1",
        ] {
            assert!(!is_public(ip.parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))) && ip.parse::<IpAddr>().is_ok(), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "64:ff9b::101:101"] {
            assert!(is_public(ip.parse().unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))), "{ip}");
        }
    }

    #[test]
    fn urls_with_tricks_are_refused() {
        assert_eq!(check_url("http://localhost@127.0.0.1:18080/internal-admin", false), Err(Refused::Scheme));
        assert_eq!(check_url("https://localhost@127.0.0.1:18080/internal-admin", false), Err(Refused::Credentials));
        assert_eq!(check_url("https://localhost@127.0.0.1:18080/internal-admin", true), Err(Refused::Credentials));
        assert_eq!(check_url("https://169.254.169.254/latest/meta-data/", false), Err(Refused::PrivateAddress));
        assert_eq!(check_url("https://[::ffff:7f00:1]/", false), Err(Refused::PrivateAddress));
        assert_eq!(check_url("https://2130706433/", false), Err(Refused::PrivateAddress), "decimal form of 127.0.0.1");
        assert_eq!(check_url("ftp://example.com/", false), Err(Refused::Scheme));
        assert_eq!(check_url("not a url", false), Err(Refused::Malformed));
        assert!(check_url("https://hooks.slack.com/services/T0/B0/x", false).is_ok());
        assert!(check_url("http://127.0.0.1:9/hook", true).is_ok());
    }
}
