//! A job's settings through the server: stages renamed, added, moved and removed only while
//! empty; the hiring team, which decides who sees the job; every save version-checked.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

async fn job(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM jobs").await
}

async fn settings(app: &TestApp, who: &Client, job: i64) -> Value {
    let (status, s) = app.call(who, "recruiting/job_settings", json!({ "job_id": job })).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    s
}

async fn save(app: &TestApp, who: &Client, job: i64, version: &Value, stages: &Value) -> (StatusCode, Value) {
    app.call(who, "recruiting/save_stages", json!({ "job_id": job, "version": version, "stages": stages })).await
}

fn names(stages: &Value) -> Vec<String> {
    stages.as_array().unwrap().iter().map(|s| s["name"]["en"].as_str().unwrap().to_string()).collect()
}

on_both!(stages_are_renamed_added_moved_and_removed_only_while_empty, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let job = job(&app).await;
    let s = settings(&app, &recruiter, job).await;
    assert_eq!(names(&s["stages"]), ["Applied", "Screening", "Interview", "Offer", "Hired", "Rejected"]);
    assert!(s["stages"][0]["candidates"].as_i64().unwrap() > 0, "the demo candidates start in Applied");
    assert_eq!(app.call(&manager, "recruiting/job_settings", json!({ "job_id": job })).await.0, StatusCode::FORBIDDEN);

    // A test task after the interview, named in Korean only; Screening renamed in English.
    let mut stages = s["stages"].clone();
    stages[1]["name"]["en"] = json!("Phone screen");
    stages.as_array_mut().unwrap().insert(3, json!({ "id": null, "name": { "en": "", "ko": "과제", "ru": "" }, "kind": "active" }));
    assert_eq!(save(&app, &manager, job, &s["version"], &stages).await.0, StatusCode::FORBIDDEN);
    let (status, saved) = save(&app, &recruiter, job, &s["version"], &stages).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved[0], s["version"].as_i64().unwrap() + 1);
    assert_eq!(names(&saved[1]), ["Applied", "Phone screen", "Interview", "과제", "Offer", "Hired", "Rejected"]);
    assert_eq!(saved[1][3]["name"], json!({ "en": "과제", "ko": "과제", "ru": "과제" }), "the name given fills the other languages");
    let (status, _) = save(&app, &recruiter, job, &s["version"], &stages).await;
    assert_eq!(status, StatusCode::CONFLICT, "a save over a newer one is refused");

    // The board shows the new stage in its place; a card goes in and out of it.
    let (_, board) = app.call(&manager, "recruiting/board", json!({ "job_id": job })).await;
    let task = board["stages"][3]["id"].as_i64().unwrap();
    assert_eq!(board["stages"][3]["name"]["ko"], "과제");
    let card = &board["cards"][0];
    let (id, version) = (card["id"].as_i64().unwrap(), card["version"].as_i64().unwrap());
    let to = |stage: i64, version: i64| json!({ "input": { "candidate_id": id, "version": version, "to_stage_id": stage, "after_id": null, "before_id": null } });
    let (status, moved) = app.call(&manager, "recruiting/move", to(task, version)).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let mut now = saved[1].clone();

    // While the card is in it, the stage can be neither removed nor made another kind.
    let (status, body) =
        save(&app, &recruiter, job, &saved[0], &json!(now.as_array().unwrap().iter().filter(|s| s["id"] != task).collect::<Vec<_>>()))
            .await;
    assert_eq!(
        (status, body["Invalid"][0]["field"].as_str(), body["Invalid"][0]["msg"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("stages"), Some("ErrStageNotEmpty"))
    );
    now[3]["kind"] = json!("hired");
    now[5]["kind"] = json!("active");
    let (status, body) = save(&app, &recruiter, job, &saved[0], &now).await;
    assert_eq!(
        (status, body["Invalid"][0]["field"].as_str(), body["Invalid"][0]["msg"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("stage:3"), Some("ErrStageKindInUse"))
    );
    // The board must keep a hired and a rejected stage, the first one in progress.
    let (status, body) = save(&app, &recruiter, job, &saved[0], &json!(&now.as_array().unwrap()[..5])).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrHiredRejectedOnce")));

    // Moved out again, the stage is removed; the timeline still names it.
    let (_, moved) =
        app.call(&manager, "recruiting/move", to(board["stages"][2]["id"].as_i64().unwrap(), moved["version"].as_i64().unwrap())).await;
    assert!(moved["id"].is_number(), "{moved}");
    let now = saved[1].as_array().unwrap().iter().filter(|s| s["id"] != task).cloned().collect::<Vec<_>>();
    let (status, again) = save(&app, &recruiter, job, &saved[0], &json!(now)).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(names(&again[1]), ["Applied", "Phone screen", "Interview", "Offer", "Hired", "Rejected"]);
    let (_, board) = app.call(&manager, "recruiting/board", json!({ "job_id": job })).await;
    assert_eq!(board["stages"].as_array().unwrap().len(), 6);
    let (status, _) = app.call(&manager, "recruiting/move", to(task, moved["version"].as_i64().unwrap())).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing moves into a removed stage");
    let (_, view) = app.call(&manager, "recruiting/candidate", json!({ "id": id })).await;
    assert!(view["timeline"].to_string().contains("과제"), "{}", view["timeline"]);
});

on_both!(the_hiring_team_decides_who_works_on_the_job_and_changes_are_audited, |app| {
    let recruiter = app.as_role(Role::Recruiter).await;
    let manager = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let job = job(&app).await;
    let s = settings(&app, &recruiter, job).await;
    let manager_id = app.person_id(demo_email(Role::Employee)).await;
    let hr_id = app.person_id(demo_email(Role::HrManager)).await;
    let contractor_id = app.person_id(demo_email(Role::Contractor)).await;
    assert_eq!(s["owner"]["email"], demo_email(Role::Recruiter));
    assert_eq!(s["team"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect::<Vec<_>>(), [manager_id]);

    // The picker offers the company's own staff, not contractors or client managers.
    let (_, found) = app.call(&recruiter, "recruiting/colleagues", json!({ "query": "DEMO.STAFFPORT" })).await;
    let emails: Vec<&str> = found.as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert!(emails.contains(&demo_email(Role::HrManager)) && emails.contains(&demo_email(Role::Employee)), "{emails:?}");
    assert!(!emails.contains(&demo_email(Role::Contractor)) && !emails.contains(&demo_email(Role::ClientManager)), "{emails:?}");
    let team = |members: Value, version: &Value| json!({ "job_id": job, "version": version, "members": members });
    let (status, body) = app.call(&recruiter, "recruiting/set_team", team(json!([contractor_id]), &s["version"])).await;
    assert_eq!((status, body["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrNotColleague")));
    assert_eq!(app.call(&manager, "recruiting/set_team", team(json!([manager_id]), &s["version"])).await.0, StatusCode::FORBIDDEN);

    // HR joins, the hiring manager leaves: access follows at once.
    assert_eq!(app.call(&hr, "recruiting/board", json!({ "job_id": job })).await.0, StatusCode::FORBIDDEN);
    let (status, next) = app.call(&recruiter, "recruiting/set_team", team(json!([hr_id, hr_id]), &s["version"])).await;
    assert_eq!(status, StatusCode::OK, "{next}");
    assert_eq!(app.call(&hr, "recruiting/board", json!({ "job_id": job })).await.0, StatusCode::OK);
    assert_eq!(app.call(&manager, "recruiting/board", json!({ "job_id": job })).await.0, StatusCode::FORBIDDEN);
    let s = settings(&app, &recruiter, job).await;
    assert_eq!((s["version"].clone(), s["team"][0]["id"].as_i64(), s["team"].as_array().unwrap().len()), (next, Some(hr_id), 1));
    assert_eq!(s["owner"]["email"], demo_email(Role::Recruiter), "the owner always stays");
    let owner_on = app
        .scalar(&format!("SELECT COUNT(*) FROM job_team t JOIN jobs j ON j.owner_id = t.person_id AND j.id = t.job_id WHERE j.id = {job}"))
        .await;
    assert_eq!(owner_on, 1);

    // Audited with who came and went; the newcomer is told.
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'job.team_changed' AND subject_id = {job} \
             AND detail LIKE '%\"added\":[{hr_id}]%' AND detail LIKE '%\"removed\":[{manager_id}]%'"
        ))
        .await;
    assert_eq!(audited, 1);
    let (_, notices) = app.call(&hr, "notifications/list", json!({})).await;
    assert_eq!(notices[0]["link"], format!("/recruiting/{job}"), "{notices}");
    assert_eq!(notices[0]["kind"], "team_added", "{notices}");
});

// A job writes to its candidates in its own language, whoever sends: the invitation and the
// rejection's subject in Russian when the job says so; in the organisation's language (here
// Korean) when it says nothing. The choice is version-checked and audited.
on_both!(a_job_writes_to_its_candidates_in_its_language, |app| {
    use crate::recruiting::add;
    const TO: &str = "canary.candidate@example.kr";
    let recruiter = app.as_role(Role::Recruiter).await;
    let job = job(&app).await;
    let s = settings(&app, &recruiter, job).await;
    assert_eq!((&s["language"], &s["org_language"]), (&Value::Null, &json!("en")));
    let set = |version: &Value, language: Value| {
        app.call(&recruiter, "recruiting/set_language", json!({ "job_id": job, "version": version, "language": language }))
    };
    let outsider = app.as_role(Role::Contractor).await;
    let (status, _) =
        app.call(&outsider, "recruiting/set_language", json!({ "job_id": job, "version": s["version"], "language": "ru" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, version) = set(&s["version"], json!("ru")).await;
    assert_eq!(status, StatusCode::OK, "{version}");
    assert_eq!(set(&s["version"], json!("ko")).await.0, StatusCode::CONFLICT, "a save over a newer one is refused");
    assert_eq!(set(&version, json!("de")).await.0, StatusCode::BAD_REQUEST, "only a language the product speaks");
    assert_eq!(settings(&app, &recruiter, job).await["language"], "ru");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'job.language_changed' AND subject_id = {job}")).await,
        1
    );

    let invite = |id: i64| {
        let input =
            json!({ "candidate_id": id, "kind": "coffee_chat", "place": "Café Namu", "slots": ["2026-12-04T15:30"], "channel": "email" });
        app.call(&recruiter, "recruiting/invite", json!({ "input": input }))
    };
    let first = add(&app, &recruiter, job, "Lee Russian").await;
    assert_eq!(invite(first).await.0, StatusCode::OK);
    let mail = app.mail.wait_for_text(TO, "Lee Russian").await;
    assert!(mail.body.contains("Здравствуйте, Lee Russian!") && mail.body.contains("по вакансии"), "{}", mail.body);
    assert!(mail.subject.contains("приглашение"), "{}", mail.subject);
    let message = "Спасибо за интерес к вакансии.";
    let reject = json!({ "input": { "ids": [first], "action": { "action": "reject", "reason": "experience", "message": message } } });
    assert_eq!(app.call(&recruiter, "recruiting/bulk", reject).await.0, StatusCode::OK);
    let mail = app.mail.wait_for_text(TO, message).await;
    assert!(mail.subject.contains("ваш отклик на вакансию"), "{}", mail.subject);

    // Back to the organisation's language, which is Korean now.
    let (status, _) = set(&version, Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("UPDATE organisations SET default_locale = 'ko'").execute(&app.backend.db.pool).await.unwrap();
    let s = settings(&app, &recruiter, job).await;
    assert_eq!((&s["language"], &s["org_language"]), (&Value::Null, &json!("ko")));
    let second = add(&app, &recruiter, job, "Kim Korean").await;
    assert_eq!(invite(second).await.0, StatusCode::OK);
    let mail = app.mail.wait_for_text(TO, "Kim Korean").await;
    assert!(mail.body.contains("Kim Korean 님, 안녕하세요.") && mail.subject.contains("초대"), "{} {}", mail.subject, mail.body);
});

// A stage removed while a card moves into it: one of the two wins, never both (before, on
// PostgreSQL, the card could land in the stage as it was removed and vanish from the board).
on_both!(a_stage_removed_while_a_card_moves_into_it_is_one_or_the_other, |app| {
    let (recruiter, mover) = (app.as_role(Role::Recruiter).await, app.as_role(Role::Recruiter).await);
    let job = job(&app).await;
    let mut outcomes = std::collections::BTreeSet::new();
    for round in 0..20 {
        let s = settings(&app, &recruiter, job).await;
        let mut stages = s["stages"].clone();
        let name = format!("Race {round}");
        stages.as_array_mut().unwrap().insert(1, json!({ "id": null, "name": { "en": name, "ko": "", "ru": "" }, "kind": "active" }));
        let (status, saved) = save(&app, &recruiter, job, &s["version"], &stages).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let race = saved[1][1]["id"].as_i64().unwrap();
        let without = json!(saved[1].as_array().unwrap().iter().filter(|x| x["id"] != race).cloned().collect::<Vec<Value>>());
        let (_, board) = app.call(&mover, "recruiting/board", json!({ "job_id": job })).await;
        let card = board["cards"].as_array().unwrap().iter().find(|c| c["stage_id"] == saved[1][0]["id"]).unwrap().clone();
        let body = json!({ "input": { "candidate_id": card["id"], "version": card["version"], "to_stage_id": race, "after_id": null, "before_id": null } });
        let ((moved, _), (removed, _)) =
            tokio::join!(app.call(&mover, "recruiting/move", body), save(&app, &recruiter, job, &saved[0], &without));
        outcomes.insert((moved, removed));
        assert!(
            [(StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY), (StatusCode::NOT_FOUND, StatusCode::OK)].contains(&(moved, removed)),
            "round {round}: move {moved}, removal {removed}"
        );
        let lost = app.scalar("SELECT COUNT(*) FROM candidates c JOIN job_stages s ON s.id = c.stage_id WHERE s.removed = 1").await;
        assert_eq!(lost, 0, "round {round}: a card in a removed stage");
        if moved == StatusCode::OK {
            // Back to the first stage for the next round.
            let (_, board) = app.call(&mover, "recruiting/board", json!({ "job_id": job })).await;
            let card = board["cards"].as_array().unwrap().iter().find(|c| c["id"] == card["id"]).unwrap().clone();
            let back = json!({ "input": { "candidate_id": card["id"], "version": card["version"], "to_stage_id": saved[1][0]["id"], "after_id": null, "before_id": null } });
            assert_eq!(app.call(&mover, "recruiting/move", back).await.0, StatusCode::OK);
            // And the stage goes, so the rounds never reach the job's limit of stages.
            let now = settings(&app, &recruiter, job).await;
            let left = json!(now["stages"].as_array().unwrap().iter().filter(|x| x["id"] != race).cloned().collect::<Vec<Value>>());
            let (status, body) = save(&app, &recruiter, job, &now["version"], &left).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
    eprintln!("race outcomes (move, removal): {outcomes:?}");
});
