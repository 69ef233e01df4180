//! A job's automation rules on both backends: a scorecard rule that moves strong candidates on
//! and writes to them while it tags the rest, a rule that would start itself stopping, and
//! rules saved with the job's version.
use crate::common::harness::TestApp;
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

/// The job's active stages in board order.
async fn stages(app: &TestApp, job: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM job_stages WHERE job_id = $1 AND kind = 'active' AND removed = 0 ORDER BY position")
        .bind(job)
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap()
}

async fn save(app: &TestApp, who: &Client, job: i64, rules: Value) -> (StatusCode, Value) {
    let version = app.scalar(&format!("SELECT version FROM jobs WHERE id = {job}")).await;
    app.call(who, "recruiting/save_automation", json!({ "job_id": job, "version": version, "rules": rules })).await
}

async fn score(app: &TestApp, who: &Client, candidate: i64, overall: i64) {
    let input = json!({ "input": { "candidate_id": candidate, "ratings": [["skills", 4]], "overall": overall, "note": "" } });
    let (status, body) = app.call(who, "recruiting/score", input).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn runs(app: &TestApp, candidate: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT rule_name, outcome FROM automation_runs WHERE candidate_id = $1 ORDER BY id")
        .bind(candidate)
        .fetch_all(&app.backend.db.pool)
        .await
        .unwrap()
}

on_both!(a_scorecard_rule_moves_strong_candidates_and_writes_to_them_and_tags_the_rest, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let interview = stages(&app, job).await[2];
    let rule = json!({
        "name": "Strong after scoring",
        "trigger": "scorecard_submitted",
        "when": { "op": "compare", "field": "score", "cmp": "ge", "value": "80" },
        "then": [{ "do": "move_to", "stage_id": interview }, { "do": "message_candidate", "subject": "{job}: next step", "body": "Hello {name}, see you." }],
        "otherwise": [{ "do": "add_tag", "tag": "hold" }],
        "active": true,
    });
    // A rule naming a stage of no such job, or a score that is no number, is refused.
    let mut bad = rule.clone();
    bad["when"]["value"] = json!("high");
    let (status, body) = save(&app, &recruiter, job, json!([bad])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["Invalid"][0]["field"], "rules.0.when");
    let (status, body) = save(&app, &recruiter, job, json!([rule])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = app.call(&recruiter, "recruiting/save_automation", json!({ "job_id": job, "version": 1, "rules": [] })).await;
    assert_eq!(status, StatusCode::CONFLICT, "saved with the job's version");

    let strong = crate::recruiting::add(&app, &recruiter, job, "Strong Candidate").await;
    let weak = crate::recruiting::add(&app, &recruiter, job, "Weak Candidate").await;
    let since = app.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox").await;
    score(&app, &recruiter, strong, 90).await;
    score(&app, &recruiter, weak, 60).await;
    assert_eq!(app.scalar(&format!("SELECT stage_id FROM candidates WHERE id = {strong}")).await, interview);
    assert_ne!(app.scalar(&format!("SELECT stage_id FROM candidates WHERE id = {weak}")).await, interview);
    let tags = app.scalar_text(&format!("SELECT tags FROM candidates WHERE id = {weak}")).await;
    assert!(tags.split(", ").any(|t| t == "hold"), "{tags}");
    let strong_tags = app.scalar_text(&format!("SELECT tags FROM candidates WHERE id = {strong}")).await;
    assert!(!strong_tags.contains("hold"), "{strong_tags}");
    // The message went to the strong candidate only, with the placeholders filled.
    let title = app.scalar_text(&format!("SELECT title FROM jobs WHERE id = {job}")).await;
    let mails: Vec<(String, String, String)> =
        sqlx::query_as("SELECT recipient, subject, body FROM outbox WHERE id > $1 AND channel = 'email'")
            .bind(since)
            .fetch_all(&app.backend.db.pool)
            .await
            .unwrap();
    let to_candidates: Vec<_> = mails.iter().filter(|(to, ..)| to == "canary.candidate@example.kr").collect();
    assert_eq!(to_candidates.len(), 1, "{mails:?}");
    assert_eq!(to_candidates[0].1, format!("{title}: next step"));
    assert_eq!(to_candidates[0].2, "Hello Strong Candidate, see you.");
    // The run log, and the move in the timeline with no person as its actor.
    assert_eq!(runs(&app, strong).await, vec![("Strong after scoring".into(), "yes".into())]);
    assert_eq!(runs(&app, weak).await, vec![("Strong after scoring".into(), "no".into())]);
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM candidate_events WHERE candidate_id = {strong} AND kind = 'moved' AND actor_id IS NULL"))
            .await,
        1
    );
    let (status, automation) = app.call(&recruiter, "recruiting/automation", json!({ "job_id": job })).await;
    assert_eq!(status, StatusCode::OK, "{automation}");
    assert_eq!(automation["rules"][0]["name"], "Strong after scoring");
    assert_eq!(automation["runs"].as_array().unwrap().len(), 2);
    let facts = automation["candidates"].as_array().unwrap().iter().find(|c| c[0] == strong).cloned().expect("the preview's facts");
    assert_eq!(facts[2]["score"], 90.0);
    // Saved again unchanged behind a new rule, it stays the same rule (its runs stay its own);
    // the new one in front starts with none.
    let kept = app.scalar("SELECT id FROM automation_rules").await;
    let newcomer = json!({ "name": "Newcomer", "trigger": "candidate_created", "when": { "op": "all", "of": [] },
        "then": [{ "do": "add_tag", "tag": "new" }], "otherwise": [], "active": true });
    let (status, body) = save(&app, &recruiter, job, json!([newcomer, automation["rules"][0]])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.scalar("SELECT id FROM automation_rules WHERE position = 1").await, kept);
    assert_ne!(app.scalar("SELECT id FROM automation_rules WHERE position = 0").await, kept);
});

on_both!(a_rule_that_would_start_itself_again_stops_and_says_so, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let all = stages(&app, job).await;
    let (first, target) = (all[1], all[2]);
    // Whatever stage a candidate enters, move them to the target: its own move enters a stage.
    let rule = json!({
        "name": "Funnel",
        "trigger": "stage_entered",
        "when": { "op": "all", "of": [] },
        "then": [{ "do": "move_to", "stage_id": target }, { "do": "add_tag", "tag": "funnelled" }],
        "otherwise": [],
        "active": true,
    });
    assert_eq!(save(&app, &recruiter, job, json!([rule])).await.0, StatusCode::OK);
    let id = crate::recruiting::add(&app, &recruiter, job, "Loop Candidate").await;
    let version = app.scalar(&format!("SELECT version FROM candidates WHERE id = {id}")).await;
    let body = json!({ "input": { "candidate_id": id, "version": version, "to_stage_id": first, "after_id": null, "before_id": null } });
    let (status, card) = app.call(&recruiter, "recruiting/move", body).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    assert_eq!(card["stage_id"], target, "the card as the rule left it");
    assert_eq!(runs(&app, id).await, vec![("Funnel".into(), "yes".into()), ("Funnel".into(), "looped".into())]);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM candidate_events WHERE candidate_id = {id} AND kind = 'moved'")).await, 2);
    assert!(app.scalar_text(&format!("SELECT tags FROM candidates WHERE id = {id}")).await.contains("funnelled"));
});

/// A rule of days in a stage: hourly, once per stage entered, it reminds the job's owner and
/// posts to a webhook (ids and the name, never contacts).
async fn stale(db: crate::common::harness::Db) {
    let sink = crate::common::http_sink::HttpSink::start().await;
    let url = sink.url("/hook");
    let Some(app) = crate::common::harness::spawn(db).await else { return };
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let rule = json!({
        "name": "Chase",
        "trigger": "days_in_stage",
        "days": 3,
        "when": { "op": "compare", "field": "days", "cmp": "ge", "value": "3" },
        "then": [{ "do": "remind_owner", "days": 2, "note": "chase them" }, { "do": "call_webhook", "url": url }],
        "otherwise": [],
        "active": true,
    });
    let mut no_days = rule.clone();
    no_days["days"] = json!(0);
    let (status, body) = save(&app, &recruiter, job, json!([no_days])).await;
    assert_eq!((status, body["Invalid"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("rules.0.days")));
    assert_eq!(save(&app, &recruiter, job, json!([rule])).await.0, StatusCode::OK);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'job.automation_changed'").await, 1);
    let fresh = crate::recruiting::add(&app, &recruiter, job, "Fresh Candidate").await;
    let waiting = crate::recruiting::add(&app, &recruiter, job, "Waiting Candidate").await;
    // The waiting one entered their stage four days ago.
    app.execute(&format!("UPDATE candidate_events SET created_at = created_at - 4 * 86400 WHERE candidate_id = {waiting}")).await;
    app::backend::recruiting::automation::run_stale(&app.backend).await.unwrap();
    app::backend::recruiting::automation::run_stale(&app.backend).await.unwrap();
    assert_eq!(runs(&app, waiting).await, vec![("Chase".into(), "yes".into())], "once per stage entered");
    assert!(runs(&app, fresh).await.is_empty());
    let owner = app.scalar(&format!("SELECT owner_id FROM jobs WHERE id = {job}")).await;
    let (who, note, link): (i64, String, String) =
        sqlx::query_as(&format!("SELECT person_id, note, link FROM reminders WHERE subject = 'candidate' AND subject_id = {waiting}"))
            .fetch_one(&app.backend.db.pool)
            .await
            .unwrap();
    assert_eq!((who, note.as_str(), link), (owner, "chase them", format!("/recruiting/candidates/{waiting}")));
    let posted = sink.wait_for("Waiting Candidate").await;
    let body: Value = serde_json::from_str(&posted.body).unwrap();
    assert_eq!((body["rule"].as_str(), body["candidate_id"].as_i64()), (Some("Chase"), Some(waiting)));
    assert!(!posted.body.contains("canary.candidate@example.kr") && !posted.body.contains("9182"), "no contacts: {}", posted.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_of_days_in_a_stage_reminds_the_owner_and_calls_its_webhook_once_sqlite() {
    stale(crate::common::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_of_days_in_a_stage_reminds_the_owner_and_calls_its_webhook_once_postgres() {
    stale(crate::common::harness::Db::Postgres).await;
}

on_both!(a_resume_received_starts_its_rules_and_a_new_candidate_its_own, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let rules = json!([
        { "name": "Résumé in", "trigger": "resume_received", "when": { "op": "all", "of": [] },
          "then": [{ "do": "add_tag", "tag": "has-cv" }], "otherwise": [], "active": true },
        { "name": "Referred", "trigger": "candidate_created", "when": { "op": "compare", "field": "source", "cmp": "eq", "value": "referral" },
          "then": [{ "do": "notify_team", "text": "A referral: call within a day" }], "otherwise": [], "active": true },
        { "name": "Off", "trigger": "candidate_created", "when": { "op": "all", "of": [] },
          "then": [{ "do": "add_tag", "tag": "never" }], "otherwise": [], "active": false },
    ]);
    assert_eq!(save(&app, &recruiter, job, rules).await.0, StatusCode::OK);
    let id = crate::recruiting::add(&app, &recruiter, job, "Referred Candidate").await;
    assert_eq!(runs(&app, id).await, vec![("Referred".into(), "yes".into())], "an inactive rule does not run");
    // The job's owner and team hear of it (the recruiter who added the candidate too: it is the rule's note).
    let told =
        app.scalar(&format!("SELECT COUNT(*) FROM notifications WHERE kind = 'automation' AND link = '/recruiting/candidates/{id}'")).await;
    assert!(told >= 1, "{told}");
    let file: Value =
        recruiter.post(app.url("/files?purpose=resume&name=cv.pdf")).body(&b"%PDF-1.4 CV"[..]).send().await.unwrap().json().await.unwrap();
    let (status, body) = app.call(&recruiter, "recruiting/attach_resume", json!({ "candidate_id": id, "file_id": file["id"] })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tags = app.scalar_text(&format!("SELECT tags FROM candidates WHERE id = {id}")).await;
    assert!(tags.contains("has-cv") && !tags.contains("never"), "{tags}");
});

on_both!(a_rule_texts_the_candidate_through_the_gateway_when_told_to, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let rule = json!([{ "name": "Welcome", "trigger": "candidate_created", "when": { "op": "all", "of": [] },
        "then": [{ "do": "message_candidate", "subject": "", "body": "{name}, thanks for applying to {job}.", "sms": true }],
        "otherwise": [], "active": true }]);
    assert_eq!(save(&app, &recruiter, job, rule).await.0, StatusCode::OK);
    let since = app.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox").await;
    crate::recruiting::add(&app, &recruiter, job, "Texted Applicant").await;
    let title = app.scalar_text(&format!("SELECT title FROM jobs WHERE id = {job}")).await;
    let texts: Vec<(String, String, String)> =
        sqlx::query_as("SELECT channel, recipient, body FROM outbox WHERE id > $1 AND recipient LIKE '+82%'")
            .bind(since)
            .fetch_all(&app.backend.db.pool)
            .await
            .unwrap();
    assert_eq!(texts, vec![("sms".into(), "+82 10-9182-7364".into(), format!("Texted Applicant, thanks for applying to {title}."))]);
});
