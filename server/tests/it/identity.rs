//! One sign-in identity, several organisations: a contractor working for two providers accepts
//! the second one's invitation with the password they have, signs in once, switches between
//! organisations, and one reset reaches the one account.
use crate::common::harness::{client, demo_email, session_cookie, TestApp};
use crate::common::mail_sink::link;
use crate::on_both;
use app::backend::demo::DEMO_PASSWORD;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

const OTHER_ADMIN: &str = "admin@other-provider.example";
const OTHER_PASSWORD: &str = "other provider pw";

/// A second organisation with an administrator who can sign in: its id.
async fn second_org(app: &TestApp) -> i64 {
    let db = &app.backend.db;
    let hash = app.backend.passwords.hash(OTHER_PASSWORD.into()).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let org: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (name, slug, created_at) VALUES ('Other Provider', 'other-provider', 0) RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let admin = app::backend::people::NewPerson {
        email: shared::validation::Email::parse("email", OTHER_ADMIN).unwrap(),
        family_name: "Other".into(),
        given_name: "Admin".into(),
        roles: vec![Role::Admin],
        legal_entity_id: None,
        department_id: None,
        client_company_id: None,
        status: shared::model::PersonStatus::Active,
        password_hash: Some(hash),
    };
    app::backend::people::insert(&mut tx, org, &admin).await.unwrap();
    tx.commit().await.unwrap();
    org
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> Client {
    let http = client();
    let res = app.sign_in(&http, email, password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in as {email}");
    http
}

async fn memberships(app: &TestApp, who: &Client) -> Vec<(String, bool)> {
    let (status, list) = app.call(who, "auth/memberships", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().iter().map(|m| (m["org_name"].as_str().unwrap().to_string(), m["current"].as_bool().unwrap())).collect()
}

fn current(list: &[(String, bool)]) -> &str {
    list.iter().find(|(_, c)| *c).map(|(n, _)| n.as_str()).unwrap_or_default()
}

async fn invite(app: &TestApp, admin: &Client, email: &str) -> String {
    let input = json!({ "input": { "email": email, "family_name": "Park", "given_name": "Sangwoo", "roles": ["contractor"] } });
    let (status, body) = app.call(admin, "people/invite", input).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mail = app.mail.wait_for_text(email, "/invite/").await;
    link(&mail, &app.url("/invite/"))
}

fn form(password: &str, confirm: &str) -> [(&'static str, String); 2] {
    [("password", password.into()), ("confirm", confirm.into())]
}

on_both!(one_address_signs_in_to_two_organisations_and_switches_between_them, |app| {
    let other = second_org(&app).await;
    let other_admin = signed_in(&app, OTHER_ADMIN, OTHER_PASSWORD).await;
    let email = demo_email(Role::Employee);

    // The invitation to an address that signs in already asks for its password, not a new one.
    let invitation = invite(&app, &other_admin, email).await;
    let page = client().get(&invitation).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("data-testid=\"join-existing\"") && page.contains("Other Provider"), "{page}");
    let http = client();
    let wrong = http.post(&invitation).form(&form("not my password", "")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let joined = http.post(&invitation).form(&form(DEMO_PASSWORD, "")).send().await.unwrap();
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    assert_eq!(current(&memberships(&app, &http).await), "Other Provider", "joined and working there");
    assert_eq!(memberships(&app, &http).await.len(), 2);

    // Signing in takes them where they worked last; the switch moves the session (a new id).
    let again = signed_in(&app, email, DEMO_PASSWORD).await;
    assert_eq!(current(&memberships(&app, &again).await), "Other Provider");
    let home = again.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("data-testid=\"org-switch\""), "the navigation offers the switch");
    let first_org = app.scalar(&format!("SELECT org_id FROM people WHERE email = '{email}' AND org_id <> {other}")).await;
    let before = app.scalar("SELECT COUNT(*) FROM sessions").await;
    let res = again.post(app.url("/auth/switch-org")).form(&[("org_id", first_org.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let new_cookie = session_cookie(&res).expect("a new session");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, before, "the old session ended as the new one began");
    assert_eq!(current(&memberships(&app, &again).await), "Hanbit Staffing");
    assert_ne!(app.replay(&new_cookie).await, StatusCode::UNAUTHORIZED, "the new cookie is a live session");
    // Not into an organisation the account has no place in.
    let res = again.post(app.url("/auth/switch-org")).form(&[("org_id", "999999")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = other_admin.post(app.url("/auth/switch-org")).form(&[("org_id", first_org.to_string())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // One reset for the one account: every session of it in every organisation ends, and the
    // new password opens both.
    let res = client().post(app.url("/reset")).form(&[("email", email)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let reset = link(&app.mail.wait_for_text(email, "/reset/").await, &app.url("/reset/"));
    let res = client().post(&reset).form(&form("a brand new password", "a brand new password")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.call(&http, "auth/memberships", json!({})).await.0,
        StatusCode::UNAUTHORIZED,
        "the session in the second organisation ended"
    );
    assert_eq!(app.call(&again, "auth/memberships", json!({})).await.0, StatusCode::UNAUTHORIZED, "the session in the first ended");
    assert_eq!(app.sign_in(&client(), email, DEMO_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    let renewed = signed_in(&app, email, "a brand new password").await;
    assert_eq!(memberships(&app, &renewed).await.len(), 2);

    // Deactivated in one organisation, they still sign in to the other.
    let first_admin = signed_in(&app, demo_email(Role::Admin), DEMO_PASSWORD).await;
    let id = app.scalar(&format!("SELECT id FROM people WHERE email = '{email}' AND org_id = {first_org}")).await;
    let (status, body) = app.call(&first_admin, "people/set_active", json!({ "id": id, "active": false })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = signed_in(&app, email, "a brand new password").await;
    let list = memberships(&app, &after).await;
    assert_eq!((list.len(), current(&list)), (1, "Other Provider"));
});

on_both!(a_new_address_chooses_its_password_when_it_accepts, |app| {
    let _ = second_org(&app).await;
    let other_admin = signed_in(&app, OTHER_ADMIN, OTHER_PASSWORD).await;
    let invitation = invite(&app, &other_admin, "newcomer@example.org").await;
    let page = client().get(&invitation).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("join-existing") && page.contains("name=\"confirm\""), "a new password is chosen");
    let http = client();
    let short = http.post(&invitation).form(&form("short", "short")).send().await.unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = http.post(&invitation).form(&form("newcomer password", "newcomer password")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list: Value = app.call(&http, "auth/memberships", json!({})).await.1;
    assert_eq!(list[0]["org_name"], "Other Provider");
    // The link is spent.
    let again = client().post(&invitation).form(&form("newcomer password", "newcomer password")).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    signed_in(&app, "newcomer@example.org", "newcomer password").await;
});
