//! Requests from the catalogue: submitted by employees, moved through their type's chain by
//! the general approval engine, and applied when the last step approves.
use super::super::approvals::{self, links, Actor, Move, Subject, Via};
use super::super::audit::{self, Approvable};
use super::super::notifications::Told;
use super::super::{files, now, policy, sessions, zone, Backend, BackendError, Caller, Db, Result};
use super::request_notices::{self, Filed};
use super::request_types::broken;
use super::{leave, secrets, waiting};
use crate::AppError;
use shared::approvals::{Action, State, Status};
use shared::cabinet::{RequestDecision, RequestInput, RequestLine, RequestView};
use shared::files::FileRef;
use shared::leave::{LeaveKind, LeaveReason};
use shared::notifications::Name;
use shared::requests::{mask, parse_range, validate, Effect, FieldKind, RequestTypeDef};
use shared::Msg;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

fn subject(def: &RequestTypeDef) -> Subject {
    Subject { kind: Approvable::Request, table: "requests", chain: def.chain.clone(), stamps: approvals::standard_stamps }
}

#[derive(sqlx::FromRow)]
struct Facts {
    id: i64,
    version: i64,
    status: Status,
    step: i64,
    step_done: i64,
    requester_id: i64,
    manager_id: Option<i64>,
    family_name: String,
    given_name: String,
    sealed_data: String,
    definition: String,
    created_at: i64,
    updated_at: i64,
}

impl Facts {
    fn state(&self) -> State {
        let done = self.step_done.clamp(0, i64::from(u16::MAX)) as u16;
        State { done, ..State::new(self.status, self.step.clamp(0, 255) as u8) }
    }
    fn requester(&self) -> policy::Requester {
        policy::Requester { id: self.requester_id, manager_id: self.manager_id }
    }
    fn def(&self) -> Result<RequestTypeDef> {
        serde_json::from_str(&self.definition).map_err(broken)
    }
}

const FACTS: &str = "SELECT r.id, r.version, r.status, r.step, r.step_done, r.requester_id, p.manager_id, p.family_name, p.given_name, r.sealed_data, \
     COALESCE(r.definition, t.definition) AS definition, r.created_at, r.updated_at FROM requests r JOIN people p ON p.id = r.requester_id JOIN request_types t ON t.id = r.type_id";

async fn facts<'e, E>(exec: E, org_id: i64, id: i64) -> Result<Facts>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as::<_, Facts>(&format!("{FACTS} WHERE r.org_id = $1 AND r.id = $2"))
        .bind(org_id)
        .bind(id)
        .fetch_optional(exec)
        .await?
        .ok_or_else(|| AppError::NotFound.into())
}

/// Creates and submits a request in one transaction. A vacation longer than the balance is refused.
pub async fn submit(backend: &Backend, caller: &Caller, input: &RequestInput, client_addr: Option<&str>) -> Result<i64> {
    policy::file_requests(caller)?;
    let db = &backend.db;
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT id, definition FROM request_types WHERE org_id = $1 AND code = $2 AND active = 1")
            .bind(caller.org_id)
            .bind(&input.type_code)
            .fetch_optional(&db.pool)
            .await?;
    let (type_id, json) = found.ok_or(AppError::NotFound)?;
    let def: RequestTypeDef = serde_json::from_str(&json).map_err(broken)?;
    let answers = validate(&def, &input.answers).map_err(AppError::Invalid)?;
    let kind = LeaveKind::of_answer(answers.get("kind").map(String::as_str)).ok_or(AppError::Internal)?;
    if def.effect == Effect::Vacation && kind.from_balance() {
        let (from, to) = answers.get("dates").and_then(|d| parse_range(d)).ok_or(AppError::Internal)?;
        let wanted = leave::days_between(backend, caller.org_id, caller.person_id, from, to).await?;
        let balance = leave::balance(backend, caller.org_id, caller.person_id, zone::today(caller.zone, backend.clock.now())).await?;
        if wanted > balance.balance {
            return Err(shared::validation::FieldError::new("dates", Msg::ErrNotEnoughLeave).into());
        }
    }
    let t = now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO requests (org_id, type_id, requester_id, sealed_data, definition, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(caller.org_id)
    .bind(type_id)
    .bind(caller.person_id)
    .bind(backend.sealer.seal_json(&answers)?)
    .bind(&json)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let uploads: Vec<(String, i64)> = def
        .fields
        .iter()
        .filter(|fd| fd.kind == FieldKind::File)
        .filter_map(|fd| Some((fd.key.clone(), FileRef::parse_answer(answers.get(&fd.key)?)?.0)))
        .collect();
    files::attach(&mut tx, caller, id, &uploads).await?;
    let actor = Actor { org_id: caller.org_id, person_id: caller.person_id, via: Via::Account, client_addr };
    let mv = Move { action: Action::Submit, comment: "", day: None, slot: 0 };
    let to = approvals::apply_one(&mut tx, &subject(&def), (id, 1), State::DRAFT, &mv, &actor).await?;
    waiting::refresh(&mut tx, id, &def.chain, to).await?;
    let me = Name::new(&caller.family_name, &caller.given_name);
    let filed = Filed { org_id: caller.org_id, id, requester_id: caller.person_id, requester: me.clone(), request: &def.name };
    let mut told = Told::new(backend);
    request_notices::after_move(&mut tx, backend, &mut told, &filed, (State::DRAFT, to), (me, Action::Submit)).await?;
    tx.commit().await?;
    told.publish(backend).await;
    Ok(id)
}

/// Whether the caller may read a filed request (and so its attachments).
pub async fn readable(backend: &Backend, caller: &Caller, id: i64) -> Result<()> {
    let f = facts(&backend.db.pool, caller.org_id, id).await?;
    policy::view_filed_request(caller, &f.def()?.chain, f.requester())?;
    Ok(())
}

pub async fn view(backend: &Backend, caller: &Caller, id: i64) -> Result<RequestView> {
    let db = &backend.db;
    let f = facts(&db.pool, caller.org_id, id).await?;
    let def = f.def()?;
    policy::view_filed_request(caller, &def.chain, f.requester())?;
    let answers: BTreeMap<String, String> = backend.sealer.open_json(&f.sealed_data)?;
    let plain = policy::reveal_personal_data(caller, f.requester_id).is_ok();
    let history = approvals::history(&db.pool, Approvable::Request, id).await?;
    Ok(RequestView {
        id,
        version: f.version,
        type_code: def.code.clone(),
        type_name: def.name.clone(),
        requester_family: f.family_name.clone(),
        requester_given: f.given_name.clone(),
        status: f.state().status,
        step: f.state().step,
        answers: def
            .fields
            .iter()
            .map(|fd| {
                let v = answers.get(&fd.key).cloned().unwrap_or_default();
                let shown = if fd.protected && !plain && !v.is_empty() { mask(&v) } else { v };
                (fd.clone(), shown)
            })
            .collect(),
        actions: policy::request_actions(caller, &def.chain, f.state(), f.requester(), approved_here(db, caller, &f).await?),
        history,
        created_at: f.created_at,
        time_zone: caller.zone.name().to_string(),
    })
}

/// One decision; the last approval applies the request's effect in the same transaction.
///
/// Parallel approvers of one step change the request independently: if another approver of the
/// same step got in first, the decision is taken again on what they left (still the same step,
/// the caller's place still open); anything else answers "someone else acted first".
pub async fn decide(backend: &Backend, caller: &Caller, d: &RequestDecision, client_addr: Option<&str>) -> Result<State> {
    decide_as(backend, caller, d, client_addr, None).await
}

/// The request behind a decision link, as its approver sees it there: protected answers masked
/// (a link can be forwarded), and the decisions only while the request waits at the link's step.
pub async fn link_view(backend: &Backend, token: &str) -> Result<RequestView> {
    let grant = links::peek(&backend.db.pool, Approvable::Request, token).await?;
    let caller = sessions::caller_of(&backend.db, grant.org_id, grant.person_id).await?.ok_or(AppError::TokenInvalid)?;
    let mut view = view(backend, &caller, grant.subject_id).await?;
    let def_fields: Vec<bool> = view.answers.iter().map(|(fd, _)| fd.protected).collect();
    for ((_, value), protected) in view.answers.iter_mut().zip(def_fields) {
        if protected && !value.is_empty() {
            *value = mask(value);
        }
    }
    if view.status != Status::Submitted || i64::from(view.step) != grant.step {
        view.actions.clear();
    }
    view.actions.retain(|a| a.is_decision());
    Ok(view)
}

/// A decision taken through a link: the link is used up in the transaction of the decision,
/// so it acts once; the page then shows where the request went.
pub async fn link_decide(backend: &Backend, token: &str, d: &RequestDecision, client_addr: Option<&str>) -> Result<RequestView> {
    if !d.action.is_decision() {
        return Err(AppError::Forbidden.into());
    }
    let grant = links::peek(&backend.db.pool, Approvable::Request, token).await?;
    let caller = sessions::caller_of(&backend.db, grant.org_id, grant.person_id).await?.ok_or(AppError::TokenInvalid)?;
    if grant.subject_id != d.request_id {
        return Err(AppError::TokenInvalid.into());
    }
    decide_as(backend, &caller, d, client_addr, Some(token)).await?;
    let mut now = view(backend, &caller, d.request_id).await?;
    now.answers.clear();
    now.actions.clear();
    Ok(now)
}

/// [`decide`], or through a single-use link (`link`: its token) consumed with the decision.
async fn decide_as(
    backend: &Backend,
    caller: &Caller,
    d: &RequestDecision,
    client_addr: Option<&str>,
    link: Option<&str>,
) -> Result<State> {
    let db = &backend.db;
    let mut f = facts(&db.pool, caller.org_id, d.request_id).await?;
    let def = f.def()?;
    policy::view_filed_request(caller, &def.chain, f.requester())?;
    if f.version != d.version && !only_parallel_approvals_since(db, &f, d.version).await? {
        return Err(AppError::TransitionNotAllowed.into());
    }
    let seen = f.state();
    if !policy::request_actions(caller, &def.chain, seen, f.requester(), approved_here(db, caller, &f).await?).contains(&d.action) {
        return Err(AppError::Forbidden.into());
    }
    let via = if link.is_some() { Via::Link } else { Via::Account };
    let actor = Actor { org_id: caller.org_id, person_id: caller.person_id, via, client_addr };
    for _attempt in 0..3 {
        let Some(slot) = policy::approver_slot(caller, &def.chain, f.state(), f.requester(), approved_here(db, caller, &f).await?) else {
            break;
        };
        let mv = Move { action: d.action, comment: &d.comment, day: None, slot };
        let mut tx = db.begin_write().await?;
        if let Some(token) = link {
            // Its first write: of two posts of one link, one gets it (a retry below gives it back).
            let grant = links::consume(&mut tx, Approvable::Request, token).await?;
            if (grant.subject_id, grant.person_id, grant.step) != (f.id, caller.person_id, i64::from(f.state().step)) {
                return Err(AppError::TokenInvalid.into());
            }
        }
        match approvals::apply_one(&mut tx, &subject(&def), (f.id, f.version), f.state(), &mv, &actor).await {
            Ok(to) => {
                if to.status == Status::Approved {
                    apply_effect(&mut tx, backend, caller, &f, &def, client_addr).await?;
                }
                waiting::refresh(&mut tx, f.id, &def.chain, to).await?;
                let filed = Filed {
                    org_id: caller.org_id,
                    id: f.id,
                    requester_id: f.requester_id,
                    requester: Name::new(&f.family_name, &f.given_name),
                    request: &def.name,
                };
                let by = Name::new(&caller.family_name, &caller.given_name);
                let mut told = Told::new(backend);
                request_notices::after_move(&mut tx, backend, &mut told, &filed, (f.state(), to), (by, d.action)).await?;
                tx.commit().await?;
                told.publish(backend).await;
                return Ok(to);
            }
            Err(e) if !matches!(e, super::super::BackendError::Public(AppError::TransitionNotAllowed)) => return Err(e),
            Err(_) => {
                drop(tx);
                f = facts(&db.pool, caller.org_id, d.request_id).await?;
                let now_at = f.state();
                if (now_at.status, now_at.step) != (seen.status, seen.step) {
                    break;
                }
            }
        }
    }
    Err(AppError::TransitionNotAllowed.into())
}

/// Whether the caller approved at the request's waiting step already (as one of its parallel
/// approvers). Only a step someone has approved at needs the look-up.
async fn approved_here(db: &Db, caller: &Caller, f: &Facts) -> Result<bool> {
    if f.step_done == 0 {
        return Ok(false);
    }
    // Since the request last entered this step: after its latest submission or approval of the
    // step before.
    let mine: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM requests r WHERE r.id = $1 AND {APPROVED_HERE}"))
        .bind(f.id)
        .bind(caller.person_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(mine > 0)
}

/// Whether person `$2` approved at request `r`'s waiting step since it entered it (after its
/// latest submission or approval of another step): an SQL condition.
const APPROVED_HERE: &str = "r.step_done <> 0 AND EXISTS (SELECT 1 FROM approval_transitions t WHERE t.subject_type = 'request' \
     AND t.subject_id = r.id AND t.actor_id = $2 AND t.action = 'approve' AND t.step = r.step AND t.id > COALESCE((SELECT MAX(s.id) \
     FROM approval_transitions s WHERE s.subject_type = 'request' AND s.subject_id = r.id \
     AND (s.action = 'submit' OR (s.action = 'approve' AND s.step <> r.step))), 0))";

/// The filed requests that may wait for the caller (`$1` org, `$2` person), less those they
/// approved at the waiting step already: the rows both the inbox and the badge read.
fn waiting_for(caller: &Caller) -> String {
    format!("r.org_id = $1 AND r.status = 'submitted' AND {} AND NOT ({APPROVED_HERE})", policy::requests_waiting_for(caller))
}

/// How many requests wait for the caller (the navigation badge on every page): `inbox`'s
/// length, counted by the database.
pub async fn waiting_count(db: &Db, caller: &Caller) -> Result<i64> {
    Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM requests r JOIN people p ON p.id = r.requester_id WHERE {}", waiting_for(caller)))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .fetch_one(&db.pool)
        .await?)
}

/// Fills in `request_waiting` for requests filed before it existed (a waiting request always
/// has a row there). Each is locked, then read, so a transition on another node in between is
/// neither undone nor doubled.
pub async fn fill_waiting(db: &Db) -> Result<()> {
    const UNFILLED: &str = "r.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM request_waiting w WHERE w.request_id = r.id)";
    let ids: Vec<(i64, i64)> =
        sqlx::query_as(&format!("SELECT r.org_id, r.id FROM requests r WHERE {UNFILLED}")).fetch_all(&db.pool).await?;
    for (org_id, id) in ids {
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE requests SET version = version WHERE id = $1").bind(id).execute(&mut *tx).await?;
        let unfilled: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM requests r WHERE r.id = $1 AND {UNFILLED}"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if unfilled > 0 {
            let f = facts(&mut *tx, org_id, id).await?;
            waiting::refresh(&mut tx, id, &f.def()?.chain, f.state()).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Whether everything that happened since the version the caller saw is other approvers of the
/// same step approving: then the caller's decision still applies to what they saw.
async fn only_parallel_approvals_since(db: &Db, f: &Facts, seen: i64) -> Result<bool> {
    // `seen` is the caller's number: any i64 at all.
    let Some(missed) =
        f.version.checked_sub(seen).filter(|m| (1..=i64::try_from(shared::approvals::MAX_PARALLEL).unwrap_or(16)).contains(m))
    else {
        return Ok(false);
    };
    let latest: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT action, step, to_status FROM approval_transitions WHERE subject_type = 'request' AND subject_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(f.id)
    .bind(missed)
    .fetch_all(&db.pool)
    .await?;
    Ok(latest.len() as i64 == missed && latest.iter().all(|(action, step, to)| action == "approve" && *step == f.step && to == "submitted"))
}

async fn apply_effect(
    tx: &mut Transaction<'_, Any>,
    backend: &Backend,
    caller: &Caller,
    f: &Facts,
    def: &RequestTypeDef,
    client_addr: Option<&str>,
) -> Result<()> {
    let answers: BTreeMap<String, String> = backend.sealer.open_json(&f.sealed_data)?;
    match def.effect {
        Effect::Vacation => {
            let (from, to) = answers.get("dates").and_then(|d| parse_range(d)).ok_or(AppError::Internal)?;
            let kind = LeaveKind::of_answer(answers.get("kind").map(String::as_str))
                .ok_or_else(|| BackendError::Internal("a vacation request names no known kind of leave".into()))?;
            let days = if kind.from_balance() { leave::days_between(backend, caller.org_id, f.requester_id, from, to).await? } else { 0 };
            leave::take(tx, caller.org_id, f.requester_id, f.id, from, to, days, kind.record()).await
        }
        Effect::VacationPlan => {
            // Planned only: the calendar shows it, the balance is taken when the vacation is requested.
            let (from, to) = answers.get("dates").and_then(|d| parse_range(d)).ok_or(AppError::Internal)?;
            leave::take(tx, caller.org_id, f.requester_id, f.id, from, to, 0, LeaveReason::Planned).await
        }
        Effect::BankDetails | Effect::PersonalData => {
            // Only the protected fields keyed like the profile's are taken (`secrets::update`).
            secrets::update(tx, backend, caller.org_id, f.requester_id, &answers).await?;
            let event = if def.effect == Effect::BankDetails {
                audit::Event::PersonBankDetailsChanged
            } else {
                audit::Event::PersonProtectedDataChanged
            };
            let entry = audit::Entry::by(
                caller,
                event,
                (audit::Subject::Person, f.requester_id),
                serde_json::json!({ "request_id": f.id }),
                client_addr,
            );
            audit::record(&mut **tx, entry).await
        }
        Effect::Certificate => {
            super::certificates::issue(tx, backend, caller.org_id, f.requester_id, f.id, def, &answers).await.map(|_| ())
        }
        Effect::None => Ok(()),
    }
}

const LINES: &str = "SELECT r.id, r.version, t.code AS type_code, p.family_name AS requester_family, p.given_name AS requester_given, \
     r.status, r.step, r.created_at, CAST(NULL AS BIGINT) AS due_at FROM requests r JOIN people p ON p.id = r.requester_id JOIN request_types t ON t.id = r.type_id";

pub async fn mine(db: &Db, caller: &Caller) -> Result<Vec<RequestLine>> {
    Ok(sqlx::query_as::<_, RequestLine>(&format!("{LINES} WHERE r.org_id = $1 AND r.requester_id = $2 ORDER BY r.id DESC LIMIT 200"))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .fetch_all(&db.pool)
        .await?)
}

/// Requests waiting for the caller: their reports' at a line-manager step, HR's at an HR step…
pub async fn inbox(db: &Db, caller: &Caller) -> Result<Vec<RequestLine>> {
    let waiting: Vec<Facts> = sqlx::query_as(&format!("{FACTS} WHERE {} ORDER BY r.id LIMIT 2000", waiting_for(caller)))
        .bind(caller.org_id)
        .bind(caller.person_id)
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::new();
    // Requests of one type share a definition: parse each once.
    let mut defs: BTreeMap<String, RequestTypeDef> = BTreeMap::new();
    for f in waiting {
        let def = match defs.get(&f.definition) {
            Some(def) => def.clone(),
            None => defs.entry(f.definition.clone()).or_insert(f.def()?).clone(),
        };
        // The query left out what the caller approved here already (`APPROVED_HERE`): no
        // look-up per row.
        let actions = policy::request_actions(caller, &def.chain, f.state(), f.requester(), false);
        if actions.contains(&Action::Approve) {
            let due_at = def.chain.step(f.state().step).and_then(|s| s.due_hours).map(|h| f.updated_at + i64::from(h) * 3600);
            out.push(RequestLine {
                id: f.id,
                version: f.version,
                type_code: def.code,
                requester_family: f.family_name,
                requester_given: f.given_name,
                status: f.status,
                step: f.step,
                created_at: f.created_at,
                due_at,
            });
        }
    }
    Ok(out)
}
