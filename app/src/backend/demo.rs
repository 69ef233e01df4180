//! Demo data: a provider with two legal entities, three client companies, a few hundred people
//! with placements, and one sign-in per role (password `DEMO_PASSWORD`).
use super::{now, people, Backend, Result};
use shared::validation::Email;
use shared::Role;

pub const DEMO_PASSWORD: &str = "staffport-demo";
pub const ORG_SLUG: &str = "demo";

/// One demo sign-in per role: (role, email).
pub const LOGINS: [(Role, &str); 7] = [
    (Role::Admin, "admin@demo.staffport.dev"),
    (Role::HrManager, "hr@demo.staffport.dev"),
    (Role::Employee, "employee@demo.staffport.dev"),
    (Role::Contractor, "contractor@demo.staffport.dev"),
    (Role::ClientManager, "client@demo.staffport.dev"),
    (Role::Foreman, "foreman@demo.staffport.dev"),
    (Role::Recruiter, "recruiter@demo.staffport.dev"),
];

const KO_FAMILY: [&str; 8] = ["김", "이", "박", "최", "정", "강", "조", "윤"];
const KO_GIVEN: [&str; 8] = ["민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민"];
const RU_FAMILY: [&str; 8] = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Морозов"];
const RU_GIVEN: [&str; 8] = ["Алексей", "Дмитрий", "Сергей", "Андрей", "Максим", "Иван", "Никита", "Егор"];

async fn unit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: i64,
    kind: shared::model::UnitKind,
    name: &str,
    parent: Option<i64>,
    extra: &str,
) -> Result<i64> {
    let input = shared::model::UnitInput { kind, name: name.into(), parent_id: parent, extra: extra.into(), code: String::new() };
    super::org::create_unit(tx, org, &input).await
}

/// Creates the demo organisation unless it exists. Returns false when it was already there.
pub async fn seed(backend: &Backend, people_count: usize) -> Result<bool> {
    use shared::model::UnitKind::*;
    let db = &backend.db;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE slug = $1").bind(ORG_SLUG).fetch_optional(&db.pool).await?;
    if exists.is_some() {
        return Ok(false);
    }
    // One hash for every demo login: hashing hundreds of passwords would only slow the seed.
    let hash = backend.passwords.hash(DEMO_PASSWORD.into()).await?;
    let mut tx = db.begin_write().await?;
    let org: i64 =
        sqlx::query_scalar("INSERT INTO organisations (name, slug, default_locale, created_at) VALUES ($1, $2, 'en', $3) RETURNING id")
            .bind("Hanbit Staffing")
            .bind(ORG_SLUG)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
    let kr = unit(&mut tx, org, LegalEntity, "Hanbit Staffing Korea Co., Ltd.", None, "KR").await?;
    let ru = unit(&mut tx, org, LegalEntity, "ООО «Ханбит Стаффинг Рус»", None, "RU").await?;
    let mut departments = Vec::new();
    for (entity, names) in [(kr, ["인사팀", "운영팀", "채용팀"]), (ru, ["Отдел кадров", "Операционный отдел", "Подбор персонала"])]
    {
        for name in names {
            departments.push((entity, unit(&mut tx, org, Department, name, Some(entity), "").await?));
        }
    }
    let mut sites = Vec::new();
    for (company, country, site_names) in [
        ("Seoul Logistics Co.", "KR", ["Incheon Hub", "Pyeongtaek Warehouse"]),
        ("Volga Assembly LLC", "RU", ["Цех №1", "Склад Казань"]),
        ("Northwind Foods", "KR", ["Busan Plant", "Daegu Packing"]),
    ] {
        let entity = if country == "RU" { ru } else { kr };
        let id = unit(&mut tx, org, ClientCompany, company, None, country).await?;
        for site in site_names {
            sites.push((entity, id, unit(&mut tx, org, ClientDepartment, site, Some(id), "").await?));
        }
    }
    let first_site = *sites.first().ok_or(super::BackendError::Internal("no sites".into()))?;
    let mut ids = std::collections::HashMap::new();
    for (i, (role, email)) in LOGINS.iter().enumerate() {
        let (family, given) = match role {
            Role::Admin => ("Admin", "Demo"),
            Role::HrManager => ("한", "지수"),
            Role::Employee => ("Орлова", "Мария"),
            Role::Contractor => ("박", "상우"),
            Role::ClientManager => ("Lee", "Daniel"),
            Role::Foreman => ("Кузнецов", "Павел"),
            Role::Recruiter => ("Choi", "Yuna"),
        };
        let on_client_side = role.is_client_side();
        let (entity, dept) = departments.get(i % departments.len()).copied().unwrap_or((kr, 0));
        let mut roles = vec![*role];
        if matches!(role, Role::Admin | Role::HrManager | Role::Recruiter) {
            roles.push(Role::Employee);
        }
        let person = people::NewPerson {
            email: Email::parse("email", email)?,
            family_name: family.into(),
            given_name: given.into(),
            roles,
            legal_entity_id: (!on_client_side).then_some(entity),
            department_id: (!on_client_side && *role != Role::Contractor).then_some(dept),
            client_company_id: on_client_side.then_some(first_site.1),
            status: shared::model::PersonStatus::Active,
            password_hash: Some(hash.clone()),
        };
        ids.insert(*role, people::insert(&mut tx, org, &person).await?);
    }
    let foreman = ids.get(&Role::Foreman).copied();
    let mut crew = vec![ids.get(&Role::Contractor).copied().unwrap_or_default()];
    for n in 0..people_count {
        let russian = n % 3 == 1;
        let (f, g) = if russian { (&RU_FAMILY, &RU_GIVEN) } else { (&KO_FAMILY, &KO_GIVEN) };
        let family = f.get(n % 8).copied().unwrap_or_default();
        let given = g.get((n / 8) % 8).copied().unwrap_or_default();
        let contractor = n % 4 != 0;
        let (entity, dept) = departments.get(n % departments.len()).copied().unwrap_or((kr, 0));
        let person = people::NewPerson {
            email: Email::parse("email", &format!("person{n:04}@demo.staffport.dev"))?,
            family_name: family.into(),
            given_name: given.into(),
            roles: vec![if contractor { Role::Contractor } else { Role::Employee }],
            legal_entity_id: Some(entity),
            department_id: (!contractor).then_some(dept),
            client_company_id: None,
            status: shared::model::PersonStatus::Active,
            password_hash: None,
        };
        let id = people::insert(&mut tx, org, &person).await?;
        if contractor {
            crew.push(id);
        }
    }
    for (n, contractor) in crew.iter().enumerate() {
        let (entity, company, site) = if n < 12 { first_site } else { sites.get(n % sites.len()).copied().unwrap_or(first_site) };
        let foreman_id = if company == first_site.1 { foreman } else { None };
        sqlx::query(
            "INSERT INTO placements (org_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
             starts_on, ends_on, rate_minor, currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(org)
        .bind(*contractor)
        .bind(entity)
        .bind(company)
        .bind(site)
        .bind(foreman_id)
        .bind("2026-01-01")
        .bind(None::<String>)
        .bind(if entity == ru { 65_000 } else { 1_250_000 })
        .bind(if entity == ru { "RUB" } else { "KRW" })
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    super::holidays::seed_defaults(db, org).await?;
    super::cabinet::request_types::seed_types(db, org).await?;
    cabinet_people(backend, org, &ids).await?;
    last_month_approved(db, org).await?;
    recruiting(backend, org, &ids).await?;
    Ok(true)
}

/// A job owned by the recruiter with the demo employee as hiring manager, and candidates.
async fn recruiting(backend: &Backend, org: i64, ids: &std::collections::HashMap<Role, i64>) -> Result<()> {
    use shared::recruiting::CandidateInput;
    let (Some(recruiter), Some(employee)) = (ids.get(&Role::Recruiter), ids.get(&Role::Employee)) else {
        return Ok(());
    };
    let job = super::recruiting::jobs::create_for(&backend.db, org, *recruiter, "Backend developer (Rust) / 백엔드 개발자").await?;
    sqlx::query("INSERT INTO job_team (job_id, person_id) VALUES ($1, $2)").bind(job).bind(*employee).execute(backend.db.writes()).await?;
    let fields = r#"[{"key":"years","label":{"en":"Years of experience","ko":"경력 연수","ru":"Опыт, лет"},"kind":"number","choices":[]},{"key":"office","label":{"en":"Office","ko":"근무지","ru":"Офис"},"kind":"choice","choices":["Seoul","Pangyo","Remote"]}]"#;
    sqlx::query("UPDATE jobs SET custom_fields = $1 WHERE id = $2").bind(fields).bind(job).execute(backend.db.writes()).await?;
    let people = [
        ("박지훈", "+82 10-2345-6789", "jihoon.park@example.kr", "LinkedIn", "rust, senior"),
        ("Смирнова Анна", "+7 916 123-45-67", "anna.smirnova@example.ru", "hh.ru", "rust, postgres"),
        ("이서연", "+82 10-8765-4321", "seoyeon.lee@example.kr", "Referral", "junior"),
        ("Kim Minho", "+82 10-5555-0101", "minho.kim@example.com", "Job board", "go, rust"),
    ];
    for (name, phone, email, source, tags) in people {
        let input = CandidateInput {
            job_id: job,
            full_name: name.into(),
            phone: phone.into(),
            email: email.into(),
            source: source.into(),
            tags: tags.into(),
            custom: [("years", "7"), ("office", "Seoul")]
                .iter()
                .filter(|_| name == "박지훈")
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        super::recruiting::candidates::insert(backend, org, *recruiter, &input).await?;
    }
    Ok(())
}

/// The demo employee reports to the administrator, has been employed since 2023 (so has leave)
/// and has protected personal data on file.
async fn cabinet_people(backend: &Backend, org: i64, ids: &std::collections::HashMap<Role, i64>) -> Result<()> {
    let (Some(employee), Some(admin)) = (ids.get(&Role::Employee), ids.get(&Role::Admin)) else {
        return Ok(());
    };
    sqlx::query("UPDATE people SET manager_id = $1, hire_date = '2023-03-02' WHERE id = $2")
        .bind(*admin)
        .bind(*employee)
        .execute(backend.db.writes())
        .await?;
    let data: std::collections::BTreeMap<String, String> = [
        ("resident_no", "900101-2345678"),
        ("passport_no", "75 1234567"),
        ("tax_no", "7707083893"),
        ("bank_name", "Сбербанк"),
        ("bank_account", "40817810099910004312"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut tx = backend.db.begin_write().await?;
    super::cabinet::secrets::update(&mut tx, backend, org, *employee, &data).await?;
    // A policy every employee must read and sign.
    let t = now();
    let doc: i64 = sqlx::query_scalar(
        "INSERT INTO documents (org_id, title, kind, audience, created_by, created_at) VALUES ($1, $2, 'policy', $3, $4, $5) RETURNING id",
    )
    .bind(org)
    .bind("Personal data protection policy / 개인정보 보호 방침 / Политика защиты персональных данных")
    .bind(r#"{"roles":["employee"]}"#)
    .bind(*admin)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let body = "We process personal data only for employment and placement, keep protected fields encrypted, and show them only to those who need them.\n\n개인정보는 고용과 파견 업무에만 사용하며, 보호 항목은 암호화하여 필요한 사람에게만 보여 줍니다.\n\nПерсональные данные обрабатываются только для трудоустройства и назначений; защищённые поля хранятся зашифрованными.";
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    };
    sqlx::query("INSERT INTO document_versions (org_id, document_id, number, body, sha256, published_by, published_at) VALUES ($1, $2, 1, $3, $4, $5, $6)")
        .bind(org)
        .bind(doc)
        .bind(body)
        .bind(sha)
        .bind(*admin)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO announcements (org_id, kind, title, body, audience, due_on, created_by, created_at) \
         VALUES ($1, 'todo', $2, $3, $4, NULL, $5, $6)",
    )
    .bind(org)
    .bind("Check your emergency contact / 비상 연락처 확인 / Проверьте экстренный контакт")
    .bind("Please check that your emergency contact in the profile is current.")
    .bind(r#"{"roles":["employee"]}"#)
    .bind(*admin)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Last month's timesheets, filled (8 h on working days) and approved, so the summary and
/// exports have something to show on first start.
async fn last_month_approved(db: &super::Db, org: i64) -> Result<()> {
    use shared::format::Date;
    use shared::timesheets::{Period, PeriodKind};
    let month = Date::from_unix(now()).add_months(-1);
    let period = Period::containing(PeriodKind::Month, month);
    #[derive(sqlx::FromRow)]
    struct Placed {
        id: i64,
        contractor_id: i64,
        legal_entity_id: i64,
        client_company_id: i64,
        client_department_id: i64,
        foreman_id: Option<i64>,
        rate_minor: i64,
        currency: String,
    }
    let placements: Vec<Placed> = sqlx::query_as(
        "SELECT id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, rate_minor, currency          FROM placements WHERE org_id = $1 ORDER BY id",
    )
    .bind(org)
    .fetch_all(&db.pool)
    .await?;
    let t = now();
    let mut tx = db.begin_write().await?;
    for p in placements {
        let (id, contractor) = (p.id, p.contractor_id);
        let sheet: i64 = sqlx::query_scalar(
            "INSERT INTO timesheets (org_id, placement_id, contractor_id, legal_entity_id, client_company_id, client_department_id, foreman_id, \
             period_start, period_end, status, step, rate_minor, currency, submitted_at, approved_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'approved', 1, $10, $11, $12, $12, $12, $12) RETURNING id",
        )
        .bind(org)
        .bind(id)
        .bind(contractor)
        .bind(p.legal_entity_id)
        .bind(p.client_company_id)
        .bind(p.client_department_id)
        .bind(p.foreman_id)
        .bind(period.start.iso())
        .bind(period.end.iso())
        .bind(p.rate_minor)
        .bind(&p.currency)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        for day in period.days().filter(|d| !d.is_weekend()) {
            // Every seventh contractor worked two hours of overtime on Mondays.
            let (code, minutes) = if day.weekday() == 0 && id % 7 == 0 { ("overtime", 120) } else { ("work", 480) };
            sqlx::query(
                "INSERT INTO timesheet_entries (timesheet_id, day, code, minutes, entered_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(sheet)
            .bind(day.iso())
            .bind(code)
            .bind(minutes)
            .bind(contractor)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        }
        super::timesheets::grid::refresh_totals(&mut tx, sheet).await?;
    }
    tx.commit().await?;
    Ok(())
}
