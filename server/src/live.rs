//! Server-sent events: an open recruiting board hears every move, new candidate and comment on
//! its job, and every page of a signed-in person hears of their new notifications, from
//! whichever server node made them.
use crate::AppState;
use app::backend::live::LiveEvent;
use app::backend::recruiting;
use app::backend::request::Caller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn board_events(State(state): State<AppState>, caller: Option<Extension<Caller>>, Path(job_id): Path<i64>) -> Response {
    let Some(Extension(caller)) = caller else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let allowed = match recruiting::team(&state.backend.db, caller.org_id, job_id).await {
        Ok(team) => app::backend::policy::work_on_job(&caller, &team).is_ok(),
        Err(_) => false,
    };
    if !allowed {
        return StatusCode::FORBIDDEN.into_response();
    }
    let rx = state.backend.live.subscribe();
    let stream = futures_util::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(LiveEvent::Board(event)) if event.job_id == job_id => {
                    let data = serde_json::to_string(&event).unwrap_or_default();
                    return Some((Ok::<_, Infallible>(Event::default().event("board").data(data)), rx));
                }
                Ok(_) => continue,
                // Fell behind: tell the browser to reload the whole board.
                Err(RecvError::Lagged(_)) => return Some((Ok(Event::default().event("reload").data("{}")), rx)),
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// The caller's new notifications: an empty `notice` event each (the page fetches the count).
pub async fn notice_events(State(state): State<AppState>, caller: Option<Extension<Caller>>) -> Response {
    let Some(Extension(caller)) = caller else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let me = caller.person_id;
    let rx = state.backend.live.subscribe();
    let stream = futures_util::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(LiveEvent::Notice { person_id }) if person_id == me => {
                    return Some((Ok::<_, Infallible>(Event::default().event("notice").data("{}")), rx));
                }
                Ok(_) => continue,
                // Fell behind: one might have been for us.
                Err(RecvError::Lagged(_)) => return Some((Ok(Event::default().event("notice").data("{}")), rx)),
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}
