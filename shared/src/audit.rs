//! What the append-only audit log records: an action on a subject, each a name declared once
//! here. The log is read back (the reveal log, and later an audit viewer and exports), so an
//! action is a closed set, never a string spelled at each call site.
use crate::approvals;
use crate::stored::stored_enum;

stored_enum! {
    /// Kinds of things the log is about (its `subject_type` column).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Subject {
        Person = "person",
        Announcement = "announcement",
        RequestType = "request_type",
        Request = "request",
        Document = "document",
        ClientCompany = "client_company",
        OrgUnit = "org_unit",
        Placement = "placement",
        Job = "job",
        Candidate = "candidate",
        Holiday = "holiday",
        Timesheet = "timesheet",
        ImportRun = "import_run",
        ImportSource = "import_source",
        Organisation = "organisation",
        ApiToken = "api_token",
        WebhookEndpoint = "webhook_endpoint",
    }
}

stored_enum! {
    /// Subjects that move through an approval chain (`approval_transitions.subject_type`,
    /// `approval_links.subject_type`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Approvable {
        Timesheet = "timesheet",
        Request = "request",
    }
}

impl From<Approvable> for Subject {
    fn from(a: Approvable) -> Subject {
        match a {
            Approvable::Timesheet => Subject::Timesheet,
            Approvable::Request => Subject::Request,
        }
    }
}

stored_enum! {
    /// Everything recorded other than approval decisions.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Event {
        AnnouncementPublished = "announcement.published",
        ApiTokenCreated = "api_token.created",
        ApiTokenRevoked = "api_token.revoked",
        WebhookChanged = "webhook.changed",
        CandidateContactRevealed = "candidate.contact_revealed",
        ClientTermsChanged = "client.terms_changed",
        DocumentPublished = "document.published",
        DocumentSigned = "document.signed",
        HolidayRemoved = "holiday.removed",
        HolidaySaved = "holiday.saved",
        ImportApplied = "import.applied",
        ImportChecked = "import.checked",
        ImportSourceSaved = "import.source_saved",
        InvitationAccepted = "invitation.accepted",
        JobAutomationChanged = "job.automation_changed",
        JobLanguageChanged = "job.language_changed",
        JobTeamChanged = "job.team_changed",
        JobWebhookChanged = "job.webhook_changed",
        OrgLetterheadChanged = "org.letterhead_changed",
        OrgNoticeDefaultsChanged = "org.notice_defaults_changed",
        OrgSettingsChanged = "org.settings_changed",
        OrgUnitChanged = "org.unit_changed",
        OrgUnitCreated = "org.unit_created",
        PlacementChanged = "placement.changed",
        PasswordSet = "password.set",
        PeopleInvited = "people.invited",
        PayrollCodesChanged = "payroll.codes_changed",
        PersonBankDetailsChanged = "person.bank_details_changed",
        PersonDeactivated = "person.deactivated",
        PersonInvited = "person.invited",
        PersonPersonalDataRevealed = "person.personal_data_revealed",
        PersonProtectedDataChanged = "person.protected_data_changed",
        PersonReactivated = "person.reactivated",
        PlacementCreated = "placement.created",
        RequestTypeSaved = "request_type.saved",
        RolesChanged = "roles.changed",
        SessionSwitchedIn = "session.switched_in",
    }
}

/// An audit log's `action` column: an event, or a decision in an approval chain stored as
/// `<subject>.<action>` (`timesheet.approve`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Event(Event),
    Decision(Approvable, approvals::Action),
}

impl Action {
    pub fn to_text(self) -> String {
        match self {
            Action::Event(e) => e.as_str().to_string(),
            Action::Decision(subject, action) => format!("{}.{}", subject.as_str(), action.as_str()),
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        if let Some(e) = Event::parse(s) {
            return Some(Action::Event(e));
        }
        let (subject, action) = s.split_once('.')?;
        Some(Action::Decision(Approvable::parse(subject)?, approvals::Action::parse(action)?))
    }
}

impl From<Event> for Action {
    fn from(e: Event) -> Action {
        Action::Event(e)
    }
}

#[cfg(feature = "sqlx")]
mod sql {
    use super::Action;
    use sqlx::any::{AnyTypeInfo, AnyValueRef};
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Any, Database, Decode, Encode, Type};

    impl Type<Any> for Action {
        fn type_info() -> AnyTypeInfo {
            <str as Type<Any>>::type_info()
        }
    }

    impl<'q> Encode<'q, Any> for Action {
        fn encode_by_ref(&self, buf: &mut <Any as Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
            <String as Encode<'q, Any>>::encode(self.to_text(), buf)
        }
    }

    impl<'r> Decode<'r, Any> for Action {
        fn decode(value: AnyValueRef<'r>) -> Result<Action, BoxDynError> {
            let text = <String as Decode<'r, Any>>::decode(value)?;
            Action::parse(&text).ok_or_else(|| crate::stored::unknown("audit::Action", &text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_as_itself() {
        let decisions = Approvable::ALL.into_iter().flat_map(|s| approvals::Action::ALL.map(|a| Action::Decision(s, a)));
        for action in Event::ALL.into_iter().map(Action::Event).chain(decisions) {
            assert_eq!(Action::parse(&action.to_text()), Some(action), "{}", action.to_text());
        }
        assert_eq!(Action::Decision(Approvable::Timesheet, approvals::Action::Approve).to_text(), "timesheet.approve");
        for stranger in ["timesheet.approve_all", "person.approve", "roles", "", "candidate.contact_revealed.x"] {
            assert_eq!(Action::parse(stranger), None, "{stranger}");
        }
    }

    #[test]
    fn no_event_reads_as_a_decision() {
        // An event named like a decision would be ambiguous in the log.
        for e in Event::ALL {
            let as_decision = e.as_str().split_once('.').and_then(|(s, a)| Some((Approvable::parse(s)?, approvals::Action::parse(a)?)));
            assert_eq!(as_decision, None, "{}", e.as_str());
        }
    }
}
