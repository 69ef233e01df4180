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
    let chat_set = RwSignal::new(settings.chat_webhook_set);
    let chat = RwSignal::new(String::new());
    let remove_chat = RwSignal::new(false);
    let save = Action::new(|s: &OrgSettings| save_org_settings(s.clone()));
    Effect::new(move |_| {
        if let Some(Ok(v)) = save.value().get() {
            version.set(v);
            chat_set.set((chat_set.get_untracked() || !chat.get_untracked().trim().is_empty()) && !remove_chat.get_untracked());
            chat.set(String::new());
            remove_chat.set(false);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(OrgSettings {
            time_zone: zone.get(),
            version: version.get(),
            chat_webhook: chat.get(),
            remove_chat_webhook: remove_chat.get(),
            ..OrgSettings::default()
        });
    };
    view! {
        <section class="card stack" data-testid="org-settings">
            <h2>{t(Msg::OrgSettings)}</h2>
            <form class="inline-form" on:submit=submit>
                <ZoneInput value=zone error disabled=!can_edit/>
                <p class="muted">{t(Msg::TimeZoneHint)}</p>
                {can_edit.then(|| view! {
                    <label>
                        {t(Msg::TeamChatWebhook)}
                        <input type="url" name="chat_webhook" placeholder="https://hooks.slack.com/services/…" prop:value=move || chat.get()
                            on:input=move |ev| chat.set(event_target_value(&ev))/>
                        {move || crate::shell::widgets::field_error(error.get(), "chat_webhook")}
                    </label>
                    <p class="muted">{t(Msg::TeamChatHint)}</p>
                    {move || chat_set.get().then(|| view! {
                        <label class="check">
                            <input type="checkbox" name="remove_chat_webhook" prop:checked=move || remove_chat.get()
                                on:change=move |ev| remove_chat.set(event_target_checked(&ev))/>
                            {t(Msg::RemoveTeamChat)}
                        </label>
                    })}
                })}
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="alert ok" role="status">{t(Msg::Saved)}</p> })}
                {can_edit.then(|| view! { <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button> })}
            </form>
        </section>
    }
}
