//! Configuration from the environment, with defaults that run on one machine out of the box.
use std::fmt;

#[derive(Clone)]
pub struct Config {
    /// `sqlite://path?mode=rwc` (default) or `postgres://…`.
    pub database_url: String,
    /// The address people reach us at; used in emailed links and to decide on `Secure` cookies.
    pub public_url: String,
    /// `smtp://host:port`; unset means mail is written to `mail_dir` (development).
    pub smtp_url: Option<String>,
    /// Without SMTP or an SMS gateway, each message is a file here (owner-only): links in them
    /// sign people in, so they never go to the log.
    pub mail_dir: String,
    pub mail_from: String,
    /// An SMS / messenger gateway taking `POST {"to": phone, "text": …}` (JSON); unset: no SMS.
    pub sms_url: Option<String>,
    /// Sent as `Authorization: Bearer …` to the gateway.
    pub sms_token: Option<String>,
    /// Provider template codes per kind of notice, for messengers that send only pre-approved
    /// templates (KakaoTalk AlimTalk and the like): `request_waiting=SP001,timesheet_returned=SP002`.
    /// A kind with a code goes to the gateway with `template: {code, variables}` beside its SMS
    /// fallback text; unknown kinds are reported at start-up and skipped.
    pub messenger_templates: Vec<(shared::notifications::Kind, String)>,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    pub login_per_account_per_min: u32,
    pub login_per_addr_per_min: u32,
    /// Requests one API token may make a minute.
    pub api_per_token_per_min: u32,
    /// Seconds before each retry of a failed webhook delivery; after the last, it is given up
    /// and its endpoint disabled. The default retries for about a day.
    pub webhook_retry_secs: Vec<i64>,
    /// At most this many argon2 computations run at once, each on a blocking thread.
    pub hash_concurrency: usize,
    pub outbox_poll_ms: u64,
    /// Pool size; 0 picks a default per backend.
    pub db_max_connections: u32,
    /// The key sealing protected personal data: 32 bytes, base64. Never stored in the database.
    pub data_key: Option<String>,
    /// Or a file holding it. With neither, an SQLite installation keeps one beside its database
    /// file (created on first start, mode 0600); PostgreSQL installations must set one.
    pub data_key_file: Option<String>,
    /// A TrueType font covering Hangul, Cyrillic and Latin, for generated PDF documents.
    pub font_path: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges); from
    /// anyone else the header is ignored and the socket's address counts.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Lets team-chat webhooks reach loopback and private addresses (tests, closed networks).
    pub allow_private_webhooks: bool,
    /// How often an open event stream checks that its session is live and its access stands
    /// (besides before each event), in seconds.
    pub live_recheck_secs: u64,
    /// `/metrics` answers a request with `Authorization: Bearer <this>`…
    pub metrics_token: Option<String>,
    /// …or from these addresses or ranges. With neither, `/metrics` does not exist.
    pub metrics_from: Vec<ipnet::IpNet>,
    /// The directory whose subfolders import sources watch (unset: no watched folders). A
    /// source names a subfolder, never a path of its own choosing.
    pub import_root: Option<String>,
}

/// Debian's `fonts-nanum` (Hangul, Cyrillic, Latin).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

impl Config {
    pub fn from_env() -> Config {
        fn var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|v| !v.trim().is_empty())
        }
        fn networks(name: &str) -> Vec<ipnet::IpNet> {
            var(name).map(|v| networks_in(name, &v)).unwrap_or_default()
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
            messenger_templates: var("STAFFPORT_MESSENGER_TEMPLATES").map(|v| templates_in(&v)).unwrap_or_default(),
            session_idle_secs: num("STAFFPORT_SESSION_IDLE_MINUTES", 120i64) * 60,
            session_absolute_secs: num("STAFFPORT_SESSION_ABSOLUTE_HOURS", 12i64) * 3600,
            login_per_account_per_min: num("STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN", 5),
            login_per_addr_per_min: num("STAFFPORT_LOGIN_PER_ADDR_PER_MIN", 30),
            api_per_token_per_min: num("STAFFPORT_API_PER_TOKEN_PER_MIN", 600),
            webhook_retry_secs: var("STAFFPORT_WEBHOOK_RETRY_SECS")
                .map(|v| v.split(',').filter_map(|s| s.trim().parse::<i64>().ok()).map(|s| s.max(1)).collect())
                .unwrap_or_else(|| vec![5, 300, 1800, 7200, 18_000, 54_000]),
            hash_concurrency: num("STAFFPORT_HASH_CONCURRENCY", cores.max(1)),
            outbox_poll_ms: num("STAFFPORT_OUTBOX_POLL_MS", 1000),
            db_max_connections: num("STAFFPORT_DB_MAX_CONNECTIONS", 0),
            data_key: var("STAFFPORT_DATA_KEY"),
            data_key_file: var("STAFFPORT_DATA_KEY_FILE"),
            font_path: var("STAFFPORT_FONT").unwrap_or_else(|| DEFAULT_FONT.into()),
            mail_dir: var("STAFFPORT_MAIL_DIR").unwrap_or_else(|| "staffport-mail".into()),
            trusted_proxies: networks("STAFFPORT_TRUSTED_PROXIES"),
            allow_private_webhooks: var("STAFFPORT_ALLOW_PRIVATE_WEBHOOKS").is_some_and(|v| v == "1" || v == "true"),
            live_recheck_secs: num("STAFFPORT_LIVE_RECHECK_SECS", 15u64).max(1),
            metrics_token: var("STAFFPORT_METRICS_TOKEN"),
            metrics_from: networks("STAFFPORT_METRICS_FROM"),
            import_root: var("STAFFPORT_IMPORT_ROOT"),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The data key: given, read from its file, or (SQLite only) read from or created beside the
    /// database file.
    pub fn resolve_data_key(&self) -> Result<String, String> {
        if let Some(key) = &self.data_key {
            return Ok(key.clone());
        }
        let Some(file) = self.data_key_file() else {
            return Err("set STAFFPORT_DATA_KEY or STAFFPORT_DATA_KEY_FILE (32 random bytes, base64)".into());
        };
        match std::fs::read_to_string(&file) {
            Ok(key) => Ok(key.trim().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = super::crypto::Sealer::new_key();
                write_private(&file, &key).map_err(|e| format!("cannot create the data key file {file}: {e}"))?;
                Ok(key)
            }
            Err(e) => Err(format!("cannot read the data key file {file}: {e}")),
        }
    }

    /// The file the data key is read from, when it is not given directly.
    pub fn data_key_file(&self) -> Option<String> {
        match (&self.data_key_file, self.database_url.strip_prefix("sqlite://")) {
            (Some(file), _) => Some(file.clone()),
            (None, Some(rest)) => Some(format!("{}.key", rest.split('?').next().unwrap_or("staffport.db"))),
            (None, None) => None,
        }
    }

    /// Where the data key lives, in words for an operator (never the key).
    pub fn data_key_source(&self) -> String {
        match (&self.data_key, self.data_key_file()) {
            (Some(_), _) => "the value of STAFFPORT_DATA_KEY".into(),
            (None, Some(file)) => format!("the key file {file}"),
            (None, None) => "the data key".into(),
        }
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.public_url.trim_end_matches('/'), path)
    }

    /// The messenger template code of a kind of notice, if the provider approved one.
    pub fn messenger_template(&self, kind: shared::notifications::Kind) -> Option<&str> {
        self.messenger_templates.iter().find(|(k, _)| *k == kind).map(|(_, code)| code.as_str())
    }
}

/// `kind=CODE, kind=CODE`.
pub fn templates_in(list: &str) -> Vec<(shared::notifications::Kind, String)> {
    list.split(',')
        .filter(|s| !s.trim().is_empty())
        .filter_map(|pair| {
            let (kind, code) = pair.split_once('=')?;
            let found = shared::notifications::Kind::parse(kind.trim()).filter(|_| !code.trim().is_empty());
            if found.is_none() {
                eprintln!("STAFFPORT_MESSENGER_TEMPLATES: '{}' is not kind=code of a known kind; skipped", pair.trim());
            }
            Some((found?, code.trim().to_string()))
        })
        .collect()
}

/// `10.0.0.1, 192.168.0.0/16, ::1`: each an address or a range; what does not parse is
/// reported at start-up and skipped.
pub fn parse_networks(list: &str) -> Vec<ipnet::IpNet> {
    networks_in("networks", list)
}

/// `parse_networks`, naming the variable `name` in what it reports.
fn networks_in(name: &str, list: &str) -> Vec<ipnet::IpNet> {
    list.split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| {
            let s = s.trim();
            let net = s.parse::<ipnet::IpNet>().ok().or_else(|| s.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from));
            if net.is_none() {
                eprintln!("{name}: '{s}' is not an address or range; skipped");
            }
            net
        })
        .collect()
}

/// Creates a file readable by its owner only.
pub(crate) fn write_private(path: &str, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(content.as_bytes())
}

/// Never prints the database URL (it may hold a password).
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &self.database_url.split(':').next().unwrap_or("?"))
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp_url.is_some())
            .field("sms", &self.sms_url.is_some())
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics", &(self.metrics_token.is_some(), &self.metrics_from))
            .finish_non_exhaustive()
    }
}
