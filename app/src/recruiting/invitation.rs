//! The page a candidate's invitation link opens: no account, phone-first. They accept one of
//! the proposed times, decline, or propose another time; an answered or withdrawn invitation
//! says so and offers nothing.
use super::api::{answer_invitation, invitation};
use crate::i18n::{t, use_locale};
use crate::shell::widgets::{field_error, ErrorNote, Loading, LocaleSwitch};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::recruiting::{invitation_label, InvitationAnswer, InvitationPublic};
use shared::Msg;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = Resource::new(token, invitation);
    view! {
        <Title text=t(Msg::AppName)/>
        <main class="content link-page" id="main">
            <LocaleSwitch/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(inv) => view! { <Invitation inv token=token()/> }.into_any(),
                        Err(error) => view! { <ErrorNote error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Invitation(inv: InvitationPublic, token: String) -> impl IntoView {
    let locale = use_locale();
    let send = Action::new(move |a: &InvitationAnswer| answer_invitation(token.clone(), a.clone()));
    // The invitation as last known: the page's, then each answer's.
    let current = RwSignal::new(inv.clone());
    Effect::new(move |_| {
        if let Some(Ok(now)) = send.value().get() {
            current.set(now);
        }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let proposal = RwSignal::new(String::new());
    let open = move || current.with(|c| c.status == "proposed");
    let slots = inv
        .slots
        .iter()
        .map(|slot| {
            let pick = InvitationAnswer::Accept { slot: slot.clone() };
            view! {
                <li class="row">
                    <span class="slot">{slot.replace('T', " ")}</span>
                    <button type="button" data-testid="accept-slot" disabled=move || send.pending().get() || !open()
                        on:click=move |_| { send.dispatch(pick.clone()); }>{t(Msg::AcceptSlot)}</button>
                </li>
            }
        })
        .collect_view();
    let propose = move |ev: leptos::ev::SubmitEvent| {
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
                    let label = t(invitation_label(&c.status)).to_string();
                    match &c.chosen_slot { Some(s) => format!("{label} · {}", s.replace('T', " ")), None => label }
                })}
            </dd>
        </dl>
        {move || send.value().get().and_then(Result::ok).map(|_| view! { <p class="alert ok" role="status" data-testid="answer-sent">{t(Msg::AnswerSent)}</p> })}
        {move || error.get().filter(|e| e.field("text").is_none()).map(|error| view! { <ErrorNote error/> })}
        <Show when=open fallback=move || view! { <p class="muted">{t(Msg::InvitationClosed)}</p> }>
            <h2>{t(Msg::ProposedTimes)}</h2>
            <ul class="plain stack">{slots.clone()}</ul>
            <form class="card stack" on:submit=propose>
                <label>
                    {t(Msg::ProposeOther)}
                    <textarea name="text" rows="2" prop:value=move || proposal.get() on:input=move |ev| proposal.set(event_target_value(&ev))/>
                    {move || field_error(error.get(), "text")}
                </label>
                <div class="row buttons">
                    <button type="submit" disabled=move || send.pending().get()>{t(Msg::ProposeOther)}</button>
                    <button type="button" class="secondary" data-testid="decline" disabled=move || send.pending().get()
                        on:click=move |_| { send.dispatch(InvitationAnswer::Decline); }>{t(Msg::DeclineInvite)}</button>
                </div>
            </form>
        </Show>
    }
}
