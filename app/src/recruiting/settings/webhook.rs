//! The job's team-chat webhook: new candidates are posted there (the organisation's applies
//! when it is empty).
use super::api::set_webhook;
use crate::i18n::t;
use crate::shell::widgets::field_error;
use leptos::prelude::*;
use shared::Msg;

#[component]
pub fn Webhook(job_id: i64, url: String, version: RwSignal<i64>) -> impl IntoView {
    let url = RwSignal::new(url);
    let save = super::saving(version, move |v, u: String| set_webhook(job_id, v, u), |v| *v);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <section class="card">
            <h2>{t(Msg::ChatWebhook)}</h2>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(url.get_untracked()); }>
                <input type="url" name="webhook_url" placeholder="https://hooks.slack.com/services/…" aria-label=t(Msg::ChatWebhook)
                    prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                <button type="submit">{t(Msg::Save)}</button>
                {move || field_error(error.get(), "webhook_url")}
                {super::outcome(save)}
            </form>
        </section>
    }
}
