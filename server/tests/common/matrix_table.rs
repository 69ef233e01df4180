//! The authorization matrix: every server function and route × anonymous and every role ×
//! ownership case, with the status the server must answer. A registered endpoint without a
//! row fails `missing_rows`, so a new endpoint cannot ship unchecked.
#![allow(dead_code)]
use shared::Role;

/// Column order of `Row::expect`.
pub const WHO: [Option<Role>; 8] = [
    None,
    Some(Role::Admin),
    Some(Role::HrManager),
    Some(Role::Employee),
    Some(Role::Contractor),
    Some(Role::ClientManager),
    Some(Role::Foreman),
    Some(Role::Recruiter),
];

/// Whose record a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Not about a particular record.
    Any,
    /// The caller's own record.
    Own,
    /// A provider employee unrelated to the caller.
    Unrelated,
    /// A contractor placed at the client manager's company, in the foreman's crew.
    CrewAtOwnClient,
    /// A contractor placed at another client company.
    OtherClient,
    /// A single-use link that does not exist.
    BadToken,
    /// A wrong password.
    BadCredentials,
    /// A timesheet at the provider step whose client step the caller approved: one person
    /// never decides two steps of one approval.
    SecondStep,
}

pub struct Row {
    pub endpoint: &'static str,
    pub case: Case,
    /// anonymous, admin, hr_manager, employee, contractor, client_manager, foreman, recruiter
    pub expect: [u16; 8],
}

const fn row(endpoint: &'static str, case: Case, expect: [u16; 8]) -> Row {
    Row { endpoint, case, expect }
}

const STAFF_ONLY: [u16; 8] = [401, 200, 200, 403, 403, 403, 403, 403];
const ADMIN_ONLY: [u16; 8] = [401, 200, 403, 403, 403, 403, 403, 403];
/// Recruiters and administrators.
const RECRUITERS: [u16; 8] = [401, 200, 403, 403, 403, 403, 403, 200];
/// The demo job's board: recruiters, administrators and its hiring manager (the demo employee).
const HIRING_TEAM: [u16; 8] = [401, 200, 403, 200, 403, 403, 403, 200];
/// Provider managers and client managers approve timesheets.
const APPROVERS: [u16; 8] = [401, 200, 200, 403, 403, 200, 403, 403];
/// People with the employee role (the demo admin, HR manager and recruiter hold it too).
const EMPLOYEES: [u16; 8] = [401, 200, 200, 200, 403, 403, 403, 200];
/// About the demo employee: themselves, their line manager (the demo admin) and HR.
const EMPLOYEE_AND_MANAGERS: [u16; 8] = [401, 200, 200, 200, 403, 403, 403, 403];
/// Summaries: approvers and foremen (their crew).
const TIMESHEET_REACH: [u16; 8] = [401, 200, 200, 403, 403, 200, 200, 403];

#[rustfmt::skip]
pub const MATRIX: &[Row] = &[
    //   endpoint                          case                    anon admin  hr  empl contr client forem recr
    row("POST /api/people/list",          Case::Any,              STAFF_ONLY),
    row("POST /api/people/get",           Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/people/get",           Case::Unrelated,        STAFF_ONLY),
    row("POST /api/people/get",           Case::CrewAtOwnClient,  [401, 200, 200, 403, 200, 200, 200, 403]),
    row("POST /api/people/get",           Case::OtherClient,      STAFF_ONLY),
    row("POST /api/people/update",        Case::Unrelated,        STAFF_ONLY),
    row("POST /api/people/invite",        Case::Any,              STAFF_ONLY),
    row("POST /api/people/set_active",    Case::Unrelated,        STAFF_ONLY),
    row("POST /api/people/invite_pending", Case::Any,             STAFF_ONLY),
    row("POST /api/people/invitation",    Case::Any,              STAFF_ONLY),
    row("POST /api/people/resend_invitation", Case::Any,          STAFF_ONLY),
    row("POST /api/org/structure",        Case::Any,              STAFF_ONLY),
    row("POST /api/org/create_unit",      Case::Any,              ADMIN_ONLY),
    row("POST /api/org/update_unit",      Case::Any,              ADMIN_ONLY),
    row("POST /api/org/save_settings",    Case::Any,              ADMIN_ONLY),
    row("POST /api/placements/list",      Case::Any,              [401, 200, 200, 403, 200, 200, 200, 403]),
    row("POST /api/placements/create",    Case::Any,              STAFF_ONLY),
    row("POST /api/placements/update",    Case::Any,              STAFF_ONLY),
    row("POST /api/timesheets/month",     Case::Any,              [401, 403, 403, 403, 200, 403, 403, 403]),
    row("POST /api/timesheets/save",      Case::CrewAtOwnClient,  [401, 403, 403, 403, 200, 403, 200, 403]),
    row("POST /api/timesheets/save",      Case::OtherClient,      [401, 403, 403, 403, 403, 403, 403, 403]),
    row("POST /api/timesheets/get",       Case::CrewAtOwnClient,  [401, 200, 200, 403, 200, 200, 200, 403]),
    row("POST /api/timesheets/get",       Case::OtherClient,      STAFF_ONLY),
    row("POST /api/timesheets/decide",    Case::CrewAtOwnClient,  [401, 403, 403, 403, 200, 403, 200, 403]),
    row("POST /api/timesheets/queue",     Case::Any,              APPROVERS),
    row("POST /api/timesheets/approve_many", Case::Any,           APPROVERS),
    row("POST /api/timesheets/waiting_count", Case::Any,          [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/timesheets/summary",   Case::Any,              TIMESHEET_REACH),
    row("POST /api/approval_link/view",   Case::BadToken,         [410; 8]),
    row("POST /api/approval_link/decide", Case::BadToken,         [410; 8]),
    row("POST /api/request_link/view",    Case::BadToken,         [410; 8]),
    row("POST /api/timesheets/terms",     Case::Any,              ADMIN_ONLY),
    row("POST /api/timesheets/save_terms", Case::Any,             ADMIN_ONLY),
    row("POST /api/org/save_letterhead",  Case::Any,              ADMIN_ONLY),
    row("POST /api/notifications/list",   Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/people/set_time_zone", Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/notifications/unread", Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/notifications/read",   Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/notifications/preferences", Case::Any,         [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/notifications/save_preferences", Case::Own,    [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/notifications/defaults", Case::Any,            ADMIN_ONLY),
    row("POST /api/notifications/save_defaults", Case::Any,       ADMIN_ONLY),
    row("POST /api/reminders/set",        Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/reminders/set",        Case::Unrelated,        STAFF_ONLY),
    row("POST /api/reminders/mine",       Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/reminders/cancel",     Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/reminders/cancel",     Case::Unrelated,        [401, 404, 404, 404, 404, 404, 404, 404]),
    // Personal tokens (Own) are everyone's; service tokens (Any) administrators'.
    row("POST /api/api_tokens/list",      Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/api_tokens/list",      Case::Any,              ADMIN_ONLY),
    row("POST /api/api_tokens/create",    Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/api_tokens/create",    Case::Any,              ADMIN_ONLY),
    row("POST /api/api_tokens/revoke",    Case::Own,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/api_tokens/revoke",    Case::Unrelated,        [401, 404, 404, 404, 404, 404, 404, 404]),
    row("POST /api/api_tokens/revoke",    Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/list",        Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/save",        Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/rotate",      Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/attempts",    Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/redeliver",   Case::Any,              ADMIN_ONLY),
    row("POST /api/webhooks/test",        Case::Any,              ADMIN_ONLY),
    row("GET /notifications/events",      Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/holidays/list",        Case::Any,              ADMIN_ONLY),
    row("POST /api/holidays/save",        Case::Any,              ADMIN_ONLY),
    row("GET /exports/timesheets.csv",    Case::Any,              TIMESHEET_REACH),
    row("GET /exports/timesheets.xlsx",   Case::Any,              TIMESHEET_REACH),
    row("POST /api/cabinet/request_types", Case::Any,             [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/cabinet/request_type_defs", Case::Any,         ADMIN_ONLY),
    row("POST /api/cabinet/save_request_type", Case::Any,         ADMIN_ONLY),
    row("POST /api/cabinet/submit_request", Case::Any,            EMPLOYEES),
    row("POST /api/cabinet/request",      Case::Any,              EMPLOYEE_AND_MANAGERS),
    row("POST /api/cabinet/decide_request", Case::Any,            [401, 200, 403, 403, 403, 403, 403, 403]),
    row("POST /api/cabinet/my_requests",  Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/cabinet/inbox",        Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/cabinet/inbox_counts", Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/cabinet/protected",    Case::Any,              EMPLOYEE_AND_MANAGERS),
    row("POST /api/cabinet/reveal",       Case::Any,              EMPLOYEE_AND_MANAGERS),
    row("POST /api/cabinet/leave_balance", Case::Any,             EMPLOYEE_AND_MANAGERS),
    row("POST /api/cabinet/calendar",     Case::Any,              EMPLOYEES),
    row("POST /api/documents/publish",    Case::Any,              STAFF_ONLY),
    row("POST /api/documents/mine",       Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/documents/get",        Case::Any,              [401, 200, 200, 200, 403, 403, 403, 200]),
    row("POST /api/documents/sign",       Case::Any,              [401, 200, 200, 200, 403, 403, 403, 200]),
    row("POST /api/documents/status",     Case::Any,              STAFF_ONLY),
    row("POST /api/documents/remind",     Case::Any,              STAFF_ONLY),
    row("POST /api/certificates/mine",    Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/certificates/verify",  Case::BadToken,         [404; 8]),
    row("GET /certificates/{id}",         Case::Any,              EMPLOYEE_AND_MANAGERS),
    row("POST /api/recruiting/jobs",      Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/recruiting/create_job", Case::Any,             RECRUITERS),
    row("POST /api/recruiting/board",     Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/move",      Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/add_candidate", Case::Any,          HIRING_TEAM),
    row("POST /api/recruiting/reveal",    Case::Any,              RECRUITERS),
    row("POST /api/recruiting/candidate", Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/edit_candidate", Case::Any,         HIRING_TEAM),
    row("POST /api/recruiting/comment",   Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/set_webhook", Case::Any,            RECRUITERS),
    row("POST /api/recruiting/set_language", Case::Any,           RECRUITERS),
    row("GET /recruiting/jobs/{id}/events", Case::Any,            HIRING_TEAM),
    row("GET /exports/candidates.csv",    Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/candidates", Case::Any,             [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/recruiting/attach_resume", Case::Any,          HIRING_TEAM),
    row("POST /api/recruiting/reveal_log", Case::Any,             ADMIN_ONLY),
    row("POST /api/recruiting/set_fields", Case::Any,             RECRUITERS),
    row("POST /api/recruiting/job_settings", Case::Any,           RECRUITERS),
    row("POST /api/recruiting/save_stages", Case::Any,            RECRUITERS),
    row("POST /api/recruiting/automation", Case::Any,             RECRUITERS),
    row("POST /api/recruiting/save_automation", Case::Any,        RECRUITERS),
    row("POST /api/recruiting/set_team",  Case::Any,              RECRUITERS),
    row("POST /api/recruiting/colleagues", Case::Any,             RECRUITERS),
    row("POST /api/recruiting/bulk",      Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/score",     Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/invite",    Case::Any,              HIRING_TEAM),
    row("POST /api/recruiting/cancel_invitation", Case::Any,      HIRING_TEAM),
    row("POST /api/invitation/view",      Case::BadToken,         [410; 8]),
    row("POST /api/invitation/answer",    Case::BadToken,         [410; 8]),
    row("POST /files",                    Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("GET /files/{id}",                Case::Any,              EMPLOYEE_AND_MANAGERS),
    row("POST /api/announcements/publish", Case::Any,             STAFF_ONLY),
    row("POST /api/announcements/mine",   Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    row("POST /api/announcements/done",   Case::Any,              [401, 200, 200, 200, 404, 404, 404, 200]),
    row("GET /health",                    Case::Any,              [200; 8]),
    // The language's strings: no personal data, for anyone whose page runs the bundle.
    row("GET /messages/{hash}/{file}",    Case::Any,              [200; 8]),
    row("GET /ready",                     Case::Any,              [200; 8]),
    // Not configured here: the endpoint does not exist (see monitoring tests for access).
    row("GET /metrics",                   Case::Any,              [404; 8]),
    row("POST /login",                    Case::BadCredentials,   [401; 8]),
    row("POST /auth/logout",              Case::Any,              [303; 8]),
    row("POST /invite/{token}",           Case::BadToken,         [410; 8]),
    row("POST /reset",                    Case::Any,              [200; 8]),
    row("POST /reset/{token}",            Case::BadToken,         [410; 8]),
    row("POST /approve/{token}",          Case::BadToken,         [410; 8]),
    row("POST /decide/{token}",           Case::BadToken,         [410; 8]),
    row("POST /invitation/{token}",       Case::BadToken,         [410; 8]),
    row("POST /timesheets",               Case::Any,              [401, 403, 403, 403, 200, 403, 403, 403]),
    row("POST /timesheets/crew",          Case::Any,              [401, 403, 403, 403, 403, 403, 200, 403]),
    row("POST /locale",                   Case::Any,              [303; 8]),
    row("POST /api/auth/invitation",      Case::BadToken,         [410; 8]),
    row("POST /api/auth/memberships",     Case::Any,              [401, 200, 200, 200, 200, 200, 200, 200]),
    // Another organisation the caller does not belong to.
    row("POST /auth/switch-org",          Case::Any,              [303, 404, 404, 404, 404, 404, 404, 404]),
    // Last: rows that would change who holds which role if the rule broke.
    // Nobody changes their own roles, administrators included.
    row("POST /api/people/update",        Case::Own,              [401, 403, 403, 403, 403, 403, 403, 403]),
    row("POST /import/check",             Case::Any,              STAFF_ONLY),
    row("GET /exports/import-template.csv", Case::Any,            STAFF_ONLY),
    row("GET /exports/import/{id}/report.csv", Case::Any,         STAFF_ONLY),
    row("POST /api/import/history",       Case::Any,              STAFF_ONLY),
    row("POST /api/import/report",        Case::Any,              STAFF_ONLY),
    row("POST /api/import/apply",         Case::Any,              STAFF_ONLY),
    row("POST /api/import/recheck",       Case::Any,              STAFF_ONLY),
    row("POST /api/import/sources",       Case::Any,              STAFF_ONLY),
    row("POST /api/import/save_source",   Case::Any,              STAFF_ONLY),
    row("GET /exports/payroll.csv",       Case::Any,              STAFF_ONLY),
    row("POST /api/timesheets/payroll_codes", Case::Any,          ADMIN_ONLY),
    row("POST /api/timesheets/save_payroll_codes", Case::Any,     ADMIN_ONLY),
    row("POST /api/timesheets/decide",    Case::SecondStep,       [401, 403, 403, 403, 403, 403, 403, 403]),
];

/// Every endpoint the server answers: server functions (they register themselves) and the
/// hand-written routes.
pub fn registered() -> Vec<String> {
    let mut all: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(path, method)| format!("{method} {path}")).collect();
    all.extend(server::router::ROUTES.iter().map(|(method, path)| format!("{method} {path}")));
    all.sort();
    all
}

/// Registered endpoints that have no row in the matrix.
pub fn missing_rows(registered: &[String]) -> Vec<String> {
    registered.iter().filter(|e| !MATRIX.iter().any(|r| r.endpoint == e.as_str())).cloned().collect()
}
