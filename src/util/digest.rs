//! A stable 64-bit FNV-1a digest: the same on every machine and in every run, unlike
//! `DefaultHasher`, whose algorithm Rust may change. Used where a digest ends up in an
//! output (PDF IDs, subset tags) or keys a cache of output parts.

use std::hash::Hasher;

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x100_0000_01b3;

/// The digest being computed: feed it with [`Hasher::write`] (or [`Fnv::str`],
/// [`Fnv::f64`]) and read it with [`Hasher::finish`].
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

impl Fnv {
    /// A digest of nothing yet: FNV-1a's offset basis.
    pub const fn new() -> Fnv {
        Fnv(OFFSET_BASIS)
    }

    /// A digest started from another state, for a second, independent half.
    pub const fn with_seed(seed: u64) -> Fnv {
        Fnv(seed)
    }

    /// A string, length first, so that ("ab", "c") and ("a", "bc") differ.
    pub fn str(&mut self, s: &str) {
        self.write(&(s.len() as u64).to_le_bytes());
        self.write(s.as_bytes());
    }

    /// A number, by its bits: `0.0` and `-0.0` differ, as they may in an output.
    pub fn f64(&mut self, v: f64) {
        self.write(&v.to_bits().to_le_bytes());
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(PRIME);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_fnv1a_vectors() {
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv::new().finish(), OFFSET_BASIS);
    }
}
