#![allow(dead_code)]
//! The real `staffport` binary as a separate process: several nodes on one database, or a
//! node killed and started again.
use reqwest::StatusCode;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `staffport serve` process, killed (SIGKILL) when dropped.
pub struct Node {
    child: Child,
    pub base: String,
}

impl Node {
    /// Kills the process at once (SIGKILL), as the OOM killer or a lost machine would.
    pub fn kill_now(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// The binary with these settings (and the test's environment otherwise).
pub fn staffport(args: &[&str], env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_staffport"));
    cmd.args(args).env("RUST_LOG", "warn").stdout(Stdio::null()).stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Starts a node on a free port and waits until it is ready (database reachable, migrated).
pub async fn start(env: &[(&str, String)]) -> Node {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut env = env.to_vec();
    env.push(("STAFFPORT_PUBLIC_URL", base.clone()));
    let child = staffport(&["serve", "--addr", &format!("127.0.0.1:{port}")], &env).spawn().expect("start a node");
    let node = Node { child, base };
    for _ in 0..600 {
        if let Ok(res) = reqwest::get(format!("{}/ready", node.base)).await {
            if res.status() == StatusCode::OK {
                return node;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("node {} never became ready", node.base);
}
