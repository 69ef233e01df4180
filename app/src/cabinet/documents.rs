//! Company documents: read, and sign with your password; HR publishes new ones and new
//! versions, and sees who has not signed yet.
use super::api::{document_status, my_documents, publish_document, remind_signers, sign_document};
use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::cabinet::{Audience, DocumentInput, DocumentKind, DocumentView};
use shared::format::person_name;
use shared::{Msg, Role};

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let manager = use_viewer().is_some_and(|v| v.is_staff_manager());
    let publish = Action::new(|input: &DocumentInput| publish_document(input.clone()));
    let docs = Resource::new(move || publish.version().get(), |_| my_documents());
    view! {
        <Title text=t(Msg::DocumentsTitle)/>
        <h1>{t(Msg::DocumentsTitle)}</h1>
        {manager.then(|| view! { <Publish publish/> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match docs.await {
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|doc| view! { <DocumentCard doc manager/> }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DocumentCard(doc: DocumentView, manager: bool) -> impl IntoView {
    let locale = use_locale();
    let password = RwSignal::new(String::new());
    let signed = RwSignal::new(doc.signed_at);
    let version_id = doc.version_id;
    let sign = Action::new(move |p: &String| sign_document(version_id, p.clone()));
    Effect::new(move |_| {
        if let Some(Ok(at)) = sign.value().get() {
            signed.set(Some(at));
            password.set(String::new());
        }
    });
    let id = doc.id;
    let show_status = RwSignal::new(false);
    // Fetched on demand in the browser: an action, as a resource created inside the page's
    // boundary can stall the server's render (leptos#4866).
    let status = Action::new(move |_: &()| document_status(id));
    let remind = Action::new(move |_: &()| remind_signers(id));
    view! {
        <article class="card document" data-testid="document">
            <h2>{doc.title.clone()}</h2>
            <p class="muted">{t(doc.kind.label())}" · "{Msg::VersionN.fill(locale, &[("n", &doc.number.to_string())])}" · "{crate::zone::day(doc.published_at).format(locale)}</p>
            <details><summary>{t(Msg::Open)}</summary><div class="document-body">{doc.body.clone()}</div></details>
            {doc.signed_at.is_none().then(|| view! { <crate::notifications::reminders::RemindMe about=shared::notifications::reminders::About::Document id/> })}
            {move || match signed.get() {
                Some(at) => view! { <p class="alert ok" data-testid="signed">{Msg::SignedOn.fill(locale, &[("date", &crate::zone::day(at).format(locale))])}</p> }.into_any(),
                None => view! {
                    <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); sign.dispatch(password.get_untracked()); }>
                        <label>
                            <span>{t(Msg::SignWithPassword)}</span>
                            <input type="password" name="password" autocomplete="current-password" prop:value=move || password.get()
                                on:input=move |ev| password.set(event_target_value(&ev))/>
                            {move || sign.value().get().and_then(Result::err).and_then(|e| e.field("password")).map(|m| view! { <span class="field-error">{t(m)}</span> })}
                        </label>
                        <button type="submit" class="primary" disabled=move || sign.pending().get()>{t(Msg::Sign)}</button>
                        {move || sign.value().get().and_then(Result::err).filter(|e| e.field("password").is_none()).map(|error| view! { <ErrorNote error/> })}
                    </form>
                }
                .into_any(),
            }}
            {manager.then(|| view! {
                <div class="buttons">
                    <button type="button" class="secondary" on:click=move |_| {
                        let on = !show_status.get_untracked();
                        show_status.set(on);
                        if on {
                            status.dispatch(());
                        }
                    }>{t(Msg::Status)}</button>
                    <button type="button" class="secondary" on:click=move |_| { remind.dispatch(()); }>{t(Msg::Remind)}</button>
                    {move || remind.value().get().and_then(Result::ok).map(|n| view! { <span class="muted">{Msg::RemindedCount.fill(locale, &[("count", &n.to_string())])}</span> })}
                </div>
                {move || show_status.get().then(|| status.value().get()).flatten().and_then(Result::ok).map(|s| {
                    let rows = s.people.into_iter().map(|(_, f, g, at)| view! {
                        <tr><td>{person_name(&f, &g, locale)}</td><td>{at.map(|a| crate::zone::day(a).format(locale)).unwrap_or_else(|| t(Msg::NotSigned).to_string())}</td></tr>
                    }).collect_view();
                    view! { <div class="table-wrap"><table class="list"><tbody>{rows}</tbody></table></div> }
                })}
            })}
        </article>
    }
}

#[component]
fn Publish(publish: Action<DocumentInput, Result<i64, crate::AppError>>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let kind = RwSignal::new(DocumentKind::Policy);
    let only_employees = RwSignal::new(true);
    let error = Signal::derive(move || publish.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let audience = if only_employees.get_untracked() {
            Audience { roles: vec![Role::Employee], ..Audience::default() }
        } else {
            Audience { all: true, ..Audience::default() }
        };
        publish.dispatch(DocumentInput {
            document_id: None,
            title: title.get_untracked(),
            kind: kind.get_untracked(),
            body: body.get_untracked(),
            audience,
        });
    };
    view! {
        <form class="card stack" on:submit=submit>
            <h2>{t(Msg::Publish)}</h2>
            <label><span>{t(Msg::Title)}</span><input name="title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                {move || error.get().and_then(|e| e.field("title")).map(|m| view! { <span class="field-error">{t(m)}</span> })}</label>
            <label><span>{t(Msg::Kind)}</span>
                <select name="kind" on:change=move |ev| { if let Some(k) = DocumentKind::parse(&event_target_value(&ev)) { kind.set(k) } }>
                    {DocumentKind::ALL.map(|k| view! { <option value=k.as_str()>{t(k.label())}</option> })}
                </select>
            </label>
            <label><span>{t(Msg::Body)}</span><textarea name="body" rows="6" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                {move || error.get().and_then(|e| e.field("body")).map(|m| view! { <span class="field-error">{t(m)}</span> })}</label>
            <label class="check"><input type="checkbox" prop:checked=move || only_employees.get() on:change=move |ev| only_employees.set(event_target_checked(&ev))/>{t(Msg::OnlyEmployees)}</label>
            <button type="submit" class="primary" disabled=move || publish.pending().get()>{t(Msg::Publish)}</button>
        </form>
    }
}
