//! Contractor timesheets: the month grid and its autosave, review and approval through the
//! general approval engine, emailed approval links, summaries, exports and reminders.
pub mod export;
pub mod grid;
pub mod grid_form;
pub mod payroll;
pub mod reminders;
pub mod review;
pub mod summary;
pub mod terms;

use super::approvals::Subject;
use super::policy::TimesheetScope;
use super::Result;
use crate::AppError;
use shared::approvals::{Chain, State, Status};
use shared::audit::Approvable;
use shared::timesheets::Code;

/// Timesheets as approval subjects: client step, then provider step.
pub fn subject() -> Subject {
    Subject { kind: Approvable::Timesheet, table: "timesheets", chain: Chain::timesheet(), stamps: super::approvals::standard_stamps }
}

/// The per-code total columns, in `Code::ALL` order.
pub fn total_column(code: Code) -> &'static str {
    match code {
        Code::Work => "work_min",
        Code::Overtime => "overtime_min",
        Code::Night => "night_min",
        Code::Holiday => "holiday_min",
        Code::Sick => "sick_min",
        Code::Vacation => "vacation_min",
        Code::Unpaid => "unpaid_min",
        Code::Downtime => "downtime_min",
    }
}

/// `t.work_min, t.overtime_min, …` for a SELECT.
pub fn total_columns(alias: &str, wrap: &str) -> String {
    Code::ALL
        .iter()
        .map(|c| if wrap.is_empty() { format!("{alias}.{}", total_column(*c)) } else { format!("{wrap}({alias}.{})", total_column(*c)) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A timesheet's facts for the policy and the engine.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Facts {
    pub id: i64,
    pub org_id: i64,
    pub version: i64,
    pub status: Status,
    pub step: i64,
    pub contractor_id: i64,
    pub foreman_id: Option<i64>,
    pub client_company_id: i64,
    pub client_department_id: i64,
    pub site_manager_id: Option<i64>,
}

impl Facts {
    pub fn scope(&self) -> TimesheetScope {
        TimesheetScope {
            contractor_id: self.contractor_id,
            foreman_id: self.foreman_id,
            client_company_id: self.client_company_id,
            site_manager_id: self.site_manager_id,
        }
    }

    pub fn state(&self) -> State {
        State::new(self.status, self.step.clamp(0, 255) as u8)
    }
}

pub async fn facts<'e, E>(exec: E, org_id: i64, id: i64) -> Result<Facts>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as::<_, Facts>(
        "SELECT t.id, t.org_id, t.version, t.status, t.step, t.contractor_id, t.foreman_id, t.client_company_id, t.client_department_id, \
         cd.manager_id AS site_manager_id FROM timesheets t JOIN client_departments cd ON cd.id = t.client_department_id \
         WHERE t.org_id = $1 AND t.id = $2",
    )
    .bind(org_id)
    .bind(id)
    .fetch_optional(exec)
    .await?
    .ok_or_else(|| AppError::NotFound.into())
}
