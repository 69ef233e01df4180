//! Data that crosses the wire between server functions and the browser.
use crate::format::Date;
use crate::stored::stored_enum;
use crate::Locale;
use crate::Role;
use serde::{Deserialize, Serialize};

macro_rules! row {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
        pub struct $name { $($(#[$fm])* pub $f: $t),* }
    };
}
pub(crate) use row;

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum PersonStatus {
        Invited = "invited",
        Active = "active",
        Deactivated = "deactivated",
    }
}

impl PersonStatus {
    pub fn label(self) -> crate::Msg {
        match self {
            PersonStatus::Invited => crate::Msg::StatusInvited,
            PersonStatus::Active => crate::Msg::StatusActive,
            PersonStatus::Deactivated => crate::Msg::StatusDeactivated,
        }
    }
}

stored_enum! {
    /// What a single-use emailed link is for (`auth_tokens.purpose`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum LinkPurpose {
        /// Joining an organisation: the invited person chooses a password.
        Invite = "invite",
        /// Choosing a new password.
        Reset = "reset",
    }
}

/// A person's roles, sorted and without repeats. Stored as rows of `person_roles`; the queries
/// return them comma-joined, and that column decodes strictly (an unknown role is an error).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(mut roles: Vec<Role>) -> Roles {
        roles.sort();
        roles.dedup();
        Roles(roles)
    }

    pub fn into_vec(self) -> Vec<Role> {
        self.0
    }
}

impl std::ops::Deref for Roles {
    type Target = [Role];
    fn deref(&self) -> &[Role] {
        &self.0
    }
}

#[cfg(feature = "sqlx")]
impl sqlx::Type<sqlx::Any> for Roles {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <crate::stored::Joined<Role> as sqlx::Type<sqlx::Any>>::type_info()
    }
}

#[cfg(feature = "sqlx")]
impl<'r> sqlx::Decode<'r, sqlx::Any> for Roles {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Roles, sqlx::error::BoxDynError> {
        <crate::stored::Joined<Role> as sqlx::Decode<'r, sqlx::Any>>::decode(value).map(|j| Roles::new(j.0))
    }
}

/// The signed-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub org_name: String,
    pub family_name: String,
    pub given_name: String,
    /// None for someone who signs in with their phone number.
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub locale: Locale,
    /// Unread notifications as the page was rendered.
    #[serde(default)]
    pub unread_notices: i64,
    /// Organisations the person's account works in (more than one: the switcher shows).
    #[serde(default)]
    pub org_count: i64,
    /// The zone the person reads times in (an IANA name): their own, else the organisation's.
    pub time_zone: String,
}

/// One organisation a sign-in identity works in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub org_id: i64,
    pub org_name: String,
    /// The organisation of the current session.
    pub current: bool,
}

/// What an invitation link's page shows before it is accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationFacts {
    pub org_name: String,
    /// The address signs in to Staffport already: its password joins, no new one is chosen.
    pub has_account: bool,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn is_staff_manager(&self) -> bool {
        self.has(Role::Admin) || self.has(Role::HrManager)
    }
}

row! {
    /// One line of the people list.
    pub struct PersonSummary {
        pub id: i64,
        pub family_name: String,
        pub given_name: String,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub status: PersonStatus,
        pub roles: Roles,
        pub legal_entity: Option<String>,
        pub department: Option<String>,
        pub client_company: Option<String>,
        /// How the last message to the person went (their invitation, for the invited).
        pub last_delivery: Option<crate::outbox::Delivery>,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub items: Vec<PersonSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

row! {
    pub struct PersonDetail {
        pub id: i64,
        pub family_name: String,
        pub given_name: String,
        pub email: Option<String>,
        pub phone: Option<String>,
        pub position: Option<String>,
        pub status: PersonStatus,
        pub roles: Roles,
        pub legal_entity_id: Option<i64>,
        pub department_id: Option<i64>,
        pub client_company_id: Option<i64>,
        pub hire_date: Option<Date>,
        pub created_at: i64,
        pub version: i64,
        /// Employment details for the profile: names of the units and the line manager.
        pub legal_entity: Option<String>,
        pub legal_entity_registration: Option<String>,
        pub department: Option<String>,
        pub manager_family: Option<String>,
        pub manager_given: Option<String>,
        pub photo_file_id: Option<i64>,
    }
}

/// What an admin may change on a person. `version` is the one the form was loaded with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonEdit {
    pub id: i64,
    pub version: i64,
    pub family_name: String,
    pub given_name: String,
    pub phone: String,
    pub position: String,
    pub legal_entity_id: Option<i64>,
    pub department_id: Option<i64>,
    pub client_company_id: Option<i64>,
    pub hire_date: String,
    pub roles: Vec<Role>,
}

/// The last message that carried a person's invitation: by which channel, and how it went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationState {
    pub channel: crate::outbox::Channel,
    pub delivery: crate::outbox::Delivery,
    pub queued_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteInput {
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub roles: Vec<Role>,
    pub legal_entity_id: Option<i64>,
    pub department_id: Option<i64>,
    pub client_company_id: Option<i64>,
}

row! {
    pub struct LegalEntity {
        pub id: i64,
        pub version: i64,
        pub name: String,
        pub country: String,
        pub registration_no: Option<String>,
        pub address: String,
        pub signer_title: String,
        pub signer_name: String,
        /// The seal's size in bytes; 0 without one.
        pub seal_bytes: i64,
        pub archived_at: Option<i64>,
    }
}

/// What to do with a letterhead's seal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SealChange {
    Keep,
    Remove,
    /// Take the caller's upload (purpose `seal`) with this id.
    Replace(i64),
}

/// A legal entity's certificate letterhead as an administrator edits it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Letterhead {
    pub legal_entity_id: i64,
    pub version: i64,
    pub address: String,
    pub signer_title: String,
    pub signer_name: String,
    pub seal: SealChange,
}

row! {
    pub struct Department {
        pub id: i64,
        pub version: i64,
        pub legal_entity_id: i64,
        pub name: String,
        pub archived_at: Option<i64>,
    }
}

row! {
    pub struct ClientCompany {
        pub id: i64,
        pub version: i64,
        pub name: String,
        pub country: String,
        pub archived_at: Option<i64>,
    }
}

row! {
    pub struct ClientDepartment {
        pub id: i64,
        pub version: i64,
        pub client_company_id: i64,
        pub name: String,
        pub site_address: Option<String>,
        pub archived_at: Option<i64>,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrgStructure {
    pub settings: OrgSettings,
    pub legal_entities: Vec<LegalEntity>,
    pub departments: Vec<Department>,
    pub client_companies: Vec<ClientCompany>,
    pub client_departments: Vec<ClientDepartment>,
}

/// The organisation's own settings, edited by administrators at `version`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettings {
    /// An IANA time zone name (`Asia/Seoul`, `Europe/Moscow`): what "today" and a daily time
    /// mean for the organisation.
    pub time_zone: String,
    pub version: i64,
    /// Whether a team-chat webhook is set (its address, which carries the channel's token, is
    /// never sent back).
    #[serde(default)]
    pub chat_webhook_set: bool,
    /// A new team-chat webhook (empty: keep the one set).
    #[serde(default)]
    pub chat_webhook: String,
    #[serde(default)]
    pub remove_chat_webhook: bool,
}

/// Which kind of organisational unit an admin is creating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    LegalEntity,
    Department,
    ClientCompany,
    ClientDepartment,
}

/// An edit of a unit loaded at `version`: its name, parent (a department's legal entity, a
/// site's client company), `extra` (country or site address) and whether it is archived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitEdit {
    pub kind: UnitKind,
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub extra: String,
    pub archived: bool,
}

/// A new organisational unit. `parent_id` is the legal entity of a department or the client
/// company of a client department; `extra` is the country (ISO code) or the site address;
/// `code` is a legal entity's registration number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitInput {
    pub kind: UnitKind,
    pub name: String,
    pub parent_id: Option<i64>,
    pub extra: String,
    pub code: String,
}

row! {
    pub struct PlacementRow {
        pub id: i64,
        pub contractor_id: i64,
        pub contractor_family: String,
        pub contractor_given: String,
        pub client_company: String,
        pub client_department_id: i64,
        pub client_department: String,
        pub foreman_id: Option<i64>,
        pub foreman_family: Option<String>,
        pub foreman_given: Option<String>,
        pub starts_on: Date,
        pub ends_on: Option<Date>,
        pub rate_minor: i64,
        pub currency: String,
        pub version: i64,
    }
}

/// An edit of a placement loaded at `version`: its end (empty: open-ended) and rate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacementEdit {
    pub id: i64,
    pub version: i64,
    /// Another site only while the placement has no timesheets (else it is ended and a new
    /// one started: hours stay with the site they were worked at).
    pub client_department_id: i64,
    pub foreman_id: Option<i64>,
    pub ends_on: String,
    pub rate: String,
    pub currency: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacementInput {
    pub contractor_id: i64,
    pub client_department_id: i64,
    pub foreman_id: Option<i64>,
    pub legal_entity_id: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub rate: String,
    pub currency: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_joined_list() {
        assert_eq!(Roles::new(vec![Role::Foreman, Role::Admin, Role::Admin]).into_vec(), vec![Role::Admin, Role::Foreman]);
    }
}
