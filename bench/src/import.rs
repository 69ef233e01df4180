//! A payroll export of 50,000 people (1C-style: `;`, names whole, dd.mm.yyyy dates, local
//! phone numbers, a sealed resident number each): the dry run and the apply of a first
//! import, and the dry run of the same file again (everything unchanged). Baseline: bare
//! multi-row inserts of the same people and roles, 1,000 rows a statement, in one transaction.
use crate::measure::{line, time};
use crate::world::{clean_up, err, insert_rows, open, organisation_in, Result, T};
use app::backend::import::{self, Starter};
use shared::import::report::Options;
use shared::import::{OnErrors, Preset};
use std::cell::Cell;

const PEOPLE: usize = 50_000;
const RUNS: usize = 3;

fn file() -> Vec<u8> {
    let mut csv = String::from("Табельный номер;ФИО;Подразделение;Должность;Дата приема;Вид занятости;Телефон;Email;СНИЛС\n");
    for i in 0..PEOPLE {
        csv.push_str(&format!(
            "{i:06};Иванов{i} Иван Петрович;Участок {};Монтажник;{:02}.{:02}.20{:02};Подрядчик;8 912 {:03}-{:02}-{:02};p{i}@bench.example;{:03}-{:03}-{:03} {:02}\n",
            i % 40,
            i % 28 + 1,
            i % 12 + 1,
            10 + i % 15,
            i / 10_000,
            i / 100 % 100,
            i % 100,
            i % 1000,
            i / 1000 % 1000,
            i % 997,
            i % 100
        ));
    }
    csv.into_bytes()
}

pub async fn run() -> Result<()> {
    let (url, kind, db, backend) = open().await?;
    let bytes = file();
    let options = Options { preset: Preset::OneC, create_units: true, ..Options::default() };
    let next = Cell::new(0usize);
    let org = Cell::new((0i64, 0i64));
    let run = Cell::new(0i64);
    let who =
        |org_id: i64| Starter { org_id, org_name: "Bench", person_id: None, locale: shared::Locale::Ru, client_addr: None, source: None };
    let fresh = || async {
        next.set(next.get() + 1);
        org.set(organisation_in(&db, &format!("import{}", next.get()), "RU").await?);
        Ok::<_, String>(())
    };
    let dry = time(RUNS, fresh, || async {
        let (id, counts) = import::start(&backend, &who(org.get().0), "bench.csv", &bytes, &options).await.map_err(err)?;
        run.set(id);
        (counts.created as usize == PEOPLE).then_some(()).ok_or(format!("dry run planned {counts:?}"))
    })
    .await?;
    // Each apply takes the organisation's checked run, made untimed first.
    let apply = time(
        RUNS,
        || async {
            fresh().await?;
            let (id, _) = import::start(&backend, &who(org.get().0), "bench.csv", &bytes, &options).await.map_err(err)?;
            run.set(id);
            Ok::<_, String>(())
        },
        || async {
            let counts = import::apply_now(&backend, &who(org.get().0), run.get(), OnErrors::Skip).await.map_err(err)?;
            (counts.created as usize == PEOPLE).then_some(()).ok_or(format!("applied {counts:?}"))
        },
    )
    .await?;
    // The nightly case: the same file again, nothing to change.
    let again = time(
        RUNS,
        || async { Ok::<_, String>(()) },
        || async {
            let (_, counts) = import::start(&backend, &who(org.get().0), "bench.csv", &bytes, &options).await.map_err(err)?;
            (counts.unchanged as usize == PEOPLE).then_some(()).ok_or(format!("second dry run {counts:?}"))
        },
    )
    .await?;
    let baseline = time(RUNS, fresh, || async {
        let (org_id, entity) = org.get();
        let base = sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM people").fetch_one(&db.pool).await.map_err(err)?;
        insert_rows(
            &db,
            "INSERT INTO people (id, org_id, email, family_name, given_name, patronymic, search_text, phone, position, status, legal_entity_id, \
             hire_date, personnel_no, created_at, updated_at)",
            (0..PEOPLE).map(|i| {
                let id = base + 1 + i as i64;
                format!(
                    "({id}, {org_id}, 'p{i}@bench.example', 'Иванов{i}', 'Иван', 'Петрович', 'иванов{i} иван', '+7912{i:07}', 'Монтажник', \
                     'invited', {entity}, '2020-01-01', '{i:06}', {T}, {T})"
                )
            }),
        )
        .await?;
        insert_rows(
            &db,
            "INSERT INTO person_roles (org_id, person_id, role)",
            (0..PEOPLE).map(|i| format!("({org_id}, {}, 'contractor')", base + 1 + i as i64)),
        )
        .await
    })
    .await?;
    println!("\n### Import of {PEOPLE} people ({kind}), median of {RUNS}\n");
    println!("| | ours | baseline | ratio |\n|---|---|---|---|");
    println!("{}", line("dry run (read, check, diff)", &dry, "bare inserts", &baseline));
    println!("{}", line("apply", &apply, "bare inserts", &baseline));
    println!("{}", line("the same file again (dry run)", &again, "bare inserts", &baseline));
    let total = crate::measure::Figures { median: dry.median + apply.median, p95: dry.p95 + apply.p95 };
    println!("{}", line("dry run + apply", &total, "bare inserts", &baseline));
    clean_up(db, backend, &url).await
}
