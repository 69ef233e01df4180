//! The page a request's decision link opens: no sign-in, phone-first, one request, and the
//! decisions its step allows. A plain form posted to the link itself (served without the
//! bundle); a used, expired or revoked link says so and offers nothing.
use super::api::request_link_view;
use super::requests::{answers_view, history_view};
use crate::i18n::{t, use_locale};
use crate::shell::posted::{posted, Posted};
use crate::shell::widgets::{ErrorNote, LinkFrame, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::cabinet::RequestView;
use shared::format::person_name;
use shared::Msg;

#[component]
pub fn RequestLinkPage() -> impl IntoView {
    let posted = posted::<RequestView>();
    view! {
        <LinkFrame title=Msg::LinkPageTitle>
            {match posted.result.clone() {
                Some(request) => view! {
                    <p class="alert ok" role="status" data-testid="link-done">{t(Msg::LinkDone)}</p>
                    <RequestCard request/>
                }
                .into_any(),
                None => view! { <LinkRequest posted/> }.into_any(),
            }}
        </LinkFrame>
    }
}

#[component]
fn LinkRequest(posted: Posted<RequestView>) -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, request_link_view);
    view! {
        <Suspense fallback=Loading>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(request) => view! { <RequestCard request=request.clone()/> <Decide request posted/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RequestCard(request: RequestView) -> impl IntoView {
    let locale = use_locale();
    provide_context(crate::zone::PageZone(request.time_zone.clone()));
    view! {
        <div class="card">
            <h1>{request.type_name.get(locale).to_string()}</h1>
            <p>{person_name(&request.requester_family, &request.requester_given, locale)}" · "
                <span data-testid="request-status">{t(request.status.label())}</span></p>
            <dl class="facts">{answers_view(&request, locale)}</dl>
            <h2>{t(Msg::History)}</h2>
            <ol class="history">{history_view(&request, locale)}</ol>
        </div>
    }
}

/// The decisions, as a form posted to the link (a refusal comes back with what was typed).
#[component]
fn Decide(request: RequestView, posted: Posted<RequestView>) -> impl IntoView {
    let buttons = request
        .actions
        .iter()
        .map(|a| {
            let class = if *a == shared::approvals::Action::Approve { "primary" } else { "secondary" };
            view! { <button type="submit" name="action" value=a.as_str() class=class data-action=a.as_str()>{t(a.label())}</button> }
        })
        .collect_view();
    (!request.actions.is_empty()).then(|| {
        view! {
            <form method="post" class="card decision stack" data-testid="request-decision">
                {posted.error.clone().map(|error| view! { <ErrorNote error/> })}
                <input type="hidden" name="request_id" value=request.id.to_string()/>
                <input type="hidden" name="version" value=request.version.to_string()/>
                <label><span>{t(Msg::Comment)}</span>
                    <textarea name="comment" rows="3">{posted.typed("comment")}</textarea>
                </label>
                <div class="buttons">{buttons}</div>
            </form>
        }
    })
}
