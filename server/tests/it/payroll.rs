//! Approved hours for payroll systems: the 1C:ZUP file in CP1251 and the Douzone file in
//! EUC-KR decode in their encodings, carry the personnel numbers and the systems' time codes,
//! and add up to the approved totals; the codes are the organisation's to change.
use crate::common::harness::TestApp;
use crate::on_both;
use reqwest::{Client, StatusCode};
use serde_json::json;
use shared::Role;
use std::collections::BTreeMap;

/// The month of the demo's approved timesheets, with personnel numbers given to their people.
async fn approved_month(app: &TestApp) -> String {
    let start = app.scalar_text("SELECT MIN(period_start) FROM timesheets WHERE status = 'approved'").await;
    app.execute("UPDATE people SET personnel_no = 'T-' || CAST(id AS TEXT) WHERE id IN (SELECT contractor_id FROM timesheets)").await;
    start[..7].to_string()
}

async fn download(app: &TestApp, who: &Client, month: &str, system: &str) -> (StatusCode, Vec<u8>) {
    let res = who.get(app.url(&format!("/exports/payroll.csv?month={month}&system={system}"))).send().await.unwrap();
    (res.status(), res.bytes().await.unwrap().to_vec())
}

/// Rows of a decoded file: header, then cells.
fn rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Hundredths of an hour per code: exported ("7,50") and approved (from the minutes).
fn hundredths(hours: &str) -> i64 {
    let (whole, fraction) = hours.split_once([',', '.']).unwrap();
    whole.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

async fn approved(app: &TestApp, month: &str) -> BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT e.code, e.minutes FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id \
         WHERE t.status = 'approved' AND e.day LIKE '{month}-%'"
    ))
    .fetch_all(&app.backend.db.pool)
    .await
    .unwrap();
    let mut totals = BTreeMap::new();
    for (code, minutes) in rows {
        *totals.entry(code).or_default() += minutes / 60 * 100 + minutes % 60 * 100 / 60;
    }
    totals
}

on_both!(hours_leave_in_the_payroll_systems_encodings_and_add_up, |app| {
    let month = approved_month(&app).await;
    let hr = app.as_role(Role::HrManager).await;
    let expected = approved(&app, &month).await;
    assert!(!expected.is_empty(), "the demo has approved hours in {month}");

    let (status, bytes) = download(&app, &hr, &month, "1c_zup").await;
    assert_eq!(status, StatusCode::OK);
    let (text, _, broken) = encoding_rs::WINDOWS_1251.decode(&bytes);
    assert!(!broken && std::str::from_utf8(&bytes).is_err(), "CP1251, not UTF-8");
    let onec = rows(&text, b';');
    assert_eq!(onec[0], ["Табельный номер", "ФИО", "Дата", "Вид времени", "Часы"]);
    let back = |code: &str| match code {
        "Я" => "work",
        "С" => "overtime",
        "Н" => "night",
        "РВ" => "holiday",
        "Б" => "sick",
        "ОТ" => "vacation",
        "ДО" => "unpaid",
        "РП" => "downtime",
        other => panic!("unexpected 1C code {other}"),
    };
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for row in &onec[1..] {
        assert!(row[0].starts_with("T-"), "{row:?}");
        assert!(row[2].ends_with(&month[..4]) && row[2].len() == 10, "dd.mm.yyyy: {row:?}");
        *totals.entry(back(&row[3]).to_string()).or_default() += hundredths(&row[4]);
    }
    assert_eq!(totals, expected);

    let (status, bytes) = download(&app, &hr, &month, "douzone").await;
    assert_eq!(status, StatusCode::OK);
    let (text, _, broken) = encoding_rs::EUC_KR.decode(&bytes);
    assert!(!broken);
    let douzone = rows(&text, b',');
    assert_eq!(douzone[0], ["사원번호", "성명", "근무일자", "근태구분", "근무시간"]);
    let total: i64 = douzone[1..].iter().map(|r| hundredths(&r[4])).sum();
    assert_eq!(total, expected.values().sum::<i64>());
    assert!(douzone[1..].iter().any(|r| r[3] == "정상근무"), "{douzone:?}");

    // The administrator changes a code; the next export uses it.
    let admin = app.as_role(Role::Admin).await;
    let (status, mut codes) = app.call(&admin, "timesheets/payroll_codes", json!({ "system": "1c_zup" })).await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    assert_eq!(codes["version"], 0);
    assert_eq!(codes["codes"][0], json!(["work", "Я"]));
    codes["codes"][0][1] = json!("Ф;");
    let (status, refused) = app.call(&admin, "timesheets/save_payroll_codes", json!({ "codes": codes.clone() })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    codes["codes"][0][1] = json!("Ф");
    let (status, version) = app.call(&admin, "timesheets/save_payroll_codes", json!({ "codes": codes.clone() })).await;
    assert_eq!((status, version), (StatusCode::OK, json!(1)));
    let (status, _) = app.call(&admin, "timesheets/save_payroll_codes", json!({ "codes": codes })).await;
    assert_eq!(status, StatusCode::CONFLICT, "a form loaded before the save is stale");
    let (_, bytes) = download(&app, &hr, &month, "1c_zup").await;
    let text = encoding_rs::WINDOWS_1251.decode(&bytes).0.into_owned();
    assert!(rows(&text, b';')[1..].iter().any(|r| r[3] == "Ф") && !text.contains(";Я;"), "{text}");

    // Personnel numbers are for the provider's managers.
    for role in [Role::ClientManager, Role::Foreman, Role::Contractor] {
        let who = app.as_role(role).await;
        assert_eq!(download(&app, &who, &month, "douzone").await.0, StatusCode::FORBIDDEN, "{role:?}");
    }
});
