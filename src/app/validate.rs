//! Pure validators for what a form sends. Each returns the value the request
//! carries (trimmed, parsed, normalised) or a message written for the user.
//! They never panic, whatever is typed (see the proptest below).

use std::net::IpAddr;
use std::ops::RangeInclusive;

use ipnet::IpNet;

use crate::api::models::RuleProtocol;

/// Longest name accepted. The API documents no limit for Instance, Block or VPC
/// names; 255 is the common column width of its backends, so a longer name is
/// refused here rather than by a 400 after the fact.
pub const NAME_MAX: usize = 255;
/// Longest description of a security group.
pub const DESCRIPTION_MAX: usize = 255;
/// Longest single tag.
pub const TAG_MAX: usize = 128;
/// Most tags on one resource.
pub const TAGS_MAX: usize = 50;
/// Block volume sizes, in GB (1 GB - 10 TB, API-FACTS §10).
pub const BLOCK_SIZE_GB: RangeInclusive<u64> = 1..=10_000;
/// Bytes in the API's GB (sizes are decimal).
pub const GB: u64 = 1_000_000_000;
/// The two IOPS classes of Block volumes.
pub const IOPS_CLASSES: [u32; 2] = [5_000, 15_000];
/// Prefix lengths the VPC API accepts for an IPv4 private network subnet.
pub const SUBNET_V4_PREFIX: RangeInclusive<u8> = 20..=28;
/// IPv6 private network subnets are /64.
pub const SUBNET_V6_PREFIX: u8 = 64;

/// A resource name: trimmed, non-empty, at most [`NAME_MAX`] characters, no
/// control characters.
pub fn name(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("a name is required".into());
    }
    let n = s.chars().count();
    if n > NAME_MAX {
        return Err(format!("too long: {n} characters (at most {NAME_MAX})"));
    }
    if let Some(why) = hidden_characters(s) {
        return Err(why);
    }
    Ok(s.to_string())
}

/// A project id: a UUID (as the API writes ids: lowercase, hyphenated),
/// trimmed.
pub fn uuid(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("a project id is required (no default_project_id is configured)".into());
    }
    match uuid::Uuid::try_parse(s) {
        Ok(id) if s.len() == 36 => Ok(id.hyphenated().to_string()),
        _ => Err(format!(
            "{} is not a project id (a UUID such as 11111111-2222-4333-8444-555555555555)",
            crate::text::sanitize(s)
        )),
    }
}

/// Control, bidi and invisible characters in `s`, named visibly ("\e",
/// "\u{202e}") so the form shows what it refuses.
fn hidden_characters(s: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for c in s.chars().filter(|c| crate::text::is_dangerous(*c)) {
        let shown = crate::text::sanitize(c.encode_utf8(&mut [0; 4])).into_owned();
        if !found.contains(&shown) {
            found.push(shown);
        }
    }
    (!found.is_empty()).then(|| {
        format!(
            "control or hidden characters are not allowed: {}",
            found.join(" ")
        )
    })
}

/// An optional free-text description: `None` when blank.
pub fn description(input: &str) -> Result<Option<String>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let n = s.chars().count();
    if n > DESCRIPTION_MAX {
        return Err(format!(
            "too long: {n} characters (at most {DESCRIPTION_MAX})"
        ));
    }
    if let Some(why) = hidden_characters(s) {
        return Err(why);
    }
    Ok(Some(s.to_string()))
}

/// Comma-separated tags, each trimmed; blank input is no tags. Empty items
/// (`a,,b`) and duplicates are refused rather than silently dropped.
pub fn tags(input: &str) -> Result<Vec<String>, String> {
    if input.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in input.split(',').enumerate() {
        let tag = raw.trim();
        if tag.is_empty() {
            return Err(format!("tag {} is empty (remove the extra comma)", i + 1));
        }
        let n = tag.chars().count();
        if n > TAG_MAX {
            return Err(format!(
                "tag {} is too long: {n} characters (at most {TAG_MAX})",
                i + 1
            ));
        }
        // The same check as names: bidi and zero-width characters hide in a
        // tag as well as in a name.
        if let Some(why) = hidden_characters(tag) {
            return Err(format!("tag {}: {why}", i + 1));
        }
        if out.iter().any(|t| t == tag) {
            return Err(format!("tag {tag:?} is repeated"));
        }
        out.push(tag.to_string());
    }
    if out.len() > TAGS_MAX {
        return Err(format!("{} tags (at most {TAGS_MAX})", out.len()));
    }
    Ok(out)
}

/// A Block volume size in whole GB, within [`BLOCK_SIZE_GB`].
pub fn size_gb(input: &str) -> Result<u64, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("a size in GB is required".into());
    }
    let n: u64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number of GB"))?;
    if !BLOCK_SIZE_GB.contains(&n) {
        return Err(format!(
            "{n} GB is out of range ({}-{} GB)",
            BLOCK_SIZE_GB.start(),
            BLOCK_SIZE_GB.end()
        ));
    }
    Ok(n)
}

/// A size that may only grow: at least `current_gb`.
pub fn grown_size_gb(input: &str, current_gb: u64) -> Result<u64, String> {
    let n = size_gb(input)?;
    if n < current_gb {
        return Err(format!(
            "volumes can only grow: {n} GB is less than the current {current_gb} GB"
        ));
    }
    Ok(n)
}

/// A Block IOPS class: 5000 or 15000 (also accepts `5k`/`15k`).
pub fn iops(input: &str) -> Result<u32, String> {
    let s = input.trim().to_ascii_lowercase();
    let n = match s.as_str() {
        "5k" => 5_000,
        "15k" => 15_000,
        other => other
            .parse::<u32>()
            .map_err(|_| format!("{input:?} is not an IOPS class (5000 or 15000)"))?,
    };
    if IOPS_CLASSES.contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} IOPS is not offered (5000 or 15000)"))
    }
}

/// One TCP/UDP port, 1-65535.
pub fn port(input: &str) -> Result<u32, String> {
    let s = input.trim();
    let n: u32 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a port number"))?;
    if (1..=65_535).contains(&n) {
        Ok(n)
    } else {
        Err(format!("port {n} is out of range (1-65535)"))
    }
}

/// The ports of a rule as the API stores them: `(None, None)` for all ports,
/// `(Some(p), None)` for one port (the API nulls `dest_port_to` when it equals
/// `dest_port_from`), `(Some(a), Some(b))` for a range. ICMP and ANY carry none.
pub fn rule_ports(
    protocol: &RuleProtocol,
    from: &str,
    to: &str,
) -> Result<(Option<u32>, Option<u32>), String> {
    let (from, to) = (from.trim(), to.trim());
    if !protocol.has_ports() {
        if from.is_empty() && to.is_empty() {
            return Ok((None, None));
        }
        return Err(format!(
            "{protocol} rules match every port; leave ports empty"
        ));
    }
    match (from.is_empty(), to.is_empty()) {
        (true, true) => Ok((None, None)),
        (true, false) => Err("give the first port of the range too".into()),
        (false, true) => Ok((Some(port(from)?), None)),
        (false, false) => {
            let (a, b) = (port(from)?, port(to)?);
            if a > b {
                Err(format!(
                    "the range {a}-{b} is reversed (from must be <= to)"
                ))
            } else if a == b {
                Ok((Some(a), None))
            } else {
                Ok((Some(a), Some(b)))
            }
        }
    }
}

/// A rule's source/destination range: an IPv4 or IPv6 address or CIDR,
/// normalised like the API does: a /32 or /128 becomes the bare address.
pub fn ip_range(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("an IP range is required (0.0.0.0/0 for any IPv4)".into());
    }
    if let Ok(addr) = s.parse::<IpAddr>() {
        return Ok(addr.to_string());
    }
    let net: IpNet = s
        .parse()
        .map_err(|_| format!("{s:?} is not an IP address or CIDR (e.g. 10.0.0.0/8)"))?;
    if net.prefix_len() == net.max_prefix_len() {
        Ok(net.addr().to_string())
    } else {
        Ok(net.to_string())
    }
}

fn is_private_v4(net: &ipnet::Ipv4Net) -> bool {
    const PRIVATE: [(u8, u8, u8); 3] = [(10, 0, 8), (172, 16, 12), (192, 168, 16)];
    PRIVATE.iter().any(|&(a, b, len)| {
        ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(a, b, 0, 0), len).is_ok_and(|p| p.contains(net))
    })
}

/// One private network subnet: a CIDR (not a bare address) on its network
/// address, IPv4 in a private range (10/8, 172.16/12, 192.168/16) with a /20-/28
/// prefix, or IPv6 unique-local (fc00::/7) /64.
pub fn subnet(input: &str) -> Result<IpNet, String> {
    let s = input.trim();
    if !s.contains('/') {
        return Err(format!("{s:?} needs a prefix length, e.g. 172.16.32.0/22"));
    }
    let net: IpNet = s
        .parse()
        .map_err(|_| format!("{s:?} is not a CIDR (e.g. 172.16.32.0/22)"))?;
    if net.network() != net.addr() {
        return Err(format!(
            "{s} has host bits set; the network is {}",
            net.trunc()
        ));
    }
    match net {
        IpNet::V4(v4) => {
            if !is_private_v4(&v4) {
                return Err(format!(
                    "{s} is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"
                ));
            }
            if !SUBNET_V4_PREFIX.contains(&v4.prefix_len()) {
                return Err(format!(
                    "/{} is out of range (/{} to /{})",
                    v4.prefix_len(),
                    SUBNET_V4_PREFIX.start(),
                    SUBNET_V4_PREFIX.end()
                ));
            }
        }
        IpNet::V6(v6) => {
            let ula = ipnet::Ipv6Net::new(std::net::Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7)
                .is_ok_and(|u| u.contains(&v6));
            if !ula {
                return Err(format!("{s} is not a unique-local IPv6 range (fc00::/7)"));
            }
            if v6.prefix_len() != SUBNET_V6_PREFIX {
                return Err(format!("IPv6 subnets are /{SUBNET_V6_PREFIX}"));
            }
        }
    }
    Ok(net)
}

/// Comma-separated subnets; blank lets the API allocate (`None`). Overlapping
/// subnets are refused.
pub fn subnets(input: &str) -> Result<Option<Vec<String>>, String> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let mut nets: Vec<IpNet> = Vec::new();
    for raw in input.split(',') {
        if raw.trim().is_empty() {
            return Err("empty subnet (remove the extra comma)".into());
        }
        let net = subnet(raw)?;
        if let Some(other) = nets.iter().find(|o| o.contains(&net) || net.contains(*o)) {
            return Err(format!("{net} overlaps {other}"));
        }
        nets.push(net);
    }
    Ok(Some(nets.iter().map(ToString::to_string).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names() {
        assert_eq!(name("  web-1 "), Ok("web-1".into()));
        assert_eq!(name("   "), Err("a name is required".into()));
        let long = "x".repeat(NAME_MAX + 1);
        assert_eq!(
            name(&long),
            Err("too long: 256 characters (at most 255)".into())
        );
        assert!(
            name(&"é".repeat(NAME_MAX)).is_ok(),
            "counts characters, not bytes"
        );
        assert!(name("a\tb").is_err());
        // What is refused is named visibly, as the screen shows it.
        assert_eq!(
            name("web\u{1b}[2J\u{202e}1\u{202e}"),
            Err("control or hidden characters are not allowed: \\e \\u{202e}".into())
        );
        assert!(description("x\u{200b}y").is_err());
    }

    #[test]
    fn descriptions() {
        assert_eq!(description(" "), Ok(None));
        assert_eq!(description(" front "), Ok(Some("front".into())));
        assert!(description(&"d".repeat(DESCRIPTION_MAX + 1)).is_err());
    }

    #[test]
    fn tag_lists() {
        assert_eq!(tags(""), Ok(vec![]));
        assert_eq!(tags(" a , b"), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(
            tags("a,,b"),
            Err("tag 2 is empty (remove the extra comma)".into())
        );
        assert_eq!(tags("a,a"), Err("tag \"a\" is repeated".into()));
        assert!(tags(&"t".repeat(TAG_MAX + 1)).is_err());
        let many: Vec<String> = (0..=TAGS_MAX).map(|i| format!("t{i}")).collect();
        assert_eq!(tags(&many.join(",")), Err("51 tags (at most 50)".into()));
        // Bidi and zero-width characters are refused as in names, and named.
        assert_eq!(
            tags("ok,evil\u{202e}txt"),
            Err("tag 2: control or hidden characters are not allowed: \\u{202e}".into())
        );
        assert!(tags("we\u{200b}b").is_err());
        assert!(tags("a\u{1b}[2J").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(size_gb(" 20 "), Ok(20));
        assert_eq!(size_gb(""), Err("a size in GB is required".into()));
        assert_eq!(
            size_gb("ten"),
            Err("\"ten\" is not a whole number of GB".into())
        );
        assert_eq!(
            size_gb("1.5"),
            Err("\"1.5\" is not a whole number of GB".into())
        );
        assert_eq!(
            size_gb("0"),
            Err("0 GB is out of range (1-10000 GB)".into())
        );
        assert_eq!(
            size_gb("10001"),
            Err("10001 GB is out of range (1-10000 GB)".into())
        );
        assert_eq!(size_gb("10000"), Ok(10_000));
        assert!(size_gb("-1").is_err());
        assert!(grown_size_gb("10", 20).is_err());
        assert_eq!(grown_size_gb("20", 20), Ok(20));
    }

    #[test]
    fn iops_classes() {
        assert_eq!(iops("5000"), Ok(5_000));
        assert_eq!(iops("15K"), Ok(15_000));
        assert_eq!(
            iops("10000"),
            Err("10000 IOPS is not offered (5000 or 15000)".into())
        );
        assert!(iops("fast").is_err());
    }

    #[test]
    fn ports_follow_the_api_normalisation() {
        use RuleProtocol::*;
        assert_eq!(rule_ports(&Tcp, "22", ""), Ok((Some(22), None)));
        assert_eq!(rule_ports(&Tcp, "22", "22"), Ok((Some(22), None)));
        assert_eq!(
            rule_ports(&Udp, "1000", "2000"),
            Ok((Some(1000), Some(2000)))
        );
        assert_eq!(rule_ports(&Tcp, "", ""), Ok((None, None)));
        assert_eq!(
            rule_ports(&Tcp, "2000", "1000"),
            Err("the range 2000-1000 is reversed (from must be <= to)".into())
        );
        assert_eq!(
            rule_ports(&Tcp, "0", ""),
            Err("port 0 is out of range (1-65535)".into())
        );
        assert!(rule_ports(&Tcp, "65536", "").is_err());
        assert!(rule_ports(&Tcp, "", "80").is_err());
        assert!(rule_ports(&Tcp, "http", "").is_err());
        assert_eq!(
            rule_ports(&Icmp, "22", ""),
            Err("ICMP rules match every port; leave ports empty".into())
        );
        assert_eq!(rule_ports(&Any, "", ""), Ok((None, None)));
    }

    #[test]
    fn ip_ranges_are_normalised_like_the_api() {
        assert_eq!(ip_range("8.8.8.8/32"), Ok("8.8.8.8".into()));
        assert_eq!(ip_range("2001:db8::1/128"), Ok("2001:db8::1".into()));
        assert_eq!(ip_range(" 0.0.0.0/0 "), Ok("0.0.0.0/0".into()));
        assert_eq!(ip_range("::/0"), Ok("::/0".into()));
        assert_eq!(ip_range("10.1.2.3"), Ok("10.1.2.3".into()));
        assert!(ip_range("10.0.0.0/33").is_err());
        assert!(ip_range("300.1.1.1").is_err());
        assert!(ip_range("").is_err());
    }

    #[test]
    fn private_network_subnets() {
        assert_eq!(subnets(""), Ok(None));
        assert_eq!(
            subnets("172.16.32.0/22, fd00:1::/64"),
            Ok(Some(vec!["172.16.32.0/22".into(), "fd00:1::/64".into()]))
        );
        assert_eq!(
            subnet("172.16.32.1/22"),
            Err("172.16.32.1/22 has host bits set; the network is 172.16.32.0/22".into())
        );
        assert!(subnet("172.16.32.0").is_err());
        assert!(subnet("8.8.0.0/22").is_err());
        assert_eq!(
            subnet("10.0.0.0/16"),
            Err("/16 is out of range (/20 to /28)".into())
        );
        assert!(subnet("10.0.0.0/29").is_err());
        assert!(subnet("2001:db8::/64").is_err());
        assert!(subnet("fd00::/48").is_err());
        assert_eq!(
            subnets("10.0.0.0/20,10.0.1.0/24"),
            Err("10.0.1.0/24 overlaps 10.0.0.0/20".into())
        );
        assert!(subnets("10.0.0.0/20,").is_err());
    }

    #[test]
    fn project_ids_are_uuids() {
        let id = "2e4b3a6c-1d5f-4a7b-9c8d-0e1f2a3b4c5d";
        assert_eq!(uuid(&format!(" {id} ")), Ok(id.to_string()));
        assert_eq!(uuid(&id.to_uppercase()), Ok(id.to_string()));
        assert!(uuid("").unwrap_err().contains("required"));
        assert!(uuid("my-project").unwrap_err().contains("not a project id"));
        // The simple (unhyphenated) form is refused: the API writes ids hyphenated.
        assert!(uuid(&id.replace('-', "")).is_err());
    }

    proptest! {
        #[test]
        fn validators_never_panic(s in ".{0,80}", t in "[0-9a-f:./, ]{0,40}") {
            let _ = name(&s);
            let _ = description(&s);
            let _ = tags(&s);
            let _ = size_gb(&s);
            let _ = iops(&s);
            let _ = port(&s);
            let _ = ip_range(&t);
            let _ = ip_range(&s);
            let _ = subnets(&t);
            let _ = subnets(&s);
            let _ = uuid(&s);
            for p in RuleProtocol::KNOWN {
                let _ = rule_ports(p, &s, &t);
            }
        }

        #[test]
        fn accepted_ranges_parse_back(t in "[0-9a-f:./]{1,40}") {
            if let Ok(r) = ip_range(&t) {
                prop_assert!(r.parse::<IpAddr>().is_ok() || r.parse::<IpNet>().is_ok());
                prop_assert!(!r.ends_with("/32") && !r.ends_with("/128"));
            }
        }
    }
}
