//! Employee cabinet data that crosses the wire: requests, protected personal data (masked),
//! leave balances and the team calendar.
use crate::approvals::{Action, Status, TransitionView};
use crate::format::Date;
use crate::i18n::Labels;
use crate::leave::LeaveReason;
use crate::model::row;
use crate::requests::FieldDef;
use crate::stored::stored_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

stored_enum! {
    /// The protected fields of a person's record (the sealed store's keys), in display order.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum ProtectedField {
        ResidentNo = "resident_no",
        PassportNo = "passport_no",
        TaxNo = "tax_no",
        BankName = "bank_name",
        BankAccount = "bank_account",
    }
}

impl ProtectedField {
    pub fn label(self) -> crate::Msg {
        match self {
            ProtectedField::ResidentNo => crate::Msg::FieldResidentNo,
            ProtectedField::PassportNo => crate::Msg::FieldPassportNo,
            ProtectedField::TaxNo => crate::Msg::FieldTaxNo,
            ProtectedField::BankName => crate::Msg::FieldBankName,
            ProtectedField::BankAccount => crate::Msg::FieldBankAccount,
        }
    }
}

/// A protected field as shown: masked, unless revealed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProtectedValue {
    pub key: ProtectedField,
    pub masked: String,
    pub set: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestTypeView {
    pub id: i64,
    pub code: String,
    pub name: Labels,
    pub fields: Vec<FieldDef>,
}

/// A request type as administrators edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestTypeAdmin {
    pub id: i64,
    pub version: i64,
    pub active: bool,
    pub def: crate::requests::RequestTypeDef,
    /// The latest runs of the type's rules (the requester as the candidate), newest first.
    #[serde(default)]
    pub runs: Vec<crate::recruiting::automation::RunLine>,
}

/// Saving a request type: `id` None creates one; `version` is the one the administrator saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestTypeSave {
    pub id: Option<i64>,
    pub version: i64,
    pub active: bool,
    pub def: crate::requests::RequestTypeDef,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestInput {
    pub type_code: String,
    pub answers: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub version: i64,
    pub type_code: String,
    pub type_name: Labels,
    pub requester_family: String,
    pub requester_given: String,
    pub status: Status,
    pub step: u8,
    /// Each field with its answer; protected answers masked for those who may not see them.
    pub answers: Vec<(FieldDef, String)>,
    pub actions: Vec<Action>,
    pub history: Vec<TransitionView>,
    pub created_at: i64,
    /// The reader's time zone: its times on a page opened from a link (no signed-in reader).
    pub time_zone: String,
}

row! {
    /// A line of "my requests" or of the approval inbox.
    pub struct RequestLine {
        pub id: i64,
        pub version: i64,
        pub type_code: String,
        pub requester_family: String,
        pub requester_given: String,
        pub status: Status,
        pub step: i64,
        pub created_at: i64,
        /// When the waiting step is due (its due time counted from when it began).
        pub due_at: Option<i64>,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaveLine {
    pub on: Date,
    pub hundredths: i64,
    pub reason: LeaveReason,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaveBalance {
    pub person_id: i64,
    pub policy: String,
    pub granted: i64,
    pub taken: i64,
    /// Lapsed unused (Korean leave a year after it was granted).
    pub expired: i64,
    pub balance: i64,
    pub history: Vec<LeaveLine>,
}

row! {
    /// Someone away: for the team calendar.
    pub struct Absence {
        pub person_id: i64,
        pub family_name: String,
        pub given_name: String,
        pub kind: LeaveReason,
        pub starts_on: Date,
        pub ends_on: Date,
    }
}

/// An approver's (or the requester's) decision on a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestDecision {
    pub request_id: i64,
    pub version: i64,
    pub action: Action,
    pub comment: String,
}

/// Who a company document is for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub legal_entity_ids: Vec<i64>,
    #[serde(default)]
    pub department_ids: Vec<i64>,
    #[serde(default)]
    pub roles: Vec<crate::Role>,
}

impl Audience {
    /// Whether a person with these facts is in the audience.
    pub fn includes(&self, legal_entity_id: Option<i64>, department_id: Option<i64>, roles: &[crate::Role]) -> bool {
        self.all
            || legal_entity_id.is_some_and(|e| self.legal_entity_ids.contains(&e))
            || department_id.is_some_and(|d| self.department_ids.contains(&d))
            || roles.iter().any(|r| self.roles.contains(r))
    }
}

stored_enum! {
    /// What sort of document HR publishes (`documents.kind`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum DocumentKind {
        Policy = "policy",
        Regulation = "regulation",
        Order = "order",
    }
}

impl DocumentKind {
    pub fn label(self) -> crate::Msg {
        match self {
            DocumentKind::Policy => crate::Msg::KindPolicy,
            DocumentKind::Regulation => crate::Msg::KindRegulation,
            DocumentKind::Order => crate::Msg::KindOrder,
        }
    }
}

/// A new document, or a new version of one (`document_id`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentInput {
    pub document_id: Option<i64>,
    pub title: String,
    pub kind: DocumentKind,
    pub body: String,
    pub audience: Audience,
}

/// A document as its reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub title: String,
    pub kind: DocumentKind,
    pub version_id: i64,
    pub number: i64,
    pub body: String,
    pub sha256: String,
    pub published_at: i64,
    /// When the reader signed this version, if they did.
    pub signed_at: Option<i64>,
}

/// Who has and has not signed a document's current version (for HR).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureStatus {
    pub document_id: i64,
    pub number: i64,
    /// (person id, family name, given name, signed at)
    pub people: Vec<(i64, String, String, Option<i64>)>,
}

/// What waits for a person, for the navigation badge and the inbox.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxCounts {
    pub requests: i64,
    pub documents: i64,
    pub timesheets: i64,
    /// To-dos not marked done.
    pub todos: i64,
}

row! {
    /// An issued certificate, as its owner lists it.
    pub struct CertificateLine {
        pub id: i64,
        pub kind: String,
        pub number: String,
        pub issued_at: i64,
    }
}

/// What the public check page confirms about a certificate number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateCheck {
    pub number: String,
    pub kind: String,
    pub person: String,
    pub organisation: String,
    pub issued_at: i64,
    pub sha256: String,
}

stored_enum! {
    /// An announcement is read; a to-do is also marked done by each reader.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum PostKind {
        Announcement = "announcement",
        Todo = "todo",
    }
}

/// An announcement, or a to-do someone must mark done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementInput {
    pub kind: PostKind,
    pub title: String,
    pub body: String,
    pub audience: Audience,
    /// `YYYY-MM-DD`, to-dos only; empty for none.
    pub due_on: String,
}

row! {
    pub struct AnnouncementView {
        pub id: i64,
        pub kind: PostKind,
        pub title: String,
        pub body: String,
        pub due_on: Option<Date>,
        pub created_at: i64,
        pub done_at: Option<i64>,
    }
}
