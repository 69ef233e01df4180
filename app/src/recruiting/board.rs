//! A job's kanban board: a column per stage with its count, cards moved by drag and drop or by
//! keyboard (← →). A move shows at once and is undone, with the reason, if the server refuses
//! it. Other people's moves and new candidates arrive live (server-sent events).
use super::api::{add_candidate, board, move_candidate, reveal_contact};
use crate::i18n::{t, use_locale};
use crate::shell::use_viewer;
use crate::shell::widgets::{field_error, ErrorNote, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use shared::recruiting::{position_between, Board, CandidateInput, CardView, MoveInput, StageView};
use shared::Msg;

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let job_id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || (job_id(), reload.get()), |(id, _)| board(id));
    let me = use_viewer().map(|v| v.id).unwrap_or_default();
    listen(job_id, reload, me);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(b) => view! { <Kanban b reload/> }.into_any(),
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Reloads the board when someone else changes it (their own moves are already on screen).
#[allow(unused_variables)]
fn listen(job_id: impl Fn() -> i64 + Send + Sync + 'static, reload: RwSignal<u32>, me: i64) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new(&format!("/recruiting/jobs/{}/events", job_id())) else { return };
        let heard = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data().as_string().unwrap_or_default();
            let own = serde_json::from_str::<shared::recruiting::BoardEvent>(&data).is_ok_and(|e| e.actor_id == me);
            if !own {
                reload.try_update(|n| *n += 1);
            }
        });
        let _ = source.add_event_listener_with_callback("board", heard.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("reload", heard.as_ref().unchecked_ref());
        let kept = StoredValue::new_local((source, heard));
        on_cleanup(move || kept.with_value(|(source, _)| source.close()));
    });
}

/// Cards of a stage in their order.
fn column(cards: &[CardView], stage: i64, without: Option<i64>) -> Vec<CardView> {
    let mut out: Vec<CardView> = cards.iter().filter(|c| c.stage_id == stage && Some(c.id) != without).cloned().collect();
    out.sort_by(|a, b| a.position.total_cmp(&b.position));
    out
}

#[component]
fn Kanban(b: Board, reload: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let cards = RwSignal::new(b.cards.clone());
    let stages: StoredValue<Vec<StageView>> = StoredValue::new(b.stages.clone());
    let dragging: RwSignal<Option<i64>> = RwSignal::new(None);
    let notice = RwSignal::new(String::new());
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let may_reveal = b.may_reveal;

    // Shows the move at once; undoes it with the reason if the server refuses.
    let shift = move |card_id: i64, to_stage: i64, before: Option<i64>| {
        let snapshot = cards.get_untracked();
        let Some(card) = snapshot.iter().find(|c| c.id == card_id).cloned() else { return };
        let target = column(&snapshot, to_stage, Some(card_id));
        let at = before.and_then(|b| target.iter().position(|c| c.id == b)).unwrap_or(target.len());
        let after = at.checked_sub(1).and_then(|i| target.get(i));
        let next = target.get(at);
        let position = position_between(after.map(|c| c.position), next.map(|c| c.position));
        let input = MoveInput {
            candidate_id: card_id,
            version: card.version,
            to_stage_id: to_stage,
            after_id: after.map(|c| c.id),
            before_id: next.map(|c| c.id),
        };
        cards.update(|cs| {
            if let Some(c) = cs.iter_mut().find(|c| c.id == card_id) {
                c.stage_id = to_stage;
                c.position = position;
            }
        });
        let stage_name =
            stages.with_value(|s| s.iter().find(|s| s.id == to_stage).map(|s| s.name.get(locale).to_string())).unwrap_or_default();
        notice.set(t(Msg::MovedTo).replace("{name}", &card.full_name).replace("{stage}", &stage_name));
        failure.set(None);
        leptos::task::spawn_local(async move {
            match move_candidate(input).await {
                Ok(updated) => {
                    cards.try_update(|cs| cs.iter_mut().filter(|c| c.id == updated.id).for_each(|c| *c = updated.clone()));
                }
                Err(e) => {
                    cards.try_set(snapshot);
                    failure.try_set(Some(t(Msg::MoveUndone).replace("{reason}", &e.text(locale))));
                }
            }
        });
    };
    // ← and → move a focused card to the end of the previous or next stage.
    let step = move |card_id: i64, by: isize| {
        let Some(stage) = cards.with_untracked(|cs| cs.iter().find(|c| c.id == card_id).map(|c| c.stage_id)) else { return };
        let ids: Vec<i64> = stages.with_value(|s| s.iter().map(|s| s.id).collect());
        let Some(i) = ids.iter().position(|s| *s == stage) else { return };
        if let Some(to) = i.checked_add_signed(by).and_then(|j| ids.get(j)) {
            shift(card_id, *to, None);
        }
    };

    let columns = stages
        .get_value()
        .into_iter()
        .map(|stage| {
            let sid = stage.id;
            let list = move || cards.with(|cs| column(cs, sid, None));
            let count = move || cards.with(|cs| cs.iter().filter(|c| c.stage_id == sid).count());
            let drop_here = move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(id) = dragging.get_untracked() {
                    shift(id, sid, None);
                }
                dragging.set(None);
            };
            view! {
                <section class="column" data-stage=sid data-testid="column" class:target=move || dragging.get().is_some()
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop_here>
                    <h2>{stage.name.get(locale).to_string()}" "<span class="count" data-testid="stage-count">{count}</span></h2>
                    <ul class="plain cards">
                        <For each=list key=|c| (c.id, c.version, c.stage_id, c.invitation.clone()) let:card>
                            <Card card dragging shift step may_reveal/>
                        </For>
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=b.title.clone()/>
        <h1>{b.title.clone()}</h1>
        <p class="muted">
            {t(Msg::BoardHelp)}" "<a href=format!("/exports/candidates.csv?job_id={}", b.job_id) download="">{t(Msg::ExportCsv)}</a>
            {b.may_manage.then(|| view! { " · "<a href=format!("/recruiting/{}/settings", b.job_id)>{t(Msg::JobSettings)}</a> })}
        </p>
        <NewCandidate job_id=b.job_id fields=b.fields.clone() reload/>
        <p class="sr-only" aria-live="polite" data-testid="board-notice">{move || notice.get()}</p>
        {move || failure.get().map(|f| view! { <p class="alert error" role="alert">{f}</p> })}
        <div class="kanban">{columns}</div>
    }
}

#[component]
fn Card(
    card: CardView,
    dragging: RwSignal<Option<i64>>,
    shift: impl Fn(i64, i64, Option<i64>) + Copy + Send + Sync + 'static,
    step: impl Fn(i64, isize) + Copy + Send + Sync + 'static,
    may_reveal: bool,
) -> impl IntoView {
    let id = card.id;
    let stage = card.stage_id;
    let phone = RwSignal::new(card.phone_masked.clone());
    let email = RwSignal::new(card.email_masked.clone());
    let reveal = move |field: &'static str, into: RwSignal<String>| {
        leptos::task::spawn_local(async move {
            if let Ok(plain) = reveal_contact(id, field.to_string()).await {
                into.try_set(plain);
            }
        });
    };
    let contact = move |field: &'static str, value: RwSignal<String>| {
        view! {
            <span class="contact" data-field=field>{move || value.get()}</span>
            {(may_reveal && !value.get_untracked().is_empty()).then(|| view! {
                <button type="button" class="link" on:click=move |_| reveal(field, value)>{t(Msg::ShowValue)}</button>
            })}
        }
    };
    view! {
        <li class="card-item" draggable="true" tabindex="0" data-testid="card" data-id=id aria-label=card.full_name.clone()
            on:dragstart=move |_| dragging.set(Some(id))
            on:dragend=move |_| dragging.set(None)
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                ev.stop_propagation();
                if let Some(moving) = dragging.get_untracked().filter(|m| *m != id) {
                    shift(moving, stage, Some(id));
                }
                dragging.set(None);
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                "ArrowRight" => { ev.prevent_default(); step(id, 1) }
                "ArrowLeft" => { ev.prevent_default(); step(id, -1) }
                _ => {}
            }>
            <a href=format!("/recruiting/candidates/{id}")><strong>{card.full_name.clone()}</strong></a>
            {(!card.source.is_empty()).then(|| view! { <span class="muted">" · "{card.source.clone()}</span> })}
            <div class="contacts">{contact("phone", phone)}" "{contact("email", email)}</div>
            {(!card.tags.is_empty()).then(|| view! { <div class="tags">{card.tags.clone()}</div> })}
            {card.invitation.as_deref().map(|s| super::invitation_badge(s, card.invitation_slot.as_deref()))}
        </li>
    }
}

#[component]
fn NewCandidate(job_id: i64, fields: Vec<shared::recruiting::CustomField>, reload: RwSignal<u32>) -> impl IntoView {
    let input = RwSignal::new(CandidateInput { job_id, ..Default::default() });
    let add = Action::new(|i: &CandidateInput| add_candidate(i.clone()));
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            input.set(CandidateInput { job_id, ..Default::default() });
            reload.update(|n| *n += 1);
        }
    });
    let field = move |name: &'static str, label: Msg, get: fn(&CandidateInput) -> &String, set: fn(&mut CandidateInput) -> &mut String| {
        view! {
            <label>
                {t(label)}
                <input name=name prop:value=move || input.with(|i| get(i).clone())
                    on:input=move |ev| { let v = event_target_value(&ev); input.update(|i| *set(i) = v) }/>
                {move || field_error(error.get(), name)}
            </label>
        }
    };
    view! {
        <details class="card">
            <summary>{t(Msg::AddCandidate)}</summary>
            <form class="stack" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); add.dispatch(input.get_untracked()); }>
                {field("full_name", Msg::FullName, |i| &i.full_name, |i| &mut i.full_name)}
                {field("phone", Msg::Phone, |i| &i.phone, |i| &mut i.phone)}
                {field("email", Msg::Email, |i| &i.email, |i| &mut i.email)}
                {field("birth_date", Msg::BirthDate, |i| &i.birth_date, |i| &mut i.birth_date)}
                {field("address", Msg::Address, |i| &i.address, |i| &mut i.address)}
                {field("source", Msg::Source, |i| &i.source, |i| &mut i.source)}
                {field("tags", Msg::TagsField, |i| &i.tags, |i| &mut i.tags)}
                {fields.into_iter().map(|f| {
                    let key = f.key.clone();
                    let get = { let key = key.clone(); move || input.with(|i| i.custom.get(&key).cloned().unwrap_or_default()) };
                    let key = StoredValue::new(key);
                    super::settings::custom_input(f, get, move |v| input.update(|i| { i.custom.insert(key.get_value(), v); }), error)
                }).collect_view()}
                <button type="submit" disabled=move || add.pending().get()>{t(Msg::AddCandidate)}</button>
            </form>
        </details>
    }
}
