//! Importing people from payroll exports as they really are (server/tests/fixtures/import,
//! written by make_fixtures.py): a 1C:ZUP list in CP1251, a Douzone register in EUC-KR, the
//! template as XLSX. The dry run's counts and each row's problems, applying (twice: the second
//! time changes nothing), full imports deactivating and signing out leavers, dismissal dates,
//! and a run killed part-way then finished by a rerun.
use crate::common::harness::{demo_email, TestApp};
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use shared::Role;
use std::collections::BTreeMap;
use std::time::Duration;

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// Uploads a file for a dry run; the run's id, or the refusal.
pub(crate) async fn check(app: &TestApp, who: &Client, name: &str, bytes: Vec<u8>, query: &str) -> (StatusCode, Value) {
    let res = who.post(app.url(&format!("/import/check?name={name}&{query}"))).body(bytes).send().await.expect("upload");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn dry_run(app: &TestApp, who: &Client, name: &str, query: &str) -> (i64, Value) {
    let (status, body) = check(app, who, name, fixture(name), query).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let run = body["run_id"].as_i64().expect("run id");
    (run, report(app, who, run).await)
}

pub(crate) async fn report(app: &TestApp, who: &Client, run: i64) -> Value {
    let (status, report) = app.call(who, "import/report", json!({ "run_id": run, "filter": null })).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    report
}

/// Applies a run and waits until it is no longer applying; its report then.
pub(crate) async fn apply(app: &TestApp, who: &Client, run: i64, on_errors: &str) -> Value {
    let (status, body) = app.call(who, "import/apply", json!({ "run_id": run, "on_errors": on_errors })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for _ in 0..600 {
        let r = report(app, who, run).await;
        if r["run"]["status"] != "applying" {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("run {run} never finished");
}

/// line → (outcome, [(column, problem)]) of a report.
pub(crate) fn rows(report: &Value) -> BTreeMap<u64, (String, Vec<(String, String)>)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let problems = r["problems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["column"].as_str().unwrap().into(), p["problem"].as_str().unwrap().into()))
                .collect();
            (r["line"].as_u64().unwrap(), (r["outcome"].as_str().unwrap().to_string(), problems))
        })
        .collect()
}

fn counts(report: &Value) -> [u64; 6] {
    let c = &report["run"]["counts"];
    ["created", "updated", "unchanged", "deactivated", "errors", "departments_created"].map(|k| c[k].as_u64().unwrap())
}

pub(crate) fn problem(column: &str, problem: &str) -> Vec<(String, String)> {
    vec![(column.to_string(), problem.to_string())]
}

const ONEC: &str = "onec_employees_cp1251.csv";

on_both!(a_1c_export_in_cp1251_is_checked_row_by_row, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let people_before = app.scalar("SELECT COUNT(*) FROM people").await;
    let (_, report) = dry_run(&app, &hr, ONEC, "preset=1c_zup").await;
    // created, updated, unchanged, deactivated, errors, new departments
    assert_eq!(counts(&report), [3, 0, 1, 0, 8, 0], "{report}");
    let rows = rows(&report);
    let expected: BTreeMap<u64, (String, Vec<(String, String)>)> = [
        (5, ("create", vec![])),
        // A quoted position with a line break: the row starts on line 6.
        (6, ("create", vec![])),
        (8, ("error", problem("Подразделение", "unknown_department"))),
        (9, ("error", problem("Дата приема", "impossible_date"))),
        (10, ("create", vec![])),
        (11, ("error", problem("Табельный номер", "missing_value"))),
        (12, ("error", problem("Email", "malformed_email"))),
        (13, ("error", problem("Табельный номер", "duplicate_key"))),
        (14, ("error", problem("Табельный номер", "duplicate_key"))),
        (15, ("error", problem("Руководитель (таб. №)", "unknown_manager"))),
        (18, ("error", problem("ФИО", "name_unsplittable"))),
    ]
    .into_iter()
    .map(|(line, (outcome, problems))| (line, (outcome.to_string(), problems)))
    .collect();
    assert_eq!(rows, expected, "{report}");
    // Nothing was written but the run.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people").await, people_before);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM import_runs WHERE status = 'dry_run'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'import.checked'").await, 1);
    // The report reads in Korean, with the file's own column names.
    let csv = hr
        .get(app.url(&format!("/exports/import/{}/report.csv", report["run"]["id"])))
        .header("accept-language", "ko")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.contains("Дата приема: 올바른 날짜가 아닙니다."), "{text}");
    // The sealed SNILS of line 5 is in no report.
    assert!(!text.contains("123-456-789") && !report.to_string().contains("123-456-789"));
});

on_both!(a_douzone_register_and_an_xlsx_template_read_with_their_own_headers, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let (_, report) = dry_run(&app, &hr, "douzone_register_euckr.csv", "preset=douzone").await;
    assert_eq!(counts(&report), [3, 0, 0, 0, 5, 0], "{report}");
    let rows = rows(&report);
    assert_eq!(rows[&4].1, problem("부서명", "unknown_department"));
    assert_eq!(rows[&6].1, problem("입사일자", "impossible_date"));
    assert_eq!(rows[&7].1, problem("회사명", "unknown_legal_entity"));
    assert_eq!(rows[&8].1, problem("퇴사일자", "dismissed_before_hired"));
    assert_eq!(rows[&9].1, problem("고용형태", "unknown_kind"));
    let (run, _) = dry_run(&app, &hr, "douzone_register_euckr.csv", "preset=douzone").await;
    let applied = apply(&app, &hr, run, "skip").await;
    assert_eq!(applied["run"]["status"], "applied", "{applied}");
    let db = &app;
    let person = |no: &str| {
        let sql = format!("SELECT family_name || '|' || given_name || '|' || COALESCE(phone, '') || '|' || COALESCE(hire_date, '') FROM people WHERE personnel_no = '{no}'");
        async move { db.scalar_text(&sql).await }
    };
    assert_eq!(person("K-1001").await, "홍|길동|+821012345678|2021-03-02");
    assert_eq!(person("K-1002").await, "남궁|민수|+821022223333|2024-01-15");
    // An Excel day number and an international number.
    assert_eq!(person("K-1004").await, "박|서준|+821099990000|2024-03-15");
    let contractor = app.scalar("SELECT COUNT(*) FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.personnel_no = 'K-1002' AND r.role = 'contractor'").await;
    assert_eq!(contractor, 1, "계약직 is a contractor");

    // XLSX: the first sheet, or the one chosen.
    let (_, report) = dry_run(&app, &hr, "template_ru.xlsx", "").await;
    assert_eq!(counts(&report), [2, 0, 0, 0, 0, 0], "{report}");
    let (_, other) = dry_run(&app, &hr, "template_ru.xlsx", "sheet=%D0%90%D1%80%D1%85%D0%B8%D0%B2").await;
    assert_eq!(counts(&other), [1, 0, 0, 0, 0, 0], "{other}");
    let (status, body) = check(&app, &hr, "template_ru.xlsx", fixture("template_ru.xlsx"), "sheet=Nope").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let run = report["run"]["id"].as_i64().unwrap();
    apply(&app, &hr, run, "skip").await;
    assert_eq!(
        app.scalar_text("SELECT family_name || ' ' || given_name || ' ' || patronymic || ' ' || hire_date || ' ' || locale FROM people WHERE personnel_no = '2001'").await,
        "Смирнова Елена Павловна 2023-04-03 ru"
    );
    assert_eq!(app.scalar_text("SELECT locale FROM people WHERE personnel_no = '2002'").await, "en");

    // A file without the key column: nothing can be applied, whatever the choice.
    let (run, report) = dry_run(&app, &hr, "missing_key_column.csv", "").await;
    assert_eq!(report["rows"][0]["problems"][0]["problem"], "missing_column", "{report}");
    assert_eq!(report["rows"][0]["problems"][0]["field"], "personnel_no");
    let refused = apply(&app, &hr, run, "skip").await;
    assert_eq!(refused["run"]["status"], "failed");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE email = 'jane@example.com'").await, 0);
});

on_both!(applying_twice_changes_nothing_the_second_time, |app| {
    let hr = app.as_role(Role::HrManager).await;
    // Refused while any row has a problem: nothing written.
    let (run, _) = dry_run(&app, &hr, ONEC, "preset=1c_zup&create_units=true").await;
    let refused = apply(&app, &hr, run, "refuse").await;
    assert_eq!(refused["run"]["status"], "failed");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no IS NOT NULL").await, 0);

    let (run, first) = dry_run(&app, &hr, ONEC, "preset=1c_zup&create_units=true").await;
    assert_eq!(counts(&first), [4, 0, 1, 0, 7, 1], "the warehouse department is created: {first}");
    let applied = apply(&app, &hr, run, "skip").await;
    assert_eq!(applied["run"]["status"], "applied", "{applied}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no IS NOT NULL").await, 4);
    // Who started them hears how both ended: refused, then applied.
    let (_, notices) = app.call(&hr, "notifications/list", json!({})).await;
    let finished: Vec<bool> = notices
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "import_finished")
        .map(|n| !n["text"].as_str().unwrap().contains("was not applied"))
        .collect();
    assert_eq!(finished, vec![true, false], "newest first: {notices}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM departments WHERE name = 'Склад'").await, 1);
    let sokolov = app.scalar("SELECT id FROM people WHERE personnel_no = 'Р-0001'").await;
    assert_eq!(app.scalar("SELECT manager_id FROM people WHERE personnel_no = 'Р-0002'").await, sokolov, "managers by personnel number");
    assert_eq!(app.scalar_text("SELECT position FROM people WHERE personnel_no = 'Р-0002'").await, "Инженер\nсметчик");
    assert_eq!(app.scalar_text("SELECT phone FROM people WHERE personnel_no = 'Р-0002'").await, "+79123456789");
    assert_eq!(
        app.scalar_text("SELECT family_name FROM people WHERE personnel_no = 'Р-0005'").await,
        "<b>Жуков</b>",
        "markup is kept as text"
    );
    // The SNILS went into the sealed store only.
    let sealed = app.scalar_text(&format!("SELECT sealed FROM person_secrets WHERE person_id = {sokolov}")).await;
    assert!(!sealed.contains("123-456"));
    let secrets = app::backend::cabinet::secrets::load(&app.backend, 1, sokolov).await.unwrap();
    assert_eq!(secrets.get("resident_no").map(String::as_str), Some("123-456-789 01"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'import.applied'").await, 1);
    // The file is not kept once applied.
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM import_runs WHERE id = {run} AND content_sealed IS NULL")).await, 1);

    let versions = app.scalar("SELECT CAST(SUM(version) AS BIGINT) FROM people").await;
    let (run, again) = dry_run(&app, &hr, ONEC, "preset=1c_zup&create_units=true").await;
    assert_eq!(counts(&again), [0, 0, 5, 0, 7, 0], "{again}");
    apply(&app, &hr, run, "skip").await;
    assert_eq!(app.scalar("SELECT CAST(SUM(version) AS BIGINT) FROM people").await, versions, "nothing was written");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no IS NOT NULL").await, 4);

    // A changed row is an update of what changed.
    let edited = String::from_utf8(encoding_rs::WINDOWS_1251.decode(&fixture(ONEC)).0.into_owned().into_bytes())
        .unwrap()
        .replace("Начальник отдела", "Директор по персоналу");
    let (status, body) = check(&app, &hr, ONEC, encoding_rs::WINDOWS_1251.encode(&edited).0.into_owned(), "preset=1c_zup").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changed = report(&app, &hr, body["run_id"].as_i64().unwrap()).await;
    assert_eq!(counts(&changed)[1], 1, "{changed}");
    let update = changed["rows"].as_array().unwrap().iter().find(|r| r["outcome"] == "update").unwrap();
    assert_eq!(update["changed"], json!(["position"]));
});

on_both!(a_full_import_deactivates_and_signs_out_who_is_missing, |app| {
    let hr = app.as_role(Role::HrManager).await;
    // The demo contractor is known to the Russian payroll by a personnel number.
    let contractor_id = app.person_id(demo_email(Role::Contractor)).await;
    let ru = app.scalar("SELECT id FROM legal_entities WHERE country = 'RU'").await;
    app.execute(&format!("UPDATE people SET personnel_no = 'Р-0100', legal_entity_id = {ru} WHERE id = {contractor_id}")).await;
    let contractor = app.as_role(Role::Contractor).await;
    let (status, _) = app.call(&contractor, "placements/list", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (run, report) = dry_run(&app, &hr, ONEC, "preset=1c_zup&mode=full&create_units=true").await;
    assert_eq!(counts(&report)[3], 1, "{report}");
    let leaver = report["rows"].as_array().unwrap().iter().find(|r| r["outcome"] == "deactivate").unwrap();
    assert_eq!(leaver["key"], "Р-0100");
    // Still active after the dry run.
    assert_eq!(app.call(&contractor, "placements/list", json!({})).await.0, StatusCode::OK);
    apply(&app, &hr, run, "skip").await;
    assert_eq!(app.scalar_text(&format!("SELECT status FROM people WHERE id = {contractor_id}")).await, "deactivated");
    assert_eq!(app.call(&contractor, "placements/list", json!({})).await.0, StatusCode::UNAUTHORIZED, "signed out at once");
    let today = shared::format::Date::from_unix(app::backend::now()).iso();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM placements WHERE contractor_id = {contractor_id} AND (ends_on IS NULL OR ends_on > '{today}')"
        ))
        .await,
        0,
        "placements ended"
    );
    // People without a personnel number (entered by hand) are not the payroll's to deactivate.
    assert_eq!(app.scalar_text(&format!("SELECT status FROM people WHERE email = '{}'", demo_email(Role::Employee))).await, "active");
    // Rows with problems still speak for their people: no one in the file is deactivated.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE status = 'deactivated'").await, 1);
});

on_both!(a_dismissal_date_deactivates_on_that_day_not_before, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let (run, _) = dry_run(&app, &hr, ONEC, "preset=1c_zup").await;
    apply(&app, &hr, run, "skip").await;
    let zhukov = app.scalar("SELECT id FROM people WHERE personnel_no = 'Р-0005'").await;
    // The day comes in the organisation's time zone: in Seoul, 30 November starts at 15:00 UTC
    // on the 29th.
    app.execute("UPDATE organisations SET time_zone = 'Asia/Seoul'").await;
    let utc = |s: &str, hour: i64| shared::format::Date::parse_iso(s).unwrap().days() * 86_400 + hour * 3600;
    assert_eq!(app::backend::people::dismiss_due(&app.backend.db, utc("2031-11-29", 14)).await.unwrap(), 0);
    assert_eq!(app.scalar_text(&format!("SELECT status FROM people WHERE id = {zhukov}")).await, "invited");
    assert_eq!(app::backend::people::dismiss_due(&app.backend.db, utc("2031-11-29", 15)).await.unwrap(), 1);
    assert_eq!(app.scalar_text(&format!("SELECT status FROM people WHERE id = {zhukov}")).await, "deactivated");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'person.deactivated' AND subject_id = {zhukov}")).await,
        1
    );
});

on_both!(only_administrators_and_hr_import, |app| {
    for role in [Role::Employee, Role::Contractor, Role::ClientManager, Role::Recruiter] {
        let who = app.as_role(role).await;
        let (status, _) = check(&app, &who, ONEC, fixture(ONEC), "preset=1c_zup").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?}");
    }
    let hr = app.as_role(Role::HrManager).await;
    let (run, _) = dry_run(&app, &hr, ONEC, "preset=1c_zup").await;
    // Another organisation's run is not found.
    let other = app.scalar("INSERT INTO organisations (name, slug, created_at) VALUES ('Other', 'other', 0) RETURNING id").await;
    app.execute(&format!("UPDATE import_runs SET org_id = {other}, started_by = NULL WHERE id = {run}")).await;
    let (status, _) = app.call(&hr, "import/report", json!({ "run_id": run, "filter": null })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Too large is refused before it is read.
    let (status, _) = check(&app, &hr, "big.csv", vec![b'a'; app::backend::import::MAX_BYTES + 1], "").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Not a spreadsheet at all.
    let (status, body) = check(&app, &hr, "photo.png", crate::matrix::PNG.to_vec(), "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
});

/// A generated export of `n` people in the Russian legal entity (the template's headers).
fn large_file(n: usize) -> String {
    let mut csv = String::from("Personnel number;Family name;Given name;Email;Department;Legal entity;Hire date;Employment\n");
    for i in 0..n {
        csv.push_str(&format!("G-{i:05};Тестов{i};Иван;g{i}@bulk.example;Цех {};ООО «Ханбит Стаффинг Рус»;01.02.2024;Подрядчик\n", i % 7));
    }
    csv
}

/// `staffport import` as an operator runs it, against the test server's database.
fn import_command(app: &TestApp, file: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_staffport"));
    cmd.args(["import", file.to_str().unwrap(), "--org", app::backend::demo::ORG_SLUG, "--create-units"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.backend.config.database_url)
        .env("STAFFPORT_DATA_KEY", app.backend.config.data_key.clone().unwrap())
        .env("STAFFPORT_MAIL_DIR", std::env::temp_dir().join("staffport-import-mail"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

on_both!(an_import_killed_part_way_is_finished_by_a_rerun, |app| {
    const N: usize = 20_000;
    let file = std::env::temp_dir().join(format!("staffport-import-{}.csv", app::backend::tokens::new_token().replace(['-', '_'], "")));
    std::fs::write(&file, large_file(N)).unwrap();
    let mut first = import_command(&app, &file).spawn().expect("start the import");
    // Killed (SIGKILL) once some batches are in and before the last.
    let mut done = 0;
    for _ in 0..2000 {
        done = app.scalar("SELECT COALESCE(MAX(rows_done), 0) FROM import_runs").await;
        if done > 0 || first.try_wait().unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let written = app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no LIKE 'G-%'").await;
    assert!(done > 0 && (written as usize) < N, "killed part-way: {done} rows done, {written} people written");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM import_runs WHERE status = 'applying'").await, 1, "the run was interrupted");

    let rerun = import_command(&app, &file).output().expect("rerun");
    let said = String::from_utf8_lossy(&rerun.stdout).to_string() + &String::from_utf8_lossy(&rerun.stderr);
    assert!(rerun.status.success(), "{said}");
    assert!(said.contains(&format!("checked: {} new, 0 changed, {written} unchanged", N - written as usize)), "{said}");
    // Everyone once: no duplicates, nothing lost.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no LIKE 'G-%'").await, N as i64);
    assert_eq!(app.scalar("SELECT COUNT(DISTINCT personnel_no) FROM people WHERE personnel_no LIKE 'G-%'").await, N as i64);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM departments WHERE name LIKE 'Цех %'").await, 7);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.personnel_no LIKE 'G-%'").await,
        N as i64
    );
    // The interrupted run gave way to the rerun of its file.
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM import_runs ORDER BY id").fetch_all(&app.backend.db.pool).await.unwrap();
    assert_eq!(statuses, vec!["failed", "applied"]);
    std::fs::remove_file(&file).ok();
});

/// A contractor with a phone and no email: imported, invited by SMS through the gateway,
/// accepts the link, and signs in with the phone number in its local form.
async fn phone_only_contractor(db: crate::common::harness::Db) {
    use crate::common::harness::client;
    let gateway = crate::common::http_sink::HttpSink::start().await;
    let url = gateway.url("/send");
    let Some(app) = crate::common::harness::spawn_with(db, move |c| c.sms_url = Some(url)).await else { return };
    let hr = app.as_role(Role::HrManager).await;
    let file = "Personnel number,Family name,Given name,Phone,Legal entity,Employment\n\
                P-1,Кимова,Ольга,8 (912) 111-22-33,ООО «Ханбит Стаффинг Рус»,Подрядчик\n";
    let (status, body) = check(&app, &hr, "phones.csv", file.as_bytes().to_vec(), "invite=email").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let run = body["run_id"].as_i64().unwrap();
    assert_eq!(counts(&report(&app, &hr, run).await)[0], 1);
    assert_eq!(apply(&app, &hr, run, "skip").await["run"]["status"], "applied");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE phone = '+79121112233' AND email IS NULL").await, 1);

    let sms = gateway.wait_for("+79121112233").await;
    let text = serde_json::from_str::<Value>(&sms.body).unwrap()["text"].as_str().unwrap().to_string();
    let link = text.split_whitespace().find(|w| w.contains("/invite/")).expect("a link in the text").to_string();
    let path = &link[link.find("/invite/").unwrap()..];
    let invitee = client();
    let res = invitee.post(app.url(path)).form(&[("password", "a long phone pw"), ("confirm", "a long phone pw")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());

    // Signs in with the number as people write it, and as the gateway writes it.
    for typed in ["8 912 111-22-33", "+7 (912) 111-22-33", "89121112233"] {
        let contractor = client();
        assert_eq!(app.sign_in(&contractor, typed, "a long phone pw").await.status(), StatusCode::SEE_OTHER, "{typed}");
        assert_eq!(app.call(&contractor, "timesheets/month", json!({ "month": "2026-03", "view": "mine" })).await.0, StatusCode::OK);
    }
    let refused = app.sign_in(&client(), "8 912 111-22-33", "not the password").await;
    assert_ne!(refused.status(), StatusCode::SEE_OTHER);
    // A reset link goes by SMS too.
    let res = client().post(app.url("/reset")).form(&[("email", "8 912 111-22-33")]).send().await.unwrap();
    assert!(res.status().is_success() || res.status() == StatusCode::SEE_OTHER, "{}", res.status());
    let reset = gateway.wait_for("/reset/").await;
    assert!(reset.body.contains("+79121112233"));

    // The number signs in: another person without an address cannot have it in this organisation.
    let twin = "Personnel number,Family name,Given name,Phone,Legal entity\nP-2,Другая,Анна,+79121112233,ООО «Ханбит Стаффинг Рус»\n";
    let (_, body) = check(&app, &hr, "twin.csv", twin.as_bytes().to_vec(), "").await;
    let twin_report = report(&app, &hr, body["run_id"].as_i64().unwrap()).await;
    assert_eq!(twin_report["rows"][0]["problems"][0]["problem"], "phone_taken", "{twin_report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contractor_without_email_is_invited_by_sms_and_signs_in_by_phone_sqlite() {
    phone_only_contractor(crate::common::harness::Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contractor_without_email_is_invited_by_sms_and_signs_in_by_phone_postgres() {
    phone_only_contractor(crate::common::harness::Db::Postgres).await;
}

on_both!(everyone_imported_without_an_invitation_is_invited_at_once_and_can_be_sent_it_again, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let (run, _) = dry_run(&app, &hr, "douzone_register_euckr.csv", "preset=douzone").await;
    apply(&app, &hr, run, "skip").await;
    let never = "SELECT COUNT(*) FROM people p WHERE p.status = 'invited' AND NOT EXISTS \
                 (SELECT 1 FROM auth_tokens t WHERE t.person_id = p.id AND t.purpose = 'invite')";
    let waiting = app.scalar(never).await;
    assert!(waiting >= 3, "the import invited nobody");
    let (status, invited) = app.call(&hr, "people/invite_pending", json!({})).await;
    assert_eq!((status, invited), (StatusCode::OK, json!(waiting)));
    assert_eq!(app.scalar(never).await, 0);
    assert_eq!(app.call(&hr, "people/invite_pending", json!({})).await.1, json!(0), "nobody twice");
    let first = app.mail.wait_for("hong@kr.example").await;
    let old = crate::common::mail_sink::link(&first, &app.url("/invite/"));

    // Sent again: a new link, and the old one no longer works.
    let hong = app.scalar("SELECT id FROM people WHERE personnel_no = 'K-1001'").await;
    let (status, _) = app.call(&hr, "people/resend_invitation", json!({ "id": hong })).await;
    assert_eq!(status, StatusCode::OK);
    let mut new = old.clone();
    for _ in 0..100 {
        new = crate::common::mail_sink::link(&app.mail.wait_for_text("hong@kr.example", "/invite/").await, &app.url("/invite/"));
        if new != old {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_ne!(old, new, "a second mail with a new link");
    let accept = |link: String| {
        let path = link[link.find("/invite/").unwrap()..].to_string();
        let http = crate::common::harness::client();
        let url = app.url(&path);
        async move { http.post(url).form(&[("password", "a long new pw 1"), ("confirm", "a long new pw 1")]).send().await.unwrap().status() }
    };
    assert_ne!(accept(old).await, StatusCode::SEE_OTHER, "the first link stopped working");
    // How it went shows with the person; a failed delivery is flagged in the list.
    let park = app.scalar("SELECT id FROM people WHERE personnel_no = 'K-1004'").await;
    for _ in 0..100 {
        let (_, state) = app.call(&hr, "people/invitation", json!({ "id": park })).await;
        if state["delivery"] == "sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, state) = app.call(&hr, "people/invitation", json!({ "id": park })).await;
    assert_eq!((state["channel"].as_str(), state["delivery"].as_str()), (Some("email"), Some("sent")), "{state}");
    app.execute(&format!("UPDATE outbox SET status = 'failed' WHERE person_id = {park}")).await;
    let (_, state) = app.call(&hr, "people/invitation", json!({ "id": park })).await;
    assert_eq!(state["delivery"], "failed");
    let (_, page) = app.call(&hr, "people/list", json!({ "query": "박서준", "page": 1 })).await;
    assert_eq!(page["items"][0]["last_delivery"], "failed", "{page}");
    assert_eq!(accept(new).await, StatusCode::SEE_OTHER, "the new link works");
    // Once accepted, there is nothing to send again.
    assert_eq!(app.call(&hr, "people/resend_invitation", json!({ "id": hong })).await.0, StatusCode::CONFLICT);
});

on_both!(columns_the_presets_do_not_know_are_mapped_by_hand_and_checked_again, |app| {
    let hr = app.as_role(Role::HrManager).await;
    // "Код" is no header any preset knows; "Примечание" would be read as nothing anyway.
    let file = "Код;Фамилия;Имя;Эл. почта;Юрлицо;Телефон\nX-1;Руками;Олег;hand@ru.example;ООО «Ханбит Стаффинг Рус»;не помню\n";
    let (status, body) = check(&app, &hr, "hand.csv", file.as_bytes().to_vec(), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let run = body["run_id"].as_i64().unwrap();
    let first = report(&app, &hr, run).await;
    assert_eq!(first["rows"][0]["problems"][0]["problem"], "missing_column", "{first}");
    assert_eq!(first["run"]["columns"][0], json!(["Код", null]));
    // The key is "Код"; the phone column (junk here) is left out.
    let columns = json!([["Код", "personnel_no"], ["Телефон", null]]);
    let (status, new) = app.call(&hr, "import/recheck", json!({ "run_id": run, "columns": columns })).await;
    assert_eq!(status, StatusCode::OK, "{new}");
    let again = report(&app, &hr, new.as_i64().unwrap()).await;
    assert_eq!(counts(&again), [1, 0, 0, 0, 0, 0], "{again}");
    assert_eq!(again["run"]["columns"][0], json!(["Код", "personnel_no"]));
    assert_eq!(again["run"]["columns"][5], json!(["Телефон", null]));
    // Nothing to check again once the file has been applied (it is not kept).
    let new = new.as_i64().unwrap();
    apply(&app, &hr, new, "skip").await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no = 'X-1' AND phone IS NULL").await, 1);
    let (status, _) = app.call(&hr, "import/recheck", json!({ "run_id": new, "columns": [] })).await;
    assert_eq!(status, StatusCode::CONFLICT);
});

/// Where watched folders live in these tests (one directory per test process).
fn import_root() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("staffport-import-root-{}", std::process::id()))
}

on_both!(
    a_saved_source_reads_files_as_it_did_and_its_folder_is_read_once_a_day,
    config | c | {
        c.import_root = Some(import_root().to_string_lossy().into_owned());
    },
    |app| {
        let hr = app.as_role(Role::HrManager).await;
        let file = |no: &str, family: &str| {
            format!(
                "Код;Фамилия;Имя;Эл. почта;Юрлицо;Телефон\n{no};{family};Олег;{}@ru.example;ООО «Ханбит Стаффинг Рус»;не помню\n",
                no.to_lowercase()
            )
            .into_bytes()
        };
        let (_, body) = check(&app, &hr, "zup.csv", file("W-1", "Первый"), "").await;
        let columns = json!([["Код", "personnel_no"], ["Телефон", null]]);
        let (_, mapped) = app.call(&hr, "import/recheck", json!({ "run_id": body["run_id"], "columns": columns })).await;
        let folder =
            format!("zup_{}", app::backend::tokens::new_token().chars().filter(char::is_ascii_alphanumeric).take(8).collect::<String>());
        let save = |folder: &str, daily_at: &str| json!({ "input": { "run_id": mapped, "name": "ЗУП nightly", "on_errors": "skip", "folder": folder, "daily_at": daily_at } });
        let (status, err) = app.call(&hr, "import/save_source", save("../etc", "06:00")).await;
        assert_eq!((status, err["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrImportFolder")));
        assert_eq!(app.call(&hr, "import/save_source", save(&folder, "6 am")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, source) = app.call(&hr, "import/save_source", save(&folder, "06:00")).await;
        assert_eq!(status, StatusCode::OK, "{source}");
        let (_, sources) = app.call(&hr, "import/sources", json!({})).await;
        assert_eq!((sources[0]["name"].as_str(), sources[0]["mapped_columns"].as_u64()), (Some("ЗУП nightly"), Some(2)), "{sources}");

        // A file uploaded as the source is read with its columns.
        let (status, body) = check(&app, &hr, "zup2.csv", file("W-2", "Второй"), &format!("source_id={source}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(counts(&report(&app, &hr, body["run_id"].as_i64().unwrap()).await), [1, 0, 0, 0, 0, 0]);

        // The watched folder: read once a day after its time, a file applied once.
        let dir = import_root().join(&folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("export-1.csv"), file("W-3", "Третий")).unwrap();
        let day = |d: u8, h: i64, m: i64| shared::format::Date { year: 2031, month: 3, day: d }.days() * 86_400 + h * 3600 + m * 60;
        let read = |at: i64| app::backend::import::sources::read_watched(&app.backend, at);
        assert_eq!(read(day(10, 5, 59)).await.unwrap(), 0, "not before its time");
        assert_eq!(read(day(10, 6, 1)).await.unwrap(), 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no = 'W-3'").await, 1);
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM import_runs WHERE source_id = {source} AND status = 'applied' AND started_by IS NULL"
            ))
            .await,
            1
        );
        std::fs::write(dir.join("export-2.csv"), file("W-4", "Четвёртый")).unwrap();
        assert_eq!(read(day(10, 23, 0)).await.unwrap(), 0, "once a day");
        // The next day the newest file is read; the day after, the same file is not applied again.
        assert_eq!(read(day(11, 6, 30)).await.unwrap(), 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM people WHERE personnel_no = 'W-4'").await, 1);
        assert_eq!(read(day(12, 6, 30)).await.unwrap(), 0);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM import_runs WHERE source_id = {source} AND status = 'applied'")).await, 2);
        // A link is not followed out of the folder.
        std::os::unix::fs::symlink("/etc/passwd", dir.join("zzz-link.csv")).unwrap();
        assert_eq!(read(day(13, 6, 30)).await.unwrap(), 0);
        // Daily times are the organisation's: in Seoul, 06:00 on the 14th is 21:00 UTC on the 13th.
        let admin = app.as_role(Role::Admin).await;
        let settings = |zone: &str, version: i64| json!({ "settings": { "time_zone": zone, "version": version } });
        let (status, err) = app.call(&admin, "org/save_settings", settings("Asia/Sejong", 1)).await;
        assert_eq!((status, err["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrTimeZone")));
        assert_eq!(app.call(&admin, "org/save_settings", settings("Asia/Seoul", 1)).await, (StatusCode::OK, json!(2)));
        assert_eq!(app.call(&admin, "org/save_settings", settings("Europe/Moscow", 1)).await.0, StatusCode::CONFLICT);
        let (_, sources) = app.call(&hr, "import/sources", json!({})).await;
        assert_eq!(sources[0]["time_zone"], "Asia/Seoul");
        std::fs::write(dir.join("export-3.csv"), file("W-5", "Пятый")).unwrap();
        assert_eq!(read(day(13, 20, 59)).await.unwrap(), 0, "05:59 in Seoul");
        assert_eq!(read(day(13, 21, 1)).await.unwrap(), 1, "06:01 in Seoul");
        assert_eq!(read(day(14, 5, 0)).await.unwrap(), 0, "the same day in Seoul");
        std::fs::remove_dir_all(&dir).ok();
    }
);

on_both!(opening_leave_balances_make_the_balance_match_the_payroll_on_its_day, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let file = |days: &str, on: &str| {
        format!(
            "Personnel number;Family name;Given name;Email;Legal entity;Hire date;Leave balance (days);Leave balance as of\n\
             L-1;Отпускова;Вера;vera@ru.example;ООО «Ханбит Стаффинг Рус»;01.03.2022;{days};{on}\n"
        )
        .into_bytes()
    };
    let run_of = |body: Value| body["run_id"].as_i64().unwrap();
    let (_, body) = check(&app, &hr, "leave.csv", file("12,5", "01.01.2026"), "").await;
    let run = run_of(body);
    assert_eq!(apply(&app, &hr, run, "skip").await["run"]["status"], "applied");
    let vera = app.scalar("SELECT id FROM people WHERE personnel_no = 'L-1'").await;
    let on = shared::format::Date::parse_iso("2026-01-01").unwrap();
    let org = app.scalar("SELECT org_id FROM people WHERE personnel_no = 'L-1'").await;
    let balance = |day| app::backend::cabinet::leave::balance(&app.backend, org, vera, day);
    assert_eq!(balance(on).await.unwrap().balance, 1250, "the payroll's balance on its day");
    // The same file again: nothing to change.
    let (_, body) = check(&app, &hr, "leave.csv", file("12,5", "01.01.2026"), "").await;
    assert_eq!(counts(&report(&app, &hr, run_of(body)).await)[2], 1);
    // A new balance replaces the opening line instead of adding to it.
    let (_, body) = check(&app, &hr, "leave.csv", file("3", "01.01.2026"), "").await;
    let run = run_of(body);
    let changed = report(&app, &hr, run).await;
    assert_eq!(changed["rows"][0]["changed"], json!(["leave_balance"]), "{changed}");
    apply(&app, &hr, run, "skip").await;
    assert_eq!(balance(on).await.unwrap().balance, 300);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM leave_ledger WHERE person_id = {vera} AND reason = 'opening'")).await, 1);
    // Problems: not a number; a balance without its day.
    let (_, body) = check(&app, &hr, "leave.csv", file("12 дней", "01.01.2026"), "").await;
    assert_eq!(report(&app, &hr, run_of(body)).await["rows"][0]["problems"][0]["problem"], "malformed_number");
    let (_, body) = check(&app, &hr, "leave.csv", file("12", ""), "").await;
    let missing = report(&app, &hr, run_of(body)).await;
    assert_eq!(missing["rows"][0]["problems"][0]["field"], "leave_balance_on", "{missing}");
});

on_both!(each_run_chooses_how_its_new_people_are_invited, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let le = "ООО «Ханбит Стаффинг Рус»";
    for (no, invite) in [("I-1", "none"), ("I-2", "email"), ("I-3", "sms")] {
        let file = format!(
            "Personnel number,Family name,Given name,Email,Phone,Legal entity\n{no},Иванова,Ия,{no}@ru.example,+7 912 555-00-0{},{le}\n",
            &no[2..]
        );
        let (status, body) = check(&app, &hr, "invite.csv", file.into_bytes(), &format!("invite={invite}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        apply(&app, &hr, body["run_id"].as_i64().unwrap(), "skip").await;
    }
    let channels = |no: &str| {
        format!("SELECT o.channel || ':' || o.recipient FROM outbox o JOIN people p ON p.id = o.person_id WHERE p.personnel_no = '{no}'")
    };
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM ({}) x", channels("I-1"))).await, 0);
    assert_eq!(app.scalar_text(&channels("I-2")).await, "email:I-2@ru.example".to_lowercase());
    assert_eq!(app.scalar_text(&channels("I-3")).await, "sms:+79125550003");
    // A value the page never sends is refused, not taken as "no".
    let (status, _) = check(&app, &hr, "invite.csv", b"x".to_vec(), "invite=yes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
});
