//! Join codes and instructor keys: random from the OS CSPRNG, keys kept only as hashes.

use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 letters without the ambiguous 0/O and 1/I, so a code read aloud or off a slide is typed right.
pub const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// 8 letters of 5 bits: 2^40 codes, and guessing is also rate limited.
pub const CODE_LENGTH: usize = 8;

pub fn new_join_code() -> String {
    let mut bytes = [0u8; CODE_LENGTH];
    OsRng.fill_bytes(&mut bytes);
    // 256 is a multiple of 32, so the low 5 bits are uniform.
    bytes.iter().map(|byte| CODE_ALPHABET[(byte & 31) as usize] as char).collect()
}

/// Upper-cases a code as typed; `None` if it cannot be one of ours.
pub fn normalize_join_code(typed: &str) -> Option<String> {
    let code = typed.to_ascii_uppercase();
    let valid = code.len() == CODE_LENGTH && code.bytes().all(|letter| CODE_ALPHABET.contains(&letter));
    valid.then_some(code)
}

/// 256 random bits as 64 hex digits.
pub fn new_instructor_key() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Compares a presented key with a stored hash without leaking, through timing,
/// how many leading characters matched.
pub fn key_matches(presented: &str, stored_hash: &str) -> bool {
    let presented_hash = hash_key(presented);
    let (a, b) = (presented_hash.as_bytes(), stored_hash.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |difference, (x, y)| difference | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_alphabet_and_differ() {
        let codes: Vec<String> = (0..200).map(|_| new_join_code()).collect();
        assert!(codes.iter().all(|code| normalize_join_code(code).as_deref() == Some(code.as_str())));
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert_eq!(normalize_join_code("abcdefgh").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalize_join_code("ABCDEFG0"), None, "0 is not in the alphabet");
        assert_eq!(normalize_join_code("ABC"), None);
    }

    #[test]
    fn keys_are_checked_against_their_hash() {
        let key = new_instructor_key();
        assert_eq!(key.len(), 64);
        let stored = hash_key(&key);
        assert_ne!(stored, key);
        assert!(key_matches(&key, &stored));
        assert!(!key_matches(&new_instructor_key(), &stored));
        assert!(!key_matches("", &stored));
    }
}
