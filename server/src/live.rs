//! Server-sent events: an open recruiting board hears every move, new candidate and comment on
//! its job, and every page of a signed-in person hears of their new notifications, from
//! whichever server node made them.
//!
//! A stream lives no longer than the right to it: before each event and every
//! `live_recheck_secs` it checks that its session is still live (not signed out, expired or
//! revoked by a password change), its person still active and, for a board, still on the
//! job's team; otherwise it ends.
use crate::refusal::{Refusal, SignedIn};
use crate::AppState;
use app::backend::live::LiveEvent;
use app::backend::request::{Caller, RequestLocale};
use app::backend::{policy, recruiting, sessions};
use app::AppError;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

/// What a stream does with what it heard.
enum Heard {
    Send(Event),
    Skip,
    End,
}

/// Whose stream it is and what it watches.
struct Watch {
    state: AppState,
    session_hash: String,
    job_id: Option<i64>,
}

impl Watch {
    async fn still_allowed(&self) -> bool {
        let backend = &self.state.backend;
        let Ok(Some(caller)) = sessions::still_live(&backend.db, &backend.config, &self.session_hash).await else {
            return false;
        };
        match self.job_id {
            None => true,
            Some(job) => job_access(&self.state, &caller, job).await,
        }
    }
}

async fn job_access(state: &AppState, caller: &Caller, job_id: i64) -> bool {
    match recruiting::team(&state.backend.db, caller.org_id, job_id).await {
        Ok(team) => policy::work_on_job(caller, &team).is_ok(),
        Err(_) => false,
    }
}

/// The event stream of `watch`, passing what `pick` keeps.
fn stream(watch: Watch, pick: impl Fn(Result<LiveEvent, RecvError>) -> Heard + Send + 'static) -> Response {
    let rx = watch.state.backend.live.subscribe();
    let period = std::time::Duration::from_secs(watch.state.backend.config.live_recheck_secs);
    let recheck = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    let events = futures_util::stream::unfold((rx, recheck, watch, pick), |(mut rx, mut recheck, watch, pick)| async move {
        loop {
            tokio::select! {
                heard = rx.recv() => match pick(heard) {
                    Heard::Skip => continue,
                    Heard::End => return None,
                    Heard::Send(event) => {
                        if !watch.still_allowed().await {
                            return None;
                        }
                        return Some((Ok::<_, Infallible>(event), (rx, recheck, watch, pick)));
                    }
                },
                _ = recheck.tick() => {
                    if !watch.still_allowed().await {
                        return None;
                    }
                }
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::default()).into_response()
}

pub async fn board_events(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    Extension(locale): Extension<RequestLocale>,
    Path(job_id): Path<i64>,
) -> Result<Response, Refusal> {
    if !job_access(&state, &caller, job_id).await {
        return Err(Refusal::new(AppError::Forbidden, locale));
    }
    let watch = Watch { state, session_hash: caller.session_hash, job_id: Some(job_id) };
    Ok(stream(watch, move |heard| match heard {
        Ok(LiveEvent::Board(event)) if event.job_id == job_id => {
            Heard::Send(Event::default().event("board").data(serde_json::to_string(&event).unwrap_or_default()))
        }
        Ok(_) => Heard::Skip,
        // Fell behind: tell the browser to reload the whole board.
        Err(RecvError::Lagged(_)) => Heard::Send(Event::default().event("reload").data("{}")),
        Err(RecvError::Closed) => Heard::End,
    }))
}

/// The caller's new notifications: an empty `notice` event each (the page fetches the count).
pub async fn notice_events(State(state): State<AppState>, SignedIn(caller): SignedIn) -> Response {
    let me = caller.person_id;
    let watch = Watch { state, session_hash: caller.session_hash, job_id: None };
    stream(watch, move |heard| match heard {
        Ok(LiveEvent::Notice { person_id }) if person_id == me => Heard::Send(Event::default().event("notice").data("{}")),
        Ok(_) => Heard::Skip,
        // Fell behind: one might have been for us.
        Err(RecvError::Lagged(_)) => Heard::Send(Event::default().event("notice").data("{}")),
        Err(RecvError::Closed) => Heard::End,
    })
}
