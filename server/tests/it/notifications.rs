//! The notification centre through the server: a person's new notification reaches their open
//! pages live, the unread count follows, and each person reads and marks only their own.
use crate::common::harness::TestApp;
use crate::common::sse::hears;
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::json;
use shared::Role;
use std::time::Duration;

async fn unread(app: &TestApp, who: &Client) -> i64 {
    let (status, n) = app.call(who, "notifications/unread", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{n}");
    n.as_i64().unwrap()
}

/// A comment by the recruiter on a new candidate of the demo job, mentioning `handle`.
async fn mention(app: &TestApp, recruiter: &Client, handle: &str, name: &str) {
    let job = app.scalar("SELECT MIN(id) FROM jobs").await;
    let input =
        json!({ "job_id": job, "full_name": name, "phone": "", "email": "", "birth_date": "", "address": "", "source": "", "tags": "" });
    let (status, id) = app.call(recruiter, "recruiting/add_candidate", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (status, _) =
        app.call(recruiter, "recruiting/comment", json!({ "candidate_id": id, "body": format!("@{handle} please look") })).await;
    assert_eq!(status, StatusCode::OK);
}

on_both!(a_new_notification_reaches_its_persons_open_pages_live_and_is_marked_read, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let admin = app.as_role(Role::Admin).await;
    let anonymous = crate::common::harness::client().get(app.url("/notifications/events")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let mut stream = admin.get(app.url("/notifications/events")).send().await.unwrap();
    assert_eq!((stream.status(), stream.headers()["content-type"].to_str().unwrap()), (StatusCode::OK, "text/event-stream"));
    let mut others = recruiter.get(app.url("/notifications/events")).send().await.unwrap();
    // The listener subscribes when the stream opens; give PostgreSQL's LISTEN a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let before = unread(&app, &admin).await;
    mention(&app, &recruiter, "admin", "Notice Han").await;
    assert!(hears(&mut stream, "event: notice").await, "the admin's page heard it");
    assert_eq!(unread(&app, &admin).await, before + 1);
    mention(&app, &recruiter, "admin", "Notice Seo").await;
    assert_eq!(unread(&app, &admin).await, before + 2);
    assert!(
        tokio::time::timeout(Duration::from_millis(500), others.chunk()).await.is_err(),
        "the recruiter's page hears nothing of the admin's notifications"
    );

    // Opening one marks it read; someone else cannot mark it.
    let (_, list) = app.call(&admin, "notifications/list", json!({})).await;
    let newest = &list[0];
    assert!(newest["text"].as_str().unwrap().contains("Notice Seo") && newest["read_at"].is_null(), "{newest}");
    let (status, _) = app.call(&recruiter, "notifications/read", json!({ "id": newest["id"] })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unread(&app, &admin).await, before + 2, "another person's mark changes nothing");
    let (status, _) = app.call(&admin, "notifications/read", json!({ "id": newest["id"] })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unread(&app, &admin).await, before + 1);
    let (_, list) = app.call(&admin, "notifications/list", json!({})).await;
    assert!(list[0]["read_at"].is_number() && list[1]["read_at"].is_null(), "{list}");
    let (status, _) = app.call(&admin, "notifications/read", json!({ "id": null })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unread(&app, &admin).await, 0);
});

on_both!(event_streams_end_when_their_session_or_access_ends, |app| {
    use crate::common::sse::ends;
    // Signed out: the stream of that session ends; another session of someone else goes on.
    let employee = app.as_role(Role::Employee).await;
    let recruiter = app.as_role(Role::Recruiter).await;
    let mut signed_out = employee.get(app.url("/notifications/events")).send().await.unwrap();
    let mut stays = recruiter.get(app.url("/notifications/events")).send().await.unwrap();
    assert_eq!(employee.post(app.url("/auth/logout")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert!(ends(&mut signed_out).await, "the signed-out session's stream ended");
    assert!(tokio::time::timeout(Duration::from_secs(3), stays.chunk()).await.is_err(), "the other stream stays open");

    // Taken off the hiring team: the board's stream ends.
    let manager = app.as_role(Role::Employee).await;
    let job = app.scalar("SELECT MIN(id) FROM jobs").await;
    let mut board = manager.get(app.url(&format!("/recruiting/jobs/{job}/events"))).send().await.unwrap();
    assert_eq!(board.status(), StatusCode::OK);
    let version = app.scalar(&format!("SELECT version FROM jobs WHERE id = {job}")).await;
    let (status, body) = app.call(&recruiter, "recruiting/set_team", json!({ "job_id": job, "version": version, "members": [] })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(ends(&mut board).await, "the board's stream ended with the access");

    // Deactivated: every stream of the person ends.
    let contractor = app.as_role(Role::Contractor).await;
    let mut deactivated = contractor.get(app.url("/notifications/events")).send().await.unwrap();
    let admin = app.as_role(Role::Admin).await;
    let id = app.person_id(crate::common::harness::demo_email(Role::Contractor)).await;
    let (status, body) = app.call(&admin, "people/set_active", json!({ "id": id, "active": false })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(ends(&mut deactivated).await, "the deactivated person's stream ended");
});

// A notice is stored as its kind and parameters and put into words when read: the reader who
// was Korean when it was written reads it in Russian, then English, after switching, with the
// names in each language's order. One that cannot be read back fails loudly, never as another.
on_both!(a_notice_reads_in_the_language_its_reader_has_now, |app| {
    use shared::notifications::{Name, Told};
    use shared::Locale;
    let recruiter = app.as_role(Role::Recruiter).await;
    let admin = app.as_role(Role::Admin).await;
    let switch = |locale: &'static str| {
        let admin = admin.clone();
        let url = app.url("/locale");
        async move {
            let res = admin.post(url).form(&[("locale", locale), ("back", "/")]).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
    };
    switch("ko").await;
    mention(&app, &recruiter, "admin", "Петров Иван").await;

    let (status, list) = app.call(&admin, "notifications/list", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let (family, given): (String, String) = sqlx::query_as("SELECT family_name, given_name FROM people WHERE email = $1")
        .bind(crate::common::harness::demo_email(Role::Recruiter))
        .fetch_one(&app.backend.db.pool)
        .await
        .unwrap();
    let told =
        Told::Mention { by: Name::new(&family, &given), candidate: "Петров Иван".into(), text: "@admin please look".into() };
    // Stored as its kind and parameters; the browser gets it in its reader's words of the moment.
    assert_eq!((&list[0]["kind"], &list[0]["text"]), (&json!("mention"), &json!(told.text(Locale::Ko))), "{list}");
    let stored = app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'mention' AND params LIKE '%Петров Иван%'").await;
    assert_eq!(stored, 1);

    let home = |admin: Client| {
        let url = app.url("/");
        async move { admin.get(url).header("accept", "text/html").send().await.unwrap().text().await.unwrap() }
    };
    switch("ru").await;
    let page = home(admin.clone()).await;
    assert!(page.contains("упомянул(а) вас по кандидату Петров Иван"), "Russian now");
    assert!(page.contains(&told.text(Locale::Ru)) && !page.contains(&told.text(Locale::Ko)), "in Russian, not as written");
    switch("en").await;
    let page = home(admin.clone()).await;
    assert!(page.contains(&format!("{given} {family} mentioned you about Петров Иван")), "English, given name first");

    // A stored kind the code does not know is an error for that request, not a silent default.
    sqlx::query("UPDATE notifications SET kind = 'team_removed' WHERE kind = 'mention' AND params LIKE '%Петров Иван%'")
        .execute(&app.backend.db.pool)
        .await
        .unwrap();
    let (status, _) = app.call(&admin, "notifications/list", json!({})).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let page = home(admin.clone()).await;
    assert!(page.contains(shared::Msg::ErrInternal.text(Locale::En)), "the home page says it could not read them");
});

on_both!(a_request_tells_each_step_its_approvers_and_the_requester_the_outcome, |app| {
    use crate::cabinet::{decide, file};
    let employee = app.as_role(Role::Employee).await;
    let manager = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let (status, id) = file(&app, &employee, "vacation", json!({ "dates": "2026-12-07/2026-12-08" })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let link = format!("/requests/{id}");
    // (person, kind) of the notices about this request.
    let told = || async {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT p.email, n.kind FROM notifications n JOIN people p ON p.id = n.person_id WHERE n.link = $1 ORDER BY n.id",
        )
        .bind(&link)
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap();
        rows
    };
    let email = |role: Role| crate::common::harness::demo_email(role).to_string();
    assert_eq!(told().await, vec![(email(Role::Admin), "request_waiting".into())], "the line manager, once");
    // The notice reads in its reader's list, naming the requester and the request type.
    let (_, list) = app.call(&manager, "notifications/list", json!({})).await;
    let notice = list.as_array().unwrap().iter().find(|n| n["link"] == link).expect("in the manager's list").clone();
    assert_eq!(notice["kind"], "request_waiting", "{notice}");

    assert_eq!(decide(&app, &manager, id.as_i64().unwrap(), "approve", "").await.0, StatusCode::OK);
    // The next step: every active HR manager (not the requester, not who approved already).
    let hr_people = app
        .scalar(
            "SELECT COUNT(*) FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'hr_manager' \
             WHERE p.status = 'active' AND p.email NOT IN ('employee@demo.staffport.dev', 'admin@demo.staffport.dev')",
        )
        .await;
    let after_manager = told().await;
    let waiting_hr: Vec<_> = after_manager.iter().skip(1).collect();
    assert_eq!(waiting_hr.len() as i64, hr_people, "{after_manager:?}");
    assert!(waiting_hr.iter().all(|(_, kind)| kind == "request_waiting"));
    assert!(waiting_hr.iter().any(|(who, _)| *who == email(Role::HrManager)));

    assert_eq!(decide(&app, &hr, id.as_i64().unwrap(), "return", "Other dates, please").await.0, StatusCode::OK);
    let last = told().await.last().cloned().unwrap();
    assert_eq!(last, (email(Role::Employee), "request_decided".into()));
    let (_, list) = app.call(&employee, "notifications/list", json!({})).await;
    let notice = list.as_array().unwrap().iter().find(|n| n["link"] == link).expect("in the requester's list").clone();
    assert_eq!(notice["kind"], "request_decided", "{notice}");
    assert!(notice["text"].as_str().unwrap().contains("was returned for changes"), "{notice}");
    assert_eq!(told().await.len() as i64, 2 + hr_people, "nobody else was told");
});

on_both!(an_approver_decides_a_request_once_from_the_link_in_the_message, |app| {
    use crate::cabinet::{decide, file};
    use crate::common::harness::{client, demo_email};
    let employee = app.as_role(Role::Employee).await;
    let (_, id) = file(&app, &employee, "vacation", json!({ "dates": "2026-12-14/2026-12-15", "comment": "<b>family</b>" })).await;
    let id = id.as_i64().unwrap();
    let path_in = |body: &str| {
        let at = body.find("/decide/").expect("a decision link");
        body[at..].split_whitespace().next().unwrap().to_string()
    };
    let mail = app.mail.wait_for_text(demo_email(Role::Admin), "/decide/").await;
    let link = path_in(&mail.body);

    // The manager reads times in Seoul: so does the page their link opens, with nobody signed in.
    app.execute(&format!("UPDATE people SET time_zone = 'Asia/Seoul' WHERE email = '{}'", demo_email(Role::Admin))).await;
    let filed_at =
        app.scalar(&format!("SELECT MAX(created_at) FROM approval_transitions WHERE subject_type = 'request' AND subject_id = {id}")).await;
    let en = shared::Locale::En;
    let (in_seoul, in_utc) = (shared::format::moment(filed_at, 9 * 3600, en), shared::format::moment(filed_at, 0, en));
    // A phone with no session opens it: the request and its decisions, as a plain form.
    let phone = client();
    let page = phone.get(app.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-testid=\"request-decision\"") && html.contains("value=\"approve\""), "{html}");
    assert!(html.contains("&lt;b&gt;family&lt;/b&gt;"), "stored text is escaped");
    assert!(html.contains(&in_seoul) && !html.contains(&in_utc), "{in_seoul} in {html}");
    assert!(!html.contains(".wasm") && !html.contains("<script type=\"module\""), "served without the bundle");
    let version = app.scalar(&format!("SELECT version FROM requests WHERE id = {id}")).await.to_string();
    let form = [("request_id", id.to_string()), ("version", version), ("action", "approve".into()), ("comment", "ok".into())];
    let done = phone.post(app.url(&link)).form(&form).send().await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert!(done.text().await.unwrap().contains("data-testid=\"link-done\""));
    assert_eq!(app.scalar(&format!("SELECT step FROM requests WHERE id = {id} AND status = 'submitted'")).await, 1, "at HR now");
    let admin_id = app.person_id(demo_email(Role::Admin)).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM approval_transitions WHERE subject_type = 'request' AND subject_id = {id} \
             AND action = 'approve' AND via = 'link' AND actor_id = {admin_id}"
        ))
        .await,
        1
    );
    // Used: the same post again does nothing.
    let again = phone.post(app.url(&link)).form(&form).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM approval_transitions WHERE subject_id = {id} AND action = 'approve'")).await, 1);

    // HR's link came with the next step; HR deciding in the app revokes it.
    let hr_mail = app.mail.wait_for_text(demo_email(Role::HrManager), "/decide/").await;
    let hr_link = path_in(&hr_mail.body);
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(decide(&app, &hr, id, "return", "dates").await.0, StatusCode::OK);
    let html = client().get(app.url(&hr_link)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("request-decision"), "a revoked link offers nothing");
});
