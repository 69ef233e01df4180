//! The general approval state machine: a subject (a timesheet, a request) moves through a chain
//! of steps. Who may act at a step is a rule the server's policy evaluates; the transitions
//! themselves are pure and live here, so the browser shows exactly the buttons the server allows.
use crate::{Msg, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being filled in; the author may edit.
    Draft,
    /// Waiting for the approver of `step`.
    Submitted,
    /// Sent back to the author with a comment; editable again.
    Returned,
    /// Every step approved: locked.
    Approved,
    /// Refused for good (requests only; timesheets are returned, not rejected).
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Draft, Status::Submitted, Status::Returned, Status::Approved, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Approve,
    Return,
    Reject,
    /// Unlock an approved subject for correction; it goes through every step again.
    Reopen,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Submit, Action::Approve, Action::Return, Action::Reject, Action::Reopen];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Reject => "reject",
            Action::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|x| x.as_str() == s)
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub rule: StepRule,
    pub label: Msg,
    /// How long the approvers have, in hours (shown in the inbox; None: no due time).
    #[serde(default)]
    pub due_hours: Option<u32>,
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
                Step { rule: StepRule::ClientManager, label: Msg::StepClient, due_hours: None },
                Step { rule: StepRule::ProviderManager, label: Msg::StepProvider, due_hours: None },
            ],
            allows_reject: false,
        }
    }

    pub fn step(&self, index: u8) -> Option<&Step> {
        self.steps.get(usize::from(index))
    }
}

/// Where a subject stands: its status and, while submitted, the step waiting to act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub status: Status,
    pub step: u8,
}

impl State {
    pub const DRAFT: State = State { status: Status::Draft, step: 0 };

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

/// The state after `action`, or why it cannot happen.
pub fn next(chain: &Chain, state: State, action: Action, comment: &str) -> Result<State, TransitionError> {
    if action.needs_comment() && comment.trim().is_empty() {
        return Err(TransitionError::CommentRequired);
    }
    let last = chain.steps.len().saturating_sub(1) as u8;
    let to = |status, step| Ok(State { status, step });
    match (state.status, action) {
        (Status::Draft | Status::Returned, Action::Submit) if !chain.steps.is_empty() => to(Status::Submitted, 0),
        (Status::Submitted, Action::Approve) if state.step < last => to(Status::Submitted, state.step + 1),
        (Status::Submitted, Action::Approve) => to(Status::Approved, last),
        (Status::Submitted, Action::Return) => to(Status::Returned, 0),
        (Status::Submitted, Action::Reject) if chain.allows_reject => to(Status::Rejected, state.step),
        (Status::Approved, Action::Reopen) => to(Status::Draft, 0),
        _ => Err(TransitionError::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submitted(step: u8) -> State {
        State { status: Status::Submitted, step }
    }

    #[test]
    fn timesheet_goes_client_then_provider_then_locks() {
        let chain = Chain::timesheet();
        let s = next(&chain, State::DRAFT, Action::Submit, "").unwrap();
        assert_eq!(s, submitted(0));
        let s = next(&chain, s, Action::Approve, "").unwrap();
        assert_eq!(s, submitted(1));
        let s = next(&chain, s, Action::Approve, "").unwrap();
        assert_eq!(s.status, Status::Approved);
        assert!(!s.status.editable());
        assert_eq!(next(&chain, s, Action::Approve, ""), Err(TransitionError::NotAllowed), "locked");
        assert_eq!(next(&chain, s, Action::Submit, ""), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn returning_needs_a_comment_and_restarts_the_chain() {
        let chain = Chain::timesheet();
        assert_eq!(next(&chain, submitted(1), Action::Return, "  "), Err(TransitionError::CommentRequired));
        let s = next(&chain, submitted(1), Action::Return, "day 3 is wrong").unwrap();
        assert_eq!(s, State { status: Status::Returned, step: 0 });
        assert!(s.status.editable());
        assert_eq!(next(&chain, s, Action::Submit, "").unwrap(), submitted(0), "resubmission starts at the client again");
    }

    #[test]
    fn reopening_needs_a_reason_and_goes_back_through_both_steps() {
        let chain = Chain::timesheet();
        let approved = State { status: Status::Approved, step: 1 };
        assert_eq!(next(&chain, approved, Action::Reopen, ""), Err(TransitionError::CommentRequired));
        let s = next(&chain, approved, Action::Reopen, "hours on the 5th were wrong").unwrap();
        assert_eq!(s, State::DRAFT);
        assert_eq!(next(&chain, submitted(0), Action::Reopen, "x"), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn reject_only_where_the_chain_allows_it() {
        assert_eq!(next(&Chain::timesheet(), submitted(0), Action::Reject, "no"), Err(TransitionError::NotAllowed));
        let chain =
            Chain { steps: vec![Step { rule: StepRule::LineManager, label: Msg::StepClient, due_hours: None }], allows_reject: true };
        assert_eq!(next(&chain, submitted(0), Action::Reject, "no").unwrap().status, Status::Rejected);
        assert_eq!(next(&chain, submitted(0), Action::Approve, "").unwrap().status, Status::Approved, "one-step chain");
    }

    #[test]
    fn nothing_but_submit_from_a_draft() {
        let chain = Chain::timesheet();
        for action in [Action::Approve, Action::Return, Action::Reject, Action::Reopen] {
            assert_eq!(next(&chain, State::DRAFT, action, "why"), Err(TransitionError::NotAllowed), "{action:?}");
        }
        let empty = Chain { steps: vec![], allows_reject: false };
        assert_eq!(next(&empty, State::DRAFT, Action::Submit, ""), Err(TransitionError::NotAllowed));
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
