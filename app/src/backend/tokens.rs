//! Random secrets (session ids, single-use links). Only their SHA-256 is ever stored.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits from the OS, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_unique_and_hashed() {
        let a = super::new_token();
        let b = super::new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_ne!(super::hash(&a), a);
        assert_eq!(super::hash(&a), super::hash(&a));
    }
}
