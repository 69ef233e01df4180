//! Sealing protected personal data (resident, passport and tax numbers, bank details, request
//! answers) with XChaCha20-Poly1305. The key comes from the environment or a key file, never
//! from the database; `key_id` (a hash prefix of the key) is stored beside each value so a
//! rotated key can be told apart.
use super::{BackendError, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
    pub key_id: String,
}

impl Sealer {
    /// From 32 key bytes, given base64-encoded.
    pub fn from_base64(key: &str) -> Result<Sealer> {
        let bytes = STANDARD.decode(key.trim()).map_err(|e| BackendError::Internal(format!("data key: {e}")))?;
        if bytes.len() != 32 {
            return Err(BackendError::Internal("data key: expected 32 bytes, base64-encoded".into()));
        }
        let key_id = STANDARD.encode(Sha256::digest(&bytes)).chars().take(8).collect();
        Ok(Sealer { cipher: XChaCha20Poly1305::new_from_slice(&bytes).map_err(|e| BackendError::Internal(e.to_string()))?, key_id })
    }

    /// A new random key, base64-encoded (for `STAFFPORT_DATA_KEY` or a key file).
    pub fn new_key() -> String {
        STANDARD.encode(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    /// base64(nonce ‖ ciphertext ‖ tag); a fresh random nonce every time.
    pub fn seal(&self, plaintext: &[u8]) -> Result<String> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plaintext).map_err(|e| BackendError::Internal(format!("seal: {e}")))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    pub fn open(&self, sealed: &str) -> Result<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).map_err(|e| BackendError::Internal(format!("open: {e}")))?;
        if bytes.len() < 24 {
            return Err(BackendError::Internal("open: too short".into()));
        }
        let (nonce, body) = bytes.split_at(24);
        self.cipher.decrypt(XNonce::from_slice(nonce), body).map_err(|_| BackendError::Internal("open: wrong key or tampered value".into()))
    }

    pub fn seal_json<T: serde::Serialize>(&self, value: &T) -> Result<String> {
        self.seal(&serde_json::to_vec(value).map_err(|e| BackendError::Internal(e.to_string()))?)
    }

    pub fn open_json<T: serde::de::DeserializeOwned>(&self, sealed: &str) -> Result<T> {
        serde_json::from_slice(&self.open(sealed)?).map_err(|e| BackendError::Internal(format!("open: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_round_trip_and_hide_the_plaintext() {
        let sealer = Sealer::from_base64(&Sealer::new_key()).unwrap();
        let a = sealer.seal(b"M12345678").unwrap();
        let b = sealer.seal(b"M12345678").unwrap();
        assert_ne!(a, b, "a fresh nonce every time");
        assert!(!a.contains("M12345678"));
        assert_eq!(sealer.open(&a).unwrap(), b"M12345678");
        let other = Sealer::from_base64(&Sealer::new_key()).unwrap();
        assert!(other.open(&a).is_err(), "another key cannot open it");
        let mut tampered = STANDARD.decode(&a).unwrap();
        tampered[30] ^= 1;
        assert!(sealer.open(&STANDARD.encode(tampered)).is_err(), "tampering is detected");
        assert!(Sealer::from_base64("c2hvcnQ=").is_err());
    }
}
