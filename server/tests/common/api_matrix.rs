//! The REST API's authorization matrix: every endpoint × the scope it needs × every role. For
//! each row a token of each role is tried without the scope (403, whatever the role), with it
//! (the row's status) and not at all (401). An API route without a row fails `missing`.
#![allow(dead_code)]

pub struct ApiRow {
    pub endpoint: &'static str,
    pub scope: &'static str,
    /// With the scope, as: admin, hr_manager, employee, contractor, client_manager, foreman, recruiter.
    pub expect: [u16; 7],
}

const fn row(endpoint: &'static str, scope: &'static str, expect: [u16; 7]) -> ApiRow {
    ApiRow { endpoint, scope, expect }
}

const STAFF: [u16; 7] = [200, 200, 403, 403, 403, 403, 403];
/// The demo contractor: staff, themselves, the client manager of their site, their foreman.
const CONTRACTOR_REACH: [u16; 7] = [200, 200, 403, 200, 200, 200, 403];
/// About the demo employee: themselves, their line manager (the demo admin) and HR.
const EMPLOYEE_AND_MANAGERS: [u16; 7] = [200, 200, 200, 403, 403, 403, 403];
/// The demo job: administrators, recruiters and its hiring manager (the demo employee).
const HIRING_TEAM: [u16; 7] = [200, 403, 200, 403, 403, 403, 200];

#[rustfmt::skip]
pub const API_MATRIX: &[ApiRow] = &[
    //   endpoint                                              scope                admin hr  empl contr client forem recr
    row("GET /api/v1/people",                                 "people:read",       STAFF),
    row("POST /api/v1/people",                                "people:write",      [201, 201, 403, 403, 403, 403, 403]),
    row("GET /api/v1/people/{id}",                            "people:read",       CONTRACTOR_REACH),
    row("PATCH /api/v1/people/{id}",                          "people:write",      STAFF),
    row("POST /api/v1/people/{id}/deactivate",                "people:write",      STAFF),
    row("GET /api/v1/people/{id}/protected",                  "people:read",       CONTRACTOR_REACH),
    row("POST /api/v1/people/{id}/protected/{field}/reveal",  "people:reveal",     [200, 200, 403, 200, 403, 403, 403]),
    row("GET /api/v1/people/{id}/leave",                      "leave:read",        EMPLOYEE_AND_MANAGERS),
    row("GET /api/v1/structure",                              "structure:read",    STAFF),
    row("GET /api/v1/placements",                             "placements:read",   [200, 200, 403, 200, 200, 200, 403]),
    row("GET /api/v1/requests",                               "requests:read",     [200; 7]),
    row("GET /api/v1/requests/{id}",                          "requests:read",     EMPLOYEE_AND_MANAGERS),
    row("POST /api/v1/requests/{id}/decision",                "requests:write",    [200, 403, 403, 403, 403, 403, 403]),
    row("GET /api/v1/timesheets",                             "timesheets:read",   [200, 200, 403, 200, 200, 200, 403]),
    row("GET /api/v1/timesheets/{id}",                        "timesheets:read",   CONTRACTOR_REACH),
    row("GET /api/v1/jobs",                                   "jobs:read",         [200; 7]),
    row("POST /api/v1/candidates",                            "candidates:write",  [201, 403, 201, 403, 403, 403, 201]),
    row("GET /api/v1/candidates/{id}",                        "candidates:read",   HIRING_TEAM),
    row("PATCH /api/v1/candidates/{id}",                      "candidates:write",  HIRING_TEAM),
    row("GET /api/v1/imports",                                "imports:read",      STAFF),
    row("POST /api/v1/candidates/{id}/stage",                 "candidates:write",  HIRING_TEAM),
];

/// The API's description, for anyone: no token, no row.
pub const PUBLIC: [&str; 2] = ["GET /api/v1/openapi.json", "GET /api/v1/reference"];

/// API routes (besides the public ones) without a row.
pub fn missing(routes: &[(String, String)]) -> Vec<String> {
    routes
        .iter()
        .map(|(method, path)| format!("{method} {path}"))
        .filter(|e| !PUBLIC.contains(&e.as_str()) && !API_MATRIX.iter().any(|r| r.endpoint == e))
        .collect()
}
