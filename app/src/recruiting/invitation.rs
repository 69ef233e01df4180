//! The page a candidate's invitation link opens: no account, phone-first. They accept one of
//! the proposed times, decline, or propose another time; an answered or withdrawn invitation
//! says so and offers nothing. Every answer is a form posted to the link, so a phone that has
//! not loaded the bundle (or has JavaScript off) answers all the same.
use super::api::{answer_invitation, invitation};
use crate::i18n::{t, use_locale};
use crate::shell::posted::{posted, Posted};
use crate::shell::widgets::{field_error, ErrorNote, Loading, LocaleSwitch};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::format::date_time_text;
use shared::recruiting::{InvitationAnswer, InvitationPublic, InvitationStatus};
use shared::Msg;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, invitation);
    let posted = posted::<InvitationPublic>();
    view! {
        <Title text=t(Msg::AppName)/>
        <main class="content link-page" id="main">
            <LocaleSwitch/>
            <Suspense fallback=Loading>
                {move || {
                    let posted = posted.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(inv) => view! { <Invitation inv token=token() posted/> }.into_any(),
                            Err(error) => view! { <ErrorNote error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

/// The invitation and the answers it still takes. Each answer is a form posted to the link
/// (it works without JavaScript); with the bundle loaded it is sent in place.
#[component]
fn Invitation(inv: InvitationPublic, token: String, posted: Posted<InvitationPublic>) -> impl IntoView {
    let locale = use_locale();
    let send = Action::new(move |a: &InvitationAnswer| answer_invitation(token.clone(), a.clone()));
    // The invitation as last known: the page's, a post's answer, then each sent answer's.
    let answered = posted.result.is_some();
    let current = RwSignal::new(posted.result.clone().unwrap_or_else(|| inv.clone()));
    Effect::new(move |_| {
        if let Some(Ok(now)) = send.value().get() {
            current.set(now);
        }
    });
    let refused = StoredValue::new(posted.error.clone());
    let error = Signal::derive(move || match send.value().get() {
        Some(result) => result.err(),
        None => refused.get_value(),
    });
    // Thanks for an answer given here, or "closed" for one given before: never both.
    let thanked = move || answered || matches!(send.value().get(), Some(Ok(_)));
    let proposal = RwSignal::new(posted.typed("text"));
    let open = move || current.with(|c| c.status == InvitationStatus::Proposed);
    let offered = StoredValue::new(inv.slots.clone());
    let slots = move || {
        offered
            .get_value()
            .into_iter()
            .map(|slot| {
                let pick = InvitationAnswer::Accept { slot: slot.clone() };
                view! {
                    <li class="row">
                        <span class="slot">{date_time_text(&slot, locale)}</span>
                        <form method="post">
                            <input type="hidden" name="answer" value="accept"/>
                            <input type="hidden" name="slot" value=slot.clone()/>
                            <button type="submit" data-testid="accept-slot" disabled=move || send.pending().get() || !open()
                                on:click=move |ev| { ev.prevent_default(); send.dispatch(pick.clone()); }>{t(Msg::AcceptSlot)}</button>
                        </form>
                    </li>
                }
            })
            .collect_view()
    };
    let propose = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        send.dispatch(InvitationAnswer::Propose { text: proposal.get_untracked() });
    };
    let intro = t(Msg::InviteIntro)
        .replace("{name}", &inv.candidate_name)
        .replace("{org}", &inv.org_name)
        .replace("{kind}", inv.kind.label().text(locale))
        .replace("{job}", &inv.job_title);
    view! {
        <h1>{t(Msg::InvitePageTitle).replace("{org}", &inv.org_name)}</h1>
        <p>{intro}</p>
        <dl class="facts">
            <dt>{t(Msg::PlaceOrLink)}</dt><dd>{inv.place.clone()}</dd>
            <dt>{t(Msg::Status)}</dt>
            <dd data-testid="invitation-status">
                {move || current.with(|c| {
                    let label = t(c.status.label()).to_string();
                    match &c.chosen_slot { Some(s) => format!("{label} · {}", date_time_text(s, locale)), None => label }
                })}
            </dd>
        </dl>
        {move || thanked().then(|| view! { <p class="alert ok" role="status" data-testid="answer-sent">{t(Msg::AnswerSent)}</p> })}
        {move || error.get().filter(|e| e.field("text").is_none()).map(|error| view! { <ErrorNote error/> })}
        <Show when=open fallback=move || (!thanked()).then(|| view! { <p class="muted" data-testid="invitation-closed">{t(Msg::InvitationClosed)}</p> })>
            <h2>{t(Msg::ProposedTimes)}</h2>
            <ul class="plain stack">{slots}</ul>
            <form class="card stack" method="post">
                <label>
                    {t(Msg::ProposeOther)}
                    <textarea name="text" rows="2" prop:value=move || proposal.get() on:input=move |ev| proposal.set(event_target_value(&ev))>{proposal.get_untracked()}</textarea>
                    {move || field_error(error.get(), "text")}
                </label>
                <div class="row buttons">
                    <button type="submit" name="answer" value="propose" disabled=move || send.pending().get() on:click=propose>{t(Msg::ProposeOther)}</button>
                    <button type="submit" name="answer" value="decline" class="secondary" data-testid="decline" disabled=move || send.pending().get()
                        on:click=move |ev| { ev.prevent_default(); send.dispatch(InvitationAnswer::Decline); }>{t(Msg::DeclineInvite)}</button>
                </div>
            </form>
        </Show>
    }
}
