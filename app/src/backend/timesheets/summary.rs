//! Monthly summaries of approved hours (client → site → foreman → contractor) and the invoicing
//! basis. They read the per-timesheet totals, never the daily entries.
use super::super::{policy, Caller, Db, Result};
use super::total_columns;
use shared::format::{person_name, Date};
use shared::timesheets::model::{BasisLine, Summary, SummaryLevel, SummaryLine, SummaryQuery};
use shared::validation::FieldError;
use shared::{Locale, Msg};

/// Amount in minor units for one timesheet row `t` joined with its client `cc`: the rate times
/// hours, each code weighted by the client's multiplier (permille). Rounded down per timesheet.
const AMOUNT: &str = "(t.rate_minor * (t.work_min * 1000 + t.overtime_min * cc.overtime_pm + t.night_min * cc.night_pm \
     + t.holiday_min * cc.holiday_pm + t.downtime_min * cc.downtime_pm) / 60000)";
const BILLABLE: &str = "(t.work_min + t.overtime_min + t.night_min + t.holiday_min + t.downtime_min)";

/// The WHERE clause shared by every summary query: organisation, month, reach and drill-down.
fn filter(caller: &Caller, q: &SummaryQuery) -> Result<(String, String, String)> {
    let reach = policy::timesheet_reach(caller)?;
    let month = Date::parse_month(&q.month).ok_or(FieldError::new("month", Msg::ErrInvalidDate))?;
    let mut sql = format!(" WHERE t.org_id = $1 AND t.period_start >= $2 AND t.period_start <= $3{}", reach.sql("t"));
    if let Some(c) = q.client_company_id {
        sql.push_str(&format!(" AND t.client_company_id = {c}"));
    }
    if let Some(d) = q.client_department_id {
        sql.push_str(&format!(" AND t.client_department_id = {d}"));
    }
    match q.foreman_id {
        Some(0) => sql.push_str(" AND t.foreman_id IS NULL"),
        Some(f) => sql.push_str(&format!(" AND t.foreman_id = {f}")),
        None => {}
    }
    Ok((sql, month.first_of_month().iso(), month.last_of_month().iso()))
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    label: String,
    label2: String,
    timesheets: i64,
    m0: i64,
    m1: i64,
    m2: i64,
    m3: i64,
    m4: i64,
    m5: i64,
    m6: i64,
    m7: i64,
    amount_minor: i64,
    currency: String,
}

pub async fn summary(db: &Db, caller: &Caller, q: &SummaryQuery, locale: Locale) -> Result<Summary> {
    let (filter, first, last) = filter(caller, q)?;
    let level = q.level();
    let (key, label, label2) = match level {
        SummaryLevel::Company => ("t.client_company_id", "cc.name", "''"),
        SummaryLevel::Department => ("t.client_department_id", "cd.name", "''"),
        SummaryLevel::Foreman => ("COALESCE(t.foreman_id, 0)", "COALESCE(f.family_name, '')", "COALESCE(f.given_name, '')"),
        SummaryLevel::Contractor => ("t.contractor_id", "c.family_name", "c.given_name"),
    };
    // PostgreSQL refuses constants in GROUP BY and ORDER BY.
    let group = if label2 == "''" { label.to_string() } else { format!("{label}, {label2}") };
    let sums: String = total_columns("t", "")
        .split(", ")
        .enumerate()
        .map(|(i, col)| format!("CAST(SUM({col}) AS BIGINT) AS m{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {key} AS id, {label} AS label, {label2} AS label2, COUNT(*) AS timesheets, {sums}, \
         CAST(SUM({AMOUNT}) AS BIGINT) AS amount_minor, t.currency \
         FROM timesheets t JOIN client_companies cc ON cc.id = t.client_company_id \
         JOIN client_departments cd ON cd.id = t.client_department_id JOIN people c ON c.id = t.contractor_id \
         LEFT JOIN people f ON f.id = t.foreman_id{filter} AND t.status = 'approved' \
         GROUP BY {key}, {group}, t.currency ORDER BY {group}, t.currency"
    );
    let rows: Vec<LineRow> = sqlx::query_as(&sql).bind(caller.org_id).bind(&first).bind(&last).fetch_all(&db.pool).await?;
    let lines = rows
        .into_iter()
        .map(|r| SummaryLine {
            id: r.id,
            label: match level {
                SummaryLevel::Foreman | SummaryLevel::Contractor => person_name(&r.label, &r.label2, locale),
                _ => r.label,
            },
            timesheets: r.timesheets,
            minutes: vec![r.m0, r.m1, r.m2, r.m3, r.m4, r.m5, r.m6, r.m7],
            amount_minor: r.amount_minor,
            currency: r.currency,
        })
        .collect();
    let basis: Vec<(String, String, i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT cc.name, le.name, CAST(SUM({BILLABLE}) AS BIGINT), CAST(SUM({AMOUNT}) AS BIGINT), t.currency \
         FROM timesheets t JOIN client_companies cc ON cc.id = t.client_company_id JOIN legal_entities le ON le.id = t.legal_entity_id\
         {filter} AND t.status = 'approved' GROUP BY cc.name, le.name, t.currency ORDER BY cc.name, le.name, t.currency"
    ))
    .bind(caller.org_id)
    .bind(&first)
    .bind(&last)
    .fetch_all(&db.pool)
    .await?;
    let pending: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM timesheets t{filter} AND t.status <> 'approved'"))
        .bind(caller.org_id)
        .bind(&first)
        .bind(&last)
        .fetch_one(&db.pool)
        .await?;
    Ok(Summary {
        query: q.clone(),
        level,
        lines,
        basis: basis
            .into_iter()
            .map(|(client_company, legal_entity, billable_minutes, amount_minor, currency)| BasisLine {
                client_company,
                legal_entity,
                billable_minutes,
                amount_minor,
                currency,
            })
            .collect(),
        pending,
    })
}

/// One approved timesheet as exported.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub client_company: String,
    pub client_department: String,
    pub foreman_family: Option<String>,
    pub foreman_given: Option<String>,
    pub contractor_family: String,
    pub contractor_given: String,
    pub legal_entity: String,
    pub period_start: String,
    pub period_end: String,
    pub m0: i64,
    pub m1: i64,
    pub m2: i64,
    pub m3: i64,
    pub m4: i64,
    pub m5: i64,
    pub m6: i64,
    pub m7: i64,
    pub amount_minor: i64,
    pub currency: String,
}

impl ExportRow {
    pub fn minutes(&self) -> [i64; 8] {
        [self.m0, self.m1, self.m2, self.m3, self.m4, self.m5, self.m6, self.m7]
    }
}

/// Every approved timesheet in the summary's scope, for CSV and Excel.
pub async fn export_rows(db: &Db, caller: &Caller, q: &SummaryQuery) -> Result<Vec<ExportRow>> {
    let (filter, first, last) = filter(caller, q)?;
    let cols: String =
        total_columns("t", "").split(", ").enumerate().map(|(i, col)| format!("{col} AS m{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT cc.name AS client_company, cd.name AS client_department, f.family_name AS foreman_family, f.given_name AS foreman_given, \
         c.family_name AS contractor_family, c.given_name AS contractor_given, le.name AS legal_entity, t.period_start, t.period_end, \
         {cols}, {AMOUNT} AS amount_minor, t.currency \
         FROM timesheets t JOIN client_companies cc ON cc.id = t.client_company_id JOIN client_departments cd ON cd.id = t.client_department_id \
         JOIN people c ON c.id = t.contractor_id LEFT JOIN people f ON f.id = t.foreman_id JOIN legal_entities le ON le.id = t.legal_entity_id\
         {filter} AND t.status = 'approved' ORDER BY cc.name, cd.name, f.family_name, c.family_name, c.given_name, t.period_start, t.id"
    );
    Ok(sqlx::query_as::<_, ExportRow>(&sql).bind(caller.org_id).bind(&first).bind(&last).fetch_all(&db.pool).await?)
}
