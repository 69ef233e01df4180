//! A real HTTP peer for outgoing webhooks and gateways: accepts POSTs on a local port and keeps
//! what arrived (headers and body) for the test to read.
#![allow(dead_code)]
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Clone, Debug)]
pub struct Received {
    pub at: std::time::Instant,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
pub struct HttpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl HttpSink {
    pub async fn start() -> HttpSink {
        HttpSink::answering(200).await
    }

    /// A peer that answers every request with `status` (500: a receiver that is down).
    pub async fn answering(status: u16) -> HttpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind http sink");
        let port = listener.local_addr().expect("addr").port();
        let sink = HttpSink { port, received: Arc::default() };
        let store = sink.received.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut data = Vec::new();
                    let mut buf = [0u8; 4096];
                    // Read the head, then as much body as Content-Length says.
                    let (head, body_start) = loop {
                        let Ok(n) = socket.read(&mut buf).await else { return };
                        if n == 0 {
                            return;
                        }
                        data.extend_from_slice(&buf[..n]);
                        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                            break (String::from_utf8_lossy(&data[..at]).to_string(), at + 4);
                        }
                    };
                    let mut lines = head.lines();
                    let path = lines.next().and_then(|l| l.split(' ').nth(1)).unwrap_or_default().to_string();
                    let headers: Vec<(String, String)> =
                        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
                    let length = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    while data.len() < body_start + length {
                        let Ok(n) = socket.read(&mut buf).await else { return };
                        if n == 0 {
                            break;
                        }
                        data.extend_from_slice(&buf[..n]);
                    }
                    let body = String::from_utf8_lossy(data.get(body_start..).unwrap_or_default()).to_string();
                    store.lock().expect("lock").push(Received { at: std::time::Instant::now(), path, headers, body });
                    let answer = format!("HTTP/1.1 {status} Answer\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        sink
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Everything that arrived so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits up to ten seconds for a request whose body contains `needle`.
    pub async fn wait_for(&self, needle: &str) -> Received {
        for _ in 0..200 {
            if let Some(r) = self.received.lock().expect("lock").iter().find(|r| r.body.contains(needle)).cloned() {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no request containing {needle:?} arrived");
    }
}
