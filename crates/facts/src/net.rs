//! IPv4 and CIDR arithmetic for subnets: parsing, containment, overlap, usable addresses (AWS
//! reserves five per subnet). Shared by the plan checks and the sandbox's EC2.

/// Parses `a.b.c.d/n`.
pub fn parse_cidr(cidr: &str) -> Option<(u32, u32)> {
    let (addr, len) = cidr.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let octets: Vec<u32> = addr
        .split('.')
        .map(|o| o.parse::<u8>().map(u32::from))
        .collect::<Result<_, _>>()
        .ok()?;
    if octets.len() != 4 {
        return None;
    }
    let ip = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3];
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    (ip & mask == ip).then_some((ip, len))
}

pub fn format_ip(ip: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        ip >> 24,
        (ip >> 16) & 255,
        (ip >> 8) & 255,
        ip & 255
    )
}

/// Whether CIDR `inner` lies within `outer`.
pub fn cidr_within(inner: (u32, u32), outer: (u32, u32)) -> bool {
    inner.1 >= outer.1 && (inner.0 & mask(outer.1)) == outer.0
}

pub fn cidr_overlaps(a: (u32, u32), b: (u32, u32)) -> bool {
    let m = mask(a.1.min(b.1));
    (a.0 & m) == (b.0 & m)
}

fn mask(len: u32) -> u32 {
    if len == 0 { 0 } else { u32::MAX << (32 - len) }
}

/// Total usable addresses of a subnet: AWS reserves five in every subnet.
pub fn usable_addresses(cidr: &str) -> u32 {
    parse_cidr(cidr)
        .map(|(_, len)| (1u64 << (32 - len)).saturating_sub(5) as u32)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_arithmetic() {
        let vpc = parse_cidr("10.0.0.0/16").expect("cidr");
        let sub = parse_cidr("10.0.1.0/24").expect("cidr");
        assert!(cidr_within(sub, vpc));
        assert!(!cidr_within(parse_cidr("10.1.0.0/24").expect("cidr"), vpc));
        assert!(cidr_overlaps(
            sub,
            parse_cidr("10.0.1.128/25").expect("cidr")
        ));
        assert_eq!(parse_cidr("10.0.0.1/16"), None, "host bits set");
        assert_eq!(parse_cidr("10.0.0.0/33"), None);
        assert_eq!(usable_addresses("10.0.1.0/24"), 251);
        assert_eq!(usable_addresses("10.0.1.0/28"), 11);
    }
}
