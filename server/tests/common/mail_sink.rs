#![allow(dead_code)]
//! A local SMTP server that accepts every message and keeps it, speaking enough of RFC 5321
//! for lettre (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). Messages are decoded for reading.
use base64::Engine;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Default)]
pub struct MailSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Mail>>>,
}

impl MailSink {
    pub async fn start() -> MailSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp sink");
        let sink = MailSink { port: listener.local_addr().expect("addr").port(), messages: Arc::default() };
        let messages = sink.messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let messages = messages.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut to = String::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "RCPT" => {
                                to = line.split(['<', '>']).nth(1).unwrap_or_default().to_string();
                                b"250 ok\r\n"
                            }
                            "DATA" => {
                                let _ = write.write_all(b"354 go ahead\r\n").await;
                                let mut raw = Vec::new();
                                while let Ok(Some(l)) = lines.next_line().await {
                                    if l == "." {
                                        break;
                                    }
                                    // Undo SMTP dot-stuffing.
                                    raw.push(if l.starts_with("..") { l[1..].to_string() } else { l });
                                }
                                messages.lock().expect("lock").push(decode(&to, &raw));
                                b"250 queued\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn all(&self) -> Vec<Mail> {
        self.messages.lock().expect("lock").clone()
    }

    /// Waits for a message to `to`, up to ten seconds.
    pub async fn wait_for(&self, to: &str) -> Mail {
        self.wait_for_text(to, "").await
    }

    /// Waits for a message to `to` whose body holds `text`, up to ten seconds.
    pub async fn wait_for_text(&self, to: &str, text: &str) -> Mail {
        for _ in 0..200 {
            if let Some(m) = self.messages.lock().expect("lock").iter().rev().find(|m| m.to == to && m.body.contains(text)).cloned() {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} holding {text:?} arrived");
    }
}

fn decode(to: &str, raw: &[String]) -> Mail {
    let split = raw.iter().position(|l| l.is_empty()).unwrap_or(raw.len());
    let (headers, body) = raw.split_at(split);
    // Folded headers (continuation lines start with white space) unfolded first.
    let mut unfolded: Vec<String> = Vec::new();
    for h in headers {
        match unfolded.last_mut() {
            Some(last) if h.starts_with([' ', '\t']) => last.push_str(h),
            _ => unfolded.push(h.clone()),
        }
    }
    let header = |name: &str| {
        unfolded.iter().find_map(|h| h.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_string()))
    };
    let body_lines: Vec<&str> = body.iter().skip(1).map(String::as_str).collect();
    let body = match header("Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase().as_str() {
        "base64" => {
            String::from_utf8_lossy(&base64::engine::general_purpose::STANDARD.decode(body_lines.concat()).unwrap_or_default()).into_owned()
        }
        "quoted-printable" => quoted_printable(&body_lines.join("\n")),
        _ => body_lines.join("\n"),
    };
    Mail { to: to.to_string(), subject: encoded_words(&header("Subject").unwrap_or_default()), body }
}

/// A header as read: RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded, the
/// white space between two of them dropped.
fn encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        // charset ? encoding ? text ?= tail (neither base64 nor Q text holds a '?')
        let mut parts = rest[start + 2..].splitn(4, '?');
        let (Some(_), Some(encoding), Some(text), Some(tail)) = (parts.next(), parts.next(), parts.next(), parts.next()) else { break };
        let Some(tail) = tail.strip_prefix('=') else { break };
        let between = &rest[..start];
        if !(after_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        out.push_str(&match encoding.to_ascii_lowercase().as_str() {
            "b" => String::from_utf8_lossy(&base64::engine::general_purpose::STANDARD.decode(text).unwrap_or_default()).into_owned(),
            _ => quoted_printable(&text.replace('_', " ")),
        });
        after_word = true;
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'=' {
            if let Some(v) = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first link in a mail that starts with `prefix`.
pub fn link(mail: &Mail, prefix: &str) -> String {
    mail.body
        .split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link {prefix} in {:?}", mail.body))
        .to_string()
}
