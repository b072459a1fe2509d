//! Which address a request came from, for the per-client rate limit. Behind a load balancer
//! every connection comes from the balancer, so the client is read from `X-Forwarded-For`; but
//! anyone can send that header, so it is believed only when the connection comes from a proxy the
//! operator listed (`trusted_proxies`), and only as far back as the chain of listed proxies goes.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks (`10.0.0.0/8`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a list such as `["10.0.0.0/8", "192.168.1.7", "fd00::/8"]`; the error names the
    /// entry that is neither an address nor a network.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<TrustedProxies, String> {
        let parse_one = |entry: &str| {
            let entry = entry.trim();
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{entry:?} is not an IP address or a network such as 10.0.0.0/8"))
        };
        entries.iter().map(|e| parse_one(e.as_ref())).collect::<Result<_, _>>().map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the right-most
    /// address in `X-Forwarded-For` that is not a trusted proxy (what a client puts at the left
    /// of the header is its own claim and is skipped). An entry that is not an address ends the
    /// walk at the proxy that passed it on.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let hops = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
        for hop in hops.rev() {
            let Ok(addr) = hop.trim().parse::<IpAddr>() else { break };
            client = addr.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_is_ignored_from_a_peer_that_is_not_a_listed_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("198.51.100.9"), &headers(&["203.0.113.5"])), ip("198.51.100.9"));
        let lb = TrustedProxies::parse(&["10.0.0.0/8"]).unwrap();
        assert_eq!(lb.client(ip("198.51.100.9"), &headers(&["203.0.113.5"])), ip("198.51.100.9"));
    }

    #[test]
    fn behind_listed_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8", "192.168.1.7"]).unwrap();
        // The client claims 1.2.3.4; the edge proxy appended the address it really saw.
        let h = headers(&["1.2.3.4, 203.0.113.5", "192.168.1.7"]);
        assert_eq!(proxies.client(ip("10.1.2.3"), &h), ip("203.0.113.5"));
        assert_eq!(proxies.client(ip("::ffff:10.1.2.3"), &headers(&["203.0.113.5"])), ip("203.0.113.5"), "IPv4 mapped in IPv6");
    }

    #[test]
    fn a_garbled_hop_or_no_header_stops_at_the_last_proxy() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8"]).unwrap();
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["203.0.113.5, unknown"])), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["203.0.113.5, 10.0.0.9, bogus"])), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["10.0.0.7"])), ip("10.0.0.7"), "all proxies: the left-most");
    }

    #[test]
    fn a_bad_entry_is_named() {
        let err = TrustedProxies::parse(&["10.0.0.0/8", "load-balancer"]).unwrap_err();
        assert!(err.contains("load-balancer"), "{err}");
        assert!(TrustedProxies::parse(&["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(&[" 2001:db8::/32 ", "::1"]).is_ok());
    }
}
