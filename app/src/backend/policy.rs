//! The authorization policy: every server function and route asks here, and nowhere else.
//! Where: at the entry of the service a server function (or route) calls, which takes the
//! `Caller` — never in the server function itself — so every way into a service (pages, routes,
//! and later the REST API) is checked the same way.
//! Rules combine a role with ownership (own record, same client company, own crew, same
//! organisation — the last is implied because every query is scoped by the caller's org).
use super::{BackendError, Caller};
use crate::AppError;
use shared::approvals::{Action, Chain, State, Status, StepRule};
use shared::timesheets::model::GridView;
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
    any_of(caller, &PROVIDER_MANAGERS)
}

/// Imports from payroll systems write people in bulk: administrators and HR only.
pub fn manage_imports(caller: &Caller) -> Check {
    any_of(caller, &PROVIDER_MANAGERS)
}

/// Hours with personnel numbers for the payroll system: the provider's managers.
pub fn export_payroll(caller: &Caller) -> Check {
    any_of(caller, &PROVIDER_MANAGERS)
}

/// The codes of payroll exports are settings, like billing terms: administrators.
pub fn manage_payroll_codes(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin])
}

/// The provider's managers: who acts at a `StepRule::ProviderManager` step.
const PROVIDER_MANAGERS: [Role; 2] = [Role::Admin, Role::HrManager];

/// Seeing the organisation's structure: the same people who manage staff.
pub fn view_org(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin, Role::HrManager])
}

/// Creating legal entities, departments and client companies is an admin's job.
pub fn manage_org(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin])
}

/// Granting or removing roles of person `target`: HR may hand out ordinary roles, only an admin
/// privileged ones, and nobody changes their own (an HR manager who made themselves a client's
/// manager could approve both steps of a timesheet).
pub fn grant_roles(caller: &Caller, target: Option<i64>, roles: &[Role]) -> Check {
    manage_people(caller)?;
    if target == Some(caller.person_id) {
        return Err(AppError::OwnRoles.into());
    }
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

/// Facts about a placement or its timesheet that decide who may see and act on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimesheetScope {
    pub contractor_id: i64,
    pub foreman_id: Option<i64>,
    pub client_company_id: i64,
    /// The client manager named for the site; None lets any manager of the company act.
    pub site_manager_id: Option<i64>,
}

/// Entering hours: the contractor for themselves, the foreman for their crew.
pub fn enter_time(caller: &Caller, s: &TimesheetScope) -> Check {
    let own = caller.has(Role::Contractor) && caller.person_id == s.contractor_id;
    let crew = caller.has(Role::Foreman) && s.foreman_id == Some(caller.person_id);
    if own || crew {
        Ok(())
    } else {
        forbidden()
    }
}

fn manages_site(caller: &Caller, s: &TimesheetScope) -> bool {
    caller.has(Role::ClientManager)
        && caller.client_company_id == Some(s.client_company_id)
        && s.site_manager_id.is_none_or(|m| m == caller.person_id)
}

/// Seeing a timesheet: whoever enters it, the client manager of its site, provider managers.
pub fn view_timesheet(caller: &Caller, s: &TimesheetScope) -> Check {
    if enter_time(caller, s).is_ok() || manages_site(caller, s) || manage_people(caller).is_ok() {
        Ok(())
    } else {
        forbidden()
    }
}

/// What decides who acts on a subject, whatever its kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActFacts<'a> {
    /// A timesheet's client site, for `ClientManager` steps.
    pub site: Option<&'a TimesheetScope>,
    /// The requester's line manager, for `LineManager` steps.
    pub line_manager_id: Option<i64>,
}

/// Whether the caller may act at a step with this rule.
pub fn may_act(caller: &Caller, rule: &StepRule, facts: ActFacts<'_>) -> bool {
    match rule {
        StepRule::ClientManager => facts.site.is_some_and(|s| manages_site(caller, s)),
        StepRule::ProviderManager => manage_people(caller).is_ok(),
        StepRule::Role(role) => caller.has(*role),
        StepRule::Person(id) => caller.person_id == *id,
        StepRule::LineManager => facts.line_manager_id == Some(caller.person_id),
    }
}

/// The caller's place among the waiting step's approvers: the first rule they meet whose
/// approval is still missing.
fn slot(caller: &Caller, chain: &Chain, state: State, facts: ActFacts<'_>) -> Option<usize> {
    let step = state.waiting_step().and_then(|i| chain.step(i))?;
    step.rules().enumerate().position(|(i, rule)| !state.slot_done(i) && may_act(caller, rule, facts))
}

/// One approver a rule lets act on a filed request, as stored for the inbox's look-up
/// (`cabinet::waiting`): the requester's line manager, the holders of a role, or one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestApprover {
    pub line_manager: bool,
    pub role: Option<Role>,
    pub person_id: Option<i64>,
}

/// Who `rule` lets act on a filed request: what `may_act` says for requests, written out. A
/// client-manager step names nobody (requests have no site); it still gets a row, so every
/// waiting request has at least one.
pub fn request_approvers(rule: &StepRule) -> Vec<RequestApprover> {
    let nobody = RequestApprover { line_manager: false, role: None, person_id: None };
    match rule {
        StepRule::ClientManager => vec![nobody],
        StepRule::ProviderManager => PROVIDER_MANAGERS.iter().map(|r| RequestApprover { role: Some(*r), ..nobody }).collect(),
        StepRule::Role(role) => vec![RequestApprover { role: Some(*role), ..nobody }],
        StepRule::LineManager => vec![RequestApprover { line_manager: true, ..nobody }],
        StepRule::Person(id) => vec![RequestApprover { person_id: Some(*id), ..nobody }],
    }
}

/// The filed requests that may wait for the caller, as an SQL condition on `requests r` joined
/// to its requester `p`, with the caller's person id bound as `$2`: the rows
/// `request_approvers` wrote that name the caller. It only narrows the search; each request it
/// finds still goes through `request_actions`.
pub fn requests_waiting_for(caller: &Caller) -> String {
    // Role names are our enum's, never input: written inline.
    let roles: Vec<String> = caller.roles.iter().map(|r| format!("'{}'", r.as_str())).collect();
    let by_role = if roles.is_empty() { String::new() } else { format!(" OR w.role IN ({})", roles.join(", ")) };
    format!(
        "EXISTS (SELECT 1 FROM request_waiting w WHERE w.request_id = r.id \
         AND (w.person_id = $2 OR (w.line_manager = 1 AND p.manager_id = $2){by_role}))"
    )
}

/// Which parallel approver of a request's waiting step the caller acts as. `approved_here`:
/// the caller already approved at this step (as another of its approvers) — one person, one
/// approval per step.
pub fn approver_slot(caller: &Caller, chain: &Chain, state: State, r: Requester, approved_here: bool) -> Option<usize> {
    if approved_here {
        return None;
    }
    slot(caller, chain, state, ActFacts { site: None, line_manager_id: r.manager_id })
}

/// The approve / return / reject actions open to the caller at the waiting step, if any.
fn step_actions(caller: &Caller, chain: &Chain, state: State, facts: ActFacts<'_>) -> Vec<Action> {
    if slot(caller, chain, state, facts).is_none() {
        return Vec::new();
    }
    let mut out = vec![Action::Approve, Action::Return];
    if chain.allows_reject {
        out.push(Action::Reject);
    }
    out
}

/// The actions the caller may take on a timesheet in `state`.
pub fn timesheet_actions(caller: &Caller, chain: &Chain, state: State, s: &TimesheetScope) -> Vec<Action> {
    let mut out = Vec::new();
    if state.status.editable() && enter_time(caller, s).is_ok() {
        out.push(Action::Submit);
    }
    out.extend(step_actions(caller, chain, state, ActFacts { site: Some(s), line_manager_id: None }));
    if state.status == Status::Approved && manage_people(caller).is_ok() {
        out.push(Action::Reopen);
    }
    out
}

/// Whose timesheets a caller reviews, summarises and exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimesheetReach {
    /// The whole organisation (provider managers): the provider step.
    Organisation,
    /// The sites of one client company the manager is responsible for: the client step.
    ClientSites { company: i64, manager: i64 },
    /// A foreman's crew.
    Crew(i64),
}

impl TimesheetReach {
    /// The chain step this reach approves, if any.
    pub fn approves_step(self) -> Option<u8> {
        match self {
            TimesheetReach::Organisation => Some(1),
            TimesheetReach::ClientSites { .. } => Some(0),
            TimesheetReach::Crew(_) => None,
        }
    }

    /// The reach as a condition on `timesheets` columns (integers only, so inlined).
    pub fn sql(self, alias: &str) -> String {
        let a = if alias.is_empty() { String::new() } else { format!("{alias}.") };
        match self {
            TimesheetReach::Organisation => String::new(),
            TimesheetReach::ClientSites { company, manager } => format!(
                " AND {a}client_company_id = {company} AND {a}client_department_id IN \
                 (SELECT id FROM client_departments WHERE client_company_id = {company} AND (manager_id IS NULL OR manager_id = {manager}))"
            ),
            TimesheetReach::Crew(foreman) => format!(" AND {a}foreman_id = {foreman}"),
        }
    }
}

pub fn timesheet_reach(caller: &Caller) -> Check<TimesheetReach> {
    if manage_people(caller).is_ok() {
        return Ok(TimesheetReach::Organisation);
    }
    if caller.has(Role::ClientManager) {
        if let Some(company) = caller.client_company_id {
            return Ok(TimesheetReach::ClientSites { company, manager: caller.person_id });
        }
    }
    if caller.has(Role::Foreman) {
        return Ok(TimesheetReach::Crew(caller.person_id));
    }
    forbidden()
}

/// Reviewing and approving: the reach of someone who approves a step (not a foreman).
pub fn approver_reach(caller: &Caller) -> Check<TimesheetReach> {
    timesheet_reach(caller).and_then(|r| if r.approves_step().is_some() { Ok(r) } else { forbidden() })
}

/// The month grid: contractors their own rows, foremen their crew's.
pub fn grid_view(caller: &Caller, view: GridView) -> Check {
    match view {
        GridView::Mine => any_of(caller, &[Role::Contractor]),
        GridView::Crew => any_of(caller, &[Role::Foreman]),
    }
}

/// Facts about a cabinet request's requester.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requester {
    pub id: i64,
    pub manager_id: Option<i64>,
}

/// Seeing a request (and a person's leave and absences): the requester, their line manager, HR.
pub fn view_request(caller: &Caller, r: Requester) -> Check {
    if caller.person_id == r.id || r.manager_id == Some(caller.person_id) || manage_people(caller).is_ok() {
        Ok(())
    } else {
        forbidden()
    }
}

/// Seeing a filed request: as `view_request`, and whoever approves at one of its steps (a named
/// approver, a role the administrator put in the chain) — they must see what they decide.
pub fn view_filed_request(caller: &Caller, chain: &Chain, r: Requester) -> Check {
    let facts = ActFacts { site: None, line_manager_id: r.manager_id };
    if view_request(caller, r).is_ok() || chain.steps.iter().flat_map(|s| s.rules()).any(|rule| may_act(caller, rule, facts)) {
        Ok(())
    } else {
        forbidden()
    }
}

/// An uploaded file: its uploader; a request's attachment or a candidate's résumé, whoever may
/// read the request or work on the candidate (`readable`); a profile photo, any member of the
/// organisation (it is shown beside their name).
pub fn open_file(caller: &Caller, owner_id: i64, is_photo: bool, readable: bool) -> Check {
    if caller.person_id == owner_id || is_photo || readable {
        Ok(())
    } else {
        forbidden()
    }
}

/// Filing requests is for the provider's employees (contractors work through their timesheets).
pub fn file_requests(caller: &Caller) -> Check {
    any_of(caller, &[Role::Employee])
}

/// The actions open to the caller on a request in `state` (`approved_here`: as `approver_slot`).
pub fn request_actions(caller: &Caller, chain: &Chain, state: State, r: Requester, approved_here: bool) -> Vec<Action> {
    let mut out = Vec::new();
    if state.status.editable() && caller.person_id == r.id {
        out.push(Action::Submit);
    }
    if !approved_here {
        out.extend(step_actions(caller, chain, state, ActFacts { site: None, line_manager_id: r.manager_id }));
    }
    out
}

/// The request catalogue (form fields, approval chains, effects) is the administrator's.
pub fn define_request_types(caller: &Caller) -> Check {
    manage_org(caller)
}

/// Protected personal data in plain text: the person themselves and HR. Everyone else sees it masked.
pub fn reveal_personal_data(caller: &Caller, person_id: i64) -> Check {
    if caller.person_id == person_id || manage_people(caller).is_ok() {
        Ok(())
    } else {
        forbidden()
    }
}

/// Recruiting: recruiters and administrators run every job; anyone else only the jobs whose
/// hiring team they are on (or own).
pub fn recruit(caller: &Caller) -> Check {
    any_of(caller, &[Role::Recruiter, Role::Admin])
}

/// Who works on one job's board.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobTeam {
    pub owner_id: i64,
    pub members: Vec<i64>,
}

/// The jobs the caller works on, as a condition on `jobs` as `j` with the caller's id as `$2`:
/// recruiters and administrators every job of the organisation, others their teams'.
pub fn jobs_worked_on(caller: &Caller) -> &'static str {
    if recruit(caller).is_ok() {
        "($2 = $2)"
    } else {
        "(j.owner_id = $2 OR EXISTS (SELECT 1 FROM job_team t WHERE t.job_id = j.id AND t.person_id = $2))"
    }
}

pub fn work_on_job(caller: &Caller, team: &JobTeam) -> Check {
    if recruit(caller).is_ok() || team.owner_id == caller.person_id || team.members.contains(&caller.person_id) {
        Ok(())
    } else {
        forbidden()
    }
}

/// Who revealed which candidate's contacts, when and from where: administrators.
pub fn read_reveal_log(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin])
}

/// A candidate's contacts in plain text: recruiters and administrators (hiring managers see
/// them masked). Every reveal is audited before the value leaves.
pub fn reveal_candidate_contacts(caller: &Caller) -> Check {
    recruit(caller)
}

/// Whose absences a caller's team calendar shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarReach {
    Organisation,
    /// The caller's team: their department, their reports, those sharing their manager.
    Team(i64),
}

impl CalendarReach {
    /// The reach as a condition on `people` columns (integers only, so inlined).
    pub fn sql(self, alias: &str) -> String {
        match self {
            CalendarReach::Organisation => String::new(),
            CalendarReach::Team(me) => format!(
                " AND ({alias}.id = {me} OR {alias}.manager_id = {me} \
                 OR {alias}.department_id = (SELECT department_id FROM people WHERE id = {me}) \
                 OR {alias}.manager_id = (SELECT manager_id FROM people WHERE id = {me}))"
            ),
        }
    }
}

pub fn calendar_reach(caller: &Caller) -> Check<CalendarReach> {
    if manage_people(caller).is_ok() {
        Ok(CalendarReach::Organisation)
    } else if caller.has(Role::Employee) {
        Ok(CalendarReach::Team(caller.person_id))
    } else {
        forbidden()
    }
}

/// Public holiday calendars are the administrator's.
pub fn manage_holidays(caller: &Caller) -> Check {
    manage_org(caller)
}

/// An API call needs its scope on the token as well as the role (checked by the service it
/// calls, as for pages): a token never does more than its owner, nor more than it was given.
pub fn token_scope(granted: &[shared::api::Scope], needed: shared::api::Scope) -> Check {
    if granted.contains(&needed) {
        Ok(())
    } else {
        Err(BackendError::Public(AppError::Scope))
    }
}

/// Outgoing webhooks send the organisation's events to another system: administrators.
pub fn manage_webhooks(caller: &Caller) -> Check {
    any_of(caller, &[Role::Admin])
}

/// Anyone signed in makes tokens that act as themselves; service tokens act for the
/// organisation, so only administrators make, see and revoke them.
pub fn manage_tokens(caller: &Caller, kind: shared::api::TokenKind) -> Check {
    match kind {
        shared::api::TokenKind::Personal => Ok(()),
        shared::api::TokenKind::Service => any_of(caller, &[Role::Admin]),
    }
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
            email: Some("x@y.z".into()),
            roles: roles.to_vec(),
            locale: None,
            department_id: None,
            legal_entity_id: None,
            client_company_id: company,
            session_hash: String::new(),
            unread_notices: 0,
            org_count: 1,
            zone: chrono_tz::UTC,
        }
    }

    #[test]
    fn recruiting_is_for_recruiters_and_each_jobs_hiring_team() {
        let team = JobTeam { owner_id: 50, members: vec![51] };
        assert!(work_on_job(&caller(1, &[Role::Recruiter], None), &team).is_ok());
        assert!(work_on_job(&caller(2, &[Role::Admin], None), &team).is_ok());
        assert!(work_on_job(&caller(50, &[Role::Employee], None), &team).is_ok(), "the owner");
        assert!(work_on_job(&caller(51, &[Role::Employee], None), &team).is_ok(), "on the team");
        assert!(work_on_job(&caller(52, &[Role::Employee], None), &team).is_err());
        assert!(work_on_job(&caller(3, &[Role::HrManager], None), &team).is_err(), "HR is not recruiting");
        assert!(reveal_candidate_contacts(&caller(51, &[Role::Employee], None)).is_err(), "hiring managers see masked contacts");
        assert!(reveal_candidate_contacts(&caller(1, &[Role::Recruiter], None)).is_ok());
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
        assert!(grant_roles(&hr, Some(9), &[Role::Contractor, Role::Foreman, Role::Employee]).is_ok());
        for role in [Role::Admin, Role::HrManager, Role::ClientManager, Role::Recruiter] {
            assert!(grant_roles(&hr, Some(9), &[role]).is_err(), "{role:?} approves money or reveals personal data");
            assert!(grant_roles(&hr, None, &[role]).is_err(), "{role:?} at invitation");
        }
        let admin = caller(2, &[Role::Admin], None);
        assert!(grant_roles(&admin, Some(9), &[Role::Admin, Role::ClientManager]).is_ok());
        assert!(grant_roles(&caller(3, &[Role::Employee], None), Some(9), &[Role::Employee]).is_err());
    }

    #[test]
    fn nobody_changes_their_own_roles() {
        let admin = caller(2, &[Role::Admin], None);
        assert!(matches!(grant_roles(&admin, Some(2), &[Role::Recruiter]), Err(BackendError::Public(AppError::OwnRoles))));
        let hr = caller(1, &[Role::HrManager], None);
        assert!(matches!(grant_roles(&hr, Some(1), &[Role::Employee]), Err(BackendError::Public(AppError::OwnRoles))));
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

    fn sheet() -> TimesheetScope {
        TimesheetScope { contractor_id: 10, foreman_id: Some(20), client_company_id: 7, site_manager_id: None }
    }

    #[test]
    fn hours_are_entered_by_the_contractor_or_their_foreman() {
        assert!(enter_time(&caller(10, &[Role::Contractor], None), &sheet()).is_ok());
        assert!(enter_time(&caller(11, &[Role::Contractor], None), &sheet()).is_err());
        assert!(enter_time(&caller(20, &[Role::Foreman], Some(7)), &sheet()).is_ok());
        assert!(enter_time(&caller(21, &[Role::Foreman], Some(7)), &sheet()).is_err());
        assert!(enter_time(&caller(30, &[Role::ClientManager], Some(7)), &sheet()).is_err());
        assert!(enter_time(&caller(1, &[Role::HrManager], None), &sheet()).is_err(), "managers review, they do not type hours");
    }

    #[test]
    fn each_step_is_taken_by_its_own_approver() {
        let chain = Chain::timesheet();
        let at = |step| State::new(Status::Submitted, step);
        let client = caller(30, &[Role::ClientManager], Some(7));
        let other_client = caller(31, &[Role::ClientManager], Some(8));
        let hr = caller(1, &[Role::HrManager], None);
        assert_eq!(timesheet_actions(&client, &chain, at(0), &sheet()), vec![Action::Approve, Action::Return]);
        assert!(timesheet_actions(&client, &chain, at(1), &sheet()).is_empty(), "the client step is over");
        assert!(timesheet_actions(&other_client, &chain, at(0), &sheet()).is_empty());
        assert!(timesheet_actions(&hr, &chain, at(0), &sheet()).is_empty(), "provider waits for the client");
        assert_eq!(timesheet_actions(&hr, &chain, at(1), &sheet()), vec![Action::Approve, Action::Return]);
        let approved = State::new(Status::Approved, 1);
        assert_eq!(timesheet_actions(&hr, &chain, approved, &sheet()), vec![Action::Reopen]);
        assert!(timesheet_actions(&client, &chain, approved, &sheet()).is_empty());
        let contractor = caller(10, &[Role::Contractor], None);
        assert_eq!(timesheet_actions(&contractor, &chain, State::DRAFT, &sheet()), vec![Action::Submit]);
        assert!(timesheet_actions(&contractor, &chain, at(0), &sheet()).is_empty());
    }

    #[test]
    fn a_named_site_manager_excludes_other_managers_of_the_company() {
        let named = TimesheetScope { site_manager_id: Some(30), ..sheet() };
        assert!(view_timesheet(&caller(30, &[Role::ClientManager], Some(7)), &named).is_ok());
        assert!(view_timesheet(&caller(32, &[Role::ClientManager], Some(7)), &named).is_err());
        assert!(view_timesheet(&caller(32, &[Role::ClientManager], Some(7)), &sheet()).is_ok());
        assert!(view_timesheet(&caller(40, &[Role::Recruiter], None), &sheet()).is_err());
        assert!(view_timesheet(&caller(41, &[Role::Employee], None), &sheet()).is_err());
    }

    #[test]
    fn requests_go_to_the_line_manager_then_hr() {
        let chain = shared::requests::shipped().into_iter().find(|t| t.code == "vacation").unwrap().chain;
        let me = Requester { id: 10, manager_id: Some(20) };
        let at = |step| State::new(Status::Submitted, step);
        let manager = caller(20, &[Role::Employee], None);
        let hr = caller(1, &[Role::HrManager], None);
        let colleague = caller(11, &[Role::Employee], None);
        assert_eq!(request_actions(&manager, &chain, at(0), me, false), vec![Action::Approve, Action::Return, Action::Reject]);
        assert!(request_actions(&hr, &chain, at(0), me, false).is_empty(), "HR waits for the manager");
        assert!(request_actions(&manager, &chain, at(1), me, false).is_empty());
        assert_eq!(request_actions(&hr, &chain, at(1), me, false).len(), 3);
        assert!(request_actions(&colleague, &chain, at(0), me, false).is_empty());
        assert!(request_actions(&manager, &chain, at(0), me, true).is_empty(), "approved at this step already");
        assert_eq!(approver_slot(&manager, &chain, at(0), me, false), Some(0));
        assert_eq!(approver_slot(&manager, &chain, at(0), me, true), None);
        assert_eq!(request_actions(&caller(10, &[Role::Employee], None), &chain, State::DRAFT, me, false), vec![Action::Submit]);
        assert!(view_request(&colleague, me).is_err());
        assert!(view_request(&manager, me).is_ok());
        assert!(reveal_personal_data(&manager, 10).is_err(), "a manager sees personal data masked");
        assert!(reveal_personal_data(&hr, 10).is_ok());
    }

    #[test]
    fn reach_by_role() {
        assert_eq!(timesheet_reach(&caller(1, &[Role::Admin], None)).ok(), Some(TimesheetReach::Organisation));
        assert_eq!(
            approver_reach(&caller(30, &[Role::ClientManager], Some(7))).ok(),
            Some(TimesheetReach::ClientSites { company: 7, manager: 30 })
        );
        assert_eq!(timesheet_reach(&caller(20, &[Role::Foreman], Some(7))).ok(), Some(TimesheetReach::Crew(20)));
        assert!(approver_reach(&caller(20, &[Role::Foreman], Some(7))).is_err(), "foremen do not approve");
        assert!(timesheet_reach(&caller(10, &[Role::Contractor], None)).is_err());
        assert!(grid_view(&caller(10, &[Role::Contractor], None), GridView::Mine).is_ok());
        assert!(grid_view(&caller(10, &[Role::Contractor], None), GridView::Crew).is_err());
    }
}
