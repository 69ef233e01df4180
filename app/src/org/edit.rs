//! Editing a unit in place (administrators): its name, country or site address, parent, and
//! archiving it.
use super::api::update_org_unit;
use crate::i18n::t;
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::model::UnitEdit;
use shared::Msg;

#[component]
pub fn EditUnit(
    unit: UnitEdit,
    /// The possible parents (a department's legal entities, a site's client companies).
    parents: Vec<(i64, String)>,
    extra: Option<Msg>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let form = RwSignal::new(unit.clone());
    let save = Action::new(|edit: &UnitEdit| update_org_unit(edit.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            reload();
        }
    });
    let parent_options = parents
        .into_iter()
        .map(|(id, text)| view! { <option value=id.to_string() selected=unit.parent_id == Some(id)>{text}</option> })
        .collect_view();
    let has_parent = unit.parent_id.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(form.get_untracked());
    };
    view! {
        <details class="unit-edit">
            <summary>{t(Msg::EditUnit)}</summary>
            <form class="inline-form" on:submit=submit>
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                <label>
                    <span>{t(Msg::Name)}</span>
                    <input name="name" prop:value=move || form.with(|f| f.name.clone()) on:input=move |ev| form.update(|f| f.name = event_target_value(&ev))/>
                    {move || field_error(error.get(), "name")}
                </label>
                {has_parent.then(|| view! {
                    <select name="parent_id" on:change=move |ev| form.update(|f| f.parent_id = event_target_value(&ev).parse().ok())>{parent_options}</select>
                    {move || field_error(error.get(), "parent_id")}
                })}
                {extra.map(|label| view! {
                    <label>
                        <span>{t(label)}</span>
                        <input name="extra" prop:value=move || form.with(|f| f.extra.clone()) on:input=move |ev| form.update(|f| f.extra = event_target_value(&ev))/>
                        {move || field_error(error.get(), "extra")}
                    </label>
                })}
                <label class="check">
                    <input type="checkbox" name="archived" prop:checked=move || form.with(|f| f.archived)
                        on:change=move |ev| form.update(|f| f.archived = event_target_checked(&ev))/>
                    {t(Msg::ArchiveUnit)}
                </label>
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </form>
        </details>
    }
}
