//! Server-only code: database, services and the authorization policy. Compiled with `ssr` only.
pub mod api;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod bundle;
pub mod cabinet;
pub mod catalogs;
pub mod config;
pub mod crypto;
pub mod csv_file;
pub mod db;
pub mod demo;
pub mod error;
pub mod files;
pub mod holidays;
pub mod import;
pub mod invitations;
pub mod live;
pub mod notifications;
pub mod org;
pub mod outbound;
pub mod outbox;
pub mod passwords;
pub mod pdf;
pub mod people;
pub mod placements;
pub mod policy;
pub mod ratelimit;
pub mod recruiting;
pub mod reminders;
pub mod request;
pub mod sessions;
pub mod timesheets;
pub mod tokens;
pub mod webhooks;
pub mod zone;

use std::sync::Arc;

pub use config::Config;
pub use db::{Db, DbKind};
pub use error::{BackendError, Result};
pub use request::{serve, Caller, Ctx};

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct Backend(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub config: Config,
    pub passwords: passwords::Passwords,
    pub login_limits: ratelimit::LoginLimits,
    pub sealer: crypto::Sealer,
    /// Live updates for open recruiting boards.
    pub live: live::Hub,
    pub clock: zone::Clock,
}

impl Backend {
    /// Fails only when the data key cannot be found, read or created.
    pub fn new(db: Db, config: Config) -> Result<Backend, String> {
        let passwords = passwords::Passwords::new(config.hash_concurrency);
        let login_limits = ratelimit::LoginLimits::new(config.login_per_account_per_min, config.login_per_addr_per_min);
        let sealer = crypto::Sealer::from_base64(&config.resolve_data_key()?).map_err(|e| e.to_string())?;
        Ok(Backend(Arc::new(Inner {
            db,
            config,
            passwords,
            login_limits,
            sealer,
            live: live::Hub::default(),
            clock: zone::Clock::default(),
        })))
    }
}

impl std::ops::Deref for Backend {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}
