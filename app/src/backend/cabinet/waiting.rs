//! Who may act on each filed request's waiting step (`request_waiting`), rewritten with every
//! transition, so that an inbox and the navigation badge find a person's requests by index
//! (`policy::requests_waiting_for`) instead of reading every request filed in the organisation.
use super::super::{policy, Result};
use shared::approvals::{Chain, State};
use sqlx::{Any, Transaction};

/// Writes the rows of a request now in `state`: one per approver still missing at its waiting
/// step; none once it has left `submitted`.
pub async fn refresh(tx: &mut Transaction<'_, Any>, request_id: i64, chain: &Chain, state: State) -> Result<()> {
    sqlx::query("DELETE FROM request_waiting WHERE request_id = $1").bind(request_id).execute(&mut **tx).await?;
    let Some(step) = state.waiting_step().and_then(|i| chain.step(i)) else {
        return Ok(());
    };
    for (slot, rule) in step.rules().enumerate() {
        if state.slot_done(slot) {
            continue;
        }
        for approver in policy::request_approvers(rule) {
            sqlx::query("INSERT INTO request_waiting (request_id, line_manager, role, person_id) VALUES ($1, $2, $3, $4)")
                .bind(request_id)
                .bind(i64::from(approver.line_manager))
                .bind(approver.role)
                .bind(approver.person_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
