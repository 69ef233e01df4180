//! Which way each kind of notice reaches a person beyond the app: the catalogue of kinds with
//! their default channels, a person's choices, quiet hours and the daily digest's time.
//!
//! In the app every notice is always written (the notification centre is the record); the
//! choices decide the messages: email, the messenger gateway (SMS or a template messenger), or
//! held for the daily digest instead of each sent on its own.
use crate::stored::stored_enum;
use crate::validation::FieldError;
use crate::Msg;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// Every kind of notice, as stored in `notifications.kind` (the serde tag of `Told`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Kind {
        RequestWaiting = "request_waiting",
        RequestDecided = "request_decided",
        RequestOverdue = "request_overdue",
        TimesheetOverdue = "timesheet_overdue",
        TimesheetReturned = "timesheet_returned",
        TimesheetsAtProvider = "timesheets_at_provider",
        DocumentPublished = "document_published",
        Posted = "posted",
        Reminder = "reminder",
        NewCandidate = "new_candidate",
        Mention = "mention",
        TeamAdded = "team_added",
        InvitationAnswered = "invitation_answered",
        ImportFinished = "import_finished",
        Automation = "automation",
        WebhookDisabled = "webhook_disabled",
    }
}

/// How a kind's notice leaves beyond the app. `digest` holds it for the daily digest: then
/// `email` and `messenger` are not used for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub email: bool,
    pub messenger: bool,
    pub digest: bool,
}

impl Choice {
    pub const APP_ONLY: Choice = Choice { email: false, messenger: false, digest: false };
    pub const EMAIL: Choice = Choice { email: true, messenger: false, digest: false };
    pub const DIGEST: Choice = Choice { email: false, messenger: false, digest: true };

    /// Whether a message goes out as the notice is written.
    pub fn sends_now(self) -> bool {
        !self.digest && (self.email || self.messenger)
    }

    /// Whether anything beyond the app is chosen.
    pub fn reaches(self) -> bool {
        self.digest || self.email || self.messenger
    }

    /// Where a message goes now, `(email, messenger)`, for someone with or without an address
    /// and a phone: a chosen channel they cannot be reached on gives way to the other one.
    pub fn now_by(self, has_email: bool, has_phone: bool) -> (bool, bool) {
        if !self.sends_now() {
            return (false, false);
        }
        let email = has_email && (self.email || !has_phone);
        let messenger = has_phone && (self.messenger || !has_email);
        (email, messenger)
    }
}

impl Kind {
    pub fn label(self) -> Msg {
        match self {
            Kind::RequestWaiting => Msg::KindRequestWaiting,
            Kind::RequestDecided => Msg::KindRequestDecided,
            Kind::RequestOverdue => Msg::KindRequestOverdue,
            Kind::TimesheetOverdue => Msg::KindTimesheetOverdue,
            Kind::TimesheetReturned => Msg::KindTimesheetReturned,
            Kind::TimesheetsAtProvider => Msg::KindTimesheetsAtProvider,
            Kind::DocumentPublished => Msg::KindDocumentPublished,
            Kind::Posted => Msg::KindPosted,
            Kind::Reminder => Msg::KindReminder,
            Kind::NewCandidate => Msg::KindNewCandidate,
            Kind::Mention => Msg::KindMention,
            Kind::TeamAdded => Msg::KindTeamAdded,
            Kind::InvitationAnswered => Msg::KindInvitationAnswered,
            Kind::ImportFinished => Msg::KindImportFinished,
            Kind::Automation => Msg::KindAutomation,
            Kind::WebhookDisabled => Msg::KindWebhookDisabled,
        }
    }

    /// Kinds that must reach the person beyond the app somehow (a decision others wait for, a
    /// deadline): they may pick the channel or the digest, not nothing.
    pub fn mandatory(self) -> bool {
        matches!(self, Kind::RequestWaiting | Kind::RequestOverdue | Kind::TimesheetOverdue | Kind::TimesheetReturned)
    }

    /// The catalogue's default when neither the person nor the organisation chose: tasks and
    /// decisions by email, the rest in the app; the provider's queue of a period in the digest.
    pub fn default_choice(self) -> Choice {
        match self {
            Kind::RequestWaiting
            | Kind::RequestDecided
            | Kind::RequestOverdue
            | Kind::TimesheetOverdue
            | Kind::TimesheetReturned
            | Kind::DocumentPublished
            | Kind::Reminder
            | Kind::NewCandidate
            | Kind::WebhookDisabled => Choice::EMAIL,
            Kind::TimesheetsAtProvider => Choice::DIGEST,
            Kind::Posted | Kind::Mention | Kind::TeamAdded | Kind::InvitationAnswered | Kind::ImportFinished | Kind::Automation => {
                Choice::APP_ONLY
            }
        }
    }
}

/// A person's (or, with no quiet hours and digest, an organisation's) choices as a form edits
/// them: every kind, times as typed (`HH:MM`, empty for none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub choices: Vec<(Kind, Choice)>,
    pub quiet_from: String,
    pub quiet_to: String,
    pub digest_at: String,
    pub version: i64,
}

/// The preferences page: the person's choices, what the organisation would choose, and what
/// they can be reached at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferencesView {
    pub preferences: Preferences,
    pub defaults: Vec<(Kind, Choice)>,
    /// The reader's time zone (an IANA name): quiet hours and the digest are in it.
    pub time_zone: String,
    pub has_email: bool,
    pub has_phone: bool,
}

/// Checked preferences: times in minutes of the local day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub choices: Vec<(Kind, Choice)>,
    pub quiet: Option<(u16, u16)>,
    pub digest_at: Option<u16>,
}

impl Preferences {
    /// Every kind once; a mandatory kind reaching somewhere; quiet hours both or neither, and
    /// not the whole day.
    pub fn check(&self) -> Result<Checked, Vec<FieldError>> {
        let mut errors = Vec::new();
        for kind in Kind::ALL {
            let found = self.choices.iter().filter(|(k, _)| *k == kind).collect::<Vec<_>>();
            match found.as_slice() {
                [(_, choice)] if kind.mandatory() && !choice.reaches() => {
                    errors.push(FieldError::new(kind.as_str(), Msg::ErrNoticeMandatory))
                }
                [_] => {}
                _ => errors.push(FieldError::new(kind.as_str(), Msg::ErrNoticeChoices)),
            }
        }
        let time = |field: &str, raw: &str, errors: &mut Vec<FieldError>| match raw.trim() {
            "" => None,
            t => time_of_day(t).or_else(|| {
                errors.push(FieldError::new(field, Msg::ErrImportTime));
                None
            }),
        };
        let from = time("quiet_from", &self.quiet_from, &mut errors);
        let to = time("quiet_to", &self.quiet_to, &mut errors);
        let digest_at = time("digest_at", &self.digest_at, &mut errors);
        let quiet = match (from, to, self.quiet_from.trim().is_empty(), self.quiet_to.trim().is_empty()) {
            (Some(f), Some(t), ..) if f == t => {
                errors.push(FieldError::new("quiet_to", Msg::ErrQuietHours));
                None
            }
            (Some(f), Some(t), ..) => Some((f, t)),
            (None, None, true, true) => None,
            (_, _, from_empty, _) => {
                if from_empty {
                    errors.push(FieldError::new("quiet_from", Msg::ErrQuietHours));
                } else if self.quiet_to.trim().is_empty() {
                    errors.push(FieldError::new("quiet_to", Msg::ErrQuietHours));
                }
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Checked { choices: self.choices.clone(), quiet, digest_at })
    }
}

/// `HH:MM` as minutes of the day.
pub fn time_of_day(raw: &str) -> Option<u16> {
    let (h, m) = raw.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Minutes of the day as `HH:MM`.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// How many minutes a message written at `now` (minutes of the local day) waits for quiet
/// hours `from`–`to` to end; the hours may run past midnight (22:00–07:00). 0 outside them.
pub fn quiet_wait(now: u16, (from, to): (u16, u16)) -> u16 {
    let inside = if from < to { now >= from && now < to } else { now >= from || now < to };
    if !inside {
        return 0;
    }
    (to + 1440 - now) % 1440
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(choice: Choice) -> Preferences {
        Preferences { choices: Kind::ALL.iter().map(|k| (*k, choice)).collect(), ..Preferences::default() }
    }

    #[test]
    fn quiet_hours_hold_until_they_end_also_across_midnight() {
        assert_eq!(quiet_wait(23 * 60, (22 * 60, 7 * 60)), 8 * 60);
        assert_eq!(quiet_wait(6 * 60 + 59, (22 * 60, 7 * 60)), 1);
        assert_eq!(quiet_wait(7 * 60, (22 * 60, 7 * 60)), 0);
        assert_eq!(quiet_wait(12 * 60, (22 * 60, 7 * 60)), 0);
        assert_eq!(quiet_wait(13 * 60, (12 * 60, 14 * 60)), 60);
        assert_eq!(quiet_wait(14 * 60, (12 * 60, 14 * 60)), 0);
        assert_eq!(quiet_wait(11 * 60, (12 * 60, 14 * 60)), 0);
    }

    #[test]
    fn a_channel_someone_cannot_be_reached_on_gives_way_to_the_other() {
        let both = Choice { email: true, messenger: true, digest: false };
        assert_eq!(both.now_by(true, true), (true, true));
        assert_eq!(Choice::EMAIL.now_by(true, true), (true, false));
        assert_eq!(Choice::EMAIL.now_by(false, true), (false, true));
        let messenger = Choice { email: false, messenger: true, digest: false };
        assert_eq!(messenger.now_by(true, false), (true, false));
        assert_eq!(messenger.now_by(false, false), (false, false));
        assert_eq!(Choice::DIGEST.now_by(true, true), (false, false));
        assert_eq!(Choice { digest: true, ..both }.now_by(true, true), (false, false));
        assert_eq!(Choice::APP_ONLY.now_by(true, true), (false, false));
    }

    #[test]
    fn times_of_day_read_strictly() {
        assert_eq!(time_of_day("08:00"), Some(480));
        assert_eq!(time_of_day("23:59"), Some(1439));
        for bad in ["8:00", "24:00", "12:60", "12-00", "", "ab:cd", "12:000"] {
            assert_eq!(time_of_day(bad), None, "{bad}");
        }
        assert_eq!(hhmm(480), "08:00");
    }

    #[test]
    fn preferences_keep_mandatory_kinds_reaching_and_hours_whole() {
        let checked = all(Choice::EMAIL).check().unwrap();
        assert_eq!((checked.quiet, checked.digest_at), (None, None));
        let errors = all(Choice::APP_ONLY).check().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["request_waiting", "request_overdue", "timesheet_overdue", "timesheet_returned"]);
        assert!(errors.iter().all(|e| e.msg == Msg::ErrNoticeMandatory));
        let mut p = all(Choice::DIGEST);
        p.quiet_from = "22:00".into();
        assert_eq!(p.check().unwrap_err(), vec![FieldError::new("quiet_to", Msg::ErrQuietHours)]);
        p.quiet_to = "22:00".into();
        assert_eq!(p.check().unwrap_err(), vec![FieldError::new("quiet_to", Msg::ErrQuietHours)]);
        p.quiet_to = "07:00".into();
        p.digest_at = "8:00".into();
        assert_eq!(p.check().unwrap_err(), vec![FieldError::new("digest_at", Msg::ErrImportTime)]);
        p.digest_at = "08:00".into();
        let checked = p.check().unwrap();
        assert_eq!((checked.quiet, checked.digest_at), (Some((1320, 420)), Some(480)));
        p.choices.pop();
        assert_eq!(p.check().unwrap_err(), vec![FieldError::new("webhook_disabled", Msg::ErrNoticeChoices)]);
    }

    #[test]
    fn every_kind_has_a_label_and_mandatory_kinds_reach_by_default() {
        for kind in Kind::ALL {
            assert!(!kind.label().text(crate::Locale::Ru).is_empty());
            assert!(!kind.mandatory() || kind.default_choice().reaches(), "{kind}");
        }
    }
}
