//! In-app notifications: what someone is told (a reminder, a mention, a new candidate, a place
//! on a hiring team), with a link to what it is about.
//!
//! A notification is stored as its kind and parameters, never as a sentence: it is put into
//! words when read, in the reader's language of that moment, with names in that language's
//! order and dates in its style.
use crate::approvals::Action;
use crate::format::{person_name, Date};
use crate::i18n::Labels;
use crate::{Locale, Msg};
use serde::{Deserialize, Serialize};

pub mod channels;
pub mod reminders;
pub use channels::Kind;

/// One notification; `read_at` is None while unread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    pub what: Told,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Notice {
    /// The notice as the browser gets it: put into words on the server, in the reader's language
    /// of this request, so the browser never carries every kind's parameters and decoder.
    pub fn view(self, locale: Locale) -> NoticeView {
        NoticeView {
            id: self.id,
            kind: self.what.kind(),
            text: self.what.text(locale),
            link: self.link,
            created_at: self.created_at,
            read_at: self.read_at,
        }
    }
}

/// One notification in the reader's words (the notification centre, home).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    /// None for a sentence stored before kinds were.
    pub kind: Option<Kind>,
    pub text: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// A person's name as stored: put in order for the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Name {
    pub family: String,
    pub given: String,
}

impl Name {
    pub fn new(family: &str, given: &str) -> Name {
        Name { family: family.to_string(), given: given.to_string() }
    }
}

/// What a notification says. The serde tag is the stored `kind` column, the content the
/// `params` column (JSON); both are read back strictly: an unknown kind or a parameter missing,
/// extra or of the wrong type is an error, never a notice saying something else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "params", rename_all = "snake_case", deny_unknown_fields)]
pub enum Told {
    /// The contractor's timesheet for the period is past its deadline.
    TimesheetOverdue { start: Date, end: Date },
    /// Someone added a candidate to a job the reader works on.
    NewCandidate { by: Name, candidate: String, job: String },
    /// Someone mentioned the reader in a comment on a candidate (the comment's start).
    Mention { by: Name, candidate: String, text: String },
    /// Someone put the reader on a job's hiring team.
    TeamAdded { by: Name, job: String },
    /// A filed request waits for the reader's decision at its current step.
    RequestWaiting { requester: Name, request: Labels },
    /// A request's step is past its due time: it waits for the reader's decision, or (`escalated`)
    /// it waited as long again for others' and is escalated to the reader.
    RequestOverdue { requester: Name, request: Labels, escalated: bool },
    /// The reader's request was decided: approved (at its last step), returned or rejected.
    RequestDecided { by: Name, request: Labels, action: Action },
    /// The reader's timesheet for the period was returned for changes.
    TimesheetReturned { by: Name, start: Date, end: Date, comment: String },
    /// A document to read and sign was published (or a new version of it) for the reader.
    DocumentPublished { title: String },
    /// An announcement, or a to-do (with its due day, if any), for the reader.
    Posted { kind: crate::cabinet::PostKind, title: String, due_on: Option<Date> },
    /// A candidate of a job the reader works on answered an invitation (`detail`: the chosen
    /// time, or the time they proposed instead; empty when they declined).
    InvitationAnswered { candidate: String, job: String, answer: InvitationReply, detail: String },
    /// An import the reader started has finished: applied, or stopped (`applied` false).
    ImportFinished { file: String, applied: bool, created: u32, updated: u32, deactivated: u32, errors: u32 },
    /// Timesheets of a client's period reached the provider's step (one notice per client and
    /// period while it is unread).
    TimesheetsAtProvider { client: String, start: Date, end: Date },
    /// The reader's own reminder went off: what it is about (its name then) and their note.
    Reminder { label: String, note: String },
    /// An automation rule of a job the reader works on noted something about a candidate.
    Automation { rule: String, candidate: String, text: String },
    /// An outgoing webhook (named by its description, else its host) failed for a day and was
    /// stopped; administrators are told.
    WebhookDisabled { endpoint: String },
    /// Written before notifications were stored by kind: the sentence as it was written then,
    /// in the language of that day (migration 0011).
    Legacy { text: String },
}

crate::stored::stored_enum! {
    /// How a candidate answered an invitation.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum InvitationReply {
        Accepted = "accepted",
        Declined = "declined",
        Proposed = "proposed",
    }
}

/// Column values of a stored notification: its kind and its parameters as JSON.
pub struct Stored {
    pub kind: String,
    pub params: String,
}

impl Told {
    /// The kind and parameters to store (serde's tag and content: both are always there).
    pub fn stored(&self) -> Result<Stored, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        let kind = value.get("kind").and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
        let params = value.get_mut("params").map(serde_json::Value::take).unwrap_or_default().to_string();
        Ok(Stored { kind, params })
    }

    /// Reads a stored notification back; anything but a known kind with its exact parameters
    /// is refused with what was wrong.
    /// The error names the kind and the sort of fault only: serde's own message quotes the
    /// offending value, which is stored text and stays out of logs.
    pub fn from_stored(kind: &str, params: &str) -> Result<Told, String> {
        let fault = |e: serde_json::Error| format!("stored notification of kind {kind:?} does not read back ({:?})", e.classify());
        let params: serde_json::Value = serde_json::from_str(params).map_err(fault)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "params": params })).map_err(fault)
    }

    /// The notification in the reader's words.
    pub fn text(&self, locale: Locale) -> String {
        let name = |n: &Name| person_name(&n.family, &n.given, locale);
        match self {
            Told::TimesheetOverdue { start, end } => {
                Msg::ReminderNotice.fill(locale, &[("period", &format!("{} – {}", start.format(locale), end.format(locale)))])
            }
            Told::NewCandidate { by, candidate, job } => {
                Msg::NewCandidateNotice.fill(locale, &[("name", &name(by)), ("candidate", candidate), ("job", job)])
            }
            Told::Mention { by, candidate, text } => {
                Msg::MentionNotice.fill(locale, &[("name", &name(by)), ("candidate", candidate), ("text", text)])
            }
            Told::TeamAdded { by, job } => Msg::TeamAddedNotice.fill(locale, &[("name", &name(by)), ("job", job)]),
            Told::RequestWaiting { requester, request } => {
                Msg::RequestWaitingNotice.fill(locale, &[("name", &name(requester)), ("request", request.get(locale))])
            }
            Told::RequestOverdue { requester, request, escalated } => {
                let msg = if *escalated { Msg::RequestEscalatedNotice } else { Msg::RequestOverdueNotice };
                msg.fill(locale, &[("name", &name(requester)), ("request", request.get(locale))])
            }
            Told::RequestDecided { by, request, action } => {
                let msg = match action {
                    Action::Approve => Msg::RequestApprovedNotice,
                    Action::Reject => Msg::RequestRejectedNotice,
                    _ => Msg::RequestReturnedNotice,
                };
                msg.fill(locale, &[("name", &name(by)), ("request", request.get(locale))])
            }
            Told::DocumentPublished { title } => Msg::DocumentPublishedNotice.fill(locale, &[("title", title)]),
            Told::Posted { kind, title, due_on } => match (kind, due_on) {
                (crate::cabinet::PostKind::Todo, Some(day)) => {
                    Msg::TodoDueNotice.fill(locale, &[("title", title), ("date", &day.format(locale))])
                }
                (crate::cabinet::PostKind::Todo, None) => Msg::TodoNotice.fill(locale, &[("title", title)]),
                (crate::cabinet::PostKind::Announcement, _) => Msg::AnnouncementNotice.fill(locale, &[("title", title)]),
            },
            Told::InvitationAnswered { candidate, job, answer, detail } => {
                let msg = match answer {
                    InvitationReply::Accepted => Msg::InvitationAcceptedNotice,
                    InvitationReply::Declined => Msg::InvitationDeclinedNotice,
                    InvitationReply::Proposed => Msg::InvitationProposedNotice,
                };
                // A chosen time is stored as written (`2026-12-04T15:30`) and read in the reader's style.
                let detail = crate::format::date_time_text(detail, locale);
                msg.fill(locale, &[("candidate", candidate), ("job", job), ("detail", &detail)])
            }
            Told::ImportFinished { file, applied, created, updated, deactivated, errors } => {
                let msg = if *applied { Msg::ImportAppliedNotice } else { Msg::ImportFailedNotice };
                let n = |v: &u32| crate::format::integer(i64::from(*v), locale);
                msg.fill(
                    locale,
                    &[
                        ("file", file),
                        ("created", &n(created)),
                        ("updated", &n(updated)),
                        ("deactivated", &n(deactivated)),
                        ("errors", &n(errors)),
                    ],
                )
            }
            Told::TimesheetReturned { by, start, end, comment } => Msg::TimesheetReturnedNotice.fill(
                locale,
                &[("name", &name(by)), ("period", &format!("{} – {}", start.format(locale), end.format(locale))), ("comment", comment)],
            ),
            Told::TimesheetsAtProvider { client, start, end } => Msg::TimesheetsAtProviderNotice
                .fill(locale, &[("client", client), ("period", &format!("{} – {}", start.format(locale), end.format(locale)))]),
            Told::Reminder { label, note } if note.is_empty() => Msg::ReminderFiredNotice.fill(locale, &[("label", label)]),
            Told::Reminder { label, note } => Msg::ReminderNoteNotice.fill(locale, &[("label", label), ("note", note)]),
            Told::Automation { rule, candidate, text } => {
                Msg::AutomationNotice.fill(locale, &[("rule", rule), ("candidate", candidate), ("text", text)])
            }
            Told::WebhookDisabled { endpoint } => Msg::WebhookDisabledNotice.fill(locale, &[("endpoint", endpoint)]),
            Told::Legacy { text } => text.clone(),
        }
    }

    /// Its kind in the catalogue of channels; None for a legacy sentence (never sent anywhere).
    pub fn kind(&self) -> Option<Kind> {
        Some(match self {
            Told::TimesheetOverdue { .. } => Kind::TimesheetOverdue,
            Told::NewCandidate { .. } => Kind::NewCandidate,
            Told::Mention { .. } => Kind::Mention,
            Told::TeamAdded { .. } => Kind::TeamAdded,
            Told::RequestWaiting { .. } => Kind::RequestWaiting,
            Told::RequestDecided { .. } => Kind::RequestDecided,
            Told::RequestOverdue { .. } => Kind::RequestOverdue,
            Told::TimesheetReturned { .. } => Kind::TimesheetReturned,
            Told::DocumentPublished { .. } => Kind::DocumentPublished,
            Told::Posted { .. } => Kind::Posted,
            Told::InvitationAnswered { .. } => Kind::InvitationAnswered,
            Told::ImportFinished { .. } => Kind::ImportFinished,
            Told::TimesheetsAtProvider { .. } => Kind::TimesheetsAtProvider,
            Told::Reminder { .. } => Kind::Reminder,
            Told::Automation { .. } => Kind::Automation,
            Told::WebhookDisabled { .. } => Kind::WebhookDisabled,
            Told::Legacy { .. } => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<Told> {
        let by = Name::new("Kim", "Minji");
        vec![
            Told::TimesheetOverdue { start: Date { year: 2026, month: 3, day: 1 }, end: Date { year: 2026, month: 3, day: 31 } },
            Told::NewCandidate { by: by.clone(), candidate: "Ivan Petrov".into(), job: "Welder".into() },
            Told::Mention { by: by.clone(), candidate: "Ivan Petrov".into(), text: "please look".into() },
            Told::TeamAdded { by: by.clone(), job: "Welder".into() },
            Told::RequestWaiting { requester: by.clone(), request: Labels::new("Vacation", "휴가", "Отпуск") },
            Told::RequestDecided { by: by.clone(), request: Labels::new("Vacation", "휴가", "Отпуск"), action: Action::Return },
            Told::RequestOverdue { requester: by.clone(), request: Labels::new("Vacation", "휴가", "Отпуск"), escalated: true },
            Told::TimesheetReturned {
                by,
                start: Date { year: 2026, month: 3, day: 1 },
                end: Date { year: 2026, month: 3, day: 15 },
                comment: "Fix the 3rd".into(),
            },
            Told::DocumentPublished { title: "Safety rules".into() },
            Told::Posted {
                kind: crate::cabinet::PostKind::Todo,
                title: "Fill the survey".into(),
                due_on: Some(Date { year: 2026, month: 12, day: 20 }),
            },
            Told::InvitationAnswered {
                candidate: "Ivan Petrov".into(),
                job: "Welder".into(),
                answer: InvitationReply::Proposed,
                detail: "Friday?".into(),
            },
            Told::ImportFinished { file: "zup.csv".into(), applied: true, created: 3, updated: 1, deactivated: 0, errors: 2 },
            Told::TimesheetsAtProvider {
                client: "Hanil Steel".into(),
                start: Date { year: 2026, month: 3, day: 1 },
                end: Date { year: 2026, month: 3, day: 31 },
            },
            Told::Reminder { label: "Ivan Petrov".into(), note: "call back".into() },
            Told::Automation { rule: "Strong".into(), candidate: "Ivan Petrov".into(), text: "look today".into() },
            Told::WebhookDisabled { endpoint: "payroll.example.com".into() },
            Told::Legacy { text: "As it was written.".into() },
        ]
    }

    #[test]
    fn every_kind_survives_storage_unchanged() {
        for told in kinds() {
            let Stored { kind, params } = told.stored().unwrap();
            // The catalogue of channels names every kind as it is stored.
            assert_eq!(told.kind().map(Kind::as_str), (kind != "legacy").then_some(kind.as_str()));
            assert_eq!(Told::from_stored(&kind, &params), Ok(told));
        }
        let seen: std::collections::HashSet<Kind> = kinds().iter().filter_map(Told::kind).collect();
        assert_eq!(seen.len(), Kind::ALL.len(), "every kind of the catalogue is tried here");
        let stored = Told::TeamAdded { by: Name::new("Kim", "Minji"), job: "Welder".into() }.stored().unwrap();
        assert_eq!(
            (stored.kind.as_str(), stored.params.as_str()),
            ("team_added", r#"{"by":{"family":"Kim","given":"Minji"},"job":"Welder"}"#)
        );
    }

    #[test]
    fn the_same_notice_reads_in_each_readers_language() {
        let told = Told::TeamAdded { by: Name::new("Петров", "Иван"), job: "Сварщик".into() };
        assert_eq!(told.text(Locale::En), "Иван Петров added you to the hiring team of “Сварщик”.");
        assert_eq!(told.text(Locale::Ru), "Петров Иван добавил(а) вас в команду найма вакансии «Сварщик».");
        assert!(told.text(Locale::Ko).starts_with("Петров Иван 님이"), "{}", told.text(Locale::Ko));
        let waiting = Told::RequestWaiting {
            requester: Name::new("Ким", "Ольга"), request: Labels::new("Vacation", "휴가", "Отпуск")
        };
        assert_eq!(waiting.text(Locale::En), "Ольга Ким filed “Vacation”: it waits for your decision.");
        assert_eq!(waiting.text(Locale::Ru), "Ким Ольга: заявка «Отпуск» ждёт вашего решения.");
        assert!(waiting.text(Locale::Ko).contains("“휴가” 신청이 결재를 기다립니다"), "{}", waiting.text(Locale::Ko));
        let overdue = &kinds()[0];
        assert_eq!(overdue.text(Locale::En), "Your timesheet for Mar 1, 2026 – Mar 31, 2026 is overdue.");
        assert_eq!(overdue.text(Locale::Ru), "Просрочен табель за 01.03.2026 – 31.03.2026.");
        assert_eq!(overdue.text(Locale::Ko), "2026. 3. 1. – 2026. 3. 31. 근무표 제출 기한이 지났습니다.");
    }

    #[test]
    fn unknown_kinds_and_wrong_parameters_are_refused() {
        for (kind, params) in [
            ("team_removed", r#"{"by":{"family":"Kim","given":"Minji"},"job":"Welder"}"#),
            ("team_added", r#"{"by":{"family":"Kim","given":"Minji"}}"#),
            ("team_added", r#"{"by":{"family":"Kim","given":"Minji"},"job":"Welder","extra":1}"#),
            ("team_added", r#"{"by":"Kim Minji","job":"Welder"}"#),
            ("timesheet_overdue", r#"{"start":"2026-02-30","end":"2026-03-31"}"#),
            ("legacy", "not json"),
            ("", "{}"),
        ] {
            assert!(Told::from_stored(kind, params).is_err(), "{kind} {params}");
        }
    }
}
