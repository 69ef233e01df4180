//! Two server processes on one PostgreSQL database, as behind a load balancer: a change on one
//! node reaches pages open on the other, each queued message is sent once, and sign-in limits
//! are one budget for the installation, not one per node.
use crate::common::harness::{client, demo_email, fresh_postgres, TestApp};
use crate::common::mail_sink::MailSink;
use crate::common::node::{staffport, start, Node};
use app::backend::Config;
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_live_updates_the_outbox_and_sign_in_limits() {
    let Some(url) = fresh_postgres().await else { return };
    let mail = MailSink::start().await;
    let dir = std::env::temp_dir().join(format!("staffport-nodes-{}", app::backend::tokens::new_token().replace(['-', '_'], "")));
    let env = vec![
        ("DATABASE_URL", url.clone()),
        ("STAFFPORT_DATA_KEY", app::backend::crypto::Sealer::new_key()),
        ("STAFFPORT_SMTP_URL", mail.url()),
        ("STAFFPORT_MAIL_DIR", dir.display().to_string()),
        ("STAFFPORT_OUTBOX_POLL_MS", "20".into()),
        ("STAFFPORT_LOGIN_PER_ACCOUNT_PER_MIN", "4".into()),
        ("STAFFPORT_LOGIN_PER_ADDR_PER_MIN", "1000".into()),
        ("STAFFPORT_DB_MAX_CONNECTIONS", "5".into()),
    ];
    let seeded = staffport(&["seed", "--people", "24"], &env).status().unwrap();
    assert!(seeded.success());
    let (a, b) = (start(&env).await, start(&env).await);
    // The test reads the database through a backend of its own (no server on it).
    let mut config = Config::from_env();
    config.database_url = url.clone();
    config.data_key = Some(app::backend::crypto::Sealer::new_key());
    let backend = server::open_backend(config).await.unwrap();
    let on = |node: &Node| TestApp { base: node.base.clone(), backend: backend.clone(), mail: mail.clone() };
    let (node_a, node_b) = (on(&a), on(&b));

    // A card moved on node A reaches a board open on node B.
    let job = node_a.scalar("SELECT MIN(id) FROM jobs").await;
    let watcher = node_b.as_role(Role::Recruiter).await;
    let mut stream = watcher.get(node_b.url(&format!("/recruiting/jobs/{job}/events"))).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let mover = node_a.as_role(Role::Recruiter).await;
    let (_, board) = node_a.call(&mover, "recruiting/board", json!({ "job_id": job })).await;
    let card = board["cards"][0].clone();
    let to = board["stages"][1]["id"].clone();
    let body = json!({ "input": { "candidate_id": card["id"], "version": card["version"], "to_stage_id": to, "after_id": null, "before_id": null } });
    assert_eq!(node_a.call(&mover, "recruiting/move", body).await.0, StatusCode::OK);
    assert!(crate::common::sse::hears(&mut stream, &format!("\"candidate_id\":{}", card["id"])).await, "node B heard node A's move");

    // Forty messages queued at once: both nodes' workers poll; each message goes out once.
    let org = node_a.scalar("SELECT MIN(id) FROM organisations").await;
    for i in 0..40 {
        node_a
            .execute(&format!(
                "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at) \
                 VALUES ({org}, 'email', 'twice{i}@example.com', 'Once', 'Only once, please.', 0, 0)"
            ))
            .await;
    }
    for _ in 0..200 {
        if node_a.scalar("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'twice%' AND status = 'sent'").await == 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut sent: Vec<String> = mail.all().into_iter().filter(|m| m.to.starts_with("twice")).map(|m| m.to).collect();
    sent.sort();
    let total = sent.len();
    sent.dedup();
    assert_eq!((total, sent.len()), (40, 40), "every message once");

    // Sign-in attempts alternate between the nodes: the account's budget of four is shared.
    let email = demo_email(Role::Employee);
    let mut statuses = Vec::new();
    for i in 0..6 {
        let node = if i % 2 == 0 { &node_a } else { &node_b };
        statuses.push(node.sign_in(&client(), email, "not the password").await.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429], "one budget across nodes");
}
