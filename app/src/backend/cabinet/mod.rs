//! The employee cabinet: protected personal data, the request catalogue and its approvals
//! (through the general approval engine), leave balances and the team calendar.
pub mod announcements;
pub mod certificates;
pub mod documents;
pub mod escalations;
pub mod leave;
pub mod request_notices;
pub mod request_rules;
pub mod request_types;
pub mod requests;
pub mod secrets;
pub mod waiting;

use super::{Caller, Db, Result};
use shared::cabinet::{Audience, InboxCounts};

/// Whether group-addressed content (a document, an announcement) reaches the caller: their
/// legal entity, department and roles as the session read them.
pub fn reads(caller: &Caller, audience: &Audience) -> bool {
    audience.includes(caller.legal_entity_id, caller.department_id, &caller.roles)
}

/// What waits for the caller, for the navigation badge on every page: counts only, without
/// reading document bodies.
pub async fn inbox_counts(db: &Db, caller: &Caller) -> Result<InboxCounts> {
    Ok(InboxCounts {
        requests: requests::waiting_count(db, caller).await?,
        documents: documents::to_sign(db, caller).await?,
        timesheets: super::timesheets::review::waiting_count(db, caller).await?,
        todos: announcements::mine(db, caller)
            .await?
            .iter()
            .filter(|a| a.kind == shared::cabinet::PostKind::Todo && a.done_at.is_none())
            .count() as i64,
    })
}

/// The active people of an audience, but the publisher.
pub(crate) async fn audience_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    db: &super::Db,
    caller: &super::Caller,
    audience: &shared::cabinet::Audience,
) -> super::Result<Vec<i64>> {
    let sql = format!(
        "SELECT p.id, p.legal_entity_id, p.department_id, {} AS roles FROM people p WHERE p.org_id = $1 AND p.status = 'active' AND p.id <> $2",
        db.roles_of_p()
    );
    let people: Vec<(i64, Option<i64>, Option<i64>, shared::model::Roles)> =
        sqlx::query_as(&sql).bind(caller.org_id).bind(caller.person_id).fetch_all(&mut **tx).await?;
    Ok(people.into_iter().filter(|(_, le, dept, roles)| audience.includes(*le, *dept, roles)).map(|(id, ..)| id).collect())
}
