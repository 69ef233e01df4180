//! The general approval engine: moves subjects (timesheets; cabinet requests later) through a
//! `shared::approvals::Chain`, atomically, recording every transition and an audit row.
//!
//! A transition is one conditional UPDATE guarded by the state and version the actor saw, so
//! two approvers acting at once produce exactly one transition; the loser gets a clear answer.
//! It is the first statement of its transaction, which keeps SQLite from upgrading a read lock
//! (the cause of "database is locked" under contention).
pub mod links;

use super::audit::{self, Approvable};
use super::{now, BackendError, Result};
use crate::AppError;
pub use shared::approvals::Via;
use shared::approvals::{next, Action, Chain, State, Status, TransitionError};
use shared::format::Date;
use shared::validation::FieldError;
use sqlx::{Any, Transaction};

/// A kind of subject: its table (with `org_id`, `status`, `step`, `version`, `updated_at`
/// columns) and its chain.
pub struct Subject {
    pub kind: Approvable,
    pub table: &'static str,
    pub chain: Chain,
    /// Extra `SET` assignments for entering a status (e.g. `submitted_at = $now`), using `$3` for now.
    pub stamps: fn(Status) -> &'static str,
}

pub struct Actor<'a> {
    pub org_id: i64,
    pub person_id: i64,
    pub via: Via,
    pub client_addr: Option<&'a str>,
}

pub struct Move<'a> {
    pub action: Action,
    pub comment: &'a str,
    pub day: Option<&'a str>,
    /// The approver's place at a parallel step (`policy::approver_slot`); 0 elsewhere.
    pub slot: usize,
}

/// `apply` for one subject: "changed meanwhile" reads better as "someone else acted first".
pub async fn apply_one(
    tx: &mut Transaction<'_, Any>,
    subject: &Subject,
    item: (i64, i64),
    from: State,
    mv: &Move<'_>,
    actor: &Actor<'_>,
) -> Result<State> {
    apply(tx, subject, &[item], from, mv, actor, "").await.map_err(|e| match e {
        BackendError::Public(AppError::ChangedMeanwhile(_)) => AppError::TransitionNotAllowed.into(),
        other => other,
    })
}

/// The usual timestamps of a subject table with `submitted_at` and `approved_at` columns.
pub fn standard_stamps(status: shared::approvals::Status) -> &'static str {
    use shared::approvals::Status;
    match status {
        Status::Submitted => ", submitted_at = COALESCE(submitted_at, $3)",
        Status::Approved => ", approved_at = $3",
        Status::Draft | Status::Returned => ", submitted_at = NULL, approved_at = NULL",
        Status::Rejected => "",
    }
}

/// Maps a refused transition to what the caller sees.
pub fn refusal(e: TransitionError) -> BackendError {
    match e {
        TransitionError::CommentRequired => FieldError::new("comment", e.msg()).into(),
        TransitionError::NotAllowed => AppError::TransitionNotAllowed.into(),
    }
}

fn id_list(items: &[(i64, i64)]) -> String {
    items.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>().join(",")
}

/// Moves every `(id, version)` in `items` from state `from` by `mv`, or none of them: if any
/// changed since the actor saw it, answers `ChangedMeanwhile` with those ids (the caller's
/// transaction is then dropped, rolling back). `scope` is an extra SQL condition on the subject
/// table (the actor's reach, from the policy). Returns the new state.
pub async fn apply(
    tx: &mut Transaction<'_, Any>,
    subject: &Subject,
    items: &[(i64, i64)],
    from: State,
    mv: &Move<'_>,
    actor: &Actor<'_>,
    scope: &str,
) -> Result<State> {
    let to = next(&subject.chain, from, mv.action, mv.comment, mv.slot).map_err(refusal)?;
    if items.is_empty() {
        return Ok(to);
    }
    let t = now();
    let table = subject.table;
    let mut items = items.to_vec();
    items.sort_unstable();
    items.dedup();
    // Ids are integers from typed input, so they are written inline: a bulk of thousands would
    // exceed bind-parameter limits. The version check is a second, indexed read below: matching
    // (id, version) pairs inside the UPDATE made PostgreSQL loop over the list for every row
    // (130 ms for 1,000), and UPDATE … FROM (VALUES …) did the same on SQLite.
    let ids = id_list(&items);
    let stamps = (subject.stamps)(to.status);
    let updated = sqlx::query(&format!(
        "UPDATE {table} SET status = $1, step = $2, step_done = $7, version = version + 1, updated_at = $3{stamps} \
         WHERE org_id = $4 AND status = $5 AND step = $6 AND step_done = $8 AND id IN ({ids}){scope}"
    ))
    .bind(to.status.as_str())
    .bind(i64::from(to.step))
    .bind(t)
    .bind(actor.org_id)
    .bind(from.status.as_str())
    .bind(i64::from(from.step))
    .bind(i64::from(to.done))
    .bind(i64::from(from.done))
    .execute(&mut **tx)
    .await?
    .rows_affected();
    // Every named row moved, and from the version the actor saw; else the caller's transaction
    // is dropped and nothing moves.
    let now_at: Vec<(i64, i64, String, i64)> =
        sqlx::query_as(&format!("SELECT id, version, status, step FROM {table} WHERE org_id = $1 AND id IN ({ids})"))
            .bind(actor.org_id)
            .fetch_all(&mut **tx)
            .await?;
    let changed: Vec<i64> = items
        .iter()
        .filter(|(id, seen)| {
            !now_at.iter().any(|(i, v, status, step)| {
                i == id && seen.checked_add(1) == Some(*v) && status == to.status.as_str() && *step == i64::from(to.step)
            })
        })
        .map(|(id, _)| *id)
        .collect();
    if updated != items.len() as u64 || !changed.is_empty() || items.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(AppError::ChangedMeanwhile(changed).into());
    }
    if mv.action.is_decision() {
        refuse_second_step(tx, subject.kind, &ids, actor, from.step).await?;
    }
    sqlx::query(&format!(
        "INSERT INTO approval_transitions (org_id, subject_type, subject_id, action, from_status, to_status, step, actor_id, via, comment, day, created_at) \
         SELECT org_id, $1, id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM {table} WHERE org_id = $11 AND id IN ({ids})"
    ))
    .bind(subject.kind)
    .bind(mv.action.as_str())
    .bind(from.status.as_str())
    .bind(to.status.as_str())
    .bind(i64::from(from.step))
    .bind(actor.person_id)
    .bind(actor.via.as_str())
    .bind(mv.comment.trim())
    .bind(mv.day)
    .bind(t)
    .bind(actor.org_id)
    .execute(&mut **tx)
    .await?;
    let detail = serde_json::json!({
        "from": from.status.as_str(), "to": to.status.as_str(), "step": from.step, "slot": mv.slot, "via": actor.via.as_str()
    });
    let entry = audit::Entry {
        org_id: actor.org_id,
        actor_id: Some(actor.person_id),
        action: audit::Action::Decision(subject.kind, mv.action),
        subject_type: audit::Subject::from(subject.kind),
        subject_id: None,
        detail,
        client_addr: actor.client_addr,
    };
    audit::record_each(&mut **tx, entry, table, &ids).await?;
    links::revoke_open(tx, subject.kind, &ids, t).await?;
    if let Some(event) = event_of(subject.kind, from, to, mv.action) {
        let data = items
            .iter()
            .map(|(id, _)| serde_json::json!({ "id": id, "status": to.status.as_str(), "step": to.step, "action": mv.action.as_str() }));
        super::webhooks::emit::emit_many(tx, actor.org_id, event, data.collect()).await?;
    }
    Ok(to)
}

/// The webhook event of a move, if it is one other systems follow: a subject filed, decided,
/// reopened — not an approval that passes it to its next step.
fn event_of(kind: Approvable, from: State, to: State, action: Action) -> Option<shared::webhooks::EventType> {
    use shared::webhooks::EventType as E;
    let decided = from.status == Status::Submitted && matches!(to.status, Status::Approved | Status::Returned | Status::Rejected);
    match (kind, action) {
        (Approvable::Timesheet, Action::Submit) => Some(E::TimesheetSubmitted),
        (Approvable::Timesheet, Action::Reopen) => Some(E::TimesheetReopened),
        (Approvable::Timesheet, _) if to.status == Status::Approved && decided => Some(E::TimesheetApproved),
        (Approvable::Timesheet, _) if to.status == Status::Returned => Some(E::TimesheetReturned),
        (Approvable::Request, Action::Submit) => Some(E::RequestFiled),
        (Approvable::Request, _) if decided => Some(E::RequestDecided),
        _ => None,
    }
}

/// Two-party approval: nobody decides two steps of one pass through the chain (a pass begins
/// at the latest submission or reopening), whatever roles they hold — an HR manager who is also
/// a client's manager approves at one step only. Checked here, so timesheets, requests and any
/// later subject keep the rule, by account or by link.
async fn refuse_second_step(tx: &mut Transaction<'_, Any>, kind: Approvable, ids: &str, actor: &Actor<'_>, step: u8) -> Result<()> {
    let earlier: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM approval_transitions a WHERE a.org_id = $1 AND a.subject_type = $2 AND a.subject_id IN ({ids}) \
         AND a.actor_id = $3 AND a.action IN ('approve', 'return', 'reject') AND a.step <> $4 \
         AND a.id > COALESCE((SELECT MAX(b.id) FROM approval_transitions b WHERE b.subject_type = a.subject_type \
         AND b.subject_id = a.subject_id AND b.action IN ('submit', 'reopen')), 0)"
    ))
    .bind(actor.org_id)
    .bind(kind)
    .bind(actor.person_id)
    .bind(i64::from(step))
    .fetch_one(&mut **tx)
    .await?;
    if earlier > 0 {
        return Err(AppError::SecondStep.into());
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    action: Action,
    actor_family: Option<String>,
    actor_given: Option<String>,
    via: Via,
    comment: String,
    day: Option<Date>,
    created_at: i64,
}

/// A subject's transitions, oldest first.
pub async fn history(pool: &sqlx::AnyPool, kind: Approvable, id: i64) -> Result<Vec<shared::approvals::TransitionView>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT a.action, p.family_name AS actor_family, p.given_name AS actor_given, a.via, a.comment, a.day, a.created_at \
         FROM approval_transitions a LEFT JOIN people p ON p.id = a.actor_id WHERE a.subject_type = $1 AND a.subject_id = $2 ORDER BY a.id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| shared::approvals::TransitionView {
            action: r.action,
            actor_family: r.actor_family,
            actor_given: r.actor_given,
            via_link: r.via == Via::Link,
            comment: r.comment,
            day: r.day,
            at: r.created_at,
        })
        .collect())
}
