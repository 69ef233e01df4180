//! An invited person's invitation: how the last message went, and sending it again.
use super::api::{invitation_state, resend_invitation};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::ErrorNote;
use crate::zone::moment;
use leptos::prelude::*;
use shared::outbox::Delivery;
use shared::Msg;

/// Loaded once the page is live (an action, not a resource: it sits inside the person page's
/// boundary, leptos#4866).
#[component]
pub fn InvitationCard(person_id: i64) -> impl IntoView {
    let locale = use_locale();
    let load = Action::new(move |_: &()| invitation_state(person_id));
    Effect::new(move |_| {
        load.dispatch(());
    });
    let resend = Action::new(move |_: &()| resend_invitation(person_id));
    Effect::new(move |_| {
        if let Some(Ok(())) = resend.value().get() {
            load.dispatch(());
        }
    });
    let state = move || match load.value().get() {
        Some(Ok(Some(s))) => {
            let time = moment(s.sent_at.unwrap_or(s.queued_at), locale);
            let text =
                Msg::InvitationBy.fill(locale, &[("channel", t(s.channel.via())), ("time", &time), ("state", t(s.delivery.label()))]);
            let class = if s.delivery == Delivery::Failed { "field-error" } else { "" };
            view! { <p class=class data-testid="invitation-state">{text}</p> }.into_any()
        }
        Some(Ok(None)) => view! { <p class="muted" data-testid="invitation-state">{t(Msg::InvitationNone)}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote error/> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <section class="card" data-testid="invitation">
            <h2>{t(Msg::InvitationTitle)}</h2>
            {state}
            {move || resend.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
            <button type="button" on:click=move |_| { resend.dispatch(()); } disabled=move || resend.pending().get()
                data-testid="resend-invitation">
                {move || t(if matches!(load.value().get(), Some(Ok(None))) { Msg::SendInvitation } else { Msg::ResendInvitation })}
            </button>
        </section>
    }
}

/// "Invite everyone not yet invited", with how many were.
#[component]
pub fn InviteAllButton() -> impl IntoView {
    let locale = use_locale();
    let invite = Action::new(move |_: &()| super::api::invite_pending());
    view! {
        <button type="button" on:click=move |_| { invite.dispatch(()); } disabled=move || invite.pending().get()
            data-testid="invite-pending">{t(Msg::InviteAllPending)}</button>
        {move || match invite.value().get() {
            Some(Ok(n)) => Some(view! { <span class="alert notice" role="status" data-testid="invited-count">
                {Msg::InvitedCount.fill(locale, &[("count", &shared::format::integer(n, locale))])}</span> }.into_any()),
            Some(Err(error)) => Some(view! { <ErrorNote error/> }.into_any()),
            None => None,
        }}
    }
}
