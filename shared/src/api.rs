//! The public REST API's access rules that both sides read: token kinds, scopes, and the
//! forms of the token pages. A token acts as a person (personal) or as a chosen role of the
//! organisation (service), never beyond its scopes.
use crate::stored::stored_enum;
use crate::validation::{required_text, FieldError};
use crate::{Msg, Role};
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum TokenKind {
        /// Acts as the person who made it, with their roles as they are at each request.
        Personal = "personal",
        /// The organisation's: acts with one role chosen at creation.
        Service = "service",
    }
}

stored_enum! {
    /// What a scope opens. Each has a `:read` and a `:write` scope, `people` also `:reveal`
    /// (opening a protected value, audited like on the pages).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Resource {
        People = "people",
        Structure = "structure",
        Placements = "placements",
        Timesheets = "timesheets",
        Requests = "requests",
        Leave = "leave",
        Jobs = "jobs",
        Candidates = "candidates",
        Imports = "imports",
    }
}

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Access {
        Read = "read",
        Write = "write",
        Reveal = "reveal",
    }
}

/// One scope, written `resource:access` (`people:read`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub resource: Resource,
    pub access: Access,
}

impl Scope {
    pub const fn new(resource: Resource, access: Access) -> Scope {
        Scope { resource, access }
    }

    /// Every scope a token may hold, in the order the token form lists them.
    pub fn all() -> Vec<Scope> {
        let mut all: Vec<Scope> =
            Resource::ALL.iter().flat_map(|r| [Access::Read, Access::Write].map(|a| Scope::new(*r, a))).filter(|s| s.exists()).collect();
        all.push(Scope::new(Resource::People, Access::Reveal));
        all
    }

    /// Structure and leave are read-only through the API; only people's values are revealed.
    fn exists(self) -> bool {
        match self.access {
            Access::Read => true,
            Access::Write => !matches!(self.resource, Resource::Structure | Resource::Leave | Resource::Imports),
            Access::Reveal => self.resource == Resource::People,
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        let (resource, access) = text.trim().split_once(':')?;
        let scope = Scope::new(Resource::parse(resource)?, Access::parse(access)?);
        scope.exists().then_some(scope)
    }

    pub fn name(self) -> String {
        format!("{}:{}", self.resource.as_str(), self.access.as_str())
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        let text = String::deserialize(d)?;
        Scope::parse(&text).ok_or_else(|| serde::de::Error::custom("unknown scope"))
    }
}

/// Roles a service token may act with: the organisation-wide ones (the others are about one
/// person's own work: their timesheet, their crew, their client).
pub const SERVICE_ROLES: [Role; 3] = [Role::Admin, Role::HrManager, Role::Recruiter];

/// The longest a token lives; the form offers shorter.
pub const MAX_DAYS: i64 = 366;

/// What the token form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInput {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Days until it expires (1..=366).
    pub days: i64,
    /// Some for a service token: the role it acts with.
    pub role: Option<Role>,
}

/// The checked form: a name, at least one scope (each once), a lifetime in range, a service
/// token's role among [`SERVICE_ROLES`].
pub fn check_token(input: &TokenInput) -> Result<TokenInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = required_text("name", &input.name, 80).map_err(|e| errors.push(e)).unwrap_or_default();
    let mut scopes = input.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        errors.push(FieldError::new("scopes", Msg::ErrRequired));
    }
    if !(1..=MAX_DAYS).contains(&input.days) {
        errors.push(FieldError::new("days", Msg::ErrTokenDays));
    }
    if input.role.is_some_and(|r| !SERVICE_ROLES.contains(&r)) {
        errors.push(FieldError::new("role", Msg::ErrRoleNotAllowed));
    }
    crate::validation::collected(TokenInput { name, scopes, days: input.days, role: input.role }, errors)
}

/// A token as its lists show it: never the secret, only the first characters to recognise it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub kind: TokenKind,
    pub name: String,
    /// `spt_…` as far as it is shown.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub role: Option<Role>,
    /// Who made it (a service token's creator).
    pub owner: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub last_used_addr: Option<String>,
    pub revoked_at: Option<i64>,
}

/// A token just made: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub id: i64,
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_only_when_they_exist() {
        for scope in Scope::all() {
            assert_eq!(Scope::parse(&scope.name()), Some(scope));
        }
        assert_eq!(Scope::parse("people:read"), Some(Scope::new(Resource::People, Access::Read)));
        assert_eq!(Scope::parse("structure:write"), None, "structure is read-only");
        assert_eq!(Scope::parse("timesheets:reveal"), None);
        assert_eq!(Scope::parse("payroll:read"), None);
        assert_eq!(Scope::parse("people"), None);
        assert!(serde_json::from_str::<Scope>("\"jobs:delete\"").is_err());
    }

    #[test]
    fn the_token_form_is_checked_whole() {
        let ok =
            TokenInput { name: " Nightly sync ".into(), scopes: vec![Scope::new(Resource::People, Access::Read); 2], days: 90, role: None };
        let checked = check_token(&ok).unwrap();
        assert_eq!((checked.name.as_str(), checked.scopes.len()), ("Nightly sync", 1));
        let bad = TokenInput { name: "".into(), scopes: vec![], days: 0, role: Some(Role::Contractor) };
        let fields: Vec<String> = check_token(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "scopes", "days", "role"]);
        assert!(check_token(&TokenInput { days: MAX_DAYS + 1, ..ok.clone() }).is_err());
        assert!(check_token(&TokenInput { role: Some(Role::HrManager), ..ok }).is_ok());
    }
}
