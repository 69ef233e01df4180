//! The page an emailed approval link opens: no sign-in, phone-first, one timesheet, and the
//! two decisions the link allows. A used, expired or revoked link says so and offers nothing.
use super::api::link_view;
use super::review::{DecisionPanel, TimesheetCard};
use crate::i18n::t;
use crate::shell::widgets::{ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::Msg;

#[component]
pub fn LinkApprovalPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, link_view);
    let done = RwSignal::new(false);
    view! {
        <Title text=t(Msg::LinkPageTitle)/>
        <main class="content link-page" id="main">
            <p class="brand">{t(Msg::AppName)}</p>
            <Show when=move || done.get()>
                <p class="alert ok" role="status" data-testid="link-done">{t(Msg::LinkDone)}</p>
            </Show>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(sheet) => view! {
                            <TimesheetCard sheet=sheet.clone()/>
                            <Show when=move || !done.get()>
                                <DecisionPanel sheet=sheet.clone() token=Some(token()) on_done=move || done.set(true)/>
                            </Show>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
