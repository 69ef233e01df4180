//! A job's own candidate fields: the recruiters' editor in the job's settings, and the input
//! each kind of field gets in the candidate forms.
use super::api::set_fields;
use crate::i18n::t;
use crate::shell::widgets::labels_inputs;
use crate::AppError;
use leptos::prelude::*;
use shared::recruiting::{CustomField, CustomKind};
use shared::Msg;

/// The input for one custom field, bound to `get`/`set`; its error shows beside it.
pub fn custom_input(
    field: CustomField,
    get: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Copy + Send + Sync + 'static,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let name = field.name();
    let error_name = name.clone();
    let on_input = move |ev: leptos::ev::Event| set(event_target_value(&ev));
    let input = match field.kind {
        CustomKind::Choice => {
            let current = get();
            let options =
                field.choices.iter().map(|c| view! { <option value=c.clone() selected=*c == current>{c.clone()}</option> }).collect_view();
            view! { <select name=name on:change=on_input><option value="">"—"</option>{options}</select> }.into_any()
        }
        CustomKind::Date => view! { <input type="date" name=name prop:value=get on:input=on_input/> }.into_any(),
        CustomKind::Number => view! { <input inputmode="decimal" name=name prop:value=get on:input=on_input/> }.into_any(),
        CustomKind::Text => view! { <input name=name prop:value=get on:input=on_input/> }.into_any(),
    };
    view! {
        <label>
            {field.label.get(crate::i18n::use_locale()).to_string()}
            {input}
            {move || error.get().and_then(|e| e.field(&error_name)).map(|m| view! { <span class="field-error">{t(m)}</span> })}
        </label>
    }
}

/// The recruiters' editor of a job's fields: label, kind and (for a choice) the choices; keys
/// stay when labels change, so stored values follow their field.
#[component]
pub fn JobFields(job_id: i64, fields: Vec<CustomField>, version: RwSignal<i64>) -> impl IntoView {
    let rows = RwSignal::new(fields);
    let save = super::saving(version, move |v, f: Vec<CustomField>| set_fields(job_id, v, f), |v| *v);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let add = move |_| {
        rows.update(|r| {
            let next = (1..).find(|n| !r.iter().any(|f| f.key == format!("f{n}"))).unwrap_or(1);
            r.push(CustomField { key: format!("f{next}"), ..Default::default() });
        })
    };
    let kinds = move |current: CustomKind| {
        CustomKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=k == current>{t(k.label())}</option> }).collect_view()
    };
    view! {
        <section class="card">
            <h2>{t(Msg::JobFields)}</h2>
            <form class="stack" data-testid="job-fields" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(rows.get_untracked()); }>
                <For each={move || rows.get().into_iter().enumerate().collect::<Vec<_>>()} key={|(i, f)| (*i, f.key.clone())}
                    children={move |(i, f): (usize, CustomField)| view! {
                    <div class="row">
                        <fieldset class="labels">
                            <legend>{t(Msg::FieldLabel)}</legend>
                            {labels_inputs(
                                "label",
                                move || rows.with_untracked(|r| r.get(i).map(|f| f.label.clone()).unwrap_or_default()),
                                move |locale, v| rows.update(|r| r.get_mut(i).into_iter().for_each(|f| *f.label.get_mut(locale) = v.clone())),
                            )}
                        </fieldset>
                        <label>
                            {t(Msg::Kind)}
                            <select name="kind" on:change=move |ev| {
                                let kind = CustomKind::parse(&event_target_value(&ev)).unwrap_or_default();
                                rows.update(|r| r[i].kind = kind);
                            }>{kinds(f.kind)}</select>
                        </label>
                        <label>
                            {t(Msg::ChoicesHint)}
                            <input name="choices" prop:value=f.choices.join(", ")
                                on:input=move |ev| rows.update(|r| r[i].choices = event_target_value(&ev).split(',').map(|c| c.trim().to_string()).collect())/>
                        </label>
                        <button type="button" class="secondary" on:click=move |_| rows.update(|r| { r.remove(i); })>{t(Msg::Remove)}</button>
                        {move || rows.with(|r| r.get(i).map(|f| f.name())).and_then(|name| error.get().and_then(|e| e.field(&name)))
                            .map(|m| view! { <span class="field-error">{t(m)}</span> })}
                    </div>
                }}/>
                <div class="row">
                    <button type="button" class="secondary" on:click=add>{t(Msg::AddField)}</button>
                    <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
                {super::outcome(save)}
            </form>
        </section>
    }
}
