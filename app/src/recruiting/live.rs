//! Hearing a job's changes as they happen (server-sent events): the board and an open
//! candidate page both follow them.
use shared::recruiting::BoardEvent;

/// Calls `heard` for every change to the job's board: with the event, or with None when the
/// server asks for a full reload (it missed events). Closed with the calling component.
#[allow(unused_variables)]
pub fn follow_job(job_id: impl Fn() -> i64 + Send + Sync + 'static, heard: impl Fn(Option<BoardEvent>) + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use leptos::prelude::*;
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new(&format!("/recruiting/jobs/{}/events", job_id())) else { return };
        let heard = heard.clone();
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let event = ev.data().as_string().and_then(|data| serde_json::from_str::<BoardEvent>(&data).ok());
            heard(event);
        });
        let _ = source.add_event_listener_with_callback("board", listener.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("reload", listener.as_ref().unchecked_ref());
        let kept = StoredValue::new_local((source, listener));
        on_cleanup(move || kept.with_value(|(source, _)| source.close()));
    });
}
