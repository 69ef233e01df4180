use serde::{Deserialize, Serialize};

/// What a person may do in their organisation. A person holds one or more roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    HrManager,
    Employee,
    Contractor,
    ClientManager,
    Foreman,
    Recruiter,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Admin, Role::HrManager, Role::Employee, Role::Contractor, Role::ClientManager, Role::Foreman, Role::Recruiter];

    /// The stable name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::HrManager => "hr_manager",
            Role::Employee => "employee",
            Role::Contractor => "contractor",
            Role::ClientManager => "client_manager",
            Role::Foreman => "foreman",
            Role::Recruiter => "recruiter",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles that only an admin may hand out or take away: power over other people's accounts
    /// (admin, HR), approving money (a client's manager approves hours that are invoiced), or
    /// reading personal data (a recruiter reveals candidates' contacts).
    pub fn is_privileged(self) -> bool {
        matches!(self, Role::Admin | Role::HrManager | Role::ClientManager | Role::Recruiter)
    }

    /// Roles that belong to people working for a client company rather than the provider.
    pub fn is_client_side(self) -> bool {
        matches!(self, Role::ClientManager | Role::Foreman)
    }

    pub fn label(self) -> crate::Msg {
        use crate::Msg;
        match self {
            Role::Admin => Msg::RoleAdmin,
            Role::HrManager => Msg::RoleHrManager,
            Role::Employee => Msg::RoleEmployee,
            Role::Contractor => Msg::RoleContractor,
            Role::ClientManager => Msg::RoleClientManager,
            Role::Foreman => Msg::RoleForeman,
            Role::Recruiter => Msg::RoleRecruiter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn serde_name_matches_stored_name() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
    }
}
