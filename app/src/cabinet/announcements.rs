//! Announcements and to-dos on the home page; HR publishes them to a group.
use super::api::{my_announcements, publish_announcement, todo_done};
use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use leptos::prelude::*;
use shared::cabinet::{AnnouncementInput, AnnouncementView, Audience, PostKind};
use shared::{Msg, Role};

#[component]
pub fn Announcements() -> impl IntoView {
    let manager = use_viewer().is_some_and(|v| v.is_staff_manager());
    let publish = Action::new(|input: &AnnouncementInput| publish_announcement(input.clone()));
    let data = Resource::new(move || publish.version().get(), |_| my_announcements());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = data.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <h2>{t(Msg::Announcements)}</h2>
                    <div class="stack">{list.into_iter().map(|a| view! { <Item a/> }).collect_view()}</div>
                })
            })}
        </Suspense>
        {manager.then(|| view! { <Publish publish/> })}
    }
}

#[component]
fn Item(a: AnnouncementView) -> impl IntoView {
    let locale = use_locale();
    let done = RwSignal::new(a.done_at);
    let id = a.id;
    let mark = Action::new(move |_: &()| todo_done(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = mark.value().get() {
            done.set(Some(0));
        }
    });
    let todo = a.kind == PostKind::Todo;
    let due = a.due_on.map(|d| Msg::DueOn.fill(locale, &[("date", &d.format(locale))]));
    view! {
        <article class="card" data-testid="announcement">
            <h3>{a.title.clone()}</h3>
            <p class="document-body">{a.body.clone()}</p>
            <p class="muted">{crate::zone::day(a.created_at).format(locale)}{due.map(|d| format!(" · {d}"))}</p>
            {todo.then(|| view! {
                {move || match done.get() {
                    Some(_) => view! { <p class="alert ok" data-testid="todo-done">{t(Msg::Done)}</p> }.into_any(),
                    None => view! { <button type="button" class="primary" on:click=move |_| { mark.dispatch(()); }>{t(Msg::MarkDone)}</button> }.into_any(),
                }}
            })}
        </article>
    }
}

#[component]
fn Publish(publish: Action<AnnouncementInput, Result<i64, crate::AppError>>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let todo = RwSignal::new(false);
    let due = RwSignal::new(String::new());
    let error = Signal::derive(move || publish.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        publish.dispatch(AnnouncementInput {
            kind: if todo.get_untracked() { PostKind::Todo } else { PostKind::Announcement },
            title: title.get_untracked(),
            body: body.get_untracked(),
            audience: Audience { roles: vec![Role::Employee], ..Audience::default() },
            due_on: due.get_untracked(),
        });
    };
    let field = move |name: &'static str| {
        move || error.get().and_then(|e| e.field(name)).map(|m| view! { <span class="field-error">{t(m)}</span> })
    };
    view! {
        <form class="card stack" on:submit=submit>
            <h2>{t(Msg::NewAnnouncement)}</h2>
            <label><span>{t(Msg::Title)}</span><input name="title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>{field("title")}</label>
            <label><span>{t(Msg::Body)}</span><textarea name="body" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>{field("body")}</label>
            <label class="check"><input type="checkbox" prop:checked=move || todo.get() on:change=move |ev| todo.set(event_target_checked(&ev))/>{t(Msg::AsTodo)}</label>
            <label><span>{t(Msg::DueDate)}</span><input type="date" name="due_on" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>{field("due_on")}</label>
            <button type="submit" class="primary" disabled=move || publish.pending().get()>{t(Msg::Publish)}</button>
        </form>
    }
}
