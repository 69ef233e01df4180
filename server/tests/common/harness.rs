//! Spawns the real server on a free port with a fresh database (SQLite file or a new
//! PostgreSQL database), the demo data, and a local SMTP sink; typed helpers for the tests.
#![allow(dead_code)]
use super::mail_sink::MailSink;
use app::backend::{demo, Backend, Config};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use shared::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub backend: Backend,
    pub mail: MailSink,
}

fn unique() -> String {
    app::backend::tokens::new_token().chars().filter(|c| c.is_ascii_alphanumeric()).take(12).collect::<String>().to_lowercase()
}

/// A new, empty PostgreSQL database, or None (with a loud note) when none is reachable.
pub async fn fresh_postgres() -> Option<String> {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: TEST_DATABASE_URL is not set, PostgreSQL half not run (scripts/test sets it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.expect("TEST_DATABASE_URL unreachable");
    let name = format!("staffport_test_{}", unique());
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await.expect("create database");
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).expect("url with a database name");
    Some(format!("{base}/{name}"))
}

pub async fn spawn(db: Db) -> Option<TestApp> {
    spawn_with(db, |_| {}).await
}

pub async fn spawn_with(db: Db, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let database_url = match db {
        Db::Sqlite => format!("sqlite://{}/staffport-test-{}.db?mode=rwc", std::env::temp_dir().display(), unique()),
        Db::Postgres => fresh_postgres().await?,
    };
    let mail = MailSink::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config::from_env();
    config.database_url = database_url;
    config.public_url = format!("http://{addr}");
    config.smtp_url = Some(mail.url());
    config.outbox_poll_ms = 50;
    config.login_per_account_per_min = 10_000;
    config.login_per_addr_per_min = 10_000;
    config.db_max_connections = 5;
    config.data_key = Some(app::backend::crypto::Sealer::new_key());
    // Chat webhooks in tests go to sinks on this machine.
    config.allow_private_webhooks = true;
    // Event streams notice a signed-out session within a second.
    config.live_recheck_secs = 1;
    tweak(&mut config);
    let backend = server::open_backend(config).await.expect("open backend");
    demo::seed(&backend, 24).await.expect("seed demo data");
    tokio::spawn(server::serve(listener, backend.clone()));
    Some(TestApp { base: format!("http://{addr}"), backend, mail })
}

/// A browser-like client. Every request has a deadline: a server that stops answering fails the
/// test with the address it hung on, instead of hanging the suite (no request of a test takes a
/// minute; event streams are read for seconds).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client")
}

pub fn demo_email(role: Role) -> &'static str {
    demo::LOGINS.iter().find(|(r, _)| *r == role).map(|(_, e)| *e).expect("demo login for role")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> reqwest::Response {
        client.post(self.url("/login")).form(&[("email", email), ("password", password)]).send().await.expect("sign in")
    }

    /// A client signed in as the demo person of `role`.
    pub async fn as_role(&self, role: Role) -> Client {
        let client = client();
        let res = self.sign_in(&client, demo_email(role), demo::DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in as {role:?}");
        client
    }

    /// Calls a server function with a JSON body.
    pub async fn call(&self, client: &Client, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let res = client.post(self.url(&format!("/api/{endpoint}"))).json(&body).send().await.expect("call");
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn person_id(&self, email: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM people WHERE email = $1").bind(email).fetch_one(&self.backend.db.pool).await.expect("person")
    }

    pub async fn version(&self, id: i64) -> i64 {
        sqlx::query_scalar("SELECT version FROM people WHERE id = $1").bind(id).fetch_one(&self.backend.db.pool).await.expect("version")
    }

    /// Calls a server function with only a raw session cookie, as a thief replaying it would.
    pub async fn replay(&self, token: &str) -> StatusCode {
        client()
            .post(self.url("/api/placements/list"))
            .header("cookie", format!("sp_session={token}"))
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect("replay")
            .status()
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.backend.db.pool).await.expect(sql)
    }

    /// A number, or None when no row matches.
    pub async fn scalar_or(&self, sql: String) -> Option<i64> {
        sqlx::query_scalar(&sql).fetch_optional(&self.backend.db.pool).await.expect(&sql)
    }

    /// Runs a statement straight on the database, as a faulty tool or a hand edit would.
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql).execute(&self.backend.db.pool).await.expect(sql);
    }

    pub async fn scalar_text(&self, sql: &str) -> String {
        sqlx::query_scalar(sql).fetch_one(&self.backend.db.pool).await.expect(sql)
    }
}

/// The session cookie a response set, if any.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("sp_session=").map(|rest| rest.split(';').next().unwrap_or_default().to_string()))
}

/// Runs the same test body against SQLite and PostgreSQL, optionally with a config tweak:
/// `on_both!(name, |app| { … })` or `on_both!(name, config |c| { … }, |app| { … })`.
#[macro_export]
macro_rules! on_both {
    ($name:ident, |$app:ident| $body:block) => {
        $crate::on_both!($name, config |_c| {}, |$app| $body);
    };
    ($name:ident, config |$c:ident| $tweak:block, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::harness::TestApp) $body
            fn tweak($c: &mut app::backend::Config) $tweak
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::common::harness::spawn_with($crate::common::harness::Db::Sqlite, tweak).await {
                    run(app).await
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::common::harness::spawn_with($crate::common::harness::Db::Postgres, tweak).await {
                    run(app).await
                }
            }
        }
    };
}
