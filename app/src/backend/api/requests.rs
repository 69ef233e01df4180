//! Requests and leave balances through the API: filed requests listed for those who run them
//! (everyone's for HR, one's own otherwise), one with its answers (protected ones masked as on
//! the page), decided by an approver; a person's leave balance.
use super::cursor::{rfc3339, ListQuery, Page};
use super::ApiCaller;
use crate::backend::cabinet::{leave, requests};
use crate::backend::{policy, Backend, Result};
use serde::{Deserialize, Serialize};
use shared::api::{Access, Resource, Scope};
use shared::approvals::{Action, Status};
use shared::cabinet::RequestDecision;

const READ: Scope = Scope::new(Resource::Requests, Access::Read);
const WRITE: Scope = Scope::new(Resource::Requests, Access::Write);
const LEAVE: Scope = Scope::new(Resource::Leave, Access::Read);

#[derive(Serialize, utoipa::ToSchema)]
pub struct Request {
    pub id: i64,
    /// The request type's code (`vacation`, `certificate`…).
    pub type_code: String,
    pub requester_id: i64,
    #[schema(schema_with = super::schema::timesheet_status)]
    pub status: Status,
    pub step: i64,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    type_code: String,
    requester_id: i64,
    status: Status,
    step: i64,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

/// Filed requests (not drafts) in id order: all of the organisation's for HR and
/// administrators, the caller's own for anyone else.
pub async fn list(backend: &Backend, api: &ApiCaller, q: &ListQuery) -> Result<Page<Request>> {
    let caller = api.with(READ)?;
    let w = q.window()?;
    let own = if policy::manage_people(caller).is_ok() { 0 } else { caller.person_id };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, t.code AS type_code, r.requester_id, r.status, r.step, r.created_at, r.updated_at, r.version \
         FROM requests r JOIN request_types t ON t.id = r.type_id \
         WHERE r.org_id = $1 AND r.id > $2 AND r.updated_at >= $3 AND r.status <> 'draft' AND ($4 = 0 OR r.requester_id = $4) \
         ORDER BY r.id LIMIT $5",
    )
    .bind(caller.org_id)
    .bind(w.after)
    .bind(w.since)
    .bind(own)
    .bind(w.limit + 1)
    .fetch_all(&backend.db.pool)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| Request {
            id: r.id,
            type_code: r.type_code,
            requester_id: r.requester_id,
            status: r.status,
            step: r.step,
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
            version: r.version,
        })
        .collect();
    Ok(Page::of(items, w.limit, |r| r.id))
}

/// One answer of a request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Answer {
    pub key: String,
    /// Masked (`••••`) when protected and the caller is neither the requester nor HR.
    pub value: String,
    pub protected: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RequestDetail {
    pub id: i64,
    pub type_code: String,
    #[schema(schema_with = super::schema::timesheet_status)]
    pub status: Status,
    pub step: i64,
    pub answers: Vec<Answer>,
    /// What the caller may do now.
    #[schema(schema_with = super::schema::actions)]
    pub actions: Vec<Action>,
    pub transitions: Vec<super::timesheets::Transition>,
    pub created_at: String,
    pub version: i64,
}

/// One filed request, for whoever may read it (the requester, their manager, HR, its approvers).
pub async fn get(backend: &Backend, api: &ApiCaller, id: i64) -> Result<RequestDetail> {
    detail(backend, api.with(READ)?, id).await
}

/// The request as the caller reads it (a decision answers with it: writing implies reading).
async fn detail(backend: &Backend, caller: &crate::backend::Caller, id: i64) -> Result<RequestDetail> {
    let v = requests::view(backend, caller, id).await?;
    Ok(RequestDetail {
        id: v.id,
        type_code: v.type_code,
        status: v.status,
        step: i64::from(v.step),
        answers: v.answers.into_iter().map(|(f, value)| Answer { key: f.key, value, protected: f.protected }).collect(),
        actions: v.actions,
        transitions: v.history.into_iter().map(super::timesheets::Transition::from).collect(),
        created_at: rfc3339(v.created_at),
        version: v.version,
    })
}

/// An approver's decision.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `approve`, `return` or `reject` (a comment is required to return or reject).
    #[schema(schema_with = super::schema::action)]
    pub action: Action,
    #[serde(default)]
    pub comment: String,
}

/// Decides the waiting step of a request read at `version`, as its approver would on the page.
pub async fn decide(
    backend: &Backend,
    api: &ApiCaller,
    id: i64,
    version: i64,
    d: &Decision,
    client_addr: Option<&str>,
) -> Result<RequestDetail> {
    let caller = api.with(WRITE)?;
    let decision = RequestDecision { request_id: id, version, action: d.action, comment: d.comment.clone() };
    requests::decide(backend, caller, &decision, client_addr).await?;
    detail(backend, caller, id).await
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeaveBalance {
    pub person_id: i64,
    /// The leave policy's code.
    pub policy: String,
    /// Days in hundredths (150 = one and a half days).
    pub granted: i64,
    pub taken: i64,
    pub expired: i64,
    pub balance: i64,
}

/// A person's annual leave today (in their organisation's calendar), for themselves, their
/// manager and HR.
pub async fn leave_balance(backend: &Backend, api: &ApiCaller, person_id: i64) -> Result<LeaveBalance> {
    let caller = api.with(LEAVE)?;
    let b = leave::balance_for(backend, caller, person_id).await?;
    Ok(LeaveBalance {
        person_id: b.person_id,
        policy: b.policy,
        granted: b.granted,
        taken: b.taken,
        expired: b.expired,
        balance: b.balance,
    })
}
