//! Stable 64-bit digests: the same on every machine and in every run, unlike
//! `DefaultHasher`, whose algorithm Rust may change. Used where a digest ends up in an
//! output (PDF IDs, subset tags) or keys a cache of output parts.
//!
//! - [`Fnv`], FNV-1a a byte at a time, for short keys (a subset's glyph list).
//! - [`Wide`], eight bytes at a step, for the file identifier, which digests every
//!   run of text and every coordinate of a notice: FNV-1a's multiply per byte was
//!   3.7% of an ordinary batch's time (perf, 2,000 notices, PDF+DOCX, one job).

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

/// A stable 64-bit digest that takes eight bytes at a step: xor, a folded 128-bit
/// multiply by the 64-bit golden ratio, then MurmurHash3's 64-bit finaliser over the state and
/// the length, so that every input bit reaches every output bit. Not for anything an
/// adversary chooses: it tells notices apart, it does not authenticate them (the
/// signatures and the manifest's SHA-256 do).
#[derive(Debug, Clone, Copy)]
pub struct Wide {
    h: u64,
    len: u64,
}

impl Default for Wide {
    fn default() -> Self {
        Wide::new()
    }
}

impl Wide {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    /// A digest of nothing yet.
    pub const fn new() -> Wide {
        Wide {
            h: 0xcbf2_9ce4_8422_2325,
            len: 0,
        }
    }

    /// A digest started from `seed`, for a second, independent half.
    pub const fn with_seed(seed: u64) -> Wide {
        Wide { h: seed, len: 0 }
    }

    /// Xor, then the 128-bit product with a constant folded to 64 bits (low half xor
    /// high half), as wyhash mixes: the high half carries every input bit into the
    /// low bits. A plain 64-bit multiply only carries upward, so a flip of a word's
    /// top bits and a flip in the next word could cancel (the test caught two such
    /// pairs with shifts and rotations).
    #[inline]
    fn mix(&mut self, word: u64) {
        let p = u128::from(self.h ^ word) * u128::from(Self::K);
        self.h = (p as u64) ^ ((p >> 64) as u64);
    }

    /// Feed `bytes`: whole words, then the tail (fewer than eight bytes) as one word
    /// marked with its length, so that `b"a"` and `b"a\0"` differ.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut w = [0u8; 8];
            w[..tail.len()].copy_from_slice(tail);
            self.mix(u64::from_le_bytes(w) ^ ((tail.len() as u64) << 56));
        }
        self.len = self.len.wrapping_add(bytes.len() as u64);
    }

    /// A number, by its bits, in one step.
    #[inline]
    pub fn f64(&mut self, v: f64) {
        self.mix(v.to_bits());
        self.len = self.len.wrapping_add(8);
    }

    /// The digest of what was fed.
    pub fn finish(&self) -> u64 {
        let mut x = self.h ^ self.len;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

/// As a `Hasher`, for maps keyed by long keys whose SipHash costs more than the
/// lookup saves (the font cache: a face and its ~150 characters, looked up three times
/// a notice). Keys there are ours, not an adversary's.
impl Hasher for Wide {
    fn write(&mut self, bytes: &[u8]) {
        Wide::write(self, bytes);
    }
    fn finish(&self) -> u64 {
        Wide::finish(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide(parts: &[&[u8]]) -> u64 {
        let mut w = Wide::new();
        parts.iter().for_each(|p| w.write(p));
        w.finish()
    }

    #[test]
    fn wide_is_stable_and_tells_close_inputs_apart() {
        // The value is part of every PDF's /ID: it must never change by accident.
        assert_eq!(wide(&[b"abc"]), 0x8a57_2bec_efc7_3c7b);
        let base = wide(&[b"Phong Tai chinh 2018"]);
        let mut seen = std::collections::HashSet::new();
        seen.insert(base);
        // Every single-bit change of a 20-byte text, and a byte more or less, changes
        // the digest, and flips about half of its bits.
        let text = b"Phong Tai chinh 2018".to_vec();
        for i in 0..text.len() * 8 {
            let mut t = text.clone();
            t[i / 8] ^= 1 << (i % 8);
            let d = wide(&[&t]);
            assert!(seen.insert(d), "bit {i}");
            let flipped = (d ^ base).count_ones();
            assert!((12..=52).contains(&flipped), "bit {i}: {flipped} bits");
        }
        // Every pair of flipped bits too (a top bit and the next word's bit that a
        // rotation moves it onto collided before the fold).
        for i in 0..text.len() * 8 {
            for j in i + 1..text.len() * 8 {
                let mut t = text.clone();
                t[i / 8] ^= 1 << (i % 8);
                t[j / 8] ^= 1 << (j % 8);
                assert!(seen.insert(wide(&[&t])), "bits {i} and {j}");
            }
        }
        assert!(seen.insert(wide(&[b"Phong Tai chinh 2018\0"])));
        assert!(seen.insert(wide(&[b"Phong Tai chinh 201"])));
        assert_ne!(wide(&[b"a"]), wide(&[b"a\0"]));
        let mut f = Wide::new();
        f.f64(0.0);
        let mut g = Wide::new();
        g.f64(-0.0);
        assert_ne!(f.finish(), g.finish());
    }

    #[test]
    fn matches_the_published_fnv1a_vectors() {
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv::new().finish(), OFFSET_BASIS);
    }
}
