use crate::common::harness::{client, demo_email, session_cookie};
use crate::on_both;
use app::backend::demo::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;

on_both!(deactivating_a_person_ends_their_open_session_at_once, |app| {
    let contractor = app.as_role(Role::Contractor).await;
    assert_eq!(app.call(&contractor, "placements/list", json!({})).await.0, StatusCode::OK);
    let id = app.person_id(demo_email(Role::Contractor)).await;
    let admin = app.as_role(Role::Admin).await;
    let (status, body) = app.call(&admin, "people/set_active", json!({ "id": id, "active": false })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.call(&contractor, "placements/list", json!({})).await.0, StatusCode::UNAUTHORIZED);
    let home = contractor.get(app.url("/")).header("accept", "text/html").send().await.unwrap();
    assert!(home.status().is_redirection(), "pages send them to sign-in");
    assert_eq!(app.sign_in(&client(), demo_email(Role::Contractor), DEMO_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM sessions WHERE person_id = {id}")).await, 0);
    // Reactivated, they may sign in again.
    assert_eq!(app.call(&admin, "people/set_active", json!({ "id": id, "active": true })).await.0, StatusCode::OK);
    assert_eq!(app.sign_in(&client(), demo_email(Role::Contractor), DEMO_PASSWORD).await.status(), StatusCode::SEE_OTHER);
});

on_both!(sign_out_ends_the_session, |app| {
    let c = client();
    let token = session_cookie(&app.sign_in(&c, demo_email(Role::Recruiter), DEMO_PASSWORD).await).unwrap();
    let res = c.post(app.url("/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.replay(&token).await, StatusCode::UNAUTHORIZED);
});

on_both!(idle_and_absolute_timeouts_end_sessions, |app| {
    let idle = app.as_role(Role::HrManager).await;
    let absolute = app.as_role(Role::Admin).await;
    let hr = app.person_id(demo_email(Role::HrManager)).await;
    let admin = app.person_id(demo_email(Role::Admin)).await;
    let idle_limit = app.backend.config.session_idle_secs;
    let now = app::backend::now();
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE person_id = $2")
        .bind(now - idle_limit - 5)
        .bind(hr)
        .execute(&app.backend.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE person_id = $2")
        .bind(now - 1)
        .bind(admin)
        .execute(&app.backend.db.pool)
        .await
        .unwrap();
    assert_eq!(app.call(&idle, "people/list", json!({ "query": "", "page": 1 })).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&absolute, "people/list", json!({ "query": "", "page": 1 })).await.0, StatusCode::UNAUTHORIZED);
    // A session used within the idle window stays alive.
    let active = app.as_role(Role::HrManager).await;
    assert_eq!(app.call(&active, "people/list", json!({ "query": "", "page": 1 })).await.0, StatusCode::OK);
});

on_both!(session_table_holds_no_usable_token, |app| {
    let c = client();
    let token = session_cookie(&app.sign_in(&c, demo_email(Role::Employee), DEMO_PASSWORD).await).unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(&app.backend.db.pool).await.unwrap();
    assert!(!stored.contains(&token), "only the hash is stored");
    let replay = client()
        .get(app.url("/"))
        .header("accept", "text/html")
        .header("cookie", format!("sp_session={}", stored.first().unwrap()))
        .send()
        .await
        .unwrap();
    assert!(replay.status().is_redirection(), "a stolen hash is not a session");
});
