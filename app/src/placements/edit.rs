//! Editing a placement (admins and HR): its site while it has no timesheets, its foreman, its
//! end and its rate. The form is built when opened: a list of placements stays one request.
use super::api::update_placement;
use crate::i18n::t;
use crate::people::form::{IdSelect, PersonSelect};
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::model::{PlacementEdit, PlacementRow};
use shared::{Msg, Role};

#[component]
pub fn EditPlacement(
    placement: PlacementRow,
    sites: Vec<(i64, String)>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details class="unit-edit">
            // A click (also Enter or Space) on the summary opens and closes the details.
            <summary on:click=move |_| open.update(|o| *o = !*o)>{t(Msg::EditUnit)}</summary>
            {move || open.get().then(|| view! { <EditForm placement=placement.clone() sites=sites.clone() reload/> })}
        </details>
    }
}

#[component]
fn EditForm(placement: PlacementRow, sites: Vec<(i64, String)>, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    // Rates are kept in hundredths, whatever the currency.
    let rate = format!("{}.{:02}", placement.rate_minor / 100, placement.rate_minor % 100);
    let form = RwSignal::new(PlacementEdit {
        id: placement.id,
        version: placement.version,
        client_department_id: placement.client_department_id,
        foreman_id: placement.foreman_id,
        ends_on: placement.ends_on.map(|d| d.iso()).unwrap_or_default(),
        rate,
        currency: placement.currency.clone(),
    });
    let site = RwSignal::new(Some(placement.client_department_id));
    let foreman = RwSignal::new(placement.foreman_id);
    let save = Action::new(|edit: &PlacementEdit| update_placement(edit.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            reload();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut edit = form.get_untracked();
        edit.client_department_id = site.get_untracked().unwrap_or_default();
        edit.foreman_id = foreman.get_untracked();
        save.dispatch(edit);
    };
    view! {
        <form class="inline-form" on:submit=submit data-testid="edit-placement">
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            <IdSelect label=Msg::ClientDepartment name="client_department_id" options=sites value=site error/>
            <PersonSelect role=Role::Foreman label=Msg::Foreman name="foreman_id" query=Signal::stored(String::new()) value=foreman error/>
            <label>
                <span>{t(Msg::EndPlacement)}</span>
                <input type="date" name="ends_on" prop:value=move || form.with(|f| f.ends_on.clone())
                    on:input=move |ev| form.update(|f| f.ends_on = event_target_value(&ev))/>
                {move || field_error(error.get(), "ends_on")}
            </label>
            <label>
                <span>{t(Msg::Rate)}</span>
                <input name="rate" inputmode="decimal" prop:value=move || form.with(|f| f.rate.clone())
                    on:input=move |ev| form.update(|f| f.rate = event_target_value(&ev))/>
                {move || field_error(error.get(), "rate")}
            </label>
            <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
        </form>
    }
}
