//! The job's stages: renamed in any of the three languages, moved up and down, added, removed
//! while empty; the kind (in progress, hired, rejected) changes only while a stage is empty.
use super::api::save_stages;
use crate::i18n::t;
use crate::shell::widgets::{field_error, labels_inputs};
use crate::AppError;
use leptos::prelude::*;
use shared::i18n::Labels;
use shared::recruiting::{StageEdit, StageKind};
use shared::Msg;

type Saved = (i64, Vec<StageEdit>);

#[component]
pub fn Stages(job_id: i64, stages: Vec<StageEdit>, version: RwSignal<i64>) -> impl IntoView {
    let rows = RwSignal::new(stages);
    let save = super::saving(version, move |v, s: Vec<StageEdit>| save_stages(job_id, v, s), |saved: &Saved| saved.0);
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    // The saved stages come back with their ids: a second save updates them, not adds them again.
    Effect::new(move |_| {
        if let Some(Ok((_, saved))) = save.value().get() {
            rows.set(saved);
        }
    });
    let swap = move |i: usize, j: usize| {
        rows.update(|r| {
            if i < r.len() && j < r.len() {
                r.swap(i, j)
            }
        })
    };
    let add = move |_| {
        rows.update(|r| {
            // New stages go before the hired and rejected ones.
            let at = r.iter().position(|s| s.kind != StageKind::Active).unwrap_or(r.len());
            r.insert(at, StageEdit { id: None, name: Labels::default(), kind: StageKind::Active, candidates: 0 });
        })
    };
    let row = move |i: usize, s: StageEdit| {
        let names = labels_inputs(
            "name",
            move || rows.with_untracked(|r| r.get(i).map(|s| s.name.clone()).unwrap_or_default()),
            move |locale, v| rows.update(|r| r.get_mut(i).into_iter().for_each(|s| *s.name.get_mut(locale) = v.clone())),
        );
        let kinds = StageKind::ALL
            .into_iter()
            .map(|k| view! { <option value=k.as_str() selected=k == s.kind>{t(k.label())}</option> })
            .collect_view();
        let busy = s.candidates > 0;
        let last = move || rows.with(|r| i + 1 >= r.len());
        view! {
            <li class="stage-row" data-testid="stage-row">
                <div class="row">
                    {names}
                    <label>
                        {t(Msg::Kind)}
                        <select name="kind" disabled=busy on:change=move |ev| {
                            let kind = StageKind::parse(&event_target_value(&ev)).unwrap_or(StageKind::Active);
                            rows.update(|r| if let Some(s) = r.get_mut(i) { s.kind = kind });
                        }>{kinds}</select>
                    </label>
                </div>
                <div class="row">
                    <span class="muted">{t(Msg::InStage).replace("{count}", &s.candidates.to_string())}</span>
                    <button type="button" class="secondary" disabled=i == 0 on:click=move |_| swap(i, i.wrapping_sub(1))>{t(Msg::MoveUp)}</button>
                    <button type="button" class="secondary" disabled=last on:click=move |_| swap(i, i + 1)>{t(Msg::MoveDown)}</button>
                    <button type="button" class="secondary" disabled=busy on:click=move |_| rows.update(|r| { r.remove(i); })>{t(Msg::Remove)}</button>
                    {move || error.get().and_then(|e: AppError| e.field(&StageEdit::name_at(i))).map(|m| view! { <span class="field-error">{t(m)}</span> })}
                </div>
            </li>
        }
    };
    view! {
        <section class="card">
            <h2>{t(Msg::Stages)}</h2>
            <p class="muted">{t(Msg::StagesHint)}</p>
            <form class="stack" data-testid="stages" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(rows.get_untracked()); }>
                <ol class="plain stack">
                    // Keyed by place and id: moving a row draws both places again with their new stages.
                    <For each={move || rows.get().into_iter().enumerate().collect::<Vec<_>>()} key={|(i, s)| (*i, s.id, s.candidates)}
                        children={move |(i, s): (usize, StageEdit)| row(i, s)}/>
                </ol>
                {move || field_error(error.get(), "stages")}
                <div class="row">
                    <button type="button" class="secondary" on:click=add>{t(Msg::AddStage)}</button>
                    <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </div>
                {super::outcome(save)}
            </form>
        </section>
    }
}
