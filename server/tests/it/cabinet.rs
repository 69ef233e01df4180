//! The employee cabinet through the server functions: requests through their approval chains
//! and their effects, leave balances and the team calendar, protected personal data sealed at
//! rest and revealed only with an audit row — on SQLite and PostgreSQL.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;

pub(crate) async fn file(app: &TestApp, who: &Client, code: &str, answers: Value) -> (StatusCode, Value) {
    app.call(who, "cabinet/submit_request", json!({ "input": { "type_code": code, "answers": answers } })).await
}

pub(crate) async fn decide(app: &TestApp, who: &Client, id: i64, action: &str, comment: &str) -> (StatusCode, Value) {
    let version = app.scalar(&format!("SELECT version FROM requests WHERE id = {id}")).await;
    app.call(
        who,
        "cabinet/decide_request",
        json!({ "decision": { "request_id": id, "version": version, "action": action, "comment": comment } }),
    )
    .await
}

async fn balance(app: &TestApp, who: &Client, person: i64) -> i64 {
    let (status, b) = app.call(who, "cabinet/leave_balance", json!({ "person_id": person })).await;
    assert_eq!(status, StatusCode::OK, "{b}");
    b["balance"].as_i64().unwrap()
}

on_both!(a_vacation_goes_manager_then_hr_takes_the_days_and_shows_in_the_calendar, |app| {
    let employee = app.as_role(Role::Employee).await;
    let manager = app.as_role(Role::Admin).await;
    let hr = app.as_role(Role::HrManager).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let before = balance(&app, &employee, me).await;
    assert!((1500..=2500).contains(&before), "employed since March 2023 under the Korean policy, this year's grant: {before}");
    let (_, full) = app.call(&employee, "cabinet/leave_balance", json!({ "person_id": me })).await;
    let (granted, expired) = (full["granted"].as_i64().unwrap(), full["expired"].as_i64().unwrap());
    assert!(expired >= 1100 + 1500, "the first years' unused leave lapsed: {full}");
    assert_eq!(before, granted - expired, "nothing taken yet");
    assert!(full["history"].as_array().unwrap().iter().any(|l| l["reason"] == "expired"));

    let (status, body) = file(&app, &employee, "vacation", json!({ "dates": "2027-01-01/2027-12-31" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["Invalid"][0]["msg"], "ErrNotEnoughLeave");
    // Monday to Friday: five working days.
    let (status, id) = file(&app, &employee, "vacation", json!({ "dates": "2026-12-07/2026-12-11", "comment": "가족 여행" })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();

    let (_, inbox) = app.call(&manager, "cabinet/inbox", json!({})).await;
    let line = inbox.as_array().unwrap().iter().find(|r| r["id"] == id).expect("in the line manager's inbox").clone();
    assert!(line["due_at"].as_i64().unwrap() > line["created_at"].as_i64().unwrap(), "48 hours to decide: {line}");
    let (_, counts) = app.call(&manager, "cabinet/inbox_counts", json!({})).await;
    assert_eq!(counts["requests"], 1, "{counts}");
    let (_, counts) = app.call(&employee, "cabinet/inbox_counts", json!({})).await;
    assert_eq!((counts["requests"].as_i64(), counts["documents"].as_i64()), (Some(0), Some(1)), "the demo policy waits for a signature");
    let (_, hr_inbox) = app.call(&hr, "cabinet/inbox", json!({})).await;
    assert!(!hr_inbox.as_array().unwrap().iter().any(|r| r["id"] == id), "HR waits for the manager");
    assert_eq!(decide(&app, &hr, id, "approve", "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(decide(&app, &manager, id, "approve", "").await.0, StatusCode::OK);
    assert_eq!(decide(&app, &hr, id, "approve", "").await.0, StatusCode::OK);

    assert_eq!(balance(&app, &employee, me).await, before - 500, "five days taken");
    // Unpaid leave marks the calendar but leaves the balance alone.
    let (status, unpaid) = file(&app, &employee, "vacation", json!({ "dates": "2027-01-01/2027-12-31", "kind": "unpaid" })).await;
    assert_eq!(status, StatusCode::OK, "no balance needed: {unpaid}");
    let unpaid = unpaid.as_i64().unwrap();
    assert_eq!(decide(&app, &manager, unpaid, "approve", "").await.0, StatusCode::OK);
    assert_eq!(decide(&app, &hr, unpaid, "approve", "").await.0, StatusCode::OK);
    assert_eq!(balance(&app, &employee, me).await, before - 500);
    let (_, january) = app.call(&hr, "cabinet/calendar", json!({ "month": "2027-01" })).await;
    assert_eq!(january[0]["kind"], "unpaid", "{january}");

    // The annual schedule: the line manager approves planned dates; the calendar shows them as
    // planned and the balance is untouched until the vacation itself is requested.
    let (status, plan) = file(&app, &employee, "vacation_plan", json!({ "dates": "2027-08-02/2027-08-13" })).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    let plan = plan.as_i64().unwrap();
    assert_eq!(decide(&app, &hr, plan, "approve", "").await.0, StatusCode::FORBIDDEN, "the line manager's");
    assert_eq!(decide(&app, &manager, plan, "approve", "").await.0, StatusCode::OK);
    let (_, august) = app.call(&manager, "cabinet/calendar", json!({ "month": "2027-08" })).await;
    let planned = august.as_array().unwrap().iter().find(|a| a["kind"] == "planned").expect("planned in August").clone();
    assert_eq!(planned["starts_on"], "2027-08-02", "{august}");
    assert_eq!(balance(&app, &employee, me).await, before - 500);
    for who in [&employee, &manager, &hr] {
        let (status, calendar) = app.call(who, "cabinet/calendar", json!({ "month": "2026-12" })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(calendar.as_array().unwrap().len(), 1, "{calendar}");
        assert_eq!(calendar[0]["starts_on"], "2026-12-07");
    }
    let recruiter = app.as_role(Role::Recruiter).await;
    let (_, calendar) = app.call(&recruiter, "cabinet/calendar", json!({ "month": "2026-12" })).await;
    assert_eq!(calendar, json!([]), "not their team");
    let (status, _) = app.call(&recruiter, "cabinet/leave_balance", json!({ "person_id": me })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, view) = app.call(&employee, "cabinet/request", json!({ "id": id })).await;
    assert_eq!(view["status"], "approved");
    let actions: Vec<&str> = view["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["submit", "approve", "approve"]);
});

on_both!(simultaneous_approvals_of_one_request_step_make_one_transition, |app| {
    let employee = app.as_role(Role::Employee).await;
    let manager = app.as_role(Role::Admin).await;
    let (_, id) = file(&app, &employee, "business_trip", json!({ "destination": "Владивосток", "dates": "2026-12-14/2026-12-16" })).await;
    let id = id.as_i64().unwrap();
    let url = app.url("/api/cabinet/decide_request");
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (who, url) = (manager.clone(), url.clone());
        let body = json!({ "decision": { "request_id": id, "version": 2, "action": "approve", "comment": "" } });
        calls.spawn(async move { who.post(url).json(&body).send().await.expect("decide").status().as_u16() });
    }
    let statuses = calls.join_all().await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 19, "{statuses:?}");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM approval_transitions WHERE subject_type = 'request' AND subject_id = {id}")).await,
        2
    );
});

on_both!(bank_details_change_through_hr_and_personal_data_stays_sealed, |app| {
    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let account = "110-987-6543210";
    let (status, id) = file(&app, &employee, "bank_details", json!({ "bank_name": "KB국민은행", "bank_account": account })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    assert_eq!(decide(&app, &hr, id, "approve", "").await.0, StatusCode::OK);

    let (_, masked) = app.call(&employee, "cabinet/protected", json!({ "person_id": me })).await;
    let bank = masked.as_array().unwrap().iter().find(|f| f["key"] == "bank_account").unwrap().clone();
    assert_eq!(bank["masked"], "•••• 3210", "masked until revealed: {masked}");
    assert!(!masked.to_string().contains(account));

    // Revealing writes the audit row first; others cannot reveal at all.
    let audits = || app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.personal_data_revealed'");
    let before = audits().await;
    let (status, plain) = app.call(&hr, "cabinet/reveal", json!({ "person_id": me, "field": "bank_account" })).await;
    assert_eq!((status, plain), (StatusCode::OK, json!(account)));
    assert_eq!(audits().await, before + 1);
    let contractor = app.as_role(Role::Contractor).await;
    let (status, body) = app.call(&contractor, "cabinet/reveal", json!({ "person_id": me, "field": "bank_account" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(audits().await, before + 1, "a refused reveal reveals nothing");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.bank_details_changed'").await, 1);

    // Planted values appear nowhere in plain text: not in the database file, not in any row.
    let passport = "M98765432";
    let mut tx = app.backend.db.begin_write().await.unwrap(); // as the app writes: BEGIN IMMEDIATE on SQLite
    let planted = [("passport_no".to_string(), passport.to_string())].into_iter().collect();
    app::backend::cabinet::secrets::update(&mut tx, &app.backend, 1, me, &planted).await.unwrap();
    tx.commit().await.unwrap();
    let (_, revealed) = app.call(&employee, "cabinet/reveal", json!({ "person_id": me, "field": "passport_no" })).await;
    assert_eq!(revealed, json!(passport), "the person sees their own");
    assert_no_plaintext(&app, &[passport, account, "1109876543210", "900101-2345678"]).await;
});

/// Scans the whole database for each needle: the SQLite file and its WAL byte by byte, or every
/// row of every table as text on PostgreSQL.
async fn assert_no_plaintext(app: &TestApp, needles: &[&str]) {
    let url = &app.backend.config.database_url;
    let mut haystacks: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(path) = url.strip_prefix("sqlite://").and_then(|p| p.split('?').next()) {
        sqlx::query("PRAGMA wal_checkpoint(FULL)").execute(&app.backend.db.pool).await.unwrap();
        for suffix in ["", "-wal"] {
            if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
                haystacks.push((format!("{path}{suffix}"), bytes));
            }
        }
        assert!(!haystacks.is_empty());
    } else {
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'")
                .fetch_all(&app.backend.db.pool)
                .await
                .unwrap();
        for table in tables {
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT row_to_json(t)::text FROM {table} t")).fetch_all(&app.backend.db.pool).await.unwrap();
            haystacks.push((table, rows.join("\n").into_bytes()));
        }
    }
    for needle in needles {
        for (name, bytes) in &haystacks {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} found in plain text in {name}");
        }
    }
}

on_both!(documents_are_signed_per_version_with_the_password_and_hr_sees_who_has_not, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let department = app.scalar(&format!("SELECT department_id FROM people WHERE id = {me}")).await;
    let publish = |document_id: Value, body: &str| {
        json!({ "input": { "document_id": document_id, "title": "근무 규칙 / Work rules", "kind": "regulation", "body": body,
            "audience": { "department_ids": [department] } } })
    };
    let (status, id) = app.call(&hr, "documents/publish", publish(Value::Null, "Rule one.")).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    // Its audience is told; nobody outside it, nor the publisher.
    let told = |email: &str| {
        format!(
            "SELECT COUNT(*) FROM notifications n JOIN people p ON p.id = n.person_id \
             WHERE n.kind = 'document_published' AND n.link = '/documents' AND p.email = '{email}'"
        )
    };
    assert_eq!(app.scalar(&told(demo_email(Role::Employee))).await, 1);
    assert_eq!(app.scalar(&told(demo_email(Role::Contractor))).await, 0);
    assert_eq!(app.scalar(&told(demo_email(Role::HrManager))).await, 0);
    let in_department = app.scalar(&format!("SELECT COUNT(*) FROM people WHERE department_id = {department} AND status = 'active'")).await;
    let hr_there = app
        .scalar(&format!("SELECT COUNT(*) FROM people WHERE department_id = {department} AND email = '{}'", demo_email(Role::HrManager)))
        .await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'document_published'").await, in_department - hr_there);

    let (_, mine) = app.call(&employee, "documents/mine", json!({})).await;
    let doc = mine.as_array().unwrap().iter().find(|d| d["id"] == id).expect("addressed to the department").clone();
    assert_eq!(doc["signed_at"], Value::Null);
    assert_eq!(doc["sha256"], "62fcd3c8991d29cd7e285dc621ebaa96c3852411cb15bf402918439ad234f6c7");
    let version = doc["version_id"].as_i64().unwrap();

    // Outside the audience: another department's person cannot read or sign it.
    let contractor = app.as_role(Role::Contractor).await;
    assert_eq!(app.call(&contractor, "documents/get", json!({ "id": id })).await.0, StatusCode::FORBIDDEN);
    let sign = |password: &str| json!({ "version_id": version, "password": password });
    assert_eq!(app.call(&contractor, "documents/sign", sign(app::backend::demo::DEMO_PASSWORD)).await.0, StatusCode::FORBIDDEN);

    let (status, body) = app.call(&employee, "documents/sign", sign("not my password")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(app.call(&employee, "documents/sign", sign(app::backend::demo::DEMO_PASSWORD)).await.0, StatusCode::OK);
    let stored: (String, Option<String>) =
        sqlx::query_as(&format!("SELECT sha256, client_addr FROM signatures WHERE person_id = {me} AND document_version_id = {version}"))
            .fetch_one(&app.backend.db.pool)
            .await
            .unwrap();
    assert_eq!(stored.0, "62fcd3c8991d29cd7e285dc621ebaa96c3852411cb15bf402918439ad234f6c7", "the signed version's hash is kept");
    assert_eq!(stored.1.as_deref(), Some("127.0.0.1"));

    let (_, status_now) = app.call(&hr, "documents/status", json!({ "id": id })).await;
    let people = status_now["people"].as_array().unwrap();
    assert!(people.iter().any(|p| p[0] == me && p[3].is_i64()), "{status_now}");
    let unsigned = people.iter().filter(|p| p[3].is_null()).count();
    let (_, reminded) = app.call(&hr, "documents/remind", json!({ "id": id })).await;
    assert_eq!(reminded, unsigned, "everyone who has not signed is reminded");

    // A new version needs a new signature.
    assert_eq!(app.call(&hr, "documents/publish", publish(json!(id), "Rule one. Rule two.")).await.0, StatusCode::OK);
    let (_, doc) = app.call(&employee, "documents/get", json!({ "id": id })).await;
    assert_eq!(
        (doc["number"].as_i64(), &doc["signed_at"], doc["sha256"].as_str()),
        (Some(2), &Value::Null, Some("9ef1eff643dd796c278f66861dade498df9405b2b2d9cb346838030d71c610b7"))
    );
    let (status, _) = app.call(&employee, "documents/sign", sign(app::backend::demo::DEMO_PASSWORD)).await;
    assert_eq!(status, StatusCode::CONFLICT, "the old version cannot be signed any more");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'document.signed'").await, 1);
    // Signatures are append-only.
    assert!(sqlx::query("DELETE FROM signatures").execute(&app.backend.db.pool).await.is_err());
});

on_both!(an_approved_certificate_request_yields_a_pdf_with_the_name_in_its_script, |app| {
    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let (status, id) = file(&app, &employee, "employment_certificate", json!({ "purpose": "visa", "copies": "2" })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    assert_eq!(decide(&app, &hr, id.as_i64().unwrap(), "approve", "").await.0, StatusCode::OK);
    let (_, list) = app.call(&employee, "certificates/mine", json!({})).await;
    let cert = list[0].clone();
    let number = cert["number"].as_str().unwrap().to_string();
    let pdf = employee.get(app.url(&format!("/certificates/{}", cert["id"]))).send().await.unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    let path = std::env::temp_dir().join(format!("staffport-{number}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is installed by scripts/test");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Орлова Мария"), "the name in Cyrillic: {text}");
    assert!(text.contains(&number), "{text}");
    // The holder has no language of their own: the organisation's (Korean), beside English.
    assert!(text.contains("비자 신청용 / Visa") && !text.contains(": visa"), "the purpose in words, never its code: {text}");
    let _ = std::fs::remove_file(path);

    // Anyone can check the number; only the owner and HR can download it.
    let (status, check) = app.call(&crate::common::harness::client(), "certificates/verify", json!({ "number": number })).await;
    assert_eq!(status, StatusCode::OK, "{check}");
    assert_eq!(check["person"], "Мария Орлова");
    let recruiter = app.as_role(Role::Recruiter).await;
    let other = recruiter.get(app.url(&format!("/certificates/{}", cert["id"]))).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
});

/// A seal as administrators scan one: a red disc on a transparent square.
fn seal_png() -> Vec<u8> {
    let side = 48u32;
    let pixels: Vec<u8> = (0..side * side)
        .flat_map(|i| {
            let (x, y) = ((i % side) as i32 - 24, (i / side) as i32 - 24);
            if x * x + y * y < 22 * 22 {
                [200, 20, 20, 255]
            } else {
                [0, 0, 0, 0]
            }
        })
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, side, side);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().unwrap().write_image_data(&pixels).unwrap();
    bytes
}

fn read_with(program: &str, args: &[&str]) -> String {
    let out =
        std::process::Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} (scripts/test installs it): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// A certificate is laid out as a company document: the letterhead an administrator set
// (address, signer, a transparent seal), the statement and the date of issue, and a QR code
// that scans as the address of its public check.
on_both!(a_certificate_carries_its_letterhead_seal_and_a_qr_code_of_its_check, |app| {
    let admin = app.as_role(Role::Admin).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let entity = app.scalar(&format!("SELECT legal_entity_id FROM people WHERE id = {me}")).await;
    let version = app.scalar(&format!("SELECT version FROM legal_entities WHERE id = {entity}")).await;
    let upload: Value =
        admin.post(app.url("/files?purpose=seal&name=seal.png")).body(seal_png()).send().await.unwrap().json().await.unwrap();
    let refused = admin.post(app.url("/files?purpose=seal&name=seal.jpg")).body(&b"\xFF\xD8\xFF\xE0 a photo"[..]).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "a seal is a PNG");
    let letterhead = |version: i64, address: &str| {
        json!({ "letterhead": { "legal_entity_id": entity, "version": version, "address": address, "signer_title": "대표이사",
            "signer_name": "김하늘", "seal": { "replace": upload["id"] } } })
    };
    let (status, body) = app.call(&admin, "org/save_letterhead", letterhead(version, "서울특별시 중구\n세종대로 110")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an address is one line: {body}");
    let (status, _) = app.call(&admin, "org/save_letterhead", letterhead(version - 1, "서울특별시 중구 세종대로 110")).await;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");
    let (status, body) = app.call(&admin, "org/save_letterhead", letterhead(version, "서울특별시 중구 세종대로 110")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!(version + 1));
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM files WHERE id = {}", upload["id"])).await, 0, "the upload moved into the entity");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.letterhead_changed'").await, 1);

    let employee = app.as_role(Role::Employee).await;
    let hr = app.as_role(Role::HrManager).await;
    let (status, id) = file(&app, &employee, "employment_certificate", json!({ "purpose": "visa", "copies": "1" })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    assert_eq!(decide(&app, &hr, id.as_i64().unwrap(), "approve", "").await.0, StatusCode::OK);
    let (_, list) = app.call(&employee, "certificates/mine", json!({})).await;
    let number = list[0]["number"].as_str().unwrap().to_string();
    let bytes = employee.get(app.url(&format!("/certificates/{}", list[0]["id"]))).send().await.unwrap().bytes().await.unwrap();
    let dir = std::env::temp_dir().join(format!("staffport-letterhead-{number}"));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("certificate.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let pdf = pdf.to_str().unwrap();

    let text = read_with("pdftotext", &["-layout", pdf, "-"]);
    for expected in ["서울특별시 중구 세종대로 110", "대표이사 김하늘", "위 사실을 증명합니다.", "발급일 / Date of issue", &number]
    {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    let images = read_with("pdfimages", &["-list", pdf]);
    assert!(images.lines().any(|l| l.contains(" image ") && l.contains(" 48 ")), "the seal: {images}");
    assert!(images.lines().any(|l| l.contains(" smask ")), "its transparency: {images}");
    let page = dir.join("page");
    read_with("pdftoppm", &["-r", "150", "-png", "-singlefile", pdf, page.to_str().unwrap()]);
    let scanned = read_with("zbarimg", &["--raw", "-q", dir.join("page.png").to_str().unwrap()]);
    assert_eq!(scanned.trim(), app.backend.config.link(&format!("/verify/{number}")), "the QR code leads to the check");
    let _ = std::fs::remove_dir_all(dir);
});

on_both!(hr_sends_to_dos_to_a_group_and_people_mark_them_done, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let employee = app.as_role(Role::Employee).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let department = app.scalar(&format!("SELECT department_id FROM people WHERE id = {me}")).await;
    let input = json!({ "kind": "todo", "title": "Fire drill", "body": "Read the evacuation plan.", "audience": { "department_ids": [department] },
        "due_on": "2026-12-01" });
    let (status, id) = app.call(&hr, "announcements/publish", json!({ "input": input })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, mine) = app.call(&employee, "announcements/mine", json!({})).await;
    assert!(mine.as_array().unwrap().iter().any(|a| a["id"] == id && a["due_on"] == "2026-12-01"), "{mine}");
    // The group is told, with the due day; someone outside it is not.
    let (_, notices) = app.call(&employee, "notifications/list", json!({})).await;
    let todo = notices.as_array().unwrap().iter().find(|n| n["kind"] == "posted").expect("told").clone();
    assert_eq!(todo["text"], "New to-do for you: “Fire drill”, by Dec 1, 2026.", "{todo}");
    let contractor_id = app.person_id(demo_email(Role::Contractor)).await;
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM notifications WHERE kind = 'posted' AND person_id = {contractor_id}")).await, 0);
    let (_, before) = app.call(&employee, "cabinet/inbox_counts", json!({})).await;
    assert_eq!(app.call(&employee, "announcements/done", json!({ "id": id })).await.0, StatusCode::OK);
    let (_, after) = app.call(&employee, "cabinet/inbox_counts", json!({})).await;
    assert_eq!(after["todos"].as_i64().unwrap(), before["todos"].as_i64().unwrap() - 1);
    let contractor = app.as_role(Role::Contractor).await;
    let (_, theirs) = app.call(&contractor, "announcements/mine", json!({})).await;
    assert!(!theirs.as_array().unwrap().iter().any(|a| a["id"] == id), "not addressed to them");
    assert_eq!(app.call(&contractor, "announcements/done", json!({ "id": id })).await.0, StatusCode::NOT_FOUND);
});

on_both!(one_person_decides_one_step_of_a_request, |app| {
    let employee = app.as_role(Role::Employee).await;
    let admin = app.as_role(Role::Admin).await; // the employee's line manager
    let hr = app.as_role(Role::HrManager).await;
    // The line manager also holds HR's role (set directly: nobody may grant it to themselves).
    let admin_id = app.person_id(demo_email(Role::Admin)).await;
    app.scalar(&format!("INSERT INTO person_roles (org_id, person_id, role) SELECT org_id, id, 'hr_manager' FROM people WHERE id = {admin_id} RETURNING person_id")).await;
    let (status, id) = file(&app, &employee, "vacation", json!({ "dates": "2026-12-07/2026-12-08" })).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();
    assert_eq!(decide(&app, &admin, id, "approve", "").await.0, StatusCode::OK, "the line manager's step");
    let (status, body) = decide(&app, &admin, id, "approve", "").await;
    assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("SecondStep")), "not HR's step as well");
    assert_eq!(decide(&app, &hr, id, "approve", "").await.0, StatusCode::OK);
});

on_both!(the_team_calendar_shows_the_department_not_only_reports, |app| {
    let employee = app.as_role(Role::Employee).await;
    let me = app.person_id(demo_email(Role::Employee)).await;
    let my_department = format!("(SELECT department_id FROM people WHERE id = {me})");
    let colleague = app
        .scalar(&format!(
            "SELECT id FROM people WHERE department_id = {my_department} AND id <> {me} AND (manager_id IS NULL OR manager_id <> {me}) ORDER BY id LIMIT 1"
        ))
        .await;
    let elsewhere = app
        .scalar(&format!(
            "SELECT id FROM people WHERE department_id <> {my_department} AND (manager_id IS NULL OR manager_id NOT IN ({me}, \
             (SELECT manager_id FROM people WHERE id = {me}))) ORDER BY id LIMIT 1"
        ))
        .await;
    for person in [colleague, elsewhere] {
        sqlx::query("INSERT INTO absences (org_id, person_id, kind, starts_on, ends_on, created_at) SELECT org_id, id, 'vacation', '2027-03-08', '2027-03-09', 0 FROM people WHERE id = $1")
            .bind(person)
            .execute(&app.backend.db.pool)
            .await
            .unwrap();
    }
    let (status, march) = app.call(&employee, "cabinet/calendar", json!({ "month": "2027-03" })).await;
    assert_eq!(status, StatusCode::OK, "{march}");
    let shown: Vec<i64> = march.as_array().unwrap().iter().filter_map(|a| a["person_id"].as_i64()).collect();
    assert!(shown.contains(&colleague), "a department colleague is on the calendar: {march}");
    assert!(!shown.contains(&elsewhere), "someone from another department is not: {march}");
});
