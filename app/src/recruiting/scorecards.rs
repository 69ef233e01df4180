//! Scorecards on a candidate's page: the summary across evaluators, each evaluator's card, and
//! the caller's own to fill in (saved again, it replaces theirs).
use super::api::score;
use crate::i18n::t;
use crate::shell::widgets::{field_error, ErrorNote};
use crate::AppError;
use leptos::prelude::*;
use shared::recruiting::{Criterion, ScoreSummary, Scorecard, ScorecardInput};
use shared::Msg;

fn ratings(card: &Scorecard) -> String {
    card.ratings.iter().map(|(k, v)| format!("{} {v}/5", t(k.label()))).collect::<Vec<_>>().join(" · ")
}

#[component]
pub fn Scorecards(candidate_id: i64, cards: Vec<Scorecard>, summary: ScoreSummary, reload: RwSignal<usize>) -> impl IntoView {
    let mine = cards.iter().find(|c| c.mine).cloned();
    let input = RwSignal::new(ScorecardInput {
        candidate_id,
        ratings: Criterion::ALL
            .into_iter()
            .map(|c| (c, mine.as_ref().and_then(|m| m.ratings.iter().find(|&&(k, _)| k == c)).map_or(0, |&(_, v)| v)))
            .collect(),
        overall: mine.as_ref().map_or(50, |m| m.overall),
        note: mine.as_ref().map(|m| m.note.clone()).unwrap_or_default(),
    });
    let save = Action::new(|i: &ScorecardInput| score(i.clone()));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            reload.update(|v| *v += 1);
        }
    });
    let others = cards
        .iter()
        .map(|c| view! { <li data-testid="scorecard"><strong>{c.evaluator.clone()}</strong>" · "{c.overall}" · "{ratings(c)}{(!c.note.is_empty()).then(|| view! { <blockquote>{c.note.clone()}</blockquote> })}</li> })
        .collect_view();
    let average = summary.overall.map(|o| {
        let parts = summary.criteria.iter().map(|(k, v)| format!("{} {v:.1}", t(k.label()))).collect::<Vec<_>>().join(" · ");
        view! { <p data-testid="score-summary"><strong>{t(Msg::Average).replace("{count}", &summary.evaluators.to_string())}": "{format!("{o:.1}")}</strong>" · "{parts}</p> }
    });
    let criteria = Criterion::ALL
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let options = (0..=5)
                .map(|v| {
                    let label = if v == 0 { t(Msg::NotRated).to_string() } else { v.to_string() };
                    view! { <option value=v.to_string() selected=move || input.with(|s| s.ratings[i].1 == v)>{label}</option> }
                })
                .collect_view();
            view! {
                <label>
                    {t(c.label())}
                    <select name=c.as_str() on:change=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); input.update(|s| s.ratings[i].1 = v) }>{options}</select>
                    {move || field_error(error.get(), c.as_str())}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card stack" data-testid="scorecards">
            <h2>{t(Msg::Scorecards)}</h2>
            {average}
            <ul class="plain">{others}</ul>
            <details>
                <summary>{t(Msg::MyScorecard)}</summary>
                <form class="stack" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); save.dispatch(input.get_untracked()); }>
                    <div class="row">{criteria}</div>
                    <label>
                        {t(Msg::Overall)}
                        <input type="number" name="overall" min="0" max="100" prop:value=move || input.with(|s| s.overall.to_string())
                            on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(-1); input.update(|s| s.overall = v) }/>
                        {move || field_error(error.get(), "overall")}
                    </label>
                    <label>
                        {t(Msg::AddComment)}
                        <textarea name="note" rows="2" prop:value=move || input.with(|s| s.note.clone()) on:input=move |ev| input.update(|s| s.note = event_target_value(&ev))/>
                    </label>
                    {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|error| view! { <ErrorNote error/> })}
                    <button type="submit" disabled=move || save.pending().get()>{t(Msg::Save)}</button>
                </form>
            </details>
        </section>
    }
}
