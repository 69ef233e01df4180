//! The recruiting board's data and its pure rules: stages, cards (contacts masked), ordering
//! within a column, and the live events other viewers of a board receive.
use crate::model::row;
use crate::requests::Labels;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod fields;
mod settings;
pub use fields::{check_custom, check_fields, CustomField, CustomKind};
pub use settings::{check_stages, JobSettings, StageEdit, TeamMember, MAX_STAGES};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum StageKind {
        /// Still in the process.
        Active = "active",
        /// The end: hired.
        Hired = "hired",
        /// Aside: rejected.
        Rejected = "rejected",
    }
}

impl StageKind {
    pub fn label(self) -> crate::Msg {
        match self {
            StageKind::Active => crate::Msg::StageActive,
            StageKind::Hired => crate::Msg::StageHired,
            StageKind::Rejected => crate::Msg::StageRejected,
        }
    }
}

/// The stages a new job starts with: applied, screening, interview, offer, hired; rejected aside.
pub fn default_stages() -> Vec<(Labels, StageKind)> {
    vec![
        (Labels::new("Applied", "지원", "Отклик"), StageKind::Active),
        (Labels::new("Screening", "서류 검토", "Скрининг"), StageKind::Active),
        (Labels::new("Interview", "면접", "Собеседование"), StageKind::Active),
        (Labels::new("Offer", "처우 협의", "Оффер"), StageKind::Active),
        (Labels::new("Hired", "입사 확정", "Принят"), StageKind::Hired),
        (Labels::new("Rejected", "불합격", "Отказ"), StageKind::Rejected),
    ]
}

/// A candidate's personal data, masked for everyone without the reveal permission.
pub const CONTACT_FIELDS: [&str; 4] = ["phone", "email", "birth_date", "address"];

/// A contact as shown without the permission: enough to tell two apart, not to reach anyone.
pub fn mask_contact(field: &str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    match field {
        "email" => match value.split_once('@') {
            Some((user, domain)) => {
                let first: String = user.chars().take(1).collect();
                let tld = domain.rsplit('.').next().unwrap_or_default();
                format!("{first}•••@•••.{tld}")
            }
            None => "•••".into(),
        },
        "phone" => {
            let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
            let tail: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
            format!("•••• ••{tail}")
        }
        _ => "••••".into(),
    }
}

/// Where a card dropped between `before` and `after` (their positions, None at an end) goes:
/// the midpoint, so a move writes one row. Positions only order cards within a column.
pub fn position_between(before: Option<f64>, after: Option<f64>) -> f64 {
    match (before, after) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        (Some(a), None) => a + 1.0,
        (None, Some(b)) => b - 1.0,
        (None, None) => 0.0,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageView {
    pub id: i64,
    pub name: Labels,
    pub kind: StageKind,
}

stored_enum! {
    /// Whether a job is recruiting (`jobs.status`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum JobStatus {
        Open = "open",
        OnHold = "on_hold",
        Closed = "closed",
    }
}

row! {
    /// A job on the list of jobs.
    pub struct JobLine {
        pub id: i64,
        pub title: String,
        pub status: JobStatus,
        pub candidates: i64,
    }
}

row! {
    /// A card on the board: the key facts, contacts masked.
    pub struct CardView {
        pub id: i64,
        pub version: i64,
        pub stage_id: i64,
        pub position: f64,
        pub full_name: String,
        pub source: String,
        pub tags: String,
        pub phone_masked: String,
        pub email_masked: String,
        pub updated_at: i64,
        /// The latest invitation's status and chosen time, if any.
        pub invitation: Option<InvitationStatus>,
        pub invitation_slot: Option<String>,
        /// The other time the candidate proposed, while the invitation is open.
        pub invitation_proposal: Option<String>,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub job_id: i64,
    pub title: String,
    /// The job's own candidate fields.
    pub fields: Vec<CustomField>,
    pub stages: Vec<StageView>,
    pub cards: Vec<CardView>,
    /// Whether the caller may reveal contacts.
    pub may_reveal: bool,
    /// Whether the caller may change the job's settings.
    pub may_manage: bool,
}

/// Moving a card: to a stage, between two cards of that column (None: an end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoveInput {
    pub candidate_id: i64,
    pub version: i64,
    pub to_stage_id: i64,
    pub after_id: Option<i64>,
    pub before_id: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateInput {
    pub job_id: i64,
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub birth_date: String,
    pub address: String,
    pub source: String,
    pub tags: String,
    /// Values of the job's own fields, by key.
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

/// The facts of a candidate that two people may edit at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateFacts {
    pub full_name: String,
    pub source: String,
    pub tags: String,
    /// The job's own fields, by key (each merged on its own, named `custom:<key>`).
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

impl CandidateFacts {
    pub const FIELDS: [&'static str; 3] = ["full_name", "source", "tags"];

    pub fn get(&self, field: &str) -> &str {
        match field {
            "full_name" => &self.full_name,
            "source" => &self.source,
            "tags" => &self.tags,
            other => other.strip_prefix("custom:").and_then(|k| self.custom.get(k)).map_or("", String::as_str),
        }
    }

    /// Sets a field; an empty custom value is removed.
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "full_name" => self.full_name = value,
            "source" => self.source = value,
            "tags" => self.tags = value,
            other => {
                if let Some(key) = other.strip_prefix("custom:") {
                    if value.is_empty() {
                        self.custom.remove(key);
                    } else {
                        self.custom.insert(key.to_string(), value);
                    }
                }
            }
        }
    }

    /// Every field name of these facts and the others': the standard ones and each custom key.
    pub fn names(all: &[&CandidateFacts]) -> Vec<String> {
        let mut out: Vec<String> = CandidateFacts::FIELDS.iter().map(|f| f.to_string()).collect();
        for facts in all {
            for key in facts.custom.keys() {
                let name = format!("custom:{key}");
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// An edit of a candidate: the facts as the editor loaded them (`base`) and as they want them
/// (`edit`); contacts are write-only here (a non-empty value replaces the sealed one, nobody
/// sees the old one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateEdit {
    pub id: i64,
    pub base: CandidateFacts,
    pub edit: CandidateFacts,
    pub phone: String,
    pub email: String,
    pub birth_date: String,
    pub address: String,
}

/// A three-way merge of an edit with what is stored now: a field the editor changed wins
/// unless someone else changed it too since the editor loaded it (then it is a conflict,
/// listed with its current value); a field only the other person changed keeps their value.
pub fn merge_facts(
    base: &CandidateFacts,
    edit: &CandidateFacts,
    current: &CandidateFacts,
) -> Result<CandidateFacts, Vec<(String, String)>> {
    let mut out = current.clone();
    let mut conflicts = Vec::new();
    for field in CandidateFacts::names(&[base, edit, current]) {
        let (b, e, c) = (base.get(&field).trim(), edit.get(&field).trim(), current.get(&field));
        if e == b {
            continue; // not touched by this editor
        }
        if b != c && e != c {
            conflicts.push((field.clone(), c.to_string()));
        } else {
            out.set(&field, e.to_string());
        }
    }
    if conflicts.is_empty() {
        Ok(out)
    } else {
        Err(conflicts)
    }
}

/// The candidates list: search over name, tags, source and the job's own fields (any script),
/// filters by status, job, stage and source, a page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateQuery {
    pub text: String,
    /// "" for every status.
    pub status: String,
    pub job_id: Option<i64>,
    /// A stage of the chosen job (ignored without one, or if it is not that job's).
    #[serde(default)]
    pub stage_id: Option<i64>,
    pub source: String,
    pub page: i64,
}

row! {
    /// A line of the candidates list (contacts masked).
    pub struct CandidateLine {
        pub id: i64,
        pub job_id: i64,
        pub job_title: String,
        pub full_name: String,
        /// The stage's name (stored as JSON).
        #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::stored::Json<Labels>"))]
        pub stage: Labels,
        pub status: CandidateStatus,
        pub source: String,
        pub tags: String,
        pub phone_masked: String,
        pub email_masked: String,
        pub rejection_reason: Option<RejectionReason>,
        pub updated_at: i64,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidatePage {
    pub items: Vec<CandidateLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// The chosen job's stages, for the stage filter (empty without a job).
    #[serde(default)]
    pub stages: Vec<StageView>,
}

stored_enum! {
    /// Why a candidate was rejected (`candidates.rejection_reason`, and the timeline's rejection).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum RejectionReason {
        Skills = "skills",
        Experience = "experience",
        Salary = "salary",
        Fit = "fit",
        Withdrew = "withdrew",
        PositionFilled = "position_filled",
    }
}

impl RejectionReason {
    pub fn label(self) -> crate::Msg {
        match self {
            RejectionReason::Skills => crate::Msg::ReasonSkills,
            RejectionReason::Experience => crate::Msg::ReasonExperience,
            RejectionReason::Salary => crate::Msg::ReasonSalary,
            RejectionReason::Fit => crate::Msg::ReasonFit,
            RejectionReason::Withdrew => crate::Msg::ReasonWithdrew,
            RejectionReason::PositionFilled => crate::Msg::ReasonPositionFilled,
        }
    }
}

/// One action on a selection of candidates (one or many), applied all together or not at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum BulkAction {
    /// To the end of a stage of the candidate's own job, by the stage's position (0-based).
    Move {
        stage_position: i64,
    },
    Tag {
        tag: String,
    },
    /// To the job's rejected stage with a reason; `message` (optional) is emailed to the
    /// candidate.
    Reject {
        reason: String,
        message: String,
    },
    Hold,
    Resume,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkInput {
    pub ids: Vec<i64>,
    pub action: BulkAction,
}

/// The criteria a scorecard rates from 1 to 5.
pub const CRITERIA: [&str; 4] = ["skills", "problem_solving", "communication", "motivation"];

pub fn criterion_label(key: &str) -> crate::Msg {
    match key {
        "skills" => crate::Msg::CritSkills,
        "problem_solving" => crate::Msg::CritProblemSolving,
        "communication" => crate::Msg::CritCommunication,
        _ => crate::Msg::CritMotivation,
    }
}

/// An evaluator's scorecard: each criterion 1–5 (0: not rated) and an overall 0–100.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorecardInput {
    pub candidate_id: i64,
    pub ratings: Vec<(String, i64)>,
    pub overall: i64,
    pub note: String,
}

/// Checks a scorecard: known criteria, 1–5 each (unrated ones left out), overall 0–100.
pub fn check_scorecard(input: &ScorecardInput) -> Result<Vec<(String, i64)>, crate::validation::FieldError> {
    use crate::validation::FieldError;
    if !(0..=100).contains(&input.overall) {
        return Err(FieldError::new("overall", crate::Msg::ErrOverall));
    }
    let mut out = Vec::new();
    for (key, value) in &input.ratings {
        if !CRITERIA.contains(&key.as_str()) {
            return Err(FieldError::new(key, crate::Msg::ErrRating));
        }
        match value {
            0 => {}
            1..=5 if !out.iter().any(|(k, _)| k == key) => out.push((key.clone(), *value)),
            _ => return Err(FieldError::new(key, crate::Msg::ErrRating)),
        }
    }
    if input.note.chars().count() > 2000 {
        return Err(FieldError::new("note", crate::Msg::ErrTooLong));
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub evaluator: String,
    pub mine: bool,
    pub ratings: Vec<(String, i64)>,
    pub overall: i64,
    pub note: String,
}

/// Scorecards summed up: the mean per criterion (over those who rated it) and overall.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreSummary {
    pub evaluators: usize,
    pub criteria: Vec<(String, f64)>,
    pub overall: Option<f64>,
}

pub fn summarise(cards: &[Scorecard]) -> ScoreSummary {
    let mean = |values: Vec<i64>| (!values.is_empty()).then(|| values.iter().sum::<i64>() as f64 / values.len() as f64);
    let criteria = CRITERIA
        .iter()
        .filter_map(|c| {
            let values = cards.iter().filter_map(|s| s.ratings.iter().find(|(k, _)| k == c).map(|(_, v)| *v)).collect();
            mean(values).map(|m| (c.to_string(), (m * 10.0).round() / 10.0))
        })
        .collect();
    ScoreSummary {
        evaluators: cards.len(),
        criteria,
        overall: mean(cards.iter().map(|s| s.overall).collect()).map(|m| (m * 10.0).round() / 10.0),
    }
}

/// A line of the reveal log: who saw which candidate's contact, when and from where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevealLine {
    pub created_at: i64,
    pub actor_family: Option<String>,
    pub actor_given: Option<String>,
    pub candidate_id: Option<i64>,
    pub candidate_name: Option<String>,
    pub field: String,
    pub client_addr: Option<String>,
}

/// What the viewers of a board hear about: they reload the board (or the card).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardEvent {
    pub job_id: i64,
    pub candidate_id: i64,
    pub kind: BoardChange,
    pub actor_id: i64,
}

/// What changed on a board: something that happened to a candidate, or the stages themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardChange {
    Candidate(EventKind),
    Stages,
}

impl From<EventKind> for BoardChange {
    fn from(kind: EventKind) -> BoardChange {
        BoardChange::Candidate(kind)
    }
}

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

stored_enum! {
    /// Where a candidate is in the process (`candidates.status`): in it, paused, or out of it
    /// (hired or rejected: a stage of those kinds closes the candidate).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum CandidateStatus {
        Active = "active",
        OnHold = "on_hold",
        Closed = "closed",
    }
}

impl CandidateStatus {
    pub fn label(self) -> crate::Msg {
        match self {
            CandidateStatus::Active => crate::Msg::ActiveCandidates,
            CandidateStatus::OnHold => crate::Msg::OnHold,
            CandidateStatus::Closed => crate::Msg::Closed,
        }
    }
}

impl StageKind {
    /// The status of a candidate placed in a stage of this kind.
    pub fn candidate_status(self) -> CandidateStatus {
        if self == StageKind::Active {
            CandidateStatus::Active
        } else {
            CandidateStatus::Closed
        }
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

/// What an invitation event records: stored as JSON, put into words when read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationNote {
    pub kind: InvitationKind,
    pub place: String,
    /// Times offered (`YYYY-MM-DDTHH:MM`).
    pub slots: Vec<String>,
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

impl InvitationNote {
    /// "Coffee chat · Café Namu · Dec 4, 2026, 15:30, Dec 5, 2026, 10:00" in the reader's words.
    pub fn text(&self, locale: crate::Locale) -> String {
        let slots: Vec<String> = self.slots.iter().map(|s| crate::format::date_time_text(s, locale)).collect();
        format!("{} · {} · {}", self.kind.label().text(locale), self.place, slots.join(", "))
    }
}

/// A candidate's page: the facts (contacts masked), the stage, the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateView {
    pub card: CardView,
    pub job_id: i64,
    pub job_title: String,
    pub stage: Labels,
    /// The job's stages, in board order.
    pub stages: Vec<StageView>,
    pub may_reveal: bool,
    pub timeline: Vec<TimelineLine>,
    pub scorecards: Vec<Scorecard>,
    pub summary: ScoreSummary,
    /// The latest résumé, if any.
    pub resume: Option<crate::files::FileRef>,
    /// The job's own fields and this candidate's values of them.
    pub fields: Vec<CustomField>,
    pub custom: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_masked_beyond_recognition() {
        assert_eq!(mask_contact("email", "kim.minjun@example.co.kr"), "k•••@•••.kr");
        assert_eq!(mask_contact("phone", "+82 10-1234-5678"), "•••• ••78");
        assert_eq!(mask_contact("birth_date", "1990-01-02"), "••••");
        assert_eq!(mask_contact("address", "서울시 강남구"), "••••");
        assert_eq!(mask_contact("phone", "  "), "");
        assert_eq!(mask_contact("email", "no-at-sign"), "•••");
    }

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

    #[test]
    fn an_edit_merges_with_other_changes_and_conflicts_only_on_the_same_field() {
        let facts =
            |n: &str, s: &str, t: &str| CandidateFacts { full_name: n.into(), source: s.into(), tags: t.into(), ..Default::default() };
        let base = facts("Kim Minho", "LinkedIn", "rust");
        // Someone else changed the source; this editor changed the tags: both kept.
        let current = facts("Kim Minho", "Referral", "rust");
        assert_eq!(
            merge_facts(&base, &facts("Kim Minho", "LinkedIn", "rust, go"), &current),
            Ok(facts("Kim Minho", "Referral", "rust, go"))
        );
        // Both changed the name differently: a conflict naming the current value.
        let current = facts("Kim Min-ho", "LinkedIn", "rust");
        assert_eq!(
            merge_facts(&base, &facts("김민호", "LinkedIn", "rust"), &current),
            Err(vec![("full_name".into(), "Kim Min-ho".into())])
        );
        // Both made the same change: no conflict.
        assert_eq!(merge_facts(&base, &facts("Kim Min-ho", "LinkedIn", "rust"), &current), Ok(current.clone()));
        // Nothing changed by this editor: the current facts stay as they are.
        assert_eq!(merge_facts(&base, &base, &current), Ok(current.clone()));
        // Once the editor has seen the conflict (base = current), their value wins.
        assert_eq!(merge_facts(&current, &facts("김민호", "LinkedIn", "rust"), &current), Ok(facts("김민호", "LinkedIn", "rust")));
    }

    #[test]
    fn scorecards_are_checked_and_summed_up_over_those_who_rated() {
        let input = |ratings: &[(&str, i64)], overall| ScorecardInput {
            candidate_id: 1,
            ratings: ratings.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            overall,
            note: String::new(),
        };
        assert_eq!(check_scorecard(&input(&[("skills", 4), ("communication", 0)], 80)), Ok(vec![("skills".into(), 4)]));
        assert_eq!(check_scorecard(&input(&[("skills", 6)], 80)).unwrap_err().field, "skills");
        assert_eq!(check_scorecard(&input(&[("charm", 3)], 80)).unwrap_err().field, "charm");
        assert_eq!(check_scorecard(&input(&[], 101)).unwrap_err().field, "overall");
        assert_eq!(check_scorecard(&input(&[], -1)).unwrap_err().field, "overall");
        let card = |ratings: &[(&str, i64)], overall| Scorecard {
            evaluator: String::new(),
            mine: false,
            ratings: ratings.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            overall,
            note: String::new(),
        };
        let s = summarise(&[card(&[("skills", 4), ("communication", 3)], 70), card(&[("skills", 5)], 85)]);
        assert_eq!(s.evaluators, 2);
        assert_eq!(s.criteria, vec![("skills".to_string(), 4.5), ("communication".to_string(), 3.0)]);
        assert_eq!(s.overall, Some(77.5));
        assert_eq!(summarise(&[]), ScoreSummary { evaluators: 0, criteria: vec![], overall: None });
    }

    #[test]
    fn custom_fields_merge_one_by_one() {
        let facts = |years: &str, office: &str| CandidateFacts {
            full_name: "Kim".into(),
            custom: [("years", years), ("office", office)]
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        let base = facts("5", "Seoul");
        // Someone changed the office; this editor the years: both kept.
        assert_eq!(merge_facts(&base, &facts("6", "Seoul"), &facts("5", "Busan")), Ok(facts("6", "Busan")));
        // Both changed the years: a conflict named after the field.
        assert_eq!(merge_facts(&base, &facts("6", "Seoul"), &facts("7", "Seoul")), Err(vec![("custom:years".into(), "7".into())]));
        // Clearing a value removes it.
        assert_eq!(merge_facts(&base, &facts("", "Seoul"), &base), Ok(facts("", "Seoul")));
    }

    #[test]
    fn mentions_are_handles_not_emails() {
        assert_eq!(mentions("@admin please look, cc @Recruiter."), ["admin", "recruiter"]);
        assert_eq!(mentions("write to kim@example.com"), Vec::<String>::new(), "an address is not a mention");
        assert_eq!(mentions("(@minjun.kim) @minjun.kim @"), ["minjun.kim"]);
        assert_eq!(mentions("@이서연 확인 부탁"), ["이서연"]);
    }

    #[test]
    fn a_dropped_card_takes_the_midpoint() {
        assert_eq!(position_between(Some(1.0), Some(2.0)), 1.5);
        assert_eq!(position_between(Some(3.0), None), 4.0);
        assert_eq!(position_between(None, Some(0.0)), -1.0);
        assert_eq!(position_between(None, None), 0.0);
        // Fifty drops into the same gap still order strictly.
        let (mut lo, hi) = (1.0, 2.0);
        for _ in 0..50 {
            let mid = position_between(Some(lo), Some(hi));
            assert!(lo < mid && mid < hi);
            lo = mid;
        }
    }

    #[test]
    fn six_default_stages_end_in_hired_and_rejected() {
        let stages = default_stages();
        assert_eq!(stages.len(), 6);
        assert_eq!(stages[4].1, StageKind::Hired);
        assert_eq!(stages[5].1, StageKind::Rejected);
        for (_, k) in &stages {
            assert_eq!(StageKind::parse(k.as_str()), Some(*k));
        }
    }
}
