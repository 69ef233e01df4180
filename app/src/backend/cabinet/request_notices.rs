//! Who hears of a request's moves, in the transaction of the move: the people who may decide
//! at each step it comes to (not the requester, nor who approved an earlier step of this
//! round) — in the app, and by a message with a single-use link to decide from a phone — and
//! the requester once it is decided.
use super::super::approvals::links;
use super::super::notifications::channels::{Message, Reach};
use super::super::notifications::Told;
use super::super::{zone, Backend, Result};
use shared::approvals::{Action, State, Status};
use shared::audit::Approvable;
use shared::format::person_name;
use shared::i18n::Labels;
use shared::notifications::{Name, Told as What};
use shared::request_rules::RequestEvent;
use shared::Msg;
use sqlx::{Any, Transaction};

/// The request as its notices name it.
pub struct Filed<'a> {
    pub org_id: i64,
    pub id: i64,
    pub requester_id: i64,
    pub requester: Name,
    pub request: &'a Labels,
}

/// Tells whom a move concerns. `by`: who moved it; `action`: what they did.
pub async fn after_move(
    tx: &mut Transaction<'static, Any>,
    backend: &Backend,
    told: &mut Told,
    filed: &Filed<'_>,
    (from, to): (State, State),
    (by, action): (Name, Action),
) -> Result<()> {
    let link = format!("/requests/{}", filed.id);
    if to.waiting_step().is_some() && to.waiting_step() != from.waiting_step() {
        let waiting = What::RequestWaiting { requester: filed.requester.clone(), request: filed.request.clone() };
        let zone = zone::of_organisation(&mut **tx, filed.org_id).await?;
        for approver in approvers(tx, filed.id).await? {
            if let Some(reach) = told.notify_reach(tx, filed.org_id, approver, &waiting, &link).await? {
                ask(tx, backend, filed, &reach, to.step, zone).await?;
            }
        }
    }
    let decided = matches!(to.status, Status::Approved | Status::Rejected | Status::Returned) && from.status == Status::Submitted;
    if decided {
        let what = What::RequestDecided { by, request: filed.request.clone(), action };
        told.notify(tx, filed.org_id, filed.requester_id, &what, &link).await?;
        super::request_rules::run(tx, backend, told, filed, RequestEvent::Decided, Some(to.status.as_str())).await?;
    }
    if to.status == Status::Submitted && from.status != Status::Submitted {
        super::request_rules::run(tx, backend, told, filed, RequestEvent::Filed, None).await?;
    }
    Ok(())
}

/// A message with a link that decides this step of this request once, for this approver, on
/// the ways they chose.
async fn ask(
    tx: &mut Transaction<'static, Any>,
    backend: &Backend,
    filed: &Filed<'_>,
    reach: &Reach,
    step: u8,
    zone: zone::Zone,
) -> Result<()> {
    let approver = &reach.person;
    let (token, expires) = links::issue(tx, filed.org_id, Approvable::Request, filed.id, step, approver.id).await?;
    let locale = reach.locale;
    let link = backend.config.link(&format!("/decide/{token}"));
    let name = person_name(&filed.requester.family, &filed.requester.given, locale);
    let request = filed.request.get(locale);
    let subject = Msg::MailRequestSubject.fill(locale, &[("request", request), ("name", &name)]);
    let body = Msg::MailRequestBody.fill(
        locale,
        &[
            ("approver", &person_name(&approver.family_name, &approver.given_name, locale)),
            ("name", &name),
            ("request", request),
            ("link", &link),
            ("expires", &zone::today(zone, expires).format(locale)),
        ],
    );
    let short = Msg::SmsRequestBody.fill(locale, &[("request", request), ("name", &name), ("link", &link)]);
    let variables = vec![("to", reach.name()), ("name", name.clone()), ("request", request.to_string()), ("link", link.clone())];
    reach.send(tx, backend, &Message { subject, body, short, variables }).await
}

/// The active people who may decide at the request's waiting step (its `request_waiting` rows,
/// just rewritten): named people, the requester's line manager, holders of a role.
pub(crate) async fn approvers(tx: &mut Transaction<'static, Any>, request_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT p.id FROM request_waiting w JOIN requests r ON r.id = w.request_id \
         JOIN people p ON p.org_id = r.org_id AND p.status = 'active' \
         WHERE w.request_id = $1 AND p.id <> r.requester_id AND (p.id = w.person_id \
           OR (w.line_manager = 1 AND p.id = (SELECT q.manager_id FROM people q WHERE q.id = r.requester_id)) \
           OR EXISTS (SELECT 1 FROM person_roles pr WHERE pr.person_id = p.id AND pr.role = w.role)) \
         AND NOT EXISTS (SELECT 1 FROM approval_transitions a WHERE a.subject_type = 'request' AND a.subject_id = r.id \
           AND a.actor_id = p.id AND a.action = 'approve' AND a.id > (SELECT MAX(s.id) FROM approval_transitions s \
             WHERE s.subject_type = 'request' AND s.subject_id = r.id AND s.action = 'submit')) \
         ORDER BY p.id",
    )
    .bind(request_id)
    .fetch_all(&mut **tx)
    .await?)
}
