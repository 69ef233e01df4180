//! The page an emailed approval link opens: no sign-in, phone-first, one timesheet, and the
//! two decisions the link allows. A used, expired or revoked link says so and offers nothing.
//! The decision is a form posted to the link itself, so it works before or without the bundle;
//! either way the page then shows where the timesheet went.
use super::api::link_view;
use super::review::{DecisionPanel, TimesheetCard};
use crate::i18n::t;
use crate::shell::posted::{posted, Posted};
use crate::shell::widgets::{ErrorNote, LinkFrame, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::timesheets::model::TimesheetView;
use shared::Msg;

#[component]
pub fn LinkApprovalPage() -> impl IntoView {
    let posted = posted::<TimesheetView>();
    view! {
        <LinkFrame title=Msg::LinkPageTitle>
            {match posted.result.clone() {
                // Decided by a post without JavaScript: the link is used now, the answer is here.
                Some(sheet) => view! { <Decided sheet/> }.into_any(),
                None => view! { <LinkSheet posted/> }.into_any(),
            }}
        </LinkFrame>
    }
}

#[component]
fn LinkSheet(posted: Posted<TimesheetView>) -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, link_view);
    let decided: RwSignal<Option<TimesheetView>> = RwSignal::new(None);
    let done = Callback::new(move |now: Option<TimesheetView>| decided.set(now));
    view! {
        <Suspense fallback=Loading>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(sheet) => view! {
                            <Show when=move || decided.read().is_none() fallback=move || decided.get().map(|sheet| view! { <Decided sheet/> })>
                                <TimesheetCard sheet=sheet.clone()/>
                                <DecisionPanel sheet=sheet.clone() token=Some(token()) posted=posted.clone()
                                    on_done=done/>
                            </Show>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The timesheet after the link's decision: its new state and history.
#[component]
fn Decided(sheet: TimesheetView) -> impl IntoView {
    view! {
        <p class="alert ok" role="status" data-testid="link-done">{t(Msg::LinkDone)}</p>
        <TimesheetCard sheet/>
    }
}
