//! Editing a candidate. Others' changes since the page loaded are merged on the server; where
//! someone changed the same field, the save is refused, the typed value stays in the form and
//! the field says what it is now — saving again keeps the typed value. Contacts are write-only:
//! a value typed replaces the stored one, which is never shown here.
use super::api::edit_candidate;
use crate::i18n::t;
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::recruiting::{CandidateEdit, CandidateFacts, CustomField};
use shared::Msg;

/// A candidate's field by its key, for the timeline and conflict notes.
pub fn field_label(key: &str) -> Msg {
    match key {
        "full_name" => Msg::FullName,
        "source" => Msg::Source,
        "tags" => Msg::TagsField,
        "phone" => Msg::Phone,
        "email" => Msg::Email,
        "birth_date" => Msg::BirthDate,
        _ => Msg::Address,
    }
}

#[component]
pub fn EditCandidate(id: i64, facts: CandidateFacts, fields: Vec<CustomField>, reload: RwSignal<usize>) -> impl IntoView {
    let input = RwSignal::new(CandidateEdit { id, base: facts.clone(), edit: facts, ..Default::default() });
    let save = Action::new(|e: &CandidateEdit| edit_candidate(e.clone()));
    // Conflicts of the last save: (field, its value now).
    let conflicts = RwSignal::new(Vec::<(String, String)>::new());
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => reload.update(|v| *v += 1),
        Some(Err(AppError::Stale(now))) => {
            // The editor has now seen these values: a second save keeps what they typed.
            input.update(|e| {
                for (field, value) in &now {
                    e.base.set(field, value.clone());
                }
            });
            conflicts.set(now);
        }
        _ => {}
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let fact = move |name: &'static str, get: fn(&CandidateFacts) -> &String, set: fn(&mut CandidateFacts) -> &mut String| {
        view! {
            <label>
                {t(field_label(name))}
                <input name=name prop:value=move || input.with(|e| get(&e.edit).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); input.update(|e| *set(&mut e.edit) = v) }/>
                {move || field_error(error.get(), name)}
                {move || conflicts.with(|c| c.iter().find(|(f, _)| f == name).map(|(_, now)| view! {
                    <span class="field-error" data-testid="changed-meanwhile">{t(Msg::ChangedMeanwhileTo).replace("{value}", now)}</span>
                }))}
            </label>
        }
    };
    // Someone else's value of a field that clashed with this editor's.
    let clash = move |name: String| {
        move || {
            conflicts.with(|c| {
                c.iter().find(|(f, _)| *f == name).map(|(_, now)| view! {
            <span class="field-error" data-testid="changed-meanwhile">{t(Msg::ChangedMeanwhileTo).replace("{value}", now)}</span>
        })
            })
        }
    };
    let custom = fields
        .into_iter()
        .map(|f| {
            let name = f.name();
            let get = {
                let name = name.clone();
                move || input.with(|e| e.edit.get(&name).to_string())
            };
            let stored = StoredValue::new(name.clone());
            view! {
                {super::settings::custom_input(f, get, move |v| input.update(|e| e.edit.set(&stored.get_value(), v)), error)}
                {clash(name)}
            }
        })
        .collect_view();
    let contact = move |name: &'static str, set: fn(&mut CandidateEdit) -> &mut String, get: fn(&CandidateEdit) -> &String| {
        view! {
            <label>
                {t(field_label(name))}
                <input name=name placeholder=t(Msg::KeepWhenEmpty) prop:value=move || input.with(|e| get(e).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); input.update(|e| *set(e) = v) }/>
                {move || field_error(error.get(), name)}
            </label>
        }
    };
    view! {
        <details class="card">
            <summary>{t(Msg::Edit)}</summary>
            <form class="stack" data-testid="edit-candidate" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                conflicts.set(Vec::new());
                save.dispatch(input.get_untracked());
            }>
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                {fact("full_name", |f| &f.full_name, |f| &mut f.full_name)}
                {fact("source", |f| &f.source, |f| &mut f.source)}
                {fact("tags", |f| &f.tags, |f| &mut f.tags)}
                {custom}
                {contact("phone", |e| &mut e.phone, |e| &e.phone)}
                {contact("email", |e| &mut e.email, |e| &e.email)}
                {contact("birth_date", |e| &mut e.birth_date, |e| &e.birth_date)}
                {contact("address", |e| &mut e.address, |e| &e.address)}
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </form>
        </details>
    }
}
