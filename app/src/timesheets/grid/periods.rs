//! A row's periods under the grid: each one's status, the return comment, its total and the
//! Submit button, held while a day is refused or an entry is unsaved.
use super::super::api::decide;
use super::super::review::status_text;
use super::autosave::Pending;
use super::rows::Row;
use crate::i18n::{t, use_locale};
use crate::shell::widgets::ErrorNote;
use leptos::prelude::*;
use shared::approvals::Action as Act;
use shared::format::{hours, Date};
use shared::timesheets::model::{version_field, Decision};
use shared::Msg;

/// A row's periods: status, the return comment, and the submit button.
#[component]
pub(super) fn RowPeriods(row: Row, r: usize, pending: Pending, #[prop(into)] reload: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let submit = Action::new(|d: &Decision| decide(d.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            reload.run(());
        }
    });
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let label = row.label.clone();
    let placement_id = row.placement_id;
    let periods = row.periods;
    let cells = row.cells.clone();
    let list = move || {
        periods
            .get()
            .into_iter()
            .map(|p| {
                let range = format!("{} – {}", p.start.format(locale), p.end.format(locale));
                let in_period = {
                    let cells = cells.clone();
                    let (s, e) = (p.start, p.end);
                    move |d: usize| cells.get(d).is_some_and(|c| c.day >= s && c.day <= e)
                };
                // Days of this period with refused hours, and whether any entry is unsaved: the
                // button waits for both, and says which.
                let invalid = {
                    let cells = cells.clone();
                    let in_period = in_period.clone();
                    move || -> Vec<Date> { cells.iter().enumerate().filter(|(d, c)| in_period(*d) && c.error.get().is_some()).map(|(_, c)| c.day).collect() }
                };
                let unsaved = {
                    let in_period = in_period.clone();
                    move || pending.read().iter().any(|(pr, d)| pr == r && in_period(d))
                };
                let blocked = {
                    let (invalid, unsaved) = (invalid.clone(), unsaved.clone());
                    move || !invalid().is_empty() || unsaved()
                };
                let why = move || {
                    if !live.get() {
                        return None;
                    }
                    let days = invalid();
                    if !days.is_empty() {
                        let days = days.iter().map(|d| d.format(locale)).collect::<Vec<_>>().join(", ");
                        Some(view! { <p class="field-error" data-testid="submit-blocked">{Msg::SubmitFixFirst.fill(locale, &[("days", &days)])}</p> }.into_any())
                    } else if unsaved() {
                        Some(view! { <p class="muted" data-testid="submit-blocked">{t(Msg::SubmitSaveFirst)}</p> }.into_any())
                    } else {
                        None
                    }
                };
                let total = {
                    let row = row.clone();
                    let in_period = in_period.clone();
                    move || hours(i64::from(row.total(&in_period)), locale)
                };
                let can_submit = p.status.editable() && p.timesheet_id.is_some();
                let returned = p.returned_comment.clone().map(|c| {
                    let day = p.returned_day.map(|d| format!(" ({})", d.format(locale))).unwrap_or_default();
                    view! { <p class="alert warn" data-testid="returned">{Msg::ReturnedBecause.fill(locale, &[("comment", &format!("{c}{day}"))])}</p> }
                });
                let (id, version) = (p.timesheet_id.unwrap_or_default(), p.version);
                let button_label = Msg::SubmitPeriod.fill(locale, &[("period", &range)]);
                let seen = version_field(placement_id, &p.start.iso());
                view! {
                    <div class="period" data-testid="period">
                        <input type="hidden" name=seen value=version.to_string()/>
                        <span class="status" data-testid="period-status">{range.clone()}" · "{status_text(p.status, p.step)}</span>
                        <span class="period-total" data-testid="period-total">{t(Msg::Total)}": "{total}</span>
                        {returned}
                        {can_submit.then(|| view! {
                            <button type="submit" name="submit" value=id.to_string() class="primary" data-testid="submit-period"
                                disabled=move || (live.get() && blocked()) || submit.pending().get()
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    submit.dispatch(Decision { timesheet_id: id, version, action: Act::Submit, comment: String::new(), day: None });
                                }>
                                {button_label.clone()}
                            </button>
                            {why.clone()}
                        })}
                    </div>
                }
            })
            .collect_view()
    };
    let error = move || submit.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> });
    view! {
        <section class="card row-periods">
            <h2>{label}</h2>
            {list}
            {error}
        </section>
    }
}
