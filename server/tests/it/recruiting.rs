//! The recruiting board through its server functions and live stream: moves are atomic and
//! version-checked, contacts never leave in plain text without an audited reveal, and other
//! viewers hear about changes (through LISTEN/NOTIFY on PostgreSQL) — on both backends.
use crate::common::harness::TestApp;
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;
use std::time::Duration;

const CANARY_PHONE: &str = "+82 10-9182-7364";
const CANARY_EMAIL: &str = "canary.candidate@example.kr";

pub(crate) async fn job(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM jobs").await
}

async fn board(app: &TestApp, who: &Client, job: i64) -> Value {
    let (status, board) = app.call(who, "recruiting/board", json!({ "job_id": job })).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    board
}

pub(crate) async fn add(app: &TestApp, who: &Client, job: i64, name: &str) -> i64 {
    let input = json!({ "job_id": job, "full_name": name, "phone": CANARY_PHONE, "email": CANARY_EMAIL, "birth_date": "1991-04-05",
        "address": "서울특별시 중구 세종대로 110", "source": "Referral", "tags": "Rust, rust, senior" });
    let (status, id) = app.call(who, "recruiting/add_candidate", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

fn stage(board: &Value, i: usize) -> i64 {
    board["stages"][i]["id"].as_i64().unwrap()
}

fn move_body(candidate: i64, version: i64, to: i64) -> Value {
    json!({ "input": { "candidate_id": candidate, "version": version, "to_stage_id": to, "after_id": null, "before_id": null } })
}

on_both!(fifty_simultaneous_moves_of_one_card_make_one_move, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Lee Canary").await;
    let b = board(&app, &recruiter, job).await;
    let calls = (0..50).map(|i| app.call(&recruiter, "recruiting/move", move_body(id, 1, stage(&b, 1 + i % 3))));
    let results = futures_util::future::join_all(calls).await;
    let ok = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let conflicts = results.iter().filter(|(s, _)| *s == StatusCode::CONFLICT).count();
    assert_eq!((ok, conflicts), (1, 49), "{:?}", results.iter().map(|r| r.0).collect::<Vec<_>>());
    let moves = app.scalar(&format!("SELECT COUNT(*) FROM candidate_events WHERE candidate_id = {id} AND kind = 'moved'")).await;
    assert_eq!(moves, 1);
    assert_eq!(app.scalar(&format!("SELECT version FROM candidates WHERE id = {id}")).await, 2);
});

on_both!(a_card_goes_between_two_others_and_the_hired_stage_closes_it, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = job(&app).await;
    let b = board(&app, &recruiter, job).await;
    let applied: Vec<i64> = b["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["stage_id"] == b["stages"][0]["id"])
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(applied.len() >= 3, "the demo job has candidates in Applied");
    let (first, second, last) = (applied[0], applied[1], *applied.last().unwrap());
    let version = app.scalar(&format!("SELECT version FROM candidates WHERE id = {last}")).await;
    let body = json!({ "input": { "candidate_id": last, "version": version, "to_stage_id": stage(&b, 0), "after_id": first, "before_id": second } });
    let (status, card) = app.call(&recruiter, "recruiting/move", body).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    let b = board(&app, &recruiter, job).await;
    let order: Vec<i64> = b["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["stage_id"] == b["stages"][0]["id"])
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(&order[..3], &[first, last, second]);
    let hired = stage(&b, 4);
    let (status, _) = app
        .call(
            &recruiter,
            "recruiting/move",
            move_body(first, app.scalar(&format!("SELECT version FROM candidates WHERE id = {first}")).await, hired),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let status: String =
        sqlx::query_scalar(&format!("SELECT status FROM candidates WHERE id = {first}")).fetch_one(&app.backend.db.pool).await.unwrap();
    assert_eq!(status, "closed");
    let (_, jobs) = app.call(&recruiter, "recruiting/jobs", json!({})).await;
    assert_eq!(jobs[0]["candidates"], json!(applied.len() - 1), "hired is no longer active: {jobs}");
});

/// The planted contacts and the recognisable parts of them.
const CANARIES: [&str; 6] = [CANARY_PHONE, CANARY_EMAIL, "9182-7364", "canary.candidate", "1991-04-05", "세종대로"];

fn assert_no_canary(what: &str, haystack: &str) {
    for needle in CANARIES {
        assert!(!haystack.contains(needle), "{needle} leaked in {what}");
    }
}

async fn text(who: &Client, url: String) -> String {
    let res = who.get(url).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

on_both!(contacts_stay_masked_for_the_hiring_manager_and_a_reveal_is_audited_first, |app| {
    crate::common::log_capture::start();
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await; // the demo job's hiring manager
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Canary Kim").await;

    // Everything the hiring manager can load: the board's and the candidate's answers, the
    // server-rendered pages with their hydration data, and the CSV export.
    let b = board(&app, &manager, job).await;
    let (_, candidate) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    let page = text(&manager, app.url(&format!("/recruiting/{job}"))).await;
    assert!(page.contains("Canary Kim") && page.contains("•••• ••64"), "the page rendered the board with masked contacts");
    let candidate_page = text(&manager, app.url(&format!("/recruiting/candidates/{id}"))).await;
    assert!(candidate_page.contains("Canary Kim"), "the candidate's page rendered");
    let csv = text(&manager, app.url(&format!("/exports/candidates.csv?job_id={job}"))).await;
    let line = csv.lines().find(|l| l.starts_with("Canary Kim,")).expect("the candidate in the export").to_string();
    assert!(line.contains("•••• ••64") && line.contains("c•••@•••.kr"), "masked in the export: {line}");
    for (what, haystack) in [
        ("board", b.to_string()),
        ("candidate", candidate.to_string()),
        ("board page", page),
        ("candidate page", candidate_page),
        ("csv", csv),
    ] {
        assert_no_canary(what, &haystack);
    }
    // The recruiter's export is masked too: revealing is one audited field at a time.
    assert_no_canary("recruiter's csv", &text(&recruiter, app.url(&format!("/exports/candidates.csv?job_id={job}"))).await);
    let card = b["cards"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!((card["phone_masked"].as_str(), card["email_masked"].as_str()), (Some("•••• ••64"), Some("c•••@•••.kr")));
    assert_eq!(card["tags"], "rust, senior");
    let audits = || app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'candidate.contact_revealed'");
    let (status, _) = app.call(&manager, "recruiting/reveal", json!({ "candidate_id": id, "field": "phone" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(audits().await, 0);
    // Nothing sealed is readable in the database either.
    let rows: Vec<(String,)> = sqlx::query_as("SELECT sealed_contacts FROM candidates").fetch_all(&app.backend.db.pool).await.unwrap();
    assert!(rows.iter().all(|(s,)| !s.contains("9182") && !s.contains("canary")));

    let (status, phone) = app.call(&recruiter, "recruiting/reveal", json!({ "candidate_id": id, "field": "phone" })).await;
    assert_eq!((status, phone), (StatusCode::OK, json!(CANARY_PHONE)));
    assert_eq!(audits().await, 1);
    let detail: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'candidate.contact_revealed'")
        .fetch_one(&app.backend.db.pool)
        .await
        .unwrap();
    assert!(detail.contains("phone"), "which field: {detail}");
    // Administrators read the reveal log: who, which candidate, which field, from where.
    let admin = app.as_role(Role::Admin).await;
    let (status, log) = app.call(&admin, "recruiting/reveal_log", json!({ "page": 1 })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((log[0]["candidate_id"].as_i64(), log[0]["candidate_name"].as_str()), (Some(id), Some("Canary Kim")));
    assert!(log[0]["field"] == "phone" && log[0]["client_addr"].as_str().is_some_and(|a| !a.is_empty()), "{log}");
    assert_eq!(app.call(&recruiter, "recruiting/reveal_log", json!({ "page": 1 })).await.0, StatusCode::FORBIDDEN);

    // If the audit row cannot be written, nothing is revealed.
    let sql = match app.backend.db.kind {
        app::backend::db::DbKind::Sqlite => vec![
            "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log WHEN NEW.action = 'candidate.contact_revealed' BEGIN SELECT RAISE(ABORT, 'audit down'); END",
        ],
        app::backend::db::DbKind::Postgres => vec![
            "CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER audit_down BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'candidate.contact_revealed') EXECUTE FUNCTION audit_down()",
        ],
    };
    for s in sql {
        sqlx::query(s).execute(&app.backend.db.pool).await.unwrap();
    }
    let (status, body) = app.call(&recruiter, "recruiting/reveal", json!({ "candidate_id": id, "field": "email" })).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body.to_string().contains("canary"), "{body}");
    assert_eq!(audits().await, 1);

    // The log saw all of it (the requests are there) and none of the contacts, not even the
    // revealed phone number.
    let log = crate::common::log_capture::text();
    assert!(log.contains("/api/recruiting/reveal") && log.contains("/exports/candidates.csv"), "the capture works");
    assert_no_canary("the log", &log);
});

/// Reads the SSE stream until an event names `candidate`, or gives up.
/// Whether the board's stream tells of `candidate` within ten seconds.
async fn hears(stream: &mut reqwest::Response, candidate: i64) -> bool {
    crate::common::sse::hears(stream, &format!("\"candidate_id\":{candidate}")).await
}

on_both!(a_move_reaches_the_other_viewers_of_the_board_live, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let watcher = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let mut stream = watcher.get(app.url(&format!("/recruiting/jobs/{job}/events"))).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let outsider = app.as_role(Role::HrManager).await;
    let refused = outsider.get(app.url(&format!("/recruiting/jobs/{job}/events"))).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // The listener subscribes when the stream opens; give PostgreSQL's LISTEN a moment to be in place.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = add(&app, &recruiter, job, "Live Park").await;
    assert!(hears(&mut stream, id).await, "the new candidate was announced");
    let b = board(&app, &recruiter, job).await;
    let (status, _) = app.call(&recruiter, "recruiting/move", move_body(id, 1, stage(&b, 2))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(hears(&mut stream, id).await, "the move was announced");
});

on_both!(a_comment_mentioning_a_teammate_notifies_them_and_lands_on_the_timeline, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let admin = app.as_role(Role::Admin).await;
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Timeline Choi").await;
    let (status, body) = app.call(&recruiter, "recruiting/comment", json!({ "candidate_id": id, "body": "  " })).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body")));
    // @admin works on every job; @hr does not (not a recruiter, not on the team): no notice.
    let text = "Strong Rust; @admin can you do the tech interview? cc @hr";
    let (status, _) = app.call(&recruiter, "recruiting/comment", json!({ "candidate_id": id, "body": text })).await;
    assert_eq!(status, StatusCode::OK);
    let (_, notices) = app.call(&admin, "notifications/list", json!({})).await;
    let notice =
        notices.as_array().unwrap().iter().find(|n| n["link"] == format!("/recruiting/candidates/{id}")).expect("notified").clone();
    assert_eq!(notice["kind"], "mention", "{notice}");
    assert!(notice["text"].as_str().unwrap().ends_with(&format!("mentioned you about Timeline Choi: “{text}”")), "{notice}");
    let hr = app.as_role(Role::HrManager).await;
    let (_, notices) = app.call(&hr, "notifications/list", json!({})).await;
    assert!(!notices.to_string().contains("Timeline Choi"), "HR does not work on this job");
    let (status, _) = app.call(&hr, "recruiting/candidate", json!({ "id": id })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, view) = app.call(&admin, "recruiting/candidate", json!({ "id": id })).await;
    let kinds: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|l| l["what"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "comment"]);
    assert_eq!(view["timeline"][1]["what"]["body"], text);
    assert!(!view.to_string().contains(CANARY_PHONE), "contacts masked on the candidate page too");
});

async fn webhook(db: crate::common::harness::Db) {
    let chat = crate::common::http_sink::HttpSink::start().await;
    let Some(app) = crate::common::harness::spawn_with(db, |_| {}).await else { return };
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = job(&app).await;
    let version = app.scalar(&format!("SELECT version FROM jobs WHERE id = {job}")).await;
    let hook = |url: &str, version: i64| json!({ "job_id": job, "version": version, "url": url });
    let (status, body) = app.call(&recruiter, "recruiting/set_webhook", hook("ftp://example.com/hook", version)).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrWebhookUrl")));
    let (status, next) = app.call(&recruiter, "recruiting/set_webhook", hook(&chat.url("/services/T000/B000/XXXX"), version)).await;
    assert_eq!((status, next.as_i64()), (StatusCode::OK, Some(version + 1)));
    let (status, _) = app.call(&recruiter, "recruiting/set_webhook", hook("", version)).await;
    assert_eq!(status, StatusCode::CONFLICT, "a save over a newer one is refused");
    let id = add(&app, &recruiter, job, "Webhook Jang").await;
    let post = chat.wait_for("Webhook Jang").await;
    assert_eq!(post.path, "/services/T000/B000/XXXX");
    assert_eq!(post.header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_str(&post.body).unwrap();
    let text = body["text"].as_str().unwrap();
    let link = format!("{}/recruiting/candidates/{id}", app.base);
    assert!(text.contains(&format!("<{link}|Webhook Jang>")), "a deep link to the candidate: {text}");
    assert!(!post.body.contains("9182") && !post.body.contains("canary"), "no contacts in the chat");
    // The deep link opens that candidate for a signed-in teammate.
    let page = recruiter.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Webhook Jang"));

    // The hiring team hears of it too, in the app and by email (the one who added it does not).
    let manager = app.as_role(Role::Employee).await;
    let (_, notices) = app.call(&manager, "notifications/list", json!({})).await;
    let notice = notices.as_array().unwrap().iter().find(|n| n["text"].as_str().unwrap().contains("Webhook Jang")).expect("told").clone();
    assert_eq!(notice["kind"], "new_candidate", "{notice}");
    assert_eq!((notice["link"].as_str(), notice["read_at"].as_i64()), (Some(format!("/recruiting/candidates/{id}").as_str()), None));
    let mail = app.mail.wait_for_text(crate::common::harness::demo_email(Role::Employee), "Webhook Jang").await;
    assert!(mail.body.contains(&link) && !mail.body.contains("9182"), "a deep link, no contacts: {}", mail.body);
    let (_, mine) = app.call(&recruiter, "notifications/list", json!({})).await;
    assert!(!mine.to_string().contains("Webhook Jang"), "not told of one's own");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_candidate_is_posted_to_the_team_chat_with_a_deep_link_sqlite() {
    webhook(crate::common::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_candidate_is_posted_to_the_team_chat_with_a_deep_link_postgres() {
    webhook(crate::common::harness::Db::Postgres).await;
}

on_both!(an_invitation_is_answered_from_its_link_without_an_account_and_shows_on_the_card, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await; // the demo job's hiring manager
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Invited Yoon").await;
    let invite = |slots: Value, channel: &str| json!({ "input": { "candidate_id": id, "kind": "coffee_chat", "place": "Café Namu, 2F", "slots": slots, "channel": channel } });
    let (status, body) = app.call(&manager, "recruiting/invite", invite(json!(["2026-12-03T25:00"]), "email")).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("slots")));
    let (status, body) = app.call(&manager, "recruiting/invite", invite(json!(["2026-12-03T10:00", "2026-12-04T15:30"]), "email")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!body.to_string().contains(CANARY_EMAIL), "the inviter never sees the address");

    // The candidate's mail carries a link that needs no account.
    let mail = app.mail.wait_for(CANARY_EMAIL).await;
    assert!(mail.body.contains("Café Namu, 2F") && mail.body.contains("Dec 4, 2026, 15:30"), "{}", mail.body);
    let url = crate::common::mail_sink::link(&mail, &app.url("/invitation/"));
    let token = url.rsplit('/').next().unwrap().to_string();
    let anonymous = crate::common::harness::client();
    let page = anonymous.get(&url).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Café Namu, 2F"), "the page renders for someone without an account");
    let (status, view) = app.call(&anonymous, "invitation/view", json!({ "token": token })).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!((view["status"].as_str(), view["slots"][1].as_str()), (Some("proposed"), Some("2026-12-04T15:30")));
    assert!(!view.to_string().contains(CANARY_PHONE), "no contacts on the candidate's page either");

    // Teammates watching the board hear the answer.
    let mut stream = recruiter.get(app.url(&format!("/recruiting/jobs/{job}/events"))).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answer = |a: Value| json!({ "token": token, "answer": a });
    let (status, _) = app.call(&anonymous, "invitation/answer", answer(json!({ "answer": "accept", "slot": "2026-12-05T09:00" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "only a proposed time can be accepted");
    let (status, view) = app.call(&anonymous, "invitation/answer", answer(json!({ "answer": "accept", "slot": "2026-12-04T15:30" }))).await;
    assert_eq!((status, view["status"].as_str()), (StatusCode::OK, Some("confirmed")));
    assert!(hears(&mut stream, id).await, "the answer was announced live");
    // The job's team is told, with the chosen time in the reader's style.
    let (_, notices) = app.call(&recruiter, "notifications/list", json!({})).await;
    let answered = notices.as_array().unwrap().iter().find(|n| n["kind"] == "invitation_answered").expect("the team is told").clone();
    assert!(answered["text"].as_str().unwrap().contains("accepted the invitation"), "{answered}");
    assert_eq!(answered["link"], format!("/recruiting/candidates/{id}"));
    let (status, _) = app.call(&anonymous, "invitation/answer", answer(json!({ "answer": "decline" }))).await;
    assert_eq!(status, StatusCode::CONFLICT, "answered once");
    let b = board(&app, &recruiter, job).await;
    let card = b["cards"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!((card["invitation"].as_str(), card["invitation_slot"].as_str()), (Some("confirmed"), Some("2026-12-04T15:30")));
    let (_, view) = app.call(&recruiter, "recruiting/candidate", json!({ "id": id })).await;
    let kinds: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|l| l["what"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "invitation", "invitation_confirmed"]);
    // Stored as what it is, put into words by whoever reads it.
    assert_eq!(
        (&view["timeline"][1]["what"]["body"], &view["timeline"][2]["what"]["body"]),
        (
            &json!({ "kind": "coffee_chat", "place": "Café Namu, 2F", "slots": ["2026-12-03T10:00", "2026-12-04T15:30"] }),
            &json!("2026-12-04T15:30")
        )
    );

    // A second invitation: the candidate proposes another time (it stays open), then the team
    // withdraws it and the link offers nothing more.
    let (status, _) = app.call(&manager, "recruiting/invite", invite(json!(["2026-12-10T11:00"]), "email")).await;
    assert_eq!(status, StatusCode::OK);
    let url = crate::common::mail_sink::link(&app.mail.wait_for_text(CANARY_EMAIL, "Dec 10, 2026, 11:00").await, &app.url("/invitation/"));
    let second = url.rsplit('/').next().unwrap();
    let body = json!({ "token": second, "answer": { "answer": "propose", "text": "Any afternoon next week" } });
    let (status, view) = app.call(&anonymous, "invitation/answer", body.clone()).await;
    assert_eq!((status, view["status"].as_str()), (StatusCode::OK, Some("proposed")));
    assert_eq!(app.call(&manager, "recruiting/cancel_invitation", json!({ "candidate_id": id })).await.0, StatusCode::OK);
    assert_eq!(app.call(&manager, "recruiting/cancel_invitation", json!({ "candidate_id": id })).await.0, StatusCode::CONFLICT);
    assert_eq!(app.call(&anonymous, "invitation/answer", body).await.0, StatusCode::CONFLICT);
    let (_, view) = app.call(&anonymous, "invitation/view", json!({ "token": second })).await;
    assert_eq!(view["status"], "cancelled");

    // A channel the candidate has no address for is refused beside the channel field.
    let input = json!({ "job_id": job, "full_name": "No Phone", "phone": "", "email": "np@example.com", "birth_date": "", "address": "",
        "source": "", "tags": "" });
    let (_, bare) = app.call(&recruiter, "recruiting/add_candidate", json!({ "input": input })).await;
    let body =
        json!({ "input": { "candidate_id": bare, "kind": "interview", "place": "Zoom", "slots": ["2026-12-03T10:00"], "channel": "sms" } });
    let (status, body) = app.call(&manager, "recruiting/invite", body).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrNoContact")));
    // Someone outside the job cannot invite.
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(app.call(&hr, "recruiting/invite", invite(json!(["2026-12-03T10:00"]), "email")).await.0, StatusCode::FORBIDDEN);
});

on_both!(an_edit_merges_with_a_teammates_change_and_a_clash_is_refused_with_the_value_now, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Edit Han").await;
    let loaded = json!({ "full_name": "Edit Han", "source": "Referral", "tags": "rust, senior" });
    let edit = |base: &Value, change: Value, phone: &str| {
        let mut facts = base.clone();
        for (k, v) in change.as_object().unwrap() {
            facts[k] = v.clone();
        }
        json!({ "edit": { "id": id, "base": base, "edit": facts, "phone": phone, "email": "", "birth_date": "", "address": "" } })
    };
    let facts = |app: &TestApp| {
        let pool = app.backend.db.pool.clone();
        async move {
            sqlx::query_as::<_, (String, String, String, String)>(&format!(
                "SELECT full_name, source, tags, phone_masked FROM candidates WHERE id = {id}"
            ))
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };

    // Both edit from the same page load, different fields: both kept.
    assert_eq!(
        app.call(&recruiter, "recruiting/edit_candidate", edit(&loaded, json!({ "source": "LinkedIn" }), "")).await.0,
        StatusCode::OK
    );
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", edit(&loaded, json!({ "tags": "Rust, Go" }), "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(facts(&app).await, ("Edit Han".into(), "LinkedIn".into(), "rust, go".into(), "•••• ••64".into()));

    // Both change the name: the second is refused with the name as it is now, nothing lost.
    assert_eq!(
        app.call(&recruiter, "recruiting/edit_candidate", edit(&loaded, json!({ "full_name": "Han Edit" }), "")).await.0,
        StatusCode::OK
    );
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", edit(&loaded, json!({ "full_name": "한에딧" }), "")).await;
    assert_eq!((status, &body), (StatusCode::CONFLICT, &json!({ "Stale": [["full_name", "Han Edit"]] })));
    assert_eq!(facts(&app).await.0, "Han Edit");
    // Having seen it, the manager saves again and their name stands.
    let seen = json!({ "full_name": "Han Edit", "source": "LinkedIn", "tags": "rust, go" });
    assert_eq!(app.call(&manager, "recruiting/edit_candidate", edit(&seen, json!({ "full_name": "한에딧" }), "")).await.0, StatusCode::OK);
    assert_eq!(facts(&app).await.0, "한에딧");

    // A contact is replaced without being shown: the mask follows, the email is kept.
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", edit(&seen, json!({}), "+82 10-1111-2299")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(facts(&app).await.3, "•••• ••99");
    let reveal = |field: &str| app.call(&recruiter, "recruiting/reveal", json!({ "candidate_id": id, "field": field }));
    assert_eq!(reveal("phone").await.1, json!("+82 10-1111-2299"));
    assert_eq!(reveal("email").await.1, json!(CANARY_EMAIL));
    let mut bad = edit(&seen, json!({}), "");
    bad["edit"]["email"] = json!("not an address");
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", bad).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("email")));

    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    let edits: Vec<&Value> =
        view["timeline"].as_array().unwrap().iter().filter(|l| l["what"]["kind"] == "edited").map(|l| &l["what"]["body"]).collect();
    assert_eq!(edits, [&json!(["source"]), &json!(["tags"]), &json!(["full_name"]), &json!(["full_name"]), &json!(["phone"])]);
    assert!(!view.to_string().contains("1111-2299"), "the timeline names the field, never the value");
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(app.call(&hr, "recruiting/edit_candidate", edit(&seen, json!({ "tags": "x" }), "")).await.0, StatusCode::FORBIDDEN);
});

on_both!(the_list_finds_candidates_in_any_script_and_bulk_actions_apply_to_all_or_none, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let ids = [
        add(&app, &recruiter, job, "Ковалёва Ирина").await,
        add(&app, &recruiter, job, "정하늘").await,
        add(&app, &recruiter, job, "Bulk Lee").await,
    ];
    let list = |q: Value| {
        let who = manager.clone();
        let app = &app;
        async move {
            let query = json!({ "text": "", "status": null, "job_id": null, "source": "", "page": 1 });
            let mut query = query.as_object().unwrap().clone();
            query.extend(q.as_object().unwrap().clone());
            let (status, page) = app.call(&who, "recruiting/candidates", json!({ "query": query })).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            page
        }
    };
    let names =
        |page: &Value| page["items"].as_array().unwrap().iter().map(|c| c["full_name"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    // Cyrillic and Hangul, any case; tags; contacts masked in the list too.
    assert_eq!(names(&list(json!({ "text": "КОВАЛЁВА" })).await), ["Ковалёва Ирина"]);
    assert_eq!(names(&list(json!({ "text": "하늘" })).await), ["정하늘"]);
    let page = list(json!({ "text": "SENIOR", "source": "Referral" })).await;
    assert_eq!(page["total"], 3, "tags and source of the three added: {page}");
    assert_no_canary("list", &page.to_string());
    assert_eq!(list(json!({ "source": "LinkedIn" })).await["total"], 1, "the demo's 박지훈 only");

    // By stage, within a job: its stages come with the page for the filter.
    let b = board(&app, &manager, job).await;
    let (applied, screening) = (stage(&b, 0), stage(&b, 1));
    let version = app.scalar(&format!("SELECT version FROM candidates WHERE id = {}", ids[0])).await;
    assert_eq!(app.call(&manager, "recruiting/move", move_body(ids[0], version, screening)).await.0, StatusCode::OK);
    let page = list(json!({ "job_id": job, "stage_id": screening })).await;
    assert_eq!((names(&page), page["stages"].as_array().unwrap().len()), (vec!["Ковалёва Ирина".to_string()], 6));
    let in_applied = app.scalar(&format!("SELECT COUNT(*) FROM candidates WHERE stage_id = {applied}")).await;
    assert_eq!(list(json!({ "job_id": job, "stage_id": applied })).await["total"], in_applied);
    let everywhere = list(json!({ "stage_id": screening })).await;
    assert!(everywhere["total"].as_i64().unwrap() > 1 && everywhere["stages"] == json!([]), "no job, no stage filter: {everywhere}");

    // Reject two with a reason and a message; no reason or an unknown one changes nothing.
    let bulk = |ids: Vec<i64>, action: Value| app.call(&manager, "recruiting/bulk", json!({ "input": { "ids": ids, "action": action } }));
    let (status, body) = bulk(vec![ids[0], ids[1]], json!({ "action": "reject", "reason": null, "message": "" })).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
    let (status, _) = bulk(vec![ids[0], ids[1]], json!({ "action": "reject", "reason": "vibes", "message": "" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a reason that is not one of ours does not decode");
    let message = "Thank you for your time — we went with another candidate.";
    let (status, n) = bulk(vec![ids[0], ids[1]], json!({ "action": "reject", "reason": "experience", "message": message })).await;
    assert_eq!((status, n), (StatusCode::OK, json!(2)));
    let mail = app.mail.wait_for(CANARY_EMAIL).await;
    assert_eq!(mail.body.trim(), message);
    let closed = list(json!({ "status": "closed" })).await;
    assert_eq!(closed["total"], 2);
    assert!(closed["items"].as_array().unwrap().iter().all(|c| c["rejection_reason"] == "experience"), "{closed}");
    let b = board(&app, &manager, job).await;
    let rejected = stage(&b, 5);
    assert!(b["cards"].as_array().unwrap().iter().filter(|c| c["stage_id"] == rejected).count() == 2, "on the rejected stage");

    // Hold, tag and move the third; the list's status views follow.
    assert_eq!(bulk(vec![ids[2]], json!({ "action": "hold" })).await.1, json!(1));
    assert_eq!(names(&list(json!({ "status": "on_hold" })).await), ["Bulk Lee"]);
    assert_eq!(bulk(vec![ids[2], ids[0]], json!({ "action": "tag", "tag": "Kotlin" })).await.1, json!(2));
    assert_eq!(names(&list(json!({ "text": "kotlin" })).await).len(), 2);
    assert_eq!(bulk(vec![ids[2]], json!({ "action": "resume" })).await.1, json!(1));
    assert_eq!(bulk(vec![ids[2]], json!({ "action": "move", "stage_position": 2 })).await.1, json!(1));
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": ids[2] })).await;
    let kinds: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|l| l["what"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "held", "tagged", "resumed", "moved"]);

    // A selection reaching outside the caller's jobs changes nothing at all.
    let other = app.scalar("SELECT MIN(id) FROM candidates").await;
    sqlx::query(&format!(
        "INSERT INTO jobs (org_id, title, owner_id, created_at) SELECT org_id, 'Not yours', owner_id, 0 FROM jobs WHERE id = {job}"
    ))
    .execute(&app.backend.db.pool)
    .await
    .unwrap();
    let foreign_job = app.scalar("SELECT MAX(id) FROM jobs").await;
    sqlx::query(&format!("UPDATE candidates SET job_id = {foreign_job} WHERE id = {other}")).execute(&app.backend.db.pool).await.unwrap();
    let (status, _) = bulk(vec![ids[2], other], json!({ "action": "tag", "tag": "nope" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(names(&list(json!({ "text": "nope" })).await).is_empty());
    assert_eq!(list(json!({ "job_id": foreign_job })).await["total"], 0, "the list shows only the caller's jobs");
});

on_both!(scorecards_are_one_per_evaluator_and_summed_up, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Scored Park").await;
    let score = |who: Client, ratings: Value, overall: i64| {
        let app = &app;
        async move {
            app.call(
                &who,
                "recruiting/score",
                json!({ "input": { "candidate_id": id, "ratings": ratings, "overall": overall, "note": "" } }),
            )
            .await
        }
    };
    let (status, body) = score(manager.clone(), json!([["skills", 7]]), 80).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrRating")));
    assert_eq!(score(manager.clone(), json!([["skills", 3], ["communication", 5]]), 60).await.0, StatusCode::OK);
    // Saved again, it replaces the evaluator's own.
    assert_eq!(score(manager.clone(), json!([["skills", 4], ["communication", 5]]), 70).await.0, StatusCode::OK);
    assert_eq!(score(recruiter.clone(), json!([["skills", 5]]), 90).await.0, StatusCode::OK);
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    assert_eq!(view["scorecards"].as_array().unwrap().len(), 2);
    assert_eq!(view["scorecards"][0]["mine"], true, "the caller's first");
    assert_eq!(view["summary"], json!({ "evaluators": 2, "criteria": [["skills", 4.5], ["communication", 5.0]], "overall": 80.0 }));
    let hr = app.as_role(Role::HrManager).await;
    assert_eq!(score(hr.clone(), json!([]), 50).await.0, StatusCode::FORBIDDEN);
});

on_both!(a_resume_is_a_pdf_read_by_the_jobs_team_only, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let id = add(&app, &recruiter, job, "Resume Oh").await;
    let upload = |who: &Client, body: &'static [u8]| who.post(app.url("/files?purpose=resume&name=이력서.pdf")).body(body).send();
    let res = upload(&recruiter, b"\xFF\xD8\xFF\xE0 a photo").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "Attach the résumé as a PDF file.");
    let file: Value = upload(&recruiter, b"%PDF-1.4 RESUME-CANARY").await.unwrap().json().await.unwrap();
    let file = file["id"].as_i64().unwrap();
    // Only the uploader ties their upload to a candidate.
    let (status, _) = app.call(&manager, "recruiting/attach_resume", json!({ "candidate_id": id, "file_id": file })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.call(&recruiter, "recruiting/attach_resume", json!({ "candidate_id": id, "file_id": file })).await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    assert_eq!((view["resume"]["id"].as_i64(), view["resume"]["name"].as_str()), (Some(file), Some("이력서.pdf")));
    let read = |who: Client| {
        let url = app.url(&format!("/files/{file}"));
        async move { who.get(url).send().await.unwrap() }
    };
    let res = read(manager.clone()).await;
    assert_eq!(res.status(), StatusCode::OK, "the hiring manager reads it");
    assert!(res.text().await.unwrap().contains("RESUME-CANARY"));
    assert_eq!(read(app.as_role(Role::HrManager).await).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(read(app.as_role(Role::Contractor).await).await.status(), StatusCode::FORBIDDEN);
    // Not swept as an abandoned upload.
    app::backend::files::sweep_abandoned(&app.backend.db, i64::MAX).await.unwrap();
    assert_eq!(read(manager).await.status(), StatusCode::OK);
});

on_both!(a_jobs_own_fields_are_checked_by_kind_searched_and_merged_on_edit, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let fields = json!([
        { "key": "years", "label": "Years of experience", "kind": "number", "choices": [] },
        { "key": "office", "label": "Office", "kind": "choice", "choices": ["Seoul", "Москва"] },
        { "key": "start", "label": "Can start", "kind": "date", "choices": [] },
        { "key": "note", "label": "Note", "kind": "text", "choices": [] }
    ]);
    let version = app.scalar(&format!("SELECT version FROM jobs WHERE id = {job}")).await;
    let set = |fields: &Value| json!({ "job_id": job, "version": version, "fields": fields });
    let (status, body) =
        app.call(&recruiter, "recruiting/set_fields", set(&json!([{ "key": "x", "label": "X", "kind": "choice", "choices": [] }]))).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrChoicesNeeded")));
    assert_eq!(app.call(&manager, "recruiting/set_fields", set(&fields)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&recruiter, "recruiting/set_fields", set(&fields)).await.0, StatusCode::OK);
    assert_eq!(board(&app, &manager, job).await["fields"][1]["choices"][1], "Москва");

    // Every problem at once, each beside its field; nothing is saved.
    let input = |custom: Value| {
        json!({ "input": { "job_id": job, "full_name": "Custom Baek", "phone": "", "email": "not-an-email", "birth_date": "",
        "address": "", "source": "", "tags": "", "custom": custom } })
    };
    let (status, body) =
        app.call(&manager, "recruiting/add_candidate", input(json!({ "years": "many", "office": "Busan", "start": "2027-13-01" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let named: Vec<&str> = body["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(named, ["email", "custom:years", "custom:office", "custom:start"]);
    let mut ok = input(json!({ "years": "4.5", "office": "Москва", "note": "Говорит по-корейски" }));
    ok["input"]["email"] = json!("");
    let (status, id) = app.call(&manager, "recruiting/add_candidate", ok).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();

    // Searchable by a value in any script and case; shown on the candidate's page.
    let (_, found) = app
        .call(
            &manager,
            "recruiting/candidates",
            json!({ "query": { "text": "ПО-КОРЕЙСКИ", "status": null, "job_id": null, "source": "", "page": 1 } }),
        )
        .await;
    assert_eq!(found["total"], 1, "{found}");
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    assert_eq!(view["custom"], json!({ "years": "4.5", "office": "Москва", "note": "Говорит по-корейски" }));

    // Two edits of different custom fields merge; the same one clashes, named after it.
    let loaded = json!({ "full_name": "Custom Baek", "source": "", "tags": "", "custom": view["custom"] });
    let edit = |change: Value| {
        let mut facts = loaded.clone();
        for (k, v) in change.as_object().unwrap() {
            facts["custom"][k] = v.clone();
        }
        json!({ "edit": { "id": id, "base": loaded, "edit": facts, "phone": "", "email": "", "birth_date": "", "address": "" } })
    };
    assert_eq!(app.call(&recruiter, "recruiting/edit_candidate", edit(json!({ "years": "5" }))).await.0, StatusCode::OK);
    assert_eq!(app.call(&manager, "recruiting/edit_candidate", edit(json!({ "office": "Seoul" }))).await.0, StatusCode::OK);
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", edit(json!({ "years": "6" }))).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Stale": [["custom:years", "5"]] })));
    let (status, body) = app.call(&manager, "recruiting/edit_candidate", edit(json!({ "start": "tomorrow" }))).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("custom:start")));
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    assert_eq!((view["custom"]["years"].as_str(), view["custom"]["office"].as_str()), (Some("5"), Some("Seoul")));
});
