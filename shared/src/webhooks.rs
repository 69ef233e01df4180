//! Outgoing webhooks as both sides see them: the event types an endpoint subscribes to, the
//! endpoint form and its checks, and what the delivery log shows.
use crate::stored::stored_enum;
use crate::validation::{optional_text, FieldError};
use crate::Msg;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// What happened, as the `type` of a delivered event.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum EventType {
        PersonCreated = "person.created",
        PersonUpdated = "person.updated",
        PersonDeactivated = "person.deactivated",
        PlacementStarted = "placement.started",
        PlacementEnded = "placement.ended",
        TimesheetSubmitted = "timesheet.submitted",
        TimesheetReturned = "timesheet.returned",
        TimesheetApproved = "timesheet.approved",
        TimesheetReopened = "timesheet.reopened",
        RequestFiled = "request.filed",
        RequestDecided = "request.decided",
        CandidateCreated = "candidate.created",
        CandidateStageChanged = "candidate.stage_changed",
        CandidateHired = "candidate.hired",
        ImportFinished = "import.finished",
        /// Sent by "Send a test event" only; nobody subscribes to it.
        Test = "webhook.test",
    }
}

impl EventType {
    /// What an endpoint may subscribe to.
    pub fn subscribable() -> impl Iterator<Item = EventType> {
        EventType::ALL.into_iter().filter(|e| *e != EventType::Test)
    }
}

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum EndpointStatus {
        Active = "active",
        /// Stopped after failing for a day (or by an administrator); enabling starts it again.
        Disabled = "disabled",
    }
}

/// The endpoint form. `id` None makes a new endpoint (its secret is shown once).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointInput {
    pub id: Option<i64>,
    pub version: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    pub enabled: bool,
}

/// The checked form: an `https://` address (plain `http://` only where the server allows
/// private addresses, for tests and closed networks), a short description, at least one event.
pub fn check_endpoint(input: &EndpointInput, allow_plain_http: bool) -> Result<EndpointInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let url = input.url.trim().to_string();
    let scheme_ok = url.starts_with("https://") || (allow_plain_http && url.starts_with("http://"));
    if !scheme_ok || url.len() > 500 || url.chars().any(char::is_whitespace) {
        errors.push(FieldError::new("url", Msg::ErrEndpointUrl));
    }
    let description = optional_text("description", &input.description, 120).map_err(|e| errors.push(e)).ok().flatten().unwrap_or_default();
    let mut events: Vec<EventType> = input.events.iter().copied().filter(|e| *e != EventType::Test).collect();
    events.sort();
    events.dedup();
    if events.is_empty() {
        errors.push(FieldError::new("events", Msg::ErrRequired));
    }
    crate::validation::collected(
        EndpointInput { id: input.id, version: input.version, url, description, events, enabled: input.enabled },
        errors,
    )
}

/// An endpoint as its list shows it: never the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointView {
    pub id: i64,
    pub version: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    pub status: EndpointStatus,
    pub disabled_at: Option<i64>,
    /// Until when the previous secret still signs, during a rotation.
    pub previous_until: Option<i64>,
    pub created_at: i64,
}

/// An endpoint saved; `secret` only when one was made (a new endpoint, a rotation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointSaved {
    pub id: i64,
    pub version: i64,
    pub secret: Option<String>,
}

/// One attempt of a delivery, as the delivery log shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: i64,
    pub outbox_id: i64,
    pub message_id: String,
    pub event_type: EventType,
    pub attempt: i64,
    /// None when no answer came (refused, timed out).
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    /// The answer's first characters, or what went wrong.
    pub response: String,
    pub delivered: bool,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_need_an_https_address_and_an_event() {
        let ok = EndpointInput {
            url: " https://hooks.example.com/staffport ".into(),
            events: vec![EventType::PersonCreated, EventType::PersonCreated, EventType::Test],
            ..Default::default()
        };
        let checked = check_endpoint(&ok, false).unwrap();
        assert_eq!((checked.url.as_str(), checked.events), ("https://hooks.example.com/staffport", vec![EventType::PersonCreated]));
        let plain = EndpointInput { url: "http://10.0.0.5/hook".into(), ..ok.clone() };
        assert!(check_endpoint(&plain, false).is_err());
        assert!(check_endpoint(&plain, true).is_ok(), "tests and closed networks");
        let bad = EndpointInput { url: "ftp://x".into(), events: vec![EventType::Test], ..Default::default() };
        let fields: Vec<String> = check_endpoint(&bad, true).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["url", "events"]);
        assert!(!EventType::subscribable().any(|e| e == EventType::Test));
        assert_eq!(EventType::parse("candidate.hired"), Some(EventType::CandidateHired));
    }
}
