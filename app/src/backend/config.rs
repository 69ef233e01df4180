//! Configuration from the environment, with defaults that run on one machine out of the box.
use std::fmt;

#[derive(Clone)]
pub struct Config {
    /// `sqlite://path?mode=rwc` (default) or `postgres://…`.
    pub database_url: String,
    /// The address people reach us at; used in emailed links and to decide on `Secure` cookies.
    pub public_url: String,
    /// `smtp://host:port`; unset means mail is written to the log (development).
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// An SMS / messenger gateway taking `POST {"to": phone, "text": …}` (JSON); unset: no SMS.
    pub sms_url: Option<String>,
    /// Sent as `Authorization: Bearer …` to the gateway.
    pub sms_token: Option<String>,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    pub login_per_account_per_min: u32,
    pub login_per_addr_per_min: u32,
    /// At most this many argon2 computations run at once, each on a blocking thread.
    pub hash_concurrency: usize,
    pub outbox_poll_ms: u64,
    /// Pool size; 0 picks a default per backend.
    pub db_max_connections: u32,
}

impl Config {
    pub fn from_env() -> Config {
        fn var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|v| !v.trim().is_empty())
        }
        fn num<T: std::str::FromStr>(name: &str, default: T) -> T {
            var(name).and_then(|v| v.parse().ok()).unwrap_or(default)
        }
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://staffport.db?mode=rwc".into()),
            public_url: var("STAFFPORT_PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into()),
            smtp_url: var("STAFFPORT_SMTP_URL"),
            mail_from: var("STAFFPORT_MAIL_FROM").unwrap_or_else(|| "Staffport <no-reply@staffport.local>".into()),
            sms_url: var("STAFFPORT_SMS_URL"),
            sms_token: var("STAFFPORT_SMS_TOKEN"),
            session_idle_secs: num("STAFFPORT_SESSION_IDLE_MINUTES", 120i64) * 60,
            session_absolute_secs: num("STAFFPORT_SESSION_ABSOLUTE_HOURS", 12i64) * 3600,
            login_per_account_per_min: num("STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN", 5),
            login_per_addr_per_min: num("STAFFPORT_LOGIN_PER_ADDR_PER_MIN", 30),
            hash_concurrency: num("STAFFPORT_HASH_CONCURRENCY", cores.max(1)),
            outbox_poll_ms: num("STAFFPORT_OUTBOX_POLL_MS", 1000),
            db_max_connections: num("STAFFPORT_DB_MAX_CONNECTIONS", 0),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.public_url.trim_end_matches('/'), path)
    }
}

/// Never prints the database URL (it may hold a password).
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &self.database_url.split(':').next().unwrap_or("?"))
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp_url.is_some())
            .field("sms", &self.sms_url.is_some())
            .finish_non_exhaustive()
    }
}
