//! Importing contractors with their placements (server/tests/fixtures/import/
//! onec_placements_cp1251.csv): client companies and sites found or created with the legal
//! entities and departments a file names, placements created once and then changed by later
//! files, foremen named by personnel number, and every way a placement row is refused.
use super::import::{apply, check, dry_run, problem, report, rows};
use crate::on_both;
use reqwest::StatusCode;
use serde_json::Value;
use shared::Role;
use std::collections::BTreeMap;

const FILE: &str = "onec_placements_cp1251.csv";

/// created, errors, departments, other units, placements.
fn counts(report: &Value) -> [u64; 5] {
    let c = &report["run"]["counts"];
    ["created", "errors", "departments_created", "units_created", "placements_created"].map(|k| c[k].as_u64().unwrap())
}

/// A report row as expected: line, outcome, (column, problem)s.
type Row = (u64, &'static str, Vec<(String, String)>);

fn expected(rows: &[Row]) -> BTreeMap<u64, (String, Vec<(String, String)>)> {
    rows.iter().map(|(line, outcome, problems)| (*line, (outcome.to_string(), problems.clone()))).collect()
}

/// The placement rows that are wrong whatever the options.
fn refused() -> Vec<Row> {
    vec![
        (5, "error", problem("Вид занятости", "not_a_contractor")),
        (6, "error", problem("Ставка", "missing_value")),
        (7, "error", problem("Дата окончания работ", "ends_before_start")),
        (8, "error", problem("Объект", "missing_value")),
        (9, "error", problem("Ставка", "malformed_amount")),
        (10, "error", problem("Валюта", "malformed_currency")),
        (11, "error", problem("Бригадир", "unknown_foreman")),
    ]
}

on_both!(units_a_file_names_are_errors_unless_the_run_may_create_them, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let (_, report) = dry_run(&app, &hr, FILE, "preset=1c_zup").await;
    assert_eq!(counts(&report), [1, 9, 0, 0, 1], "{report}");
    let mut want = vec![
        (2, "create", vec![]),
        (3, "error", problem("Контрагент", "unknown_client_company")),
        (4, "error", problem("Организация", "unknown_legal_entity")),
    ];
    want.extend(refused());
    assert_eq!(rows(&report), expected(&want), "{report}");
});

on_both!(contractors_are_placed_with_new_units_once_and_changed_by_later_files, |app| {
    let hr = app.as_role(Role::HrManager).await;
    let (run, checked) = dry_run(&app, &hr, FILE, "preset=1c_zup&create_units=true").await;
    assert_eq!(counts(&checked), [3, 7, 1, 3, 3], "{checked}");
    let mut want = vec![(2, "create", vec![]), (3, "create", vec![]), (4, "create", vec![])];
    want.extend(refused());
    assert_eq!(rows(&checked), expected(&want), "{checked}");
    // The dry run wrote no unit.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM client_companies WHERE name = 'ООО «Новый Заказчик»'").await, 0);

    assert_eq!(apply(&app, &hr, run, "skip").await["run"]["status"], "applied");
    assert_eq!(app.scalar_text("SELECT country FROM legal_entities WHERE name = 'ООО «Ханбит Регион»'").await, "RU");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM departments d JOIN legal_entities l ON l.id = d.legal_entity_id \
             WHERE d.name = 'Бригада 7' AND l.name = 'ООО «Ханбит Регион»'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM client_departments s JOIN client_companies c ON c.id = s.client_company_id \
             WHERE s.name = 'Объект Самара' AND c.name = 'ООО «Новый Заказчик»' AND c.country = 'RU'"
        )
        .await,
        1
    );
    // Each unit's creation is audited as the run's.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'org.unit_created' AND detail LIKE '%import_run%'").await, 4);
    let placement = |no: &str, column: &str| {
        format!(
            "SELECT {column} FROM placements pl JOIN people p ON p.id = pl.contractor_id JOIN client_departments s \
             ON s.id = pl.client_department_id WHERE p.personnel_no = '{no}'"
        )
    };
    // A Russian rate spelling, the legal entity's currency by default, the file's first day.
    assert_eq!(app.scalar(&placement("П-001", "pl.rate_minor")).await, 125_050);
    assert_eq!(app.scalar_text(&placement("П-001", "pl.currency")).await, "RUB");
    assert_eq!(app.scalar_text(&placement("П-002", "s.name")).await, "Объект Самара");
    assert_eq!(app.scalar_text(&placement("П-002", "pl.starts_on")).await, "2026-11-15");
    assert_eq!(
        app.scalar_text(&placement("П-003", "(SELECT name FROM legal_entities WHERE id = pl.legal_entity_id)")).await,
        "ООО «Ханбит Регион»"
    );
    // The foreman is the person of that personnel number, and now holds the role; a row without
    // a kind of employment but with a placement is a contractor's.
    assert_eq!(
        app.scalar(&placement("П-002", "pl.foreman_id")).await,
        app.scalar("SELECT id FROM people WHERE personnel_no = 'П-001'").await
    );
    let has_role = |no: &str, role: &str| {
        format!(
            "SELECT COUNT(*) FROM person_roles r JOIN people p ON p.id = r.person_id WHERE p.personnel_no = '{no}' AND r.role = '{role}'"
        )
    };
    assert_eq!(app.scalar(&has_role("П-001", "foreman")).await, 1);
    let foreman_id = app.scalar("SELECT id FROM people WHERE personnel_no = 'П-001'").await;
    let granted = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'roles.changed' AND subject_id = {foreman_id} AND detail LIKE '%import_run%'"
    );
    assert_eq!(app.scalar(&granted).await, 1, "the role given by the file is audited");
    assert_eq!(app.scalar(&has_role("П-002", "contractor")).await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM placements pl JOIN people p ON p.id = pl.contractor_id WHERE p.personnel_no LIKE 'П-%'").await,
        3
    );

    // The same file again: nothing to create, nothing to change.
    let (_, again) = dry_run(&app, &hr, FILE, "preset=1c_zup&create_units=true").await;
    assert_eq!(counts(&again), [0, 7, 0, 0, 0], "{again}");
    assert_eq!(again["run"]["counts"]["updated"], 0, "{again}");
    assert_eq!(again["run"]["counts"]["unchanged"], 3, "{again}");

    // A later file ends the placement and raises the rate; the placement is found by its person,
    // site and first day.
    let ending = "Personnel number,Full name,Legal entity,Client company,Site,Placement start,Placement end,Hourly rate\n\
                  П-001,Зайцев Артём Игоревич,ООО «Ханбит Стаффинг Рус»,Volga Assembly LLC,Цех №1,01.11.2026,30.11.2026,\"1,300\"\n";
    let (status, body) = check(&app, &hr, "ending.csv", ending.as_bytes().to_vec(), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let run = body["run_id"].as_i64().unwrap();
    let changed = report(&app, &hr, run).await;
    assert_eq!(changed["rows"][0]["outcome"], "update", "{changed}");
    assert_eq!(changed["rows"][0]["changed"], serde_json::json!(["placement_end", "rate"]), "{changed}");
    apply(&app, &hr, run, "skip").await;
    assert_eq!(app.scalar_text(&placement("П-001", "pl.ends_on")).await, "2026-11-30");
    assert_eq!(app.scalar(&placement("П-001", "pl.rate_minor")).await, 130_000);
    assert_eq!(app.scalar(&placement("П-001", "pl.version")).await, 2);

    // Hours submitted up to the 20th: the placement cannot end on the 10th.
    app.execute(
        "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, \
         foreman_id, period_start, period_end, status, step, rate_minor, currency, submitted_at, created_at, updated_at) \
         SELECT pl.org_id, pl.id, pl.contractor_id, pl.legal_entity_id, pl.client_company_id, pl.client_department_id, pl.foreman_id, \
         '2026-11-01', '2026-11-30', 'approved', 1, pl.rate_minor, pl.currency, 1, 1, 1 \
         FROM placements pl JOIN people p ON p.id = pl.contractor_id WHERE p.personnel_no = 'П-001'",
    )
    .await;
    app.execute(
        "INSERT INTO timesheet_entries (timesheet_id, day, code, minutes, entered_by, updated_at) \
         SELECT t.id, '2026-11-20', 'work', 480, t.contractor_id, 1 FROM timesheets t JOIN people p ON p.id = t.contractor_id \
         WHERE p.personnel_no = 'П-001'",
    )
    .await;
    let early = ending.replace("30.11.2026", "10.11.2026");
    let (_, body) = check(&app, &hr, "early.csv", early.into_bytes(), "").await;
    let refused = report(&app, &hr, body["run_id"].as_i64().unwrap()).await;
    assert_eq!(rows(&refused)[&2], ("error".to_string(), problem("Placement end", "placement_has_later_hours")), "{refused}");
});
