//! A job's settings page (recruiters and administrators): its stages, hiring team, own
//! candidate fields, the language it writes to candidates in and its team-chat webhook. The sections share the job's version: each save
//! answers the next one, so saving one section after another works, while a save over someone
//! else's (another tab, a colleague) is refused with 409 and what was typed stays.
pub mod api;
mod automation;
mod fields;
mod language;
mod stages;
mod team;
mod webhook;

pub use fields::custom_input;

use crate::i18n::t;
use crate::shell::widgets::{ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::recruiting::JobSettings;
use shared::Msg;

#[component]
pub fn JobSettingsPage() -> impl IntoView {
    let params = use_params_map();
    let job_id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let data = Resource::new(job_id, api::job_settings);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <Settings s/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Settings(s: JobSettings) -> impl IntoView {
    let version = RwSignal::new(s.version);
    let job_id = s.job_id;
    let (rule_stages, rule_fields) = (s.stages.clone(), s.fields.clone());
    view! {
        <Title text=format!("{} · {}", t(Msg::JobSettings), s.title)/>
        <div class="page-head">
            <h1>{t(Msg::JobSettings)}": "{s.title.clone()}</h1>
            <a class="button secondary" href=format!("/recruiting/{job_id}")>{s.title.clone()}</a>
        </div>
        <stages::Stages job_id stages=s.stages version/>
        <team::Team job_id owner=s.owner team=s.team version/>
        <fields::JobFields job_id fields=s.fields version/>
        <language::Language job_id language=s.language org_language=s.org_language version/>
        <webhook::Webhook job_id url=s.webhook_url version/>
        <automation::Rules job_id stages=rule_stages fields=rule_fields version/>
    }
}

/// A section's save: called with the page's current version, and the next version taken from
/// its answer (`next`).
fn saving<I, T, Fut>(
    version: RwSignal<i64>,
    call: impl Fn(i64, I) -> Fut + Send + Sync + 'static,
    next: fn(&T) -> i64,
) -> Action<I, Result<T, AppError>>
where
    I: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let action = Action::new(move |input: &I| call(version.get_untracked(), input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(answer)) = action.value().get() {
            version.set(next(&answer));
        }
    });
    action
}

/// Under a section's form: "Saved", or an error that is not about one field (a stale version,
/// no permission…).
fn outcome<I, T>(action: Action<I, Result<T, AppError>>) -> impl IntoView
where
    I: Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    move || match action.value().get() {
        Some(Ok(_)) if !action.pending().get() => Some(view! { <span role="status">{t(Msg::Saved)}</span> }.into_any()),
        Some(Err(error)) if !matches!(error, AppError::Invalid(_)) => Some(view! { <ErrorNote error/> }.into_any()),
        _ => None,
    }
}
