//! The employee cabinet: protected personal data, the request catalogue and its approvals
//! (through the general approval engine), leave balances and the team calendar.
pub mod announcements;
pub mod certificates;
pub mod documents;
pub mod leave;
pub mod request_types;
pub mod requests;
pub mod secrets;
pub mod waiting;

use super::{Caller, Db, Result};
use shared::cabinet::{Audience, InboxCounts};

/// Whom group-addressed content (documents, announcements) reaches: the caller's legal entity,
/// department and roles.
pub struct Reader<'a> {
    caller: &'a Caller,
    legal_entity_id: Option<i64>,
}

impl<'a> Reader<'a> {
    pub async fn of(db: &Db, caller: &'a Caller) -> Result<Reader<'a>> {
        let legal_entity_id =
            sqlx::query_scalar("SELECT legal_entity_id FROM people WHERE id = $1").bind(caller.person_id).fetch_one(&db.pool).await?;
        Ok(Reader { caller, legal_entity_id })
    }

    /// Whether an audience includes the caller.
    pub fn reads(&self, audience: &Audience) -> bool {
        audience.includes(self.legal_entity_id, self.caller.department_id, &self.caller.roles)
    }
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
