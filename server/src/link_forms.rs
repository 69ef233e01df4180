//! The decisions of the pages people open from a message, posted as plain forms to the link
//! itself: a client manager's approval link, an approver's request link and a candidate's
//! invitation. The page re-renders
//! with the new state (or the reason and what was typed), complete without JavaScript.
use crate::form_post::{client_addr, read_form, respond};
use crate::AppState;
use app::backend::cabinet::requests;
use app::backend::recruiting::invitations;
use app::backend::timesheets::review;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use serde::Deserialize;
use shared::approvals::Action;
use shared::cabinet::RequestDecision;
use shared::recruiting::InvitationAnswer;
use shared::timesheets::model::Decision;

#[derive(Deserialize)]
pub struct DecisionForm {
    timesheet_id: i64,
    version: i64,
    action: Action,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    day: String,
}

pub async fn approve(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    let (parts, form) = match read_form::<DecisionForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let day = Some(form.day.clone()).filter(|d| !d.is_empty());
    let decision =
        Decision { timesheet_id: form.timesheet_id, version: form.version, action: form.action, comment: form.comment.clone(), day };
    let outcome = review::link_decide(&state.backend, &token, &decision, Some(&client_addr(&parts))).await.map_err(|e| e.into_app_error());
    let typed = vec![("comment".to_string(), form.comment), ("day".to_string(), form.day)];
    respond(&state, parts, outcome, typed).await
}

#[derive(Deserialize)]
pub struct RequestDecisionForm {
    request_id: i64,
    version: i64,
    action: Action,
    #[serde(default)]
    comment: String,
}

pub async fn decide_request(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    let (parts, form) = match read_form::<RequestDecisionForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let decision =
        RequestDecision { request_id: form.request_id, version: form.version, action: form.action, comment: form.comment.clone() };
    let outcome =
        requests::link_decide(&state.backend, &token, &decision, Some(&client_addr(&parts))).await.map_err(|e| e.into_app_error());
    respond(&state, parts, outcome, vec![("comment".to_string(), form.comment)]).await
}

/// Which answer button was pressed.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Accept,
    Decline,
    Propose,
}

#[derive(Deserialize)]
pub struct AnswerForm {
    answer: Answer,
    #[serde(default)]
    slot: String,
    #[serde(default)]
    text: String,
}

pub async fn answer_invitation(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    let (parts, form) = match read_form::<AnswerForm>(&state, req).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let answer = match form.answer {
        Answer::Accept => InvitationAnswer::Accept { slot: form.slot },
        Answer::Decline => InvitationAnswer::Decline,
        Answer::Propose => InvitationAnswer::Propose { text: form.text.clone() },
    };
    let outcome = invitations::answer(&state.backend, &token, &answer).await.map_err(|e| e.into_app_error());
    respond(&state, parts, outcome, vec![("text".to_string(), form.text)]).await
}
