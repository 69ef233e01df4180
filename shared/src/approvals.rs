//! The general approval state machine: a subject (a timesheet, a request) moves through a chain
//! of steps. Who may act at a step is a rule the server's policy evaluates; the transitions
//! themselves are pure and live here, so the browser shows exactly the buttons the server allows.
use crate::format::Date;
use crate::stored::stored_enum;
use crate::{Msg, Role};
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Status {
        /// Being filled in; the author may edit.
        Draft = "draft",
        /// Waiting for the approver of `step`.
        Submitted = "submitted",
        /// Sent back to the author with a comment; editable again.
        Returned = "returned",
        /// Every step approved: locked.
        Approved = "approved",
        /// Refused for good (requests only; timesheets are returned, not rejected).
        Rejected = "rejected",
    }
}

impl Status {
    pub fn label(self) -> Msg {
        match self {
            Status::Draft => Msg::StatusDraft,
            Status::Submitted => Msg::StatusSubmitted,
            Status::Returned => Msg::StatusReturned,
            Status::Approved => Msg::StatusApproved,
            Status::Rejected => Msg::StatusRejected,
        }
    }

    /// Whether the author may still change the subject.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }
}

stored_enum! {
    /// How an approver acted: signed in, or through a single-use emailed link.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Via {
        Account = "account",
        Link = "link",
    }
}

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Action {
        Submit = "submit",
        Approve = "approve",
        Return = "return",
        Reject = "reject",
        /// Unlock an approved subject for correction; it goes through every step again.
        Reopen = "reopen",
    }
}

impl Action {
    /// An approver's decision on a step (as opposed to the requester's submit or a reopen).
    pub fn is_decision(self) -> bool {
        matches!(self, Action::Approve | Action::Return | Action::Reject)
    }

    pub fn label(self) -> Msg {
        match self {
            Action::Submit => Msg::ActionSubmit,
            Action::Approve => Msg::ActionApprove,
            Action::Return => Msg::ActionReturn,
            Action::Reject => Msg::ActionReject,
            Action::Reopen => Msg::ActionReopen,
        }
    }

    /// Returning, rejecting and reopening must say why.
    pub fn needs_comment(self) -> bool {
        matches!(self, Action::Return | Action::Reject | Action::Reopen)
    }
}

/// Who may act at a step. The server's policy decides what each rule means for a caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepRule {
    /// The client manager responsible for the subject's client department.
    ClientManager,
    /// The provider's managers (HR managers and admins) of the organisation.
    ProviderManager,
    /// Anyone holding this role in the organisation.
    Role(Role),
    /// The subject author's line manager.
    LineManager,
    /// One named person.
    Person(i64),
}

impl StepRule {
    /// How a step with this rule is named in the inbox and the request's history.
    pub fn label(&self) -> Msg {
        match self {
            StepRule::ClientManager => Msg::StepClient,
            StepRule::ProviderManager => Msg::StepProvider,
            StepRule::Role(Role::HrManager) => Msg::StepHr,
            StepRule::Role(role) => role.label(),
            StepRule::LineManager => Msg::StepLineManager,
            StepRule::Person(_) => Msg::StepPerson,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub rule: StepRule,
    pub label: Msg,
    /// How long the approvers have, in hours (shown in the inbox; None: no due time).
    #[serde(default)]
    pub due_hours: Option<u32>,
    /// Approvers who act in parallel with `rule`: the step is done once every one of them has
    /// approved (any of them may return or reject).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<StepRule>,
}

/// At most this many approvers act in parallel at one step (their approvals are a bit set).
pub const MAX_PARALLEL: usize = 16;

impl Step {
    pub fn new(rule: StepRule, label: Msg, due_hours: Option<u32>) -> Step {
        Step { rule, label, due_hours, also: Vec::new() }
    }

    /// The step's approvers, each a slot: `rule` is slot 0, then `also` in order.
    pub fn rules(&self) -> impl Iterator<Item = &StepRule> {
        std::iter::once(&self.rule).chain(&self.also)
    }

    fn all_done(&self) -> u16 {
        let n = (1 + self.also.len()).min(MAX_PARALLEL);
        ((1u32 << n) - 1) as u16
    }
}

/// A chain of steps, taken in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    pub steps: Vec<Step>,
    /// Whether an approver may refuse for good, not only send back.
    pub allows_reject: bool,
}

impl Chain {
    /// Contractor timesheets: the client confirms, then the provider approves.
    pub fn timesheet() -> Chain {
        Chain {
            steps: vec![
                Step::new(StepRule::ClientManager, Msg::StepClient, None),
                Step::new(StepRule::ProviderManager, Msg::StepProvider, None),
            ],
            allows_reject: false,
        }
    }

    pub fn step(&self, index: u8) -> Option<&Step> {
        self.steps.get(usize::from(index))
    }
}

/// Where a subject stands: its status and, while submitted, the step waiting to act and which
/// of its parallel approvers have approved already.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub status: Status,
    pub step: u8,
    /// Bit `i` set: slot `i` of the waiting step has approved.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub done: u16,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

impl State {
    pub const DRAFT: State = State::new(Status::Draft, 0);

    pub const fn new(status: Status, step: u8) -> State {
        State { status, step, done: 0 }
    }

    /// Whether slot `slot` of the waiting step has approved.
    pub fn slot_done(self, slot: usize) -> bool {
        slot < MAX_PARALLEL && self.done & (1 << slot) != 0
    }

    /// The step whose approvers may act now, if any.
    pub fn waiting_step(self) -> Option<u8> {
        (self.status == Status::Submitted).then_some(self.step)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionError {
    /// The action does not apply in this state (someone else acted first, or it was never possible).
    NotAllowed,
    /// A return, rejection or reopening without a reason.
    CommentRequired,
}

impl TransitionError {
    pub fn msg(self) -> Msg {
        match self {
            TransitionError::NotAllowed => Msg::ErrTransitionNotAllowed,
            TransitionError::CommentRequired => Msg::ErrCommentRequired,
        }
    }
}

/// The state after `action`, or why it cannot happen. `slot` is the approver's place at a
/// parallel step (0 where a step has one approver).
pub fn next(chain: &Chain, state: State, action: Action, comment: &str, slot: usize) -> Result<State, TransitionError> {
    if action.needs_comment() && comment.trim().is_empty() {
        return Err(TransitionError::CommentRequired);
    }
    let last = chain.steps.len().saturating_sub(1) as u8;
    let to = |status, step| Ok(State::new(status, step));
    match (state.status, action) {
        (Status::Draft | Status::Returned, Action::Submit) if !chain.steps.is_empty() => to(Status::Submitted, 0),
        (Status::Submitted, Action::Approve) => {
            let step = chain.step(state.step).ok_or(TransitionError::NotAllowed)?;
            let bit = 1u16.checked_shl(slot as u32).filter(|b| b & step.all_done() != 0).ok_or(TransitionError::NotAllowed)?;
            if state.done & bit != 0 {
                return Err(TransitionError::NotAllowed);
            }
            let done = state.done | bit;
            if done != step.all_done() {
                Ok(State { done, ..state })
            } else if state.step < last {
                to(Status::Submitted, state.step + 1)
            } else {
                to(Status::Approved, last)
            }
        }
        (Status::Submitted, Action::Return) => to(Status::Returned, 0),
        (Status::Submitted, Action::Reject) if chain.allows_reject => to(Status::Rejected, state.step),
        (Status::Approved, Action::Reopen) => to(Status::Draft, 0),
        _ => Err(TransitionError::NotAllowed),
    }
}

/// A line of an approval's history (timesheets, requests): who did what, when, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransitionView {
    pub action: Action,
    pub actor_family: Option<String>,
    pub actor_given: Option<String>,
    pub via_link: bool,
    pub comment: String,
    pub day: Option<Date>,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submitted(step: u8) -> State {
        State::new(Status::Submitted, step)
    }

    #[test]
    fn timesheet_goes_client_then_provider_then_locks() {
        let chain = Chain::timesheet();
        let s = next(&chain, State::DRAFT, Action::Submit, "", 0).unwrap();
        assert_eq!(s, submitted(0));
        let s = next(&chain, s, Action::Approve, "", 0).unwrap();
        assert_eq!(s, submitted(1));
        let s = next(&chain, s, Action::Approve, "", 0).unwrap();
        assert_eq!(s.status, Status::Approved);
        assert!(!s.status.editable());
        assert_eq!(next(&chain, s, Action::Approve, "", 0), Err(TransitionError::NotAllowed), "locked");
        assert_eq!(next(&chain, s, Action::Submit, "", 0), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn returning_needs_a_comment_and_restarts_the_chain() {
        let chain = Chain::timesheet();
        assert_eq!(next(&chain, submitted(1), Action::Return, "  ", 0), Err(TransitionError::CommentRequired));
        let s = next(&chain, submitted(1), Action::Return, "day 3 is wrong", 0).unwrap();
        assert_eq!(s, State::new(Status::Returned, 0));
        assert!(s.status.editable());
        assert_eq!(next(&chain, s, Action::Submit, "", 0).unwrap(), submitted(0), "resubmission starts at the client again");
    }

    #[test]
    fn reopening_needs_a_reason_and_goes_back_through_both_steps() {
        let chain = Chain::timesheet();
        let approved = State::new(Status::Approved, 1);
        assert_eq!(next(&chain, approved, Action::Reopen, "", 0), Err(TransitionError::CommentRequired));
        let s = next(&chain, approved, Action::Reopen, "hours on the 5th were wrong", 0).unwrap();
        assert_eq!(s, State::DRAFT);
        assert_eq!(next(&chain, submitted(0), Action::Reopen, "x", 0), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn reject_only_where_the_chain_allows_it() {
        assert_eq!(next(&Chain::timesheet(), submitted(0), Action::Reject, "no", 0), Err(TransitionError::NotAllowed));
        let chain = Chain { steps: vec![Step::new(StepRule::LineManager, Msg::StepClient, None)], allows_reject: true };
        assert_eq!(next(&chain, submitted(0), Action::Reject, "no", 0).unwrap().status, Status::Rejected);
        assert_eq!(next(&chain, submitted(0), Action::Approve, "", 0).unwrap().status, Status::Approved, "one-step chain");
    }

    #[test]
    fn nothing_but_submit_from_a_draft() {
        let chain = Chain::timesheet();
        for action in [Action::Approve, Action::Return, Action::Reject, Action::Reopen] {
            assert_eq!(next(&chain, State::DRAFT, action, "why", 0), Err(TransitionError::NotAllowed), "{action:?}");
        }
        let empty = Chain { steps: vec![], allows_reject: false };
        assert_eq!(next(&empty, State::DRAFT, Action::Submit, "", 0), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn a_parallel_step_waits_for_every_approver() {
        let mut both = Step::new(StepRule::LineManager, Msg::StepLineManager, None);
        both.also = vec![StepRule::Role(Role::HrManager), StepRule::Person(7)];
        let chain = Chain { steps: vec![both, Step::new(StepRule::ProviderManager, Msg::StepProvider, None)], allows_reject: true };
        let s = next(&chain, submitted(0), Action::Approve, "", 1).unwrap();
        assert_eq!(s, State { status: Status::Submitted, step: 0, done: 0b010 });
        assert!(s.slot_done(1) && !s.slot_done(0));
        assert_eq!(next(&chain, s, Action::Approve, "", 1), Err(TransitionError::NotAllowed), "a slot approves once");
        assert_eq!(next(&chain, s, Action::Approve, "", 3), Err(TransitionError::NotAllowed), "no such slot");
        let s = next(&chain, s, Action::Approve, "", 2).unwrap();
        assert_eq!(s.step, 0, "one approver still missing");
        let s = next(&chain, s, Action::Approve, "", 0).unwrap();
        assert_eq!(s, submitted(1), "every slot approved: the next step, with no approvals yet");
        assert_eq!(next(&chain, s, Action::Approve, "", 0).unwrap().status, Status::Approved);
        let half = State { status: Status::Submitted, step: 0, done: 0b001 };
        assert_eq!(next(&chain, half, Action::Return, "wrong dates", 2).unwrap(), State::new(Status::Returned, 0), "any may return");
        assert_eq!(next(&chain, half, Action::Reject, "no", 1).unwrap().status, Status::Rejected);
    }

    #[test]
    fn older_definitions_and_states_still_read() {
        let step: Step = serde_json::from_str(r#"{"rule":"line_manager","label":"StepLineManager","due_hours":48}"#).unwrap();
        assert!(step.also.is_empty());
        let state: State = serde_json::from_str(r#"{"status":"submitted","step":1}"#).unwrap();
        assert_eq!(state, submitted(1));
        assert!(!serde_json::to_string(&step).unwrap().contains("also"), "a single approver's step stays as it was");
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
