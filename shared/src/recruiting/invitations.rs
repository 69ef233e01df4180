//! Coffee-chat and interview invitations a candidate answers from a link.
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum InvitationKind {
        CoffeeChat = "coffee_chat",
        Interview = "interview",
    }
}

impl InvitationKind {
    pub fn label(self) -> crate::Msg {
        match self {
            InvitationKind::CoffeeChat => crate::Msg::KindCoffeeChat,
            InvitationKind::Interview => crate::Msg::KindInterview,
        }
    }
}

stored_enum! {
    /// An invitation's state: proposed → confirmed | declined; the team may cancel.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum InvitationStatus {
        Proposed = "proposed",
        Confirmed = "confirmed",
        Declined = "declined",
        Cancelled = "cancelled",
    }
}

impl InvitationStatus {
    pub fn label(self) -> crate::Msg {
        match self {
            InvitationStatus::Proposed => crate::Msg::InvProposed,
            InvitationStatus::Confirmed => crate::Msg::InvConfirmed,
            InvitationStatus::Declined => crate::Msg::InvDeclined,
            InvitationStatus::Cancelled => crate::Msg::InvCancelled,
        }
    }
}

/// How the candidate is told: pluggable channels behind one interface (email now; an
/// SMS/KakaoTalk-style HTTP gateway through the outbox's `sms` channel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteChannel {
    Email,
    Sms,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationInput {
    pub candidate_id: i64,
    pub kind: InvitationKind,
    pub place: String,
    /// Local date-times as the browser's `datetime-local` gives them: `2026-12-01T10:00`.
    pub slots: Vec<String>,
    pub channel: InviteChannel,
}

/// Checks proposed times: one to five, each a valid `YYYY-MM-DDTHH:MM`, no repeats.
pub fn check_slots(slots: &[String]) -> Result<Vec<String>, crate::Msg> {
    let mut out: Vec<String> = Vec::new();
    for s in slots.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let (date, time) = s.split_once('T').ok_or(crate::Msg::ErrSlot)?;
        let (h, m) = time.split_once(':').ok_or(crate::Msg::ErrSlot)?;
        let ok = crate::format::Date::parse_iso(date).is_some()
            && h.len() == 2
            && m.len() == 2
            && h.parse::<u8>().is_ok_and(|h| h < 24)
            && m.parse::<u8>().is_ok_and(|m| m < 60);
        if !ok {
            return Err(crate::Msg::ErrSlot);
        }
        let slot = format!("{date}T{h}:{m}");
        if !out.contains(&slot) {
            out.push(slot);
        }
    }
    if out.is_empty() || out.len() > 5 {
        return Err(crate::Msg::ErrSlot);
    }
    Ok(out)
}

/// What the candidate sees on their link (no account).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationPublic {
    pub org_name: String,
    pub job_title: String,
    pub candidate_name: String,
    pub kind: InvitationKind,
    pub place: String,
    pub slots: Vec<String>,
    pub status: InvitationStatus,
    pub chosen_slot: Option<String>,
}

/// The candidate's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "answer")]
pub enum InvitationAnswer {
    Accept { slot: String },
    Decline,
    Propose { text: String },
}

/// What an invitation event records: stored as JSON, put into words when read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationNote {
    pub kind: InvitationKind,
    pub place: String,
    /// Times offered (`YYYY-MM-DDTHH:MM`).
    pub slots: Vec<String>,
}

impl InvitationNote {
    /// "Coffee chat · Café Namu · Dec 4, 2026, 15:30, Dec 5, 2026, 10:00" in the reader's words.
    pub fn text(&self, locale: crate::Locale) -> String {
        let slots: Vec<String> = self.slots.iter().map(|s| crate::format::date_time_text(s, locale)).collect();
        format!("{} · {} · {}", self.kind.label().text(locale), self.place, slots.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn proposed_times_are_checked() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_slots(&s(&["2026-12-01T10:00", " 2026-12-01T10:00", "2026-12-02T15:30"])),
            Ok(s(&["2026-12-01T10:00", "2026-12-02T15:30"]))
        );
        assert_eq!(check_slots(&s(&["2026-12-01T25:00"])), Err(crate::Msg::ErrSlot));
        assert_eq!(check_slots(&s(&["2026-02-30T10:00"])), Err(crate::Msg::ErrSlot));
        assert_eq!(check_slots(&s(&["tomorrow"])), Err(crate::Msg::ErrSlot));
        assert_eq!(check_slots(&s(&[])), Err(crate::Msg::ErrSlot), "at least one");
        assert_eq!(check_slots(&s(&["2026-12-01T10:00:00"])), Err(crate::Msg::ErrSlot), "minutes, no seconds");
        assert_eq!(check_slots(&s(&["2026-12-01T9:00"])), Err(crate::Msg::ErrSlot), "two-digit hours");
        let six: Vec<String> = (1..=6).map(|d| format!("2026-12-0{d}T10:00")).collect();
        assert_eq!(check_slots(&six), Err(crate::Msg::ErrSlot), "at most five");
        for k in [InvitationKind::CoffeeChat, InvitationKind::Interview] {
            assert_eq!(InvitationKind::parse(k.as_str()), Some(k));
        }
    }
}
