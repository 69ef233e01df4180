//! Approved hours in the shape payroll systems load: one line per person and day with the
//! system's time code, as CP1251 `;` CSV for 1C:ZUP and EUC-KR CSV with Korean headers for
//! Douzone. People are identified by their personnel number (from the payroll import).
use super::super::{audit, csv_file, now, policy, Backend, Caller, Db, Result};
use crate::AppError;
use shared::audit::{Event, Subject};
use shared::format::{person_name, Date};
use shared::stored::Json;
use shared::timesheets::payroll::{PayrollCodes, PayrollSystem};
use shared::timesheets::Code;
use shared::validation::{required_text, FieldError};
use shared::{Locale, Msg};

/// Saved codes as stored: each Staffport code with the system's.
type Saved = Json<Vec<(Code, String)>>;

async fn load(db: &Db, org_id: i64, system: PayrollSystem) -> Result<PayrollCodes> {
    let stored: Option<(Saved, i64)> = sqlx::query_as("SELECT codes, version FROM payroll_codes WHERE org_id = $1 AND system = $2")
        .bind(org_id)
        .bind(system)
        .fetch_optional(&db.pool)
        .await?;
    let mut codes = PayrollCodes::defaults(system);
    if let Some((Json(saved), version)) = stored {
        codes.version = version;
        for (code, value) in saved {
            if let Some(slot) = codes.codes.iter_mut().find(|(c, _)| *c == code) {
                slot.1 = value;
            }
        }
    }
    Ok(codes)
}

/// The organisation's codes for a system (its defaults until edited).
pub async fn codes(db: &Db, caller: &Caller, system: PayrollSystem) -> Result<PayrollCodes> {
    policy::manage_payroll_codes(caller)?;
    load(db, caller.org_id, system).await
}

/// Saves codes edited on a form loaded at `input.version`; answers the new version.
pub async fn save_codes(backend: &Backend, caller: &Caller, input: &PayrollCodes, client_addr: Option<&str>) -> Result<i64> {
    policy::manage_payroll_codes(caller)?;
    let mut codes = Vec::new();
    for code in Code::ALL {
        let raw = input.codes.iter().find(|(c, _)| *c == code).map(|(_, v)| v.as_str()).unwrap_or_default();
        let field = PayrollCodes::field(code);
        let value = required_text(field, raw, 20)?;
        // The code lands in a cell of a delimited file another program parses.
        if value.contains([';', ',', '"', '\n', '\r']) {
            return Err(FieldError::new(field, Msg::ErrPayrollCodeChars).into());
        }
        codes.push((code, value));
    }
    let mut tx = backend.db.begin_write().await?;
    let t = now();
    let done = if input.version == 0 {
        sqlx::query(
            "INSERT INTO payroll_codes (org_id, system, codes, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, system) DO NOTHING",
        )
        .bind(caller.org_id)
        .bind(input.system)
        .bind(Json(&codes))
        .bind(t)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE payroll_codes SET codes = $1, updated_at = $2, version = version + 1 WHERE org_id = $3 AND system = $4 AND version = $5",
        )
        .bind(Json(&codes))
        .bind(t)
        .bind(caller.org_id)
        .bind(input.system)
        .bind(input.version)
        .execute(&mut *tx)
        .await?
    };
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict.into());
    }
    audit::record(
        &mut *tx,
        audit::Entry::by(
            caller,
            Event::PayrollCodesChanged,
            (Subject::Organisation, caller.org_id),
            serde_json::json!({ "system": input.system.as_str() }),
            client_addr,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(input.version + 1)
}

#[derive(sqlx::FromRow)]
struct Line {
    personnel_no: Option<String>,
    family_name: String,
    given_name: String,
    patronymic: Option<String>,
    day: Date,
    code: Code,
    minutes: i64,
}

/// Every entry of the month's approved timesheets.
async fn lines(db: &Db, org_id: i64, month: Date) -> Result<Vec<Line>> {
    Ok(sqlx::query_as(
        "SELECT p.personnel_no, p.family_name, p.given_name, p.patronymic, e.day, e.code, e.minutes \
         FROM timesheet_entries e JOIN timesheets t ON t.id = e.timesheet_id JOIN people p ON p.id = t.contractor_id \
         WHERE t.org_id = $1 AND t.status = 'approved' AND e.day >= $2 AND e.day <= $3 \
         ORDER BY p.personnel_no, p.family_name, p.given_name, p.id, e.day",
    )
    .bind(org_id)
    .bind(month.first_of_month())
    .bind(month.last_of_month())
    .fetch_all(&db.pool)
    .await?)
}

/// Hours with two decimals and the system's decimal mark.
fn hours(minutes: i64, mark: char) -> String {
    format!("{}{mark}{:02}", minutes / 60, (minutes % 60) * 100 / 60)
}

/// The month's approved hours as the payroll system loads them: (file name, bytes).
pub async fn export(db: &Db, caller: &Caller, month: &str, system: PayrollSystem) -> Result<(String, Vec<u8>)> {
    policy::export_payroll(caller)?;
    let month = Date::parse_month(month).ok_or(FieldError::new("month", Msg::ErrInvalidDate))?;
    let codes = load(db, caller.org_id, system).await?;
    let lines = lines(db, caller.org_id, month).await?;
    let (delimiter, encoding, locale) = match system {
        PayrollSystem::OneC => (b';', encoding_rs::WINDOWS_1251, Locale::Ru),
        PayrollSystem::Douzone => (b',', encoding_rs::EUC_KR, Locale::Ko),
    };
    let header = [Msg::ImportFieldPersonnelNo, Msg::ImportFieldFullName, Msg::PayrollDate, Msg::PayrollCode, Msg::PayrollHours]
        .map(|m| m.text(locale).to_string());
    let rows = lines.iter().map(|l| {
        let (name, day, amount) = match system {
            PayrollSystem::OneC => {
                let name = [Some(l.family_name.as_str()), Some(l.given_name.as_str()), l.patronymic.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                (name, format!("{:02}.{:02}.{}", l.day.day, l.day.month, l.day.year), hours(l.minutes, ','))
            }
            PayrollSystem::Douzone => (
                person_name(&l.family_name, &l.given_name, Locale::Ko),
                format!("{}{:02}{:02}", l.day.year, l.day.month, l.day.day),
                hours(l.minutes, '.'),
            ),
        };
        vec![l.personnel_no.clone().unwrap_or_default(), name, day, codes.code(l.code).to_string(), amount]
    });
    let text = csv_file::text(delimiter, header.to_vec(), rows)?;
    Ok((format!("hours-{}-{}.csv", system.as_str(), month.month_key()), csv_file::encode(&text, encoding)))
}
