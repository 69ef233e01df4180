use crate::stored::stored_enum;

stored_enum! {
    /// What a person may do in their organisation. A person holds one or more roles.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Role {
        Admin = "admin",
        HrManager = "hr_manager",
        Employee = "employee",
        Contractor = "contractor",
        ClientManager = "client_manager",
        Foreman = "foreman",
        Recruiter = "recruiter",
    }
}

impl Role {
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
