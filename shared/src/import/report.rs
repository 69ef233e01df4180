//! What an import run found and did: per-row outcomes with translated reasons, the counts of
//! the diff, and the run as the history lists it. Stored as JSON with the run and sent to the
//! page; sealed values never appear in it (a row names the column, never its value).
use super::fields::{Field, Preset};
use crate::stored::stored_enum;
use crate::Msg;
use serde::{Deserialize, Serialize};

stored_enum! {
    /// Why a row (or the file) cannot be imported as it is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Problem {
        MissingValue = "missing_value",
        MissingColumn = "missing_column",
        ImpossibleDate = "impossible_date",
        MalformedEmail = "malformed_email",
        MalformedPhone = "malformed_phone",
        UnknownLegalEntity = "unknown_legal_entity",
        UnknownDepartment = "unknown_department",
        UnknownKind = "unknown_kind",
        UnknownLanguage = "unknown_language",
        UnknownManager = "unknown_manager",
        DuplicateKey = "duplicate_key",
        EmailTaken = "email_taken",
        PhoneTaken = "phone_taken",
        DismissedBeforeHired = "dismissed_before_hired",
        TooLong = "too_long",
        NameUnsplittable = "name_unsplittable",
        MalformedNumber = "malformed_number",
        UnknownClientCompany = "unknown_client_company",
        UnknownSite = "unknown_site",
        UnknownForeman = "unknown_foreman",
        NotAContractor = "not_a_contractor",
        PlacementHasLaterHours = "placement_has_later_hours",
        MalformedAmount = "malformed_amount",
        MalformedCurrency = "malformed_currency",
        EndsBeforeStart = "ends_before_start",
    }
}

impl Problem {
    pub fn text(self) -> Msg {
        match self {
            Problem::MissingValue => Msg::ImportProblemMissingValue,
            Problem::MissingColumn => Msg::ImportProblemMissingColumn,
            Problem::ImpossibleDate => Msg::ImportProblemImpossibleDate,
            Problem::MalformedEmail => Msg::ImportProblemMalformedEmail,
            Problem::MalformedPhone => Msg::ImportProblemMalformedPhone,
            Problem::UnknownLegalEntity => Msg::ImportProblemUnknownLegalEntity,
            Problem::UnknownDepartment => Msg::ImportProblemUnknownDepartment,
            Problem::UnknownKind => Msg::ImportProblemUnknownKind,
            Problem::UnknownLanguage => Msg::ImportProblemUnknownLanguage,
            Problem::UnknownManager => Msg::ImportProblemUnknownManager,
            Problem::DuplicateKey => Msg::ImportProblemDuplicateKey,
            Problem::EmailTaken => Msg::ImportProblemEmailTaken,
            Problem::PhoneTaken => Msg::ImportProblemPhoneTaken,
            Problem::DismissedBeforeHired => Msg::ImportProblemDismissedBeforeHired,
            Problem::TooLong => Msg::ImportProblemTooLong,
            Problem::NameUnsplittable => Msg::ImportProblemNameUnsplittable,
            Problem::MalformedNumber => Msg::ImportProblemMalformedNumber,
            Problem::UnknownClientCompany => Msg::ImportProblemUnknownClientCompany,
            Problem::UnknownSite => Msg::ImportProblemUnknownSite,
            Problem::UnknownForeman => Msg::ImportProblemUnknownForeman,
            Problem::NotAContractor => Msg::ImportProblemNotAContractor,
            Problem::PlacementHasLaterHours => Msg::ImportProblemPlacementHasLaterHours,
            Problem::MalformedAmount => Msg::ImportProblemMalformedAmount,
            Problem::MalformedCurrency => Msg::ImportProblemMalformedCurrency,
            Problem::EndsBeforeStart => Msg::ImportProblemEndsBeforeStart,
        }
    }
}

/// One problem of a row: the column (by the file's own header and the field it maps to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowProblem {
    pub field: Option<Field>,
    pub column: String,
    pub problem: Problem,
}

impl RowProblem {
    /// The column as the reader sees it: the file's header, or the field's name when the file
    /// lacks the column.
    pub fn column_label(&self, locale: crate::Locale) -> String {
        match (self.field, self.column.is_empty()) {
            (Some(f), true) => f.label().text(locale).to_string(),
            _ => self.column.clone(),
        }
    }
}

stored_enum! {
    /// What applying does to a row's person.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Outcome {
        Create = "create",
        Update = "update",
        Unchanged = "unchanged",
        /// In a full import: a person the payroll system no longer lists.
        Deactivate = "deactivate",
        Error = "error",
    }
}

impl Outcome {
    /// One row's outcome (`label` names a count of them).
    pub fn row_label(self) -> Msg {
        match self {
            Outcome::Create => Msg::ImportRowCreate,
            Outcome::Update => Msg::ImportRowUpdate,
            Outcome::Unchanged => Msg::ImportOutcomeUnchanged,
            Outcome::Deactivate => Msg::ImportRowDeactivate,
            Outcome::Error => Msg::ImportRowError,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Outcome::Create => Msg::ImportOutcomeCreate,
            Outcome::Update => Msg::ImportOutcomeUpdate,
            Outcome::Unchanged => Msg::ImportOutcomeUnchanged,
            Outcome::Deactivate => Msg::ImportOutcomeDeactivate,
            Outcome::Error => Msg::ImportOutcomeError,
        }
    }
}

/// One line of the report. `line` is the file's line (a header is line 1); 0 for a person
/// not in the file (deactivated by a full import).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRow {
    pub line: u32,
    pub key: String,
    pub name: String,
    pub outcome: Outcome,
    /// For an update: what changes (a sealed field by name only).
    pub changed: Vec<Field>,
    pub problems: Vec<RowProblem>,
}

/// The diff in numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub deactivated: u32,
    pub errors: u32,
    pub departments_created: u32,
    /// Legal entities, client companies and sites (runs before these were imported have none).
    #[serde(default)]
    pub units_created: u32,
    #[serde(default)]
    pub placements_created: u32,
}

impl Counts {
    pub fn of(rows: &[ReportRow]) -> Counts {
        let mut c = Counts::default();
        for r in rows {
            *match r.outcome {
                Outcome::Create => &mut c.created,
                Outcome::Update => &mut c.updated,
                Outcome::Unchanged => &mut c.unchanged,
                Outcome::Deactivate => &mut c.deactivated,
                Outcome::Error => &mut c.errors,
            } += 1;
        }
        c
    }

    /// Whether applying would change nothing.
    pub fn is_noop(&self) -> bool {
        self.created + self.updated + self.deactivated + self.departments_created + self.units_created == 0
    }
}

stored_enum! {
    /// A full import speaks for everyone of its legal entities (missing people are
    /// deactivated); a partial one only for its rows.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Mode {
        #[default]
        Partial = "partial",
        Full = "full",
    }
}

stored_enum! {
    /// What applying does with rows that have problems.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum OnErrors {
        /// Apply the good rows, leave the others.
        #[default]
        Skip = "skip",
        /// Apply nothing while any row has a problem.
        Refuse = "refuse",
    }
}

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum RunStatus {
        /// Checked, nothing written.
        DryRun = "dry_run",
        Applying = "applying",
        Applied = "applied",
        /// Refused (errors under `OnErrors::Refuse`) or stopped by a failure; a rerun resumes.
        Failed = "failed",
    }
}

impl RunStatus {
    pub fn label(self) -> Msg {
        match self {
            RunStatus::DryRun => Msg::ImportStatusDryRun,
            RunStatus::Applying => Msg::ImportStatusApplying,
            RunStatus::Applied => Msg::ImportStatusApplied,
            RunStatus::Failed => Msg::ImportStatusFailed,
        }
    }
}

stored_enum! {
    /// Whether and how a run invites the people it creates.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Invite {
        #[default]
        None = "none",
        /// By email; by SMS (the messenger gateway) to those without an address.
        Email = "email",
        /// By SMS; by email to those without a phone number.
        Sms = "sms",
    }
}

impl Invite {
    pub fn label(self) -> Msg {
        match self {
            Invite::None => Msg::ImportInviteNone,
            Invite::Email => Msg::ImportInviteEmail,
            Invite::Sms => Msg::ImportInviteSms,
        }
    }

    /// Reads the choice, or the yes/no that runs kept before there was a choice (yes meant
    /// email first).
    fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Invite, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Choice(Invite),
            Legacy(bool),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Choice(i) => i,
            Stored::Legacy(true) => Invite::Email,
            Stored::Legacy(false) => Invite::None,
        })
    }
}

/// The choices an administrator makes before a dry run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    pub preset: Preset,
    pub mode: Mode,
    /// Legal entities, departments, client companies and sites named in the file and not yet
    /// in Staffport are created (else the rows naming them are errors).
    #[serde(alias = "create_departments")]
    pub create_units: bool,
    /// How new people are invited.
    #[serde(deserialize_with = "Invite::read")]
    pub invite: Invite,
    /// The worksheet of an XLSX file (the first when empty).
    pub sheet: String,
    /// The file's encoding when detection guessed wrong (`windows-1251`, `euc-kr`, `utf-8`).
    pub encoding: String,
    /// Columns the administrator mapped by hand: a header (as the file writes it) and what it
    /// means (None: not imported). They win over the preset's reading of those headers.
    #[serde(default)]
    pub columns: Vec<(String, Option<Field>)>,
}

/// A saved source as the import screen lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceView {
    pub id: i64,
    pub name: String,
    pub preset: Preset,
    pub mode: Mode,
    /// Columns mapped by hand.
    pub mapped_columns: u32,
    pub on_errors: OnErrors,
    pub folder: Option<String>,
    /// `HH:MM` in `time_zone`.
    pub daily_at: Option<String>,
    pub last_read_on: Option<crate::format::Date>,
    pub version: i64,
    /// The organisation's time zone (an IANA name).
    pub time_zone: String,
}

/// Saves a run's way of reading its file as a source, optionally with a watched folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInput {
    pub run_id: i64,
    pub name: String,
    pub on_errors: OnErrors,
    /// A folder name under the server's import root; empty: none.
    pub folder: String,
    /// `HH:MM` (the organisation's time) after which the folder is read each day; empty with no folder.
    pub daily_at: String,
}

/// A run as the history and the report page show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i64,
    pub file_name: String,
    pub preset: Preset,
    pub mode: Mode,
    pub status: RunStatus,
    pub counts: Counts,
    pub rows_total: i64,
    pub rows_done: i64,
    pub started_by: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    /// The columns as read: the file's header and the field it was taken as.
    pub columns: Vec<(String, Option<Field>)>,
}

/// The report of a run, one filter's page of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub run: RunView,
    pub rows: Vec<ReportRow>,
    /// Rows under the filter in all (the page shows the first few hundred).
    pub matching: u32,
}
