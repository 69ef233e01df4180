//! What the servers of this test process log, captured at debug level (more than a production
//! server writes at its default `info`) so a test can scan it for leaked personal data.
#![allow(dead_code)] // not every test binary uses it
use std::sync::{Mutex, OnceLock};

static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<()> = OnceLock::new();

struct Sink;

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOG.lock().expect("log").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing, once per test process. Transport crates stay at `info`: their debug lines
/// are bytes on the wire, not our logging.
pub fn start() {
    INSTALLED.get_or_init(|| {
        let filter = tracing_subscriber::EnvFilter::new("debug,hyper=info,hyper_util=info,h2=info,reqwest=info,rustls=info,sqlx=info");
        let subscriber = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(|| Sink).finish();
        tracing::subscriber::set_global_default(subscriber).expect("the first subscriber of this test process");
    });
}

pub fn text() -> String {
    String::from_utf8_lossy(&LOG.lock().expect("log")).into_owned()
}
