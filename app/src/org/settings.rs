//! The organisation's settings on the structure page: its time zone (administrators edit it;
//! HR sees it). Saved with the version it was loaded at.
use super::api::save_org_settings;
use crate::i18n::t;
use crate::shell::widgets::ErrorNote;
use crate::zone::ZoneInput;
use crate::AppError;
use leptos::prelude::*;
use shared::model::OrgSettings;
use shared::Msg;

#[component]
pub fn SettingsForm(settings: OrgSettings, can_edit: bool) -> impl IntoView {
    let version = RwSignal::new(settings.version);
    let zone = RwSignal::new(settings.time_zone);
    let save = Action::new(|s: &OrgSettings| save_org_settings(s.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(OrgSettings { time_zone: zone.get(), version: version.get() });
    };
    view! {
        <section class="card stack" data-testid="org-settings">
            <h2>{t(Msg::OrgSettings)}</h2>
            <form class="inline-form" on:submit=submit>
                <ZoneInput value=zone error disabled=!can_edit/>
                <p class="muted">{t(Msg::TimeZoneHint)}</p>
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
                {can_edit.then(|| view! { <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button> })}
            </form>
        </section>
    }
}
