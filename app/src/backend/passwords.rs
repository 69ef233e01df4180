//! argon2id hashing, off the async runtime and bounded: each computation runs on a blocking
//! thread, and a semaphore caps how many run at once so a login storm cannot starve the server.
use super::{BackendError, Result};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{OnceCell, Semaphore};

pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, so timing does not reveal it.
    dummy: OnceCell<String>,
    computed: AtomicU64,
}

fn hash_now(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| BackendError::Internal(format!("argon2: {e}")))
}

impl Passwords {
    pub fn new(concurrency: usize) -> Passwords {
        Passwords { permits: Arc::new(Semaphore::new(concurrency.max(1))), dummy: OnceCell::new(), computed: AtomicU64::new(0) }
    }

    /// How many argon2 computations this process has run (tests use it to prove a limit held).
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    async fn blocking<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let _permit = self.permits.acquire().await.map_err(|e| BackendError::Internal(e.to_string()))?;
        self.computed.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(job).await.map_err(|e| BackendError::Internal(e.to_string()))
    }

    pub async fn hash(&self, password: String) -> Result<String> {
        self.blocking(move || hash_now(&password)).await?
    }

    /// Checks a password against a stored hash; with no hash, burns the same time and fails.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool> {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy_hash().await?, false),
        };
        let ok = self
            .blocking(move || {
                PasswordHash::new(&hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(ok && real)
    }

    /// Made once, on first need, through the same bounded blocking path as every other hash.
    async fn dummy_hash(&self) -> Result<String> {
        self.dummy.get_or_try_init(|| self.hash("staffport-dummy-password".into())).await.cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_count() {
        let p = Passwords::new(2);
        let h = p.hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("correct horse battery".into(), Some(h.clone())).await.unwrap());
        assert!(!p.verify("wrong".into(), Some(h)).await.unwrap());
        assert!(!p.verify("anything".into(), None).await.unwrap());
        // The unknown account's check made the dummy hash once, then verified against it.
        assert_eq!(p.computed(), 5);
        assert!(!p.verify("anything".into(), None).await.unwrap());
        assert_eq!(p.computed(), 6, "the dummy hash is made only once");
    }
}
