//! A job's candidates as CSV, for the job's team. Contacts appear exactly as on the board:
//! masked. The export never opens sealed contacts, whoever asks (revealing is one field at a
//! time, audited, on screen).
use super::super::{csv_file, Caller, Db, Result};
use shared::{Locale, Msg};

/// (file name, bytes)
pub async fn candidates_csv(db: &Db, caller: &Caller, job_id: i64, locale: Locale) -> Result<(String, Vec<u8>)> {
    let board = super::board::load(db, caller, job_id).await?;
    let zone = caller.zone;
    let header = [Msg::Name, Msg::Stage, Msg::Source, Msg::TagsField, Msg::Phone, Msg::Email, Msg::Invitation, Msg::LastChange]
        .iter()
        .map(|m| m.text(locale).to_string())
        .collect();
    let rows = board.stages.iter().flat_map(|stage| {
        let mut cards: Vec<_> = board.cards.iter().filter(|c| c.stage_id == stage.id).collect();
        cards.sort_by(|a, b| a.position.total_cmp(&b.position));
        cards.into_iter().map(move |c| {
            vec![
                c.full_name.clone(),
                stage.name.get(locale).to_string(),
                c.source.clone(),
                c.tags.clone(),
                c.phone_masked.clone(),
                c.email_masked.clone(),
                c.invitation.map(|s| s.label().text(locale).to_string()).unwrap_or_default(),
                // The day as the reader's calendar has it.
                super::super::zone::today(zone, c.updated_at).iso(),
            ]
        })
    });
    Ok((format!("candidates-{job_id}.csv"), csv_file::with_bom(header, rows)?))
}
