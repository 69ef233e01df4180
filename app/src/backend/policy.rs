//! The authorization policy: every server function and route asks here, and nowhere else.
//! Rules combine a role with ownership (own record, same client company, own crew, same
//! organisation — the last is implied because every query is scoped by the caller's org).
use super::{BackendError, Caller};
use crate::AppError;
use shared::Role;

type Check<T = ()> = Result<T, BackendError>;

fn forbidden<T>() -> Check<T> {
    Err(BackendError::Public(AppError::Forbidden))
}

pub fn any_of(caller: &Caller, roles: &[Role]) -> Check {
    if roles.iter().any(|r| caller.has(*r)) {
        Ok(())
    } else {
        forbidden()
    }
}

/// Admins and HR/provider managers run the people directory.
pub fn manage_people(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin, Role::HrManager])
}

/// Seeing the organisation's structure: the same people who manage staff.
pub fn view_org(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin, Role::HrManager])
}

/// Creating legal entities, departments and client companies is an admin's job.
pub fn manage_org(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin])
}

/// Granting or removing roles: HR may hand out ordinary roles, only an admin privileged ones.
pub fn grant_roles(caller: &Caller, roles: &[Role]) -> Check {
    manage_people(caller)?;
    if roles.iter().any(|r| r.is_privileged()) && !caller.has(Role::Admin) {
        return Err(BackendError::Public(AppError::Invalid(vec![shared::validation::FieldError::new(
            "roles",
            shared::Msg::ErrRoleNotAllowed,
        )])));
    }
    Ok(())
}

/// Facts about a person that decide who may see them.
#[derive(Clone, Debug, Default)]
pub struct PersonScope {
    pub id: i64,
    /// Client companies where the person has a placement.
    pub placed_at: Vec<i64>,
    /// Foremen of the person's placements.
    pub foremen: Vec<i64>,
}

/// Seeing a person's record: themselves, staff managers, the client manager of a company they
/// are placed at, and the foreman of their crew.
pub fn view_person(caller: &Caller, person: &PersonScope) -> Check {
    if caller.person_id == person.id || manage_people(caller).is_ok() {
        return Ok(());
    }
    if caller.has(Role::ClientManager) && caller.client_company_id.is_some_and(|c| person.placed_at.contains(&c)) {
        return Ok(());
    }
    if caller.has(Role::Foreman) && person.foremen.contains(&caller.person_id) {
        return Ok(());
    }
    forbidden()
}

/// Which placements a caller may list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacementScope {
    All,
    ClientCompany(i64),
    Foreman(i64),
    Contractor(i64),
}

pub fn placement_scope(caller: &Caller) -> Check<PlacementScope> {
    if manage_people(caller).is_ok() {
        return Ok(PlacementScope::All);
    }
    if caller.has(Role::ClientManager) {
        if let Some(company) = caller.client_company_id {
            return Ok(PlacementScope::ClientCompany(company));
        }
    }
    if caller.has(Role::Foreman) {
        return Ok(PlacementScope::Foreman(caller.person_id));
    }
    if caller.has(Role::Contractor) {
        return Ok(PlacementScope::Contractor(caller.person_id));
    }
    forbidden()
}

pub fn manage_placements(caller: &Caller) -> Check {
    manage_people(caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(id: i64, roles: &[Role], company: Option<i64>) -> Caller {
        Caller {
            person_id: id,
            org_id: 1,
            org_name: "Org".into(),
            family_name: "F".into(),
            given_name: "G".into(),
            email: "x@y.z".into(),
            roles: roles.to_vec(),
            locale: None,
            department_id: None,
            client_company_id: company,
            session_hash: String::new(),
        }
    }

    #[test]
    fn people_directory_is_for_admin_and_hr() {
        assert!(manage_people(&caller(1, &[Role::Admin], None)).is_ok());
        assert!(manage_people(&caller(1, &[Role::HrManager], None)).is_ok());
        for role in [Role::Employee, Role::Contractor, Role::ClientManager, Role::Foreman, Role::Recruiter] {
            assert!(manage_people(&caller(1, &[role], None)).is_err(), "{role:?}");
        }
    }

    #[test]
    fn only_admin_grants_privileged_roles() {
        let hr = caller(1, &[Role::HrManager], None);
        assert!(grant_roles(&hr, &[Role::Contractor, Role::Foreman]).is_ok());
        assert!(grant_roles(&hr, &[Role::Admin]).is_err());
        assert!(grant_roles(&hr, &[Role::HrManager]).is_err());
        assert!(grant_roles(&caller(2, &[Role::Admin], None), &[Role::Admin]).is_ok());
        assert!(grant_roles(&caller(3, &[Role::Employee], None), &[Role::Employee]).is_err());
    }

    #[test]
    fn person_visibility_follows_ownership() {
        let target = PersonScope { id: 10, placed_at: vec![7], foremen: vec![20] };
        assert!(view_person(&caller(10, &[Role::Contractor], None), &target).is_ok(), "self");
        assert!(view_person(&caller(11, &[Role::Contractor], None), &target).is_err(), "another contractor");
        assert!(view_person(&caller(30, &[Role::ClientManager], Some(7)), &target).is_ok(), "same client");
        assert!(view_person(&caller(31, &[Role::ClientManager], Some(8)), &target).is_err(), "other client");
        assert!(view_person(&caller(20, &[Role::Foreman], Some(7)), &target).is_ok(), "own crew");
        assert!(view_person(&caller(21, &[Role::Foreman], Some(7)), &target).is_err(), "other crew");
        assert!(view_person(&caller(40, &[Role::Recruiter], None), &target).is_err());
    }

    #[test]
    fn placement_scopes() {
        assert_eq!(placement_scope(&caller(1, &[Role::HrManager], None)).ok(), Some(PlacementScope::All));
        assert_eq!(placement_scope(&caller(2, &[Role::ClientManager], Some(5))).ok(), Some(PlacementScope::ClientCompany(5)));
        assert!(placement_scope(&caller(2, &[Role::ClientManager], None)).is_err(), "client manager without a company");
        assert_eq!(placement_scope(&caller(3, &[Role::Foreman], Some(5))).ok(), Some(PlacementScope::Foreman(3)));
        assert_eq!(placement_scope(&caller(4, &[Role::Contractor], None)).ok(), Some(PlacementScope::Contractor(4)));
        assert!(placement_scope(&caller(5, &[Role::Recruiter], None)).is_err());
    }
}
