//! `staffport backup` and `staffport restore`, run as the operator runs them (the binary), on a
//! database a live server is using: the round trip keeps sealed personal data readable with the
//! same data key, and the dangerous moves are refused.
use crate::common::harness::{demo_email, spawn_with, Db, TestApp};
use app::backend::crypto::Sealer;
use serde_json::json;
use shared::Role;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with this installation's settings only (no inherited database or key).
fn staffport(args: &[&str], database_url: &str, key: &str, dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_staffport"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("STAFFPORT_DATA_KEY", key)
        .env("STAFFPORT_MAIL_DIR", dir.join("mail"))
        .env("RUST_LOG", "warn")
        .output()
        .expect("run staffport")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("staffport-backup-{}", app::backend::tokens::new_token().replace(['-', '_'], "")));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn plant_passport(app: &TestApp, value: &str) {
    let me = app.person_id(demo_email(Role::Employee)).await;
    let mut tx = app.backend.db.begin_write().await.unwrap();
    let planted = [("passport_no".to_string(), value.to_string())].into_iter().collect();
    app::backend::cabinet::secrets::update(&mut tx, &app.backend, 1, me, &planted).await.unwrap();
    tx.commit().await.unwrap();
}

async fn revealed_passport(app: &TestApp) -> serde_json::Value {
    let employee = app.as_role(Role::Employee).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let (status, value) = app.call(&employee, "cabinet/reveal", json!({ "person_id": me, "field": "passport_no" })).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{value}");
    value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_a_live_database_restores_with_sealed_data_readable() {
    let key = Sealer::new_key();
    let dir = scratch();
    let live = spawn_with(Db::Sqlite, |c| c.data_key = Some(key.clone())).await.unwrap();
    let live_url = live.backend.config.database_url.clone();
    plant_passport(&live, "M11112222").await;

    // Online: the server goes on answering while the copy is made.
    let file = dir.join("monday.staffport");
    let file_arg = file.to_str().unwrap();
    let out = staffport(&["backup", file_arg], &live_url, &key, &dir);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("NOT in the backup") && said(&out).contains("STAFFPORT_DATA_KEY"), "reminds of the key: {}", said(&out));
    assert!(!said(&out).contains(&key), "never prints the key");
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "personal data: owner only");
    }
    let again = staffport(&["backup", file_arg], &live_url, &key, &dir);
    assert!(!again.status.success() && said(&again).contains("exists already"), "{}", said(&again));

    // Changed after the backup; the running server keeps its database from being replaced.
    plant_passport(&live, "M99990000").await;
    let refused = staffport(&["restore", file_arg], &live_url, &key, &dir);
    assert!(!refused.status.success() && said(&refused).contains("in use by a running Staffport server"), "{}", said(&refused));
    assert_eq!(revealed_passport(&live).await, json!("M99990000"), "the live database is untouched");

    // Not a backup at all, or a damaged one: refused before anything is replaced.
    let junk = dir.join("junk.staffport");
    std::fs::write(&junk, b"not a database, just bytes").unwrap();
    let elsewhere = format!("sqlite://{}?mode=rwc", dir.join("restored.db").display());
    let out = staffport(&["restore", junk.to_str().unwrap()], &elsewhere, &key, &dir);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(!dir.join("restored.db").exists(), "nothing was put in place");

    // Restored in another place and served: the data as it was at the backup, sealed fields
    // read with the same key.
    let out = staffport(&["restore", file_arg], &elsewhere, &key, &dir);
    assert!(out.status.success(), "{}", said(&out));
    let restored = spawn_with(Db::Sqlite, |c| {
        c.data_key = Some(key.clone());
        c.database_url = elsewhere.clone();
    })
    .await
    .unwrap();
    assert_eq!(revealed_passport(&restored).await, json!("M11112222"));
    assert_eq!(
        restored.scalar("SELECT COUNT(*) FROM people").await,
        live.scalar("SELECT COUNT(*) FROM people").await,
        "the people are all there"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restoring_over_a_stopped_installation_keeps_the_database_it_replaces() {
    let key = Sealer::new_key();
    let dir = scratch();
    let source = spawn_with(Db::Sqlite, |c| c.data_key = Some(key.clone())).await.unwrap();
    plant_passport(&source, "M33334444").await;
    let file = dir.join("backup.staffport");
    let out = staffport(&["backup", file.to_str().unwrap()], &source.backend.config.database_url, &key, &dir);
    assert!(out.status.success(), "{}", said(&out));

    // A stopped installation of its own (migrated, never served, so unlocked).
    let target = dir.join("staffport.db");
    let target_url = format!("sqlite://{}?mode=rwc", target.display());
    let out = staffport(&["migrate"], &target_url, &key, &dir);
    assert!(out.status.success(), "{}", said(&out));
    let out = staffport(&["restore", file.to_str().unwrap()], &target_url, &key, &dir);
    assert!(out.status.success(), "{}", said(&out));
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .filter(|n| n.starts_with("staffport.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(said(&out).contains(&kept[0]), "says where: {}", said(&out));
    let restored = spawn_with(Db::Sqlite, |c| {
        c.data_key = Some(key.clone());
        c.database_url = target_url.clone();
    })
    .await
    .unwrap();
    assert_eq!(revealed_passport(&restored).await, json!("M33334444"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_installations_are_pointed_to_pg_dump() {
    let key = Sealer::new_key();
    let dir = scratch();
    let Some(app) = spawn_with(Db::Postgres, |c| c.data_key = Some(key.clone())).await else { return };
    let url = app.backend.config.database_url.clone();
    let out = staffport(&["backup", dir.join("pg.staffport").to_str().unwrap()], &url, &key, &dir);
    assert!(!out.status.success() && said(&out).contains("pg_dump"), "{}", said(&out));
    let out = staffport(&["restore", dir.join("pg.staffport").to_str().unwrap()], &url, &key, &dir);
    assert!(!out.status.success() && said(&out).contains("pg_restore"), "{}", said(&out));
}
