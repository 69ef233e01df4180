//! The notification centre: the unread count on the navigation, kept current live (server-sent
//! events on `/notifications/events`), and the page of the newest notifications.
pub mod api;
pub mod choices;
pub mod reminders;

use crate::i18n::{t, use_locale};
use crate::shell::widgets::{ErrorNote, Loading};
use crate::zone::moment;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::notifications::NoticeView;
use shared::{Locale, Msg};

/// Bumped when the unread count may have changed (a notice heard live, some marked read); the
/// signed-in layout provides it to the navigation and the pages.
#[derive(Clone, Copy)]
pub struct NoticeTick(pub RwSignal<u32>);

impl NoticeTick {
    pub fn provide() {
        provide_context(NoticeTick(RwSignal::new(0)));
    }

    /// Read while rendering: a task spawned later has no context to find it in.
    fn get() -> RwSignal<u32> {
        use_context::<NoticeTick>().map(|n| n.0).unwrap_or_else(|| RwSignal::new(0))
    }
}

fn bump(tick: RwSignal<u32>) {
    tick.try_update(|n| *n += 1);
}

/// The unread count: as the server rendered the page (it came with the signed-in person), then
/// fetched again in the browser whenever a notice arrives (heard live) or some are marked read.
/// A signal rather than a resource, so no server render waits on it.
pub fn use_unread(initial: i64) -> RwSignal<i64> {
    let tick = NoticeTick::get();
    let count = RwSignal::new(initial);
    listen(tick);
    Effect::new(move |first: Option<()>| {
        tick.track();
        if first.is_some() {
            leptos::task::spawn_local(async move {
                if let Ok(n) = api::unread().await {
                    count.try_set(n);
                }
            });
        }
    });
    count
}

/// The unread count as a badge on the navigation's link.
pub fn unread_badge(n: i64, locale: shared::Locale) -> impl IntoView {
    (n > 0).then(|| {
        view! {
            <span class="badge" data-testid="unread-count" aria-label=Msg::UnreadNotifications.fill(locale, &[("count", &n.to_string())])>{n}</span>
        }
    })
}

#[allow(unused_variables)]
fn listen(tick: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new("/notifications/events") else { return };
        let heard = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| bump(tick));
        let _ = source.add_event_listener_with_callback("notice", heard.as_ref().unchecked_ref());
        let kept = StoredValue::new_local((source, heard));
        on_cleanup(move || kept.with_value(|(source, _)| source.close()));
    });
}

/// One notification as a list item: its words, a link to what it is about (`open` runs when it
/// is followed) and its date in the reader's style.
pub fn notice_item(n: NoticeView, locale: Locale, open: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    let text = n.text;
    let body = match n.link {
        Some(href) => view! { <a href=href on:click=open>{text}</a> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    };
    view! {
        <li class:unread=n.read_at.is_none() data-testid="notice">
            {body}" "<span class="muted">{moment(n.created_at, locale)}</span>
        </li>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let tick = NoticeTick::get();
    let read_all = Action::new(|_: &()| api::mark_read(None));
    let list = Resource::new(move || (tick.get(), read_all.version().get()), |_| api::notifications());
    Effect::new(move |_| {
        if let Some(Ok(())) = read_all.value().get() {
            bump(tick);
        }
    });
    let locale = use_locale();
    view! {
        <Title text=t(Msg::Notifications)/>
        <div class="page-head">
            <h1>{t(Msg::Notifications)}</h1>
            <button type="button" class="secondary" on:click=move |_| { read_all.dispatch(()); }>{t(Msg::MarkAllRead)}</button>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="empty">{t(Msg::NoNotifications)}</p> }.into_any(),
                    Ok(items) => {
                        let items = items
                            .into_iter()
                            .map(|n| {
                                let id = n.id;
                                // Opening one marks it read; the page changes on the client, so the call finishes.
                                let open = move |_| {
                                    leptos::task::spawn_local(async move {
                                        if api::mark_read(Some(id)).await.is_ok() {
                                            bump(tick);
                                        }
                                    })
                                };
                                notice_item(n, locale, open)
                            })
                            .collect_view();
                        view! { <ul class="notices card plain" data-testid="notices">{items}</ul> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
