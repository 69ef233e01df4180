//! A candidate's page: facts (contacts masked, revealed one at a time by recruiters), the
//! timeline of moves and comments, and a comment box whose @mentions notify teammates.
use super::api::{attach_resume, cancel_invitation, candidate, comment, invite, reveal_contact};
use crate::i18n::{t, use_locale};
use crate::shell::upload::FileInput;
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::files::{FileRef, Purpose};
use shared::format::person_name;
use shared::recruiting::{
    CandidateFacts, CandidateView, CustomField, Happened, InvitationInput, InvitationKind, InviteChannel, TimelineLine,
};
use shared::Msg;

#[component]
pub fn CandidatePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let post = Action::new(|(id, body): &(i64, String)| comment(*id, body.clone()));
    let data = Resource::new(move || (id(), post.version().get()), |(id, _)| candidate(id));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <Candidate c post/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn line(l: &TimelineLine, fields: &[CustomField], locale: shared::Locale) -> AnyView {
    let who = match (&l.actor_family, &l.actor_given) {
        (Some(f), Some(g)) => person_name(f, g, locale),
        _ => String::new(),
    };
    let stage = |s: &Option<shared::i18n::Labels>| s.as_ref().map(|s| s.get(locale).to_string()).unwrap_or_default();
    // The line's title and what it carries, in the reader's words.
    let (what, detail): (String, Option<String>) = match &l.what {
        Happened::Created => (t(Msg::EventCreated).to_string(), None),
        Happened::Moved => (t(Msg::EventMoved).replace("{from}", &stage(&l.from_stage)).replace("{to}", &stage(&l.to_stage)), None),
        Happened::Comment(text) => (t(Msg::EventComment).to_string(), Some(text.clone())),
        Happened::Edited(keys) => {
            // A job's own field by its label; the standard ones translated.
            let names: Vec<String> = keys
                .iter()
                .map(|k| match fields.iter().find(|f| f.name() == *k) {
                    Some(f) => f.label.get(locale).to_string(),
                    None => t(super::edit::field_label(k)).to_string(),
                })
                .collect();
            (format!("{} · {}", t(Msg::EventEdited), names.join(", ")), None)
        }
        Happened::Rejected(reason) => (format!("{}: {}", t(Msg::EventRejected), t(reason.label())), None),
        Happened::Tagged(tags) => (t(Msg::EventTagged).to_string(), Some(tags.clone())),
        Happened::Held => (t(Msg::EventHeld).to_string(), None),
        Happened::Resumed => (t(Msg::EventResumed).to_string(), None),
        Happened::Scored(score) => (t(Msg::EventScored).to_string(), Some(score.clone())),
        Happened::Resume => (t(Msg::EventResume).to_string(), None),
        Happened::Invitation(note) => (t(Msg::EventInvitation).to_string(), Some(note.text(locale))),
        Happened::InvitationConfirmed(slot) => {
            (t(Msg::EventInvitationConfirmed).to_string(), Some(shared::format::date_time_text(slot, locale)))
        }
        Happened::InvitationDeclined => (t(Msg::EventInvitationDeclined).to_string(), None),
        Happened::InvitationProposal(text) => (t(Msg::EventInvitationProposal).to_string(), Some(text.clone())),
        Happened::InvitationCancelled => (t(Msg::EventInvitationCancelled).to_string(), None),
    };
    view! {
        <li data-testid="timeline-line">
            <strong>{what}</strong>" · "{who}" · "{crate::zone::day(l.at).format(locale)}
            {detail.filter(|d| !d.is_empty()).map(|d| view! { <blockquote>{d}</blockquote> })}
        </li>
    }
    .into_any()
}

#[component]
fn Candidate(c: CandidateView, post: Action<(i64, String), Result<(), crate::AppError>>) -> impl IntoView {
    let locale = use_locale();
    let id = c.card.id;
    let body = RwSignal::new(String::new());
    let error = Signal::derive(move || post.value().get().and_then(Result::err));
    let contacts = [("phone", Msg::Phone, c.card.phone_masked.clone()), ("email", Msg::Email, c.card.email_masked.clone())]
        .into_iter()
        .map(|(field, label, masked)| {
            let shown = RwSignal::new(masked.clone());
            let reveal = move |_| {
                leptos::task::spawn_local(async move {
                    if let Ok(plain) = reveal_contact(id, field.to_string()).await {
                        shown.try_set(plain);
                    }
                });
            };
            view! {
                <dt>{t(label)}</dt>
                <dd data-field=field>
                    {move || shown.get()}" "
                    {(c.may_reveal && !masked.is_empty()).then(|| view! { <button type="button" class="link" on:click=reveal>{t(Msg::ShowValue)}</button> })}
                </dd>
            }
        })
        .collect_view();
    // The timeline and the invitation follow what teammates and the candidate do while the
    // page is open; the forms below keep what is being typed.
    let me = crate::shell::use_viewer().map(|v| v.id).unwrap_or_default();
    let live = RwSignal::new((c.timeline.clone(), invitation_of(&c.card)));
    let job_id = c.job_id;
    super::live::follow_job(
        move || job_id,
        move |event| {
            if event.is_none_or(|e| e.candidate_id == id && e.actor_id != me) {
                leptos::task::spawn_local(async move {
                    if let Ok(now) = candidate(id).await {
                        live.try_set((now.timeline, invitation_of(&now.card)));
                    }
                });
            }
        },
    );
    let fields = StoredValue::new(c.fields.clone());
    let timeline = move || live.with(|(lines, _)| fields.with_value(|f| lines.iter().map(|l| line(l, f, locale)).collect_view()));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        post.dispatch((id, body.get_untracked()));
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = post.value().get() {
            body.set(String::new());
        }
    });
    view! {
        <Title text=c.card.full_name.clone()/>
        <p><a href=format!("/recruiting/{}", c.job_id)>{t(Msg::OpenBoard)}" · "{c.job_title.clone()}</a></p>
        <h1 data-testid="candidate-name">{c.card.full_name.clone()}</h1>
        <crate::notifications::reminders::RemindMe about=shared::notifications::reminders::About::Candidate id/>
        <div class="card">
            <dl class="facts">
                <dt>{t(Msg::Status)}</dt><dd data-testid="candidate-stage">{c.stage.get(locale).to_string()}</dd>
                {contacts}
                <dt>{t(Msg::Source)}</dt><dd>{c.card.source.clone()}</dd>
                <dt>{t(Msg::TagsField)}</dt><dd>{c.card.tags.clone()}</dd>
                {c.fields.iter().map(|f| view! {
                    <dt>{f.label.get(locale).to_string()}</dt><dd data-field=f.name()>{c.custom.get(&f.key).cloned().unwrap_or_default()}</dd>
                }).collect_view()}
                <dt>{t(Msg::ResumeFile)}</dt>
                <dd>
                    {c.resume.clone().map(|f| view! { <a href=format!("/files/{}", f.id) data-testid="resume">{f.name}</a>" " })}
                    <FileInput purpose=Purpose::Resume name="resume".to_string() label=Msg::UploadResume accept="application/pdf"
                        on_done=move |f: FileRef| {
                            leptos::task::spawn_local(async move {
                                if attach_resume(id, f.id).await.is_ok() {
                                    post.version().try_update(|v| *v += 1);
                                }
                            });
                        }/>
                </dd>
            </dl>
        </div>
        <super::edit::EditCandidate id fields=c.fields.clone()
            facts=CandidateFacts { full_name: c.card.full_name.clone(), source: c.card.source.clone(), tags: c.card.tags.clone(), custom: c.custom.clone() }
            reload=post.version()/>
        <super::list::BulkBar selected=RwSignal::new(std::collections::BTreeSet::from([id])) reload=move |_| post.version().update(|v| *v += 1)
            stages=Signal::stored(c.stages.clone()) single=true/>
        <super::scorecards::Scorecards candidate_id=id cards=c.scorecards.clone() summary=c.summary.clone() reload=post.version()/>
        <Invite candidate_id=id invitation=Signal::derive(move || live.with(|(_, i)| i.clone())) reload=post.version()/>
        <h2>{t(Msg::Timeline)}</h2>
        <ul class="timeline" data-testid="timeline">{timeline}</ul>
        <form class="card stack" on:submit=send>
            <label>
                {t(Msg::AddComment)}
                <textarea name="body" rows="3" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))/>
                {move || field_error(error.get(), "body")}
            </label>
            <p class="muted">{t(Msg::MentionHint)}</p>
            <button type="submit" disabled=move || post.pending().get()>{t(Msg::AddComment)}</button>
        </form>
    }
}

/// The latest invitation's status, chosen time and the candidate's proposal.
type InvitationState = (Option<shared::recruiting::InvitationStatus>, Option<String>, Option<String>);

fn invitation_of(card: &shared::recruiting::CardView) -> InvitationState {
    (card.invitation, card.invitation_slot.clone(), card.invitation_proposal.clone())
}

/// Proposing times for a coffee chat or an interview; the open invitation can be withdrawn.
#[component]
fn Invite(candidate_id: i64, invitation: Signal<InvitationState>, reload: RwSignal<usize>) -> impl IntoView {
    let input = RwSignal::new(InvitationInput {
        candidate_id,
        kind: InvitationKind::CoffeeChat,
        place: String::new(),
        slots: vec![String::new(); 3],
        channel: InviteChannel::Email,
    });
    let send = Action::new(|i: &InvitationInput| invite(i.clone()));
    let cancel = Action::new(move |_: &()| cancel_invitation(candidate_id));
    // A sent or withdrawn invitation shows on the timeline: reload the page's data.
    Effect::new(move |_| {
        if matches!(send.value().get(), Some(Ok(_))) || matches!(cancel.value().get(), Some(Ok(()))) {
            reload.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(input.get_untracked());
    };
    let time_input = move |i: usize| {
        view! {
            <input type="datetime-local" name=format!("slot{i}") data-testid="invite-slot"
                prop:value=move || input.with(|v| v.slots[i].clone())
                on:input=move |ev| input.update(|v| v.slots[i] = event_target_value(&ev))/>
        }
    };
    view! {
        {move || invitation.with(|(status, chosen, proposal)| status.map(|s| view! {
            <p>{super::invitation_badge(s, chosen.as_deref(), proposal.as_deref())}</p>
        }))}
        {move || invitation.with(|(status, _, _)| *status == Some(shared::recruiting::InvitationStatus::Proposed)).then(|| view! {
            <p><button type="button" class="secondary" on:click=move |_| { cancel.dispatch(()); }>{t(Msg::CancelInvite)}</button></p>
        })}
        <details class="card">
            <summary>{t(Msg::InviteTitle)}</summary>
            <form class="stack" on:submit=submit data-testid="invite-form">
                <label>
                    {t(Msg::Kind)}
                    <select name="kind" on:change=move |ev| {
                        let kind = InvitationKind::parse(&event_target_value(&ev)).unwrap_or(InvitationKind::CoffeeChat);
                        input.update(|v| v.kind = kind);
                    }>
                        <option value="coffee_chat">{t(Msg::KindCoffeeChat)}</option>
                        <option value="interview">{t(Msg::KindInterview)}</option>
                    </select>
                </label>
                <label>
                    {t(Msg::PlaceOrLink)}
                    <input name="place" prop:value=move || input.with(|v| v.place.clone()) on:input=move |ev| input.update(|v| v.place = event_target_value(&ev))/>
                    {move || field_error(error.get(), "place")}
                </label>
                <fieldset>
                    <legend>{t(Msg::ProposedTimes)}</legend>
                    <div class="row">{time_input(0)}{time_input(1)}{time_input(2)}</div>
                    {move || field_error(error.get(), "slots")}
                </fieldset>
                <label>
                    {t(Msg::SendBy)}
                    <select name="channel" on:change=move |ev| {
                        let channel = if event_target_value(&ev) == "sms" { InviteChannel::Sms } else { InviteChannel::Email };
                        input.update(|v| v.channel = channel);
                    }>
                        <option value="email">{t(Msg::ChannelEmail)}</option>
                        <option value="sms">{t(Msg::ChannelSms)}</option>
                    </select>
                    {move || field_error(error.get(), "channel")}
                </label>
                {move || error.get().filter(|e| !matches!(e, crate::AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                <button type="submit" disabled=move || send.pending().get()>{t(Msg::SendInvite)}</button>
            </form>
        </details>
    }
}
