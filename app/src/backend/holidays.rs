//! Public holiday calendars per country (KR, RU shipped), editable by the administrator.
use super::{audit, policy, Caller, Db, Result};
use shared::format::Date;
use shared::timesheets::model::Holiday;
use shared::validation::{required_text, FieldError};
use shared::Msg;

/// Shipped calendars: statutory days off, with substitute days, for the years around launch.
/// Administrators correct and extend them (lunar dates and transfers are decided yearly).
const DEFAULTS: &[(&str, &str, &str)] = &[
    ("KR", "2026-01-01", "신정"),
    ("KR", "2026-02-16", "설날 연휴"),
    ("KR", "2026-02-17", "설날"),
    ("KR", "2026-02-18", "설날 연휴"),
    ("KR", "2026-03-02", "삼일절 대체공휴일"),
    ("KR", "2026-05-05", "어린이날"),
    ("KR", "2026-05-25", "부처님오신날 대체공휴일"),
    ("KR", "2026-06-03", "전국동시지방선거"),
    ("KR", "2026-08-17", "광복절 대체공휴일"),
    ("KR", "2026-09-24", "추석 연휴"),
    ("KR", "2026-09-25", "추석"),
    ("KR", "2026-09-26", "추석 연휴"),
    ("KR", "2026-10-05", "개천절 대체공휴일"),
    ("KR", "2026-10-09", "한글날"),
    ("KR", "2026-12-25", "성탄절"),
    ("KR", "2027-01-01", "신정"),
    ("KR", "2027-02-08", "설날 연휴"),
    ("KR", "2027-02-09", "설날 대체공휴일"),
    ("KR", "2027-03-01", "삼일절"),
    ("KR", "2027-05-05", "어린이날"),
    ("KR", "2027-05-13", "부처님오신날"),
    ("KR", "2027-08-16", "광복절 대체공휴일"),
    ("KR", "2027-09-14", "추석 연휴"),
    ("KR", "2027-09-15", "추석"),
    ("KR", "2027-09-16", "추석 연휴"),
    ("KR", "2027-10-04", "개천절 대체공휴일"),
    ("KR", "2027-10-11", "한글날 대체공휴일"),
    ("KR", "2027-12-27", "성탄절 대체공휴일"),
    ("RU", "2026-01-01", "Новогодние каникулы"),
    ("RU", "2026-01-02", "Новогодние каникулы"),
    ("RU", "2026-01-05", "Новогодние каникулы"),
    ("RU", "2026-01-06", "Новогодние каникулы"),
    ("RU", "2026-01-07", "Рождество Христово"),
    ("RU", "2026-01-08", "Новогодние каникулы"),
    ("RU", "2026-01-09", "Перенос выходного"),
    ("RU", "2026-02-23", "День защитника Отечества"),
    ("RU", "2026-03-09", "Перенос: Международный женский день"),
    ("RU", "2026-05-01", "Праздник Весны и Труда"),
    ("RU", "2026-05-11", "Перенос: День Победы"),
    ("RU", "2026-06-12", "День России"),
    ("RU", "2026-11-04", "День народного единства"),
    ("RU", "2026-12-31", "Перенос выходного"),
    ("RU", "2027-01-01", "Новогодние каникулы"),
    ("RU", "2027-01-04", "Новогодние каникулы"),
    ("RU", "2027-01-05", "Новогодние каникулы"),
    ("RU", "2027-01-06", "Новогодние каникулы"),
    ("RU", "2027-01-07", "Рождество Христово"),
    ("RU", "2027-01-08", "Новогодние каникулы"),
    ("RU", "2027-02-23", "День защитника Отечества"),
    ("RU", "2027-03-08", "Международный женский день"),
    ("RU", "2027-05-03", "Перенос: Праздник Весны и Труда"),
    ("RU", "2027-05-10", "Перенос: День Победы"),
    ("RU", "2027-06-14", "Перенос: День России"),
    ("RU", "2027-11-04", "День народного единства"),
];

/// Gives a new organisation the shipped calendars.
pub async fn seed_defaults(db: &Db, org_id: i64) -> Result<()> {
    for (country, day, name) in DEFAULTS {
        sqlx::query(
            "INSERT INTO holidays (org_id, country, day, name) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, country, day) DO NOTHING",
        )
        .bind(org_id)
        .bind(*country)
        .bind(*day)
        .bind(*name)
        .execute(db.writes())
        .await?;
    }
    Ok(())
}

/// A stored holiday, its day read as a date.
#[derive(sqlx::FromRow)]
pub struct DayOff {
    pub country: String,
    pub day: Date,
    pub name: String,
}

pub async fn in_range(db: &Db, org_id: i64, first: Date, last: Date) -> Result<Vec<DayOff>> {
    Ok(sqlx::query_as::<_, DayOff>("SELECT country, day, name FROM holidays WHERE org_id = $1 AND day >= $2 AND day <= $3 ORDER BY day")
        .bind(org_id)
        .bind(first)
        .bind(last)
        .fetch_all(&db.pool)
        .await?)
}

pub async fn list(db: &Db, caller: &Caller, year: i32) -> Result<Vec<Holiday>> {
    policy::manage_holidays(caller)?;
    let org_id = caller.org_id;
    let first = Date { year, month: 1, day: 1 };
    let last = Date { year, month: 12, day: 31 };
    let days = in_range(db, org_id, first, last).await?;
    Ok(days.into_iter().map(|d| Holiday { country: d.country, day: d.day.iso(), name: d.name }).collect())
}

/// Adds or renames a holiday (`remove` deletes it instead). Audited.
pub async fn save(db: &Db, caller: &Caller, h: &Holiday, remove: bool, client_addr: Option<&str>) -> Result<()> {
    policy::manage_holidays(caller)?;
    let country = h.country.trim().to_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(FieldError::new("country", Msg::ErrInvalidCountry).into());
    }
    let day = Date::parse_iso(&h.day).ok_or(FieldError::new("day", Msg::ErrInvalidDate))?.iso();
    let mut tx = db.begin_write().await?;
    if remove {
        sqlx::query("DELETE FROM holidays WHERE org_id = $1 AND country = $2 AND day = $3")
            .bind(caller.org_id)
            .bind(&country)
            .bind(&day)
            .execute(&mut *tx)
            .await?;
    } else {
        let name = required_text("name", &h.name, 100)?;
        sqlx::query(
            "INSERT INTO holidays (org_id, country, day, name) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (org_id, country, day) DO UPDATE SET name = excluded.name",
        )
        .bind(caller.org_id)
        .bind(&country)
        .bind(&day)
        .bind(&name)
        .execute(&mut *tx)
        .await?;
    }
    let entry = audit::Entry {
        org_id: caller.org_id,
        actor_id: Some(caller.person_id),
        action: if remove { audit::Event::HolidayRemoved } else { audit::Event::HolidaySaved }.into(),
        subject_type: audit::Subject::Holiday,
        subject_id: None,
        detail: serde_json::json!({ "country": country, "day": day }),
        client_addr,
    };
    audit::record(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
