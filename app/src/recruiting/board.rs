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
fn listen(job_id: impl Fn() -> i64 + Send + Sync + 'static, reload: RwSignal<u32>, me: i64) {
    super::live::follow_job(job_id, move |event| {
        if event.is_none_or(|e| e.actor_id != me) {
            reload.try_update(|n| *n += 1);
        }
    });
}

/// Focuses a card once it is on screen (a moved card is drawn anew in its new column).
#[allow(unused_variables)]
fn focus_card(id: i64) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        let found = document().query_selector(&format!("li[data-testid=card][data-id=\"{id}\"]")).ok().flatten();
        if let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// Enter on a card opens the candidate: its link, clicked (the router takes it from there).
#[allow(unused_variables)]
fn open_card(ev: &leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let card = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let link = card.and_then(|c| c.query_selector("a").ok().flatten()).and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(link) = link {
            link.click();
        }
    }
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

    // The card the keyboard is on (see `key` below).
    let current: RwSignal<Option<i64>> = RwSignal::new(None);
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
                    if current.get_untracked() == Some(card_id) {
                        focus_card(card_id);
                    }
                    failure.try_set(Some(t(Msg::MoveUndone).replace("{reason}", &e.text(locale))));
                }
            }
        });
    };
    // The board is one tab stop: the current card takes focus, arrows move between cards,
    // Shift with ← or → moves the card to the previous or next stage and keeps it focused.
    let grid = move || {
        let ids: Vec<i64> = stages.with_value(|s| s.iter().map(|s| s.id).collect());
        cards.with_untracked(|cs| {
            ids.iter().map(|sid| column(cs, *sid, None).into_iter().map(|c| c.id).collect::<Vec<_>>()).collect::<Vec<_>>()
        })
    };
    let tab_stop = Signal::derive(move || {
        let on_board = cards.with(|cs| current.get().filter(|id| cs.iter().any(|c| c.id == *id)));
        on_board.or_else(|| grid().into_iter().flatten().next())
    });
    let focus = move |id: i64| {
        current.set(Some(id));
        focus_card(id);
    };
    let key = move |card_id: i64, ev: leptos::ev::KeyboardEvent| {
        let g = grid();
        let Some((col, row)) = g.iter().enumerate().find_map(|(c, ids)| ids.iter().position(|i| *i == card_id).map(|r| (c, r))) else {
            return;
        };
        let across = |by: isize| {
            // The next column that has cards, at the same height or its last card.
            let mut c = col;
            while let Some(next) = c.checked_add_signed(by).filter(|n| *n < g.len()) {
                if let Some(ids) = g.get(next).filter(|ids| !ids.is_empty()) {
                    return ids.get(row).or(ids.last()).copied();
                }
                c = next;
            }
            None
        };
        let target = match (ev.key().as_str(), ev.shift_key()) {
            ("ArrowRight" | "ArrowLeft", true) => {
                ev.prevent_default();
                let by = if ev.key() == "ArrowRight" { 1 } else { -1 };
                let ids: Vec<i64> = stages.with_value(|s| s.iter().map(|s| s.id).collect());
                if let Some(to) = col.checked_add_signed(by).and_then(|j| ids.get(j)) {
                    shift(card_id, *to, None);
                }
                Some(card_id)
            }
            ("ArrowRight", false) => across(1),
            ("ArrowLeft", false) => across(-1),
            ("ArrowDown", _) => g.get(col).and_then(|ids| ids.get(row + 1)).copied(),
            ("ArrowUp", _) => row.checked_sub(1).and_then(|r| g.get(col).and_then(|ids| ids.get(r))).copied(),
            ("Home", _) => g.get(col).and_then(|ids| ids.first()).copied(),
            ("End", _) => g.get(col).and_then(|ids| ids.last()).copied(),
            ("Enter", _) => {
                ev.prevent_default();
                open_card(&ev);
                None
            }
            _ => return,
        };
        if let Some(id) = target {
            ev.prevent_default();
            focus(id);
        }
    };

    // Every stage with its count above the board, each a link to its column: on a phone only
    // one or two columns fit, and this shows what lies beyond them.
    let strip = stages
        .get_value()
        .into_iter()
        .map(|stage| {
            let sid = stage.id;
            let count = move || cards.with(|cs| cs.iter().filter(|c| c.stage_id == sid).count());
            view! { <a href=format!("#stage-{sid}")>{stage.name.get(locale).to_string()}" "<span class="count">{count}</span></a> }
        })
        .collect_view();
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
                <section class="column" id=format!("stage-{sid}") data-stage=sid data-testid="column" class:target=move || dragging.get().is_some()
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=drop_here>
                    <h2>{stage.name.get(locale).to_string()}" "<span class="count" data-testid="stage-count">{count}</span></h2>
                    // Keyed without the version: the server's answer to a move only bumps it,
                    // and a card drawn anew would lose the keyboard's focus.
                    <ul class="plain cards">
                        <For each=list key=|c| (c.id, c.stage_id, c.invitation, c.invitation_proposal.clone()) let:card>
                            <Card card dragging shift key tab_stop may_reveal/>
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
        <nav class="stage-strip" aria-label=t(Msg::Stages) data-testid="stage-strip">{strip}</nav>
        <div class="kanban">{columns}</div>
    }
}

#[component]
fn Card(
    card: CardView,
    dragging: RwSignal<Option<i64>>,
    shift: impl Fn(i64, i64, Option<i64>) + Copy + Send + Sync + 'static,
    key: impl Fn(i64, leptos::ev::KeyboardEvent) + Copy + Send + Sync + 'static,
    /// The one card the Tab key reaches.
    tab_stop: Signal<Option<i64>>,
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
                <button type="button" class="link" tabindex="-1" on:click=move |_| reveal(field, value)>{t(Msg::ShowValue)}</button>
            })}
        }
    };
    view! {
        <li class="card-item" draggable="true" tabindex=move || if tab_stop.get() == Some(id) { "0" } else { "-1" }
            data-testid="card" data-id=id aria-label=card.full_name.clone()
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
            on:keydown=move |ev: leptos::ev::KeyboardEvent| key(id, ev)>
            // Reached from the card (Enter), so not a tab stop of its own.
            <a href=format!("/recruiting/candidates/{id}") tabindex="-1"><strong>{card.full_name.clone()}</strong></a>
            {(!card.source.is_empty()).then(|| view! { <span class="muted">" · "{card.source.clone()}</span> })}
            <div class="contacts">{contact("phone", phone)}" "{contact("email", email)}</div>
            {(!card.tags.is_empty()).then(|| view! { <div class="tags">{card.tags.clone()}</div> })}
            {card.invitation.map(|s| super::invitation_badge(s, card.invitation_slot.as_deref(), card.invitation_proposal.as_deref()))}
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
