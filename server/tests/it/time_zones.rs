//! Time zones: an organisation's and a person's own. Times on pages are read in the reader's
//! zone; "today" for scheduled work is the organisation's.
use crate::common::harness::demo_email;
use crate::on_both;
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;

/// 2026-12-07 15:04:59 UTC: 00:04 on the 8th in Seoul, 18:04 on the 7th in Moscow.
const AT: i64 = 1_796_655_899;

on_both!(times_on_pages_are_the_readers_own_zone_else_the_organisations, |app| {
    let email = demo_email(Role::Employee);
    app.execute(&format!(
        "INSERT INTO notifications (org_id, person_id, kind, params, link, created_at) \
         SELECT org_id, id, 'legacy', '{{\"text\":\"A planted notice\"}}', NULL, {AT} FROM people WHERE email = '{email}'"
    ))
    .await;
    let employee = app.as_role(Role::Employee).await;
    let page = || async {
        let res = employee.get(app.url("/notifications")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(html.contains("A planted notice"), "{html}");
        html
    };
    let html = page().await;
    assert!(html.contains("15:04") && !html.contains(" UTC"), "UTC, the demo organisation's zone, unlabelled");

    let admin = app.as_role(Role::Admin).await;
    let version = app.scalar("SELECT version FROM organisations").await;
    let settings = json!({ "settings": { "time_zone": "Asia/Seoul", "version": version } });
    assert_eq!(app.call(&admin, "org/save_settings", settings).await.0, StatusCode::OK);
    let html = page().await;
    assert!(html.contains("00:04") && !html.contains("15:04"), "Seoul");

    // A person's own zone wins; an unknown one is refused; empty follows the organisation again.
    let (status, err) = app.call(&employee, "people/set_time_zone", json!({ "time_zone": "Europe/Moskva" })).await;
    assert_eq!((status, err["Invalid"][0]["msg"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("ErrTimeZone")));
    assert_eq!(app.call(&employee, "people/set_time_zone", json!({ "time_zone": "Europe/Moscow" })).await.0, StatusCode::OK);
    let html = page().await;
    assert!(html.contains("18:04") && !html.contains("00:04"), "Moscow");
    assert!(html.contains("Europe/Moscow"), "the page carries the zone: the browser reads times in it after hydration");
    assert_eq!(app.call(&employee, "people/set_time_zone", json!({ "time_zone": "" })).await.0, StatusCode::OK);
    assert!(page().await.contains("00:04"), "the organisation's again");
});

on_both!(a_dismissal_day_begins_at_midnight_in_the_organisations_zone, |app| {
    let email = demo_email(Role::Contractor);
    app.execute(&format!("UPDATE people SET dismissal_date = '2031-12-01' WHERE email = '{email}'")).await;
    app.execute("UPDATE organisations SET time_zone = 'Europe/Moscow'").await;
    let utc = |hour: i64, minute: i64| shared::format::Date::parse_iso("2031-11-30").unwrap().days() * 86_400 + hour * 3600 + minute * 60;
    // 23:59 in Moscow on the 30th; then midnight of the 1st (21:00 UTC).
    assert_eq!(app::backend::people::dismiss_due(&app.backend.db, utc(20, 59)).await.unwrap(), 0);
    assert_eq!(app::backend::people::dismiss_due(&app.backend.db, utc(21, 0)).await.unwrap(), 1);
    assert_eq!(app.scalar_text(&format!("SELECT status FROM people WHERE email = '{email}'")).await, "deactivated");
    // Their placements end on the organisation's day, the 1st, while it is still the 30th in UTC.
    let placements = |condition: &str| {
        format!("SELECT COUNT(*) FROM placements pl JOIN people p ON p.id = pl.contractor_id WHERE p.email = '{email}' AND {condition}")
    };
    assert!(app.scalar(&placements("pl.ends_on = '2031-12-01'")).await >= 1);
    assert_eq!(app.scalar(&placements("pl.ends_on IS NULL")).await, 0);
});

on_both!(an_export_dates_what_happened_by_its_readers_calendar, |app| {
    let recruiter = app.as_role(shared::Role::Recruiter).await;
    let job = crate::recruiting::job(&app).await;
    let id = crate::recruiting::add(&app, &recruiter, job, "Late Change").await;
    // 20:00 UTC on the 9th is 05:00 on the 10th in Seoul.
    app.execute(&format!("UPDATE candidates SET updated_at = {} WHERE id = {id}", 1_796_083_200 + 8 * 86_400 + 20 * 3600)).await;
    let export = || async {
        let csv = recruiter.get(app.url(&format!("/exports/candidates.csv?job_id={job}"))).send().await.unwrap().text().await.unwrap();
        csv.lines().find(|l| l.contains("Late Change")).expect("the candidate's row").to_string()
    };
    assert!(export().await.ends_with("2026-12-09"), "UTC, the organisation's zone");
    app.execute(&format!(
        "UPDATE people SET time_zone = 'Asia/Seoul' WHERE email = '{}'",
        crate::common::harness::demo_email(shared::Role::Recruiter)
    ))
    .await;
    let recruiter = app.as_role(shared::Role::Recruiter).await;
    let csv = recruiter.get(app.url(&format!("/exports/candidates.csv?job_id={job}"))).send().await.unwrap().text().await.unwrap();
    let row = csv.lines().find(|l| l.contains("Late Change")).unwrap().to_string();
    assert!(row.ends_with("2026-12-10"), "the reader's own zone: {row}");
});

on_both!(a_requests_due_time_falls_on_each_readers_own_day_across_midnight, |app| {
    let employee = app.as_role(Role::Employee).await;
    let (_, id) = crate::cabinet::file(&app, &employee, "vacation", json!({ "dates": "2027-04-05/2027-04-06" })).await;
    // The line manager's step is due 48 hours after the request moved: at AT, which is the 8th
    // just after midnight in Seoul and the 7th in the evening in Moscow.
    app.execute(&format!("UPDATE requests SET updated_at = {} WHERE id = {}", AT - 48 * 3600, id.as_i64().unwrap())).await;
    let inbox = |zone: &'static str| {
        let app = &app;
        async move {
            app.execute(&format!("UPDATE people SET time_zone = '{zone}' WHERE email = '{}'", demo_email(Role::Admin))).await;
            let admin = app.as_role(Role::Admin).await;
            admin.get(app.url("/inbox")).send().await.unwrap().text().await.unwrap()
        }
    };
    let seoul = inbox("Asia/Seoul").await;
    assert!(seoul.contains("Due Dec 8, 2026") && !seoul.contains("Due Dec 7, 2026"), "Seoul's day");
    let moscow = inbox("Europe/Moscow").await;
    assert!(moscow.contains("Due Dec 7, 2026") && !moscow.contains("Due Dec 8, 2026"), "Moscow's day");
    // The reminder of the overdue step comes at that instant whatever the zones.
    assert_eq!(app::backend::cabinet::escalations::run_due(&app.backend, AT - 1).await.unwrap(), 0);
    assert_eq!(app::backend::cabinet::escalations::run_due(&app.backend, AT).await.unwrap(), 1);
});
