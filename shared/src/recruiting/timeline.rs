//! A candidate's timeline: what happened, read strictly from its stored kind and body, and
//! the handles a comment mentions.
use super::{InvitationNote, RejectionReason};
use crate::i18n::Labels;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// The kind of a candidate's timeline event (`candidate_events.kind`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum EventKind {
        Created = "created",
        Moved = "moved",
        Comment = "comment",
        Edited = "edited",
        Rejected = "rejected",
        Tagged = "tagged",
        Held = "held",
        Resumed = "resumed",
        Scored = "scored",
        Resume = "resume",
        Invitation = "invitation",
        InvitationConfirmed = "invitation_confirmed",
        InvitationDeclined = "invitation_declined",
        InvitationProposal = "invitation_proposal",
        InvitationCancelled = "invitation_cancelled",
    }
}

/// A line of a candidate's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineLine {
    pub what: Happened,
    pub from_stage: Option<Labels>,
    pub to_stage: Option<Labels>,
    pub actor_family: Option<String>,
    pub actor_given: Option<String>,
    pub at: i64,
}

/// What happened to a candidate: a timeline event's kind with what it carries, read strictly
/// from its stored kind and body (an unknown kind is an error, never another event).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Happened {
    Created,
    Moved,
    Comment(String),
    /// The keys of the facts changed: standard ones and the job's own (`custom:…`).
    Edited(Vec<String>),
    Rejected(RejectionReason),
    Tagged(String),
    Held,
    Resumed,
    /// The overall score given.
    Scored(String),
    Resume,
    Invitation(InvitationNote),
    /// The time the candidate chose (`YYYY-MM-DDTHH:MM`).
    InvitationConfirmed(String),
    InvitationDeclined,
    /// The candidate's own words.
    InvitationProposal(String),
    InvitationCancelled,
}

impl Happened {
    /// The event stored as `kind` with `body`. The error names the kind only: bodies are
    /// stored text and stay out of logs.
    pub fn from_stored(kind: EventKind, body: &str) -> Result<Happened, String> {
        let text = || body.to_string();
        Ok(match kind {
            EventKind::Created => Happened::Created,
            EventKind::Moved => Happened::Moved,
            EventKind::Comment => Happened::Comment(text()),
            EventKind::Edited => Happened::Edited(body.split(", ").filter(|k| !k.is_empty()).map(str::to_string).collect()),
            EventKind::Rejected => Happened::Rejected(RejectionReason::parse(body).ok_or("rejection event with an unknown reason")?),
            EventKind::Tagged => Happened::Tagged(text()),
            EventKind::Held => Happened::Held,
            EventKind::Resumed => Happened::Resumed,
            EventKind::Scored => Happened::Scored(text()),
            EventKind::Resume => Happened::Resume,
            EventKind::Invitation => Happened::Invitation(
                serde_json::from_str(body).map_err(|e| format!("invitation event does not read back ({:?})", e.classify()))?,
            ),
            EventKind::InvitationConfirmed => Happened::InvitationConfirmed(text()),
            EventKind::InvitationDeclined => Happened::InvitationDeclined,
            EventKind::InvitationProposal => Happened::InvitationProposal(text()),
            EventKind::InvitationCancelled => Happened::InvitationCancelled,
        })
    }
}

/// The handles mentioned in a comment: `@` and the part of an email before its `@`
/// (`@minjun.kim`), lower-cased, each once. An email address in the text is not a mention.
pub fn mentions(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = i == 0 || chars[i - 1].is_whitespace() || "([,;".contains(chars[i - 1]);
        if *c != '@' || !starts_word {
            continue;
        }
        let handle: String =
            chars[i + 1..].iter().take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')).collect::<String>();
        let handle = handle.trim_end_matches('.').to_lowercase();
        if !handle.is_empty() && !out.contains(&handle) {
            out.push(handle);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn mentions_are_handles_not_emails() {
        assert_eq!(mentions("@admin please look, cc @Recruiter."), ["admin", "recruiter"]);
        assert_eq!(mentions("write to kim@example.com"), Vec::<String>::new(), "an address is not a mention");
        assert_eq!(mentions("(@minjun.kim) @minjun.kim @"), ["minjun.kim"]);
        assert_eq!(mentions("@이서연 확인 부탁"), ["이서연"]);
    }
}
