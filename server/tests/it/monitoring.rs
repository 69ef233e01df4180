//! What operators watch: liveness, readiness (database and migrations) and the Prometheus
//! metrics, which only the configured scraper may read.
use crate::common::harness::{client, demo_email, TestApp};
use crate::on_both;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::Role;

const TOKEN: &str = "scrape-secret-of-the-test";

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String) {
    let mut req = client().get(app.url("/metrics"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The value of one sample line (`name{labels} value`) of the exposition.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

on_both!(
    metrics_measure_routes_the_outbox_and_the_pool_for_the_scraper_only,
    config | c | {
        c.metrics_token = Some(TOKEN.into());
    },
    |app| {
        assert_eq!(scrape(&app, None).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(scrape(&app, Some("scrape-secret-of-the-tesT")).await.0, StatusCode::UNAUTHORIZED);

        let contractor = app.as_role(Role::Contractor).await;
        for _ in 0..3 {
            let (status, _) = app.call(&contractor, "timesheets/month", json!({ "month": "2026-03", "view": "mine" })).await;
            assert_eq!(status, StatusCode::OK);
        }
        // A link page with a token in its path, and a page with an id.
        assert_eq!(
            client()
                .post(app.url("/approve/secret-link-token"))
                .form(&[("timesheet_id", "1"), ("version", "1"), ("action", "approve")])
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::GONE
        );
        let person = app.person_id(demo_email(Role::Employee)).await;
        let hr = app.as_role(Role::HrManager).await;
        assert_eq!(hr.get(app.url(&format!("/people/{person}"))).send().await.unwrap().status(), StatusCode::OK);
        // A message waiting for an hour, not yet due (the worker leaves it alone).
        app.execute(&format!(
            "INSERT INTO outbox (org_id, channel, recipient, subject, body, next_attempt_at, created_at) \
         SELECT MIN(id), 'email', 'x@example.com', 's', 'b', 99999999999, {} FROM organisations",
            time_now() - 3600
        ))
        .await;

        let pending = || app.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
        let before = pending().await;
        let (status, text) = scrape(&app, Some(TOKEN)).await;
        let after = pending().await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let grid = r#"staffport_http_request_duration_seconds_count{method="POST",route="/api/timesheets/month",status="2xx"}"#;
        assert!(sample(&text, grid).is_some_and(|n| n >= 3.0), "three grid loads counted:\n{text}");
        assert!(text.contains(r#"route="/approve/{token}",status="4xx""#), "the link by its route:\n{text}");
        assert!(text.contains(r#"route="/people/{id}""#), "a page by its route:\n{text}");
        assert!(!text.contains("secret-link-token") && !text.contains(&format!("/people/{person}")), "paths never become labels");
        // The sender drains the reminders' mail meanwhile: the gauge lies between the two counts.
        let gauge = sample(&text, "staffport_outbox_pending").unwrap();
        assert!(after >= 1 && (after.min(before) as f64..=after.max(before) as f64).contains(&gauge), "{before} ≥ {gauge} ≥ {after}");
        assert!(sample(&text, "staffport_outbox_oldest_pending_seconds").is_some_and(|s| s >= 3600.0), "{text}");
        assert_eq!(sample(&text, "staffport_db_pool_max_connections"), Some(5.0), "{text}");
        assert!(sample(&text, "staffport_db_pool_connections").is_some_and(|n| (1.0..=5.0).contains(&n)), "{text}");
        // Scrapes are not stored answers.
        let res = client().get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-store");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    }
);

fn time_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

on_both!(
    metrics_answer_a_configured_address_without_a_token,
    config | c | {
        c.metrics_from = app::backend::config::parse_networks("127.0.0.0/8");
    },
    |app| {
        let (status, text) = scrape(&app, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text.contains("staffport_db_pool_max_connections"), "{text}");
    }
);

on_both!(
    metrics_refuse_other_addresses_and_do_not_exist_unconfigured,
    config | c | {
        c.metrics_from = app::backend::config::parse_networks("10.0.0.0/8");
    },
    |app| {
        assert_eq!(scrape(&app, None).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(scrape(&app, Some(TOKEN)).await.0, StatusCode::UNAUTHORIZED, "no token is configured");
    }
);

on_both!(ready_means_database_and_migrations_health_means_the_process, |app| {
    let get = |path: &'static str| {
        let url = app.url(path);
        async move {
            let res = client().get(url).send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap())
        }
    };
    assert_eq!(get("/health").await, (StatusCode::OK, json!({ "status": "ok" })));
    let (status, body) = get("/ready").await;
    assert_eq!((status, &body["status"]), (StatusCode::OK, &json!("ready")), "{body}");
    // Another build's database: one migration this build ships is not applied.
    app.execute("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
    assert_eq!(get("/ready").await, (StatusCode::SERVICE_UNAVAILABLE, json!({ "status": "migrations pending", "pending": 1 })));
    assert_eq!(get("/health").await.0, StatusCode::OK);
    // The database gone: not ready, still alive.
    app.backend.db.pool.close().await;
    assert_eq!(get("/ready").await, (StatusCode::SERVICE_UNAVAILABLE, json!({ "status": "database unreachable" })));
    assert_eq!(get("/health").await.0, StatusCode::OK);
});

#[test]
fn samples_are_read_by_exact_series() {
    let text = "staffport_outbox_pending 3\nstaffport_outbox_pending_total 9\n";
    assert_eq!(sample(text, "staffport_outbox_pending"), Some(3.0));
    assert_eq!(sample(text, "staffport_outbox"), None);
}
