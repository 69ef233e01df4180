//! The webhooks section: each endpoint with its events and state, its form, its deliveries;
//! a new endpoint's (or a rotated) signing secret shown once.
use super::api;
use crate::api_tokens::view::Secret;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{code_checks, field_error, ErrorNote};
use crate::zone::moment;
use crate::AppError;
use leptos::prelude::*;
use shared::webhooks::{EndpointInput, EndpointSaved, EndpointStatus, EndpointView, EventType};
use shared::Msg;

#[component]
pub fn Webhooks() -> impl IntoView {
    let loaded = Action::new(|_: &()| api::list_endpoints());
    let reload = Callback::new(move |_: ()| {
        loaded.dispatch(());
    });
    Effect::new(move |_| reload.run(()));
    view! {
        <section class="card webhooks">
            <h2>{t(Msg::WebhooksTitle)}</h2>
            <p class="muted">{t(Msg::WebhooksHint)}</p>
            {move || loaded.value().get().map(|r| match r {
                Ok(list) => list.into_iter().map(|e| view! { <Endpoint endpoint=e reload/> }).collect_view().into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
            <h3>{t(Msg::AddEndpoint)}</h3>
            <EndpointForm start=EndpointInput { enabled: true, ..Default::default() } version=RwSignal::new(0) reload/>
        </section>
    }
}

#[component]
fn Endpoint(endpoint: EndpointView, reload: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let id = endpoint.id;
    // A rotation moves the version on: the next rotation or edit starts from the new one.
    let version = RwSignal::new(endpoint.version);
    let rotate = Action::new(move |v: &i64| api::rotate_secret(id, *v));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = rotate.value().get() {
            version.set(saved.version);
        }
    });
    let test = Action::new(move |_: &()| api::send_test(id));
    let log = Action::new(move |_: &()| api::attempts(id));
    let start = EndpointInput {
        id: Some(id),
        version: endpoint.version,
        url: endpoint.url.clone(),
        description: endpoint.description.clone(),
        events: endpoint.events.clone(),
        enabled: endpoint.status == EndpointStatus::Active,
    };
    let status = match endpoint.status {
        EndpointStatus::Active => t(Msg::EndpointEnabled).into_any(),
        EndpointStatus::Disabled => view! { <span class="tag warn">{t(Msg::EndpointStopped)}</span> }.into_any(),
    };
    let events = endpoint.events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(", ");
    view! {
        <article class="endpoint" data-id=id>
            <p><strong>{endpoint.description.clone()}</strong> " · " {status}</p>
            <p><code class="wrap">{endpoint.url.clone()}</code></p>
            <p class="muted">{events}</p>
            {endpoint.disabled_at.map(|at| view! { <p class="muted">{moment(at, locale)}</p> })}
            <details>
                <summary>{t(Msg::Edit)}</summary>
                <EndpointForm start version reload/>
            </details>
            <div class="buttons">
                <button type="button" class="secondary" on:click=move |_| { test.dispatch(()); }>{t(Msg::SendTestEvent)}</button>
                <button type="button" class="secondary" on:click=move |_| { rotate.dispatch(version.get_untracked()); }>{t(Msg::RotateSecret)}</button>
                <button type="button" class="secondary" on:click=move |_| { log.dispatch(()); }>{t(Msg::Deliveries)}</button>
            </div>
            {move || test.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            {move || rotate.value().get().map(|r| match r {
                Ok(EndpointSaved { secret: Some(secret), .. }) => view! { <Secret secret/> }.into_any(),
                Ok(_) => ().into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
            {move || log.value().get().map(|r| match r {
                Ok(attempts) => view! { <Attempts attempts/> }.into_any(),
                Err(error) => view! { <ErrorNote error/> }.into_any(),
            })}
        </article>
    }
}

#[component]
fn Attempts(attempts: Vec<shared::webhooks::AttemptView>) -> impl IntoView {
    let locale = use_locale();
    let again = Action::new(|outbox_id: &i64| api::redeliver(*outbox_id));
    let rows = attempts
        .into_iter()
        .map(|a| {
            let outbox_id = a.outbox_id;
            let answer = a.status_code.map(|s| s.to_string()).unwrap_or_else(|| Msg::NoAnswer.text(locale).to_string());
            view! {
                <li class=if a.delivered { "attempt ok" } else { "attempt failed" }>
                    <span>{moment(a.created_at, locale)}</span> " " <code>{a.event_type.as_str()}</code> " #" {a.attempt}
                    " · " <strong>{answer}</strong> " · " {format!("{} ms", a.latency_ms)}
                    <div class="muted wrap">{a.response}</div>
                    <button type="button" class="secondary" on:click=move |_| { again.dispatch(outbox_id); }>{t(Msg::SendAgain)}</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="attempts">{rows}</ul>
        {move || again.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
    }
}

#[component]
fn EndpointForm(start: EndpointInput, version: RwSignal<i64>, reload: Callback<()>) -> impl IntoView {
    let url = RwSignal::new(start.url.clone());
    let description = RwSignal::new(start.description.clone());
    let events = RwSignal::new(start.events.clone());
    let enabled = RwSignal::new(start.enabled);
    let save = Action::new(|input: &EndpointInput| api::save_endpoint(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let id = start.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(EndpointInput {
            id,
            version: version.get_untracked(),
            url: url.get(),
            description: description.get(),
            events: events.get(),
            enabled: enabled.get(),
        });
    };
    let boxes = code_checks("events", EventType::subscribable().map(|e| (e, e.as_str().to_string())), events);
    view! {
        <form class="endpoint-form" on:submit=submit>
            <label>
                {t(Msg::EndpointAddress)}
                <input type="url" name="url" inputmode="url" prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "url")}
            </label>
            <label>
                {t(Msg::Name)}
                <input type="text" name="description" maxlength="120" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))/>
            </label>
            <fieldset class="roles events">
                <legend>{t(Msg::EndpointEvents)}</legend>
                {boxes}
                {move || field_error(error.get(), "events")}
            </fieldset>
            <label class="check">
                <input type="checkbox" name="enabled" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                {t(Msg::EndpointEnabled)}
            </label>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
            {move || save.value().get().and_then(Result::ok).and_then(|s| s.secret).map(|secret| view! {
                <p>{t(Msg::SigningSecret)}</p>
                <Secret secret/>
            })}
            <div class="buttons">
                <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
            </div>
        </form>
    }
}
