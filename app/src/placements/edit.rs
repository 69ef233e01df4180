//! Editing a placement (the provider's managers): ending it, or changing its rate.
use super::api::update_placement;
use crate::i18n::t;
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::model::{PlacementEdit, PlacementRow};
use shared::Msg;

#[component]
pub fn EditPlacement(placement: PlacementRow, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    // Rates are kept in hundredths, whatever the currency.
    let rate = format!("{}.{:02}", placement.rate_minor / 100, placement.rate_minor % 100);
    let form = RwSignal::new(PlacementEdit {
        id: placement.id,
        version: placement.version,
        ends_on: placement.ends_on.map(|d| d.iso()).unwrap_or_default(),
        rate,
        currency: placement.currency.clone(),
    });
    let save = Action::new(|edit: &PlacementEdit| update_placement(edit.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            reload();
        }
    });
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
        </details>
    }
}
