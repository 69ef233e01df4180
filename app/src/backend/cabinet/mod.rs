//! The employee cabinet: protected personal data, the request catalogue and its approvals
//! (through the general approval engine), leave balances and the team calendar.
pub mod announcements;
pub mod certificates;
pub mod documents;
pub mod leave;
pub mod request_notices;
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
