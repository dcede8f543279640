//! Comparisons of secrets that must not leak, through timing, how much of a guess was right.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Compares SHA-256 digests in constant time, so neither the content nor the length of the expected
/// value shows in the response time.
pub fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let given = Sha256::digest(given);
    let expected = Sha256::digest(expected);
    given.ct_eq(&expected).into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn equal_only_when_identical() {
        assert!(super::constant_time_eq(b"token", b"token"));
        assert!(!super::constant_time_eq(b"token", b"token2"));
        assert!(!super::constant_time_eq(b"", b"token"));
    }
}
