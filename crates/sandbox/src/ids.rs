//! Deterministic identifiers in AWS's formats (cluster-…, hsm-…, vpc-…, cks-…, key UUIDs, IAM
//! unique ids), drawn from a seeded splitmix64 stream that is persisted with the account, so a
//! replayed test yields the same ids and a reloaded account never reuses one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdGen {
    state: u64,
}

const BASE32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

impl IdGen {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn draw(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[(self.next_u64() % alphabet.len() as u64) as usize] as char)
            .collect()
    }

    pub fn hex(&mut self, len: usize) -> String {
        self.draw(b"0123456789abcdef", len)
    }

    /// `cluster-` / `hsm-` / `backup-` ids: 11 characters of lower-case base32, as AWS uses.
    pub fn base32(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", self.draw(BASE32, 11))
    }

    /// EC2-style ids: `vpc-` + 17 hex digits.
    pub fn ec2(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", self.hex(17))
    }

    /// IAM unique ids: a four-letter prefix (AGPA, ANPA, AIDA, AROA) + 17 characters.
    pub fn iam(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.draw(UPPER_ALNUM, 17))
    }

    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next_u64() & 0xff) as u8).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shapes_and_repeat_per_seed() {
        let mut a = IdGen::new(7);
        let mut b = IdGen::new(7);
        let id = a.base32("cluster");
        assert_eq!(id, b.base32("cluster"));
        let re = regex::Regex::new("^cluster-[2-7a-z]{11}$").expect("regex");
        assert!(re.is_match(&id), "{id}");
        assert_eq!(a.ec2("vpc").len(), 21);
        assert_eq!(a.uuid().len(), 36);
        assert_ne!(a.uuid(), a.uuid());
    }
}
