//! Which address a request is counted against (http-api.md §1.3). Forwarding headers are believed
//! only when the socket peer is one of our `TRUSTED_PROXIES`: anyone else could write any address
//! there and get a fresh bucket per request.

use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)")]
pub struct InvalidCidr(pub String);

/// One `TRUSTED_PROXIES` entry; a bare address is a single-address range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Self, InvalidCidr> {
        let invalid = || InvalidCidr(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network = address
            .parse::<IpAddr>()
            .map_err(|_| invalid())?
            .to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(invalid)?,
        };
        Ok(Self { network, prefix })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// `TRUSTED_PROXIES`, parsed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, InvalidCidr> {
        entries
            .iter()
            .map(|entry| Cidr::parse(entry.as_ref()))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trust(&self, address: IpAddr) -> bool {
        self.0.iter().any(|cidr| cidr.contains(address))
    }

    /// The client behind `peer`: the peer itself unless it is a trusted proxy; then the first
    /// untrusted address of `X-Forwarded-For` read right to left (every hop trusted → the leftmost),
    /// or `X-Real-IP` when there is no `X-Forwarded-For`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trust(peer) {
            return peer;
        }
        // Several X-Forwarded-For headers are one list, in order (RFC 9110 §5.3).
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect();
        if forwarded.is_empty() {
            return headers
                .get("x-real-ip")
                .and_then(|value| value.to_str().ok())
                .and_then(parse_hop)
                .unwrap_or(peer);
        }
        let mut nearest = peer;
        for hop in forwarded.iter().rev() {
            // A hop our own proxies would never write: stop at the last address they vouched for
            // rather than let the sender pick its bucket.
            let Some(address) = parse_hop(hop) else {
                return nearest;
            };
            if !self.trust(address) {
                return address;
            }
            nearest = address;
        }
        nearest
    }
}

/// An address as proxies write it: bare, with a port, or a bracketed IPv6 with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn cidr_membership() {
        let cases = [
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.7", "192.168.1.7", true),
            ("192.168.1.7", "192.168.1.8", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("172.16.0.0/12", "172.31.255.255", true),
            ("172.16.0.0/12", "172.32.0.0", false),
            ("2001:db8::/32", "2001:db8:1::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::/0", "::1", true),
            ("10.0.0.0/8", "::ffff:10.1.2.3", true),
            ("10.0.0.0/8", "2001:db8::1", false),
        ];
        for (cidr, address, expected) in cases {
            let cidr = Cidr::parse(cidr).unwrap();
            assert_eq!(cidr.contains(ip(address)), expected, "{cidr:?} ∋ {address}");
        }
    }

    #[test]
    fn malformed_ranges_are_rejected() {
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0/8",
            "10.0.0.0/x",
            "proxy.local",
        ] {
            assert!(Cidr::parse(bad).is_err(), "{bad:?}");
        }
        assert!(TrustedProxies::parse(&["10.0.0.0/8", "nope"]).is_err());
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    /// (what it shows, socket peer, request headers, expected client)
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

    #[test]
    fn the_client_address_is_resolved_as_the_spec_says() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8", "2001:db8::/32"]).unwrap();
        let xff = "x-forwarded-for";
        let real = "x-real-ip";
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("untrusted peer: headers ignored", "203.0.113.5", &[(xff, "198.51.100.1")], "203.0.113.5"),
            ("untrusted peer: X-Real-IP ignored", "203.0.113.5", &[(real, "198.51.100.1")], "203.0.113.5"),
            ("trusted peer, one hop", "10.0.0.2", &[(xff, "198.51.100.1")], "198.51.100.1"),
            ("right to left, first untrusted", "10.0.0.2", &[(xff, "1.1.1.1, 198.51.100.1, 10.0.0.9")], "198.51.100.1"),
            ("spoofed left entries lose", "10.0.0.2", &[(xff, "6.6.6.6, 198.51.100.1")], "198.51.100.1"),
            ("all trusted: leftmost", "10.0.0.2", &[(xff, "10.1.1.1, 10.0.0.9")], "10.1.1.1"),
            ("several headers are one list", "10.0.0.2", &[(xff, "198.51.100.1"), (xff, "10.0.0.9")], "198.51.100.1"),
            ("ports are dropped", "10.0.0.2", &[(xff, "198.51.100.1:4711")], "198.51.100.1"),
            ("bracketed IPv6 with port", "10.0.0.2", &[(xff, "[2001:db9::7]:443")], "2001:db9::7"),
            ("garbage stops at the last vouched hop", "10.0.0.2", &[(xff, "198.51.100.1, bogus, 10.0.0.9")], "10.0.0.9"),
            ("garbage right away: the peer", "10.0.0.2", &[(xff, "bogus")], "10.0.0.2"),
            ("no X-Forwarded-For: X-Real-IP", "10.0.0.2", &[(real, "198.51.100.1")], "198.51.100.1"),
            ("X-Forwarded-For wins over X-Real-IP", "10.0.0.2", &[(real, "6.6.6.6"), (xff, "198.51.100.1")], "198.51.100.1"),
            ("bad X-Real-IP: the peer", "10.0.0.2", &[(real, "nope")], "10.0.0.2"),
            ("no headers: the peer", "10.0.0.2", &[], "10.0.0.2"),
            ("IPv6 proxy", "2001:db8::1", &[(xff, "198.51.100.1")], "198.51.100.1"),
            ("mapped IPv4 peer is the IPv4 peer", "::ffff:10.0.0.2", &[(xff, "198.51.100.1")], "198.51.100.1"),
        ];
        for (name, peer, pairs, expected) in cases {
            let got = trusted.client(ip(peer), &headers(pairs));
            assert_eq!(got, ip(expected), "{name}");
        }
    }

    #[test]
    fn no_trusted_proxies_means_the_peer_always() {
        let none = TrustedProxies::default();
        let got = none.client(ip("10.0.0.2"), &headers(&[("x-forwarded-for", "1.2.3.4")]));
        assert_eq!(got, ip("10.0.0.2"));
    }
}
