//! The month grid: days across, one row per placement (a contractor's own, or a foreman's crew).
//! Keyboard-first (arrows, Enter, Tab, pasting a spreadsheet row), checked as you type with the
//! same rules the server applies, and saved as you go. Unsaved cells are kept in the browser's
//! local storage until the server confirms them, so a lost connection or a reload loses nothing.
mod autosave;
mod cell;
mod keys;
mod periods;
mod rows;
mod unsaved;

use super::api::month_grid;
use crate::i18n::{t, use_locale};
use crate::shell::posted::{posted, Posted};
use crate::shell::widgets::{ErrorNote, Loading};
use autosave::{load_kept, storage_key, Autosave, SaveState};
use cell::{GridCell, GridState};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use periods::RowPeriods;
use rows::{build_row, Earlier, Row};
use shared::format::{hours, Date};
use shared::timesheets::model::{GridPosted, GridView, MonthGrid};
use shared::timesheets::{Code, Period};
use shared::Msg;
use unsaved::Cells;

#[component]
pub fn MyTimesheetsPage() -> impl IntoView {
    view! { <GridPage view=GridView::Mine/> }
}

#[component]
pub fn CrewTimesheetsPage() -> impl IntoView {
    view! { <GridPage view=GridView::Crew/> }
}

#[component]
fn GridPage(view: GridView) -> impl IntoView {
    let params = use_query_map();
    let month = move || params.read().get("month").filter(|m| Date::parse_month(m).is_some()).unwrap_or_else(super::this_month);
    let data = Resource::new(month, move |m| month_grid(m, view));
    // What this request's form post did (no JavaScript). It belongs to the grid it came from:
    // in the browser the first one built (later months and reloads start clean); the server
    // may build that one more than once while it renders.
    let posted = StoredValue::new(posted::<GridPosted>());
    let locale = use_locale();
    let (title, path) = match view {
        GridView::Mine => (Msg::TimesheetsTitle, "/timesheets"),
        GridView::Crew => (Msg::CrewTitle, "/timesheets/crew"),
    };
    let nav = move || {
        let m = Date::parse_month(&month()).unwrap_or(Date { year: 2026, month: 1, day: 1 });
        view! {
            <nav class="month-nav" aria-label=t(Msg::Month)>
                <a href=format!("{path}?month={}", m.add_months(-1).month_key()) rel="prev" data-testid="prev-month">"‹ "{t(Msg::PrevMonth)}</a>
                <strong data-testid="month-title">{m.month_title(locale)}</strong>
                <a href=format!("{path}?month={}", m.add_months(1).month_key()) rel="next">{t(Msg::NextMonth)}" ›"</a>
            </nav>
        }
    };
    let legend = Code::ALL.iter().map(|c| view! { <li><span class="code">{c.letters()}</span>" "{t(c.label())}</li> }).collect_view();
    view! {
        <Title text=t(title)/>
        <h1>{t(title)}</h1>
        {nav}
        <p class="muted help">{t(Msg::GridHelp)}</p>
        <details class="legend"><summary>{t(Msg::Codes)}</summary><ul>{legend}</ul></details>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(grid) if grid.rows.is_empty() => view! { <p class="empty">{t(Msg::NoPlacements)}</p> }.into_any(),
                    Ok(grid) => {
                        let posted = if cfg!(feature = "hydrate") { posted.try_update_value(std::mem::take) } else { posted.try_get_value() };
                        let posted = posted.unwrap_or_default();
                        view! { <Grid grid view posted reload=move || data.refetch()/> }.into_any()
                    }
                    Err(error) => view! { <ErrorNote error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Grid(grid: MonthGrid, view: GridView, posted: Posted<GridPosted>, #[prop(into)] reload: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let month = Date::parse_month(&grid.month).unwrap_or(Date { year: 2026, month: 1, day: 1 });
    let days: Vec<Date> = Period { start: month.first_of_month(), end: month.last_of_month() }.days().collect();
    let key = storage_key(view, &grid.month);
    let pending = RwSignal::new(Cells::default());
    let earlier = Earlier { kept: load_kept(&key), posted };
    let rows: Vec<Row> = grid.rows.iter().enumerate().map(|(r, g)| build_row(r, g, &days, view, locale, &earlier, pending)).collect();
    let row_count = rows.len();
    let rows = StoredValue::new(rows);
    let state = match (earlier.posted.result, earlier.posted.error) {
        (_, Some(error)) => SaveState::Failed(error),
        (Some(_), None) => SaveState::Saved,
        (None, None) => SaveState::Idle,
    };
    let autosave = Autosave::start(rows, pending, state, key, view, reload);
    // Entries kept on this device differ from what the server rendered: what shows them (pending
    // marks, a held Submit) turns on once hydrated, as attributes are not re-applied by hydration.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let shared = GridState {
        rows,
        autosave,
        live,
        focus: RwSignal::new(None),
        just_focused: StoredValue::new(false),
        size: (row_count, days.len()),
        today: super::today(),
        locale,
    };
    Effect::new(move |_| keys::scroll_to_today());

    let header = days
        .iter()
        .map(|d| view! { <th scope="col" class:weekend=d.is_weekend()><span>{d.day}</span><small>{d.weekday_short(locale)}</small></th> })
        .collect_view();
    let body = rows.with_value(|list| {
        list.iter()
            .enumerate()
            .map(|(r, row)| {
                let cells = (0..row.cells.len()).map(|d| view! { <GridCell row=row.clone() r d grid=shared/> }).collect_view();
                let total = {
                    let row = row.clone();
                    move || hours(i64::from(row.total(|_| true)), locale)
                };
                view! {
                    <tr data-placement=row.placement_id data-testid="grid-row">
                        <th scope="row" class="row-label"><span>{row.label.clone()}</span><small>{row.sublabel.clone()}</small></th>
                        {cells}
                        <td class="num total" data-testid="row-total" data-label=t(Msg::Total)>{total}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    let day_totals = (0..days.len())
        .map(|d| {
            let total = move || {
                let m: u32 = rows.with_value(|rows| rows.iter().map(|row| row.minutes(d)).sum());
                if m == 0 {
                    String::new()
                } else {
                    hours(i64::from(m), locale)
                }
            };
            view! { <td class="num">{total}</td> }
        })
        .collect_view();
    let grand = move || hours(i64::from(rows.with_value(|rows| rows.iter().map(|row| row.total(|_| true)).sum::<u32>())), locale);
    let periods = rows
        .with_value(|rows| rows.iter().enumerate().map(|(r, row)| view! { <RowPeriods row=row.clone() r pending reload/> }).collect_view());
    // A plain form underneath: without the bundle, Save (or Enter) and Submit post the grid to
    // this page; once live, cells save as they are typed.
    let submit_form = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        autosave.flush();
    };
    view! {
        <form method="post" class="grid-form" class:mine=view == GridView::Mine on:submit=submit_form>
        <div class="grid-wrap">
            <table class="grid" data-testid="grid">
                <thead><tr><th class="row-label"></th>{header}<th class="num">{t(Msg::Total)}</th></tr></thead>
                <tbody>{body}</tbody>
                <tfoot><tr><th class="row-label">{t(Msg::Total)}</th>{day_totals}<td class="num total" data-testid="grand-total">{grand}</td></tr></tfoot>
            </table>
        </div>
        // Kept in reach at the bottom of a phone's screen: whether it saved (or why not), the
        // focused day's note, the periods with their totals and Submit.
        <div class="grid-actions">
            <SaveStatus autosave/>
            <NotePanel grid=shared/>
            <button type="submit" name="intent" value="save" class="save-hours" data-testid="save-hours" hidden=move || live.get()>
                {t(Msg::Save)}
            </button>
            <div class="periods">{periods}</div>
        </div>
        </form>
    }
}

/// Whether the grid saved, is saving, kept the entries on this device, or why it could not.
#[component]
fn SaveStatus(autosave: Autosave) -> impl IntoView {
    let line = |class: &'static str, msg: Msg| view! { <p class=class data-testid="save-state" aria-live="polite">{t(msg)}</p> }.into_any();
    move || match autosave.state.get() {
        SaveState::Idle => None,
        SaveState::Saving => Some(line("save-state", Msg::Saving)),
        SaveState::Saved if autosave.pending.read().is_empty() => Some(line("save-state ok", Msg::AllSaved)),
        SaveState::Saved => None,
        SaveState::Kept => Some(line("save-state warn", Msg::SaveKept)),
        SaveState::Failed(error) => Some(view! { <ErrorNote error/> }.into_any()),
    }
}

/// The focused day: its note (editable while the day is), who entered it, and what the checks
/// say about it.
#[component]
fn NotePanel(grid: GridState) -> impl IntoView {
    let GridState { rows, autosave, focus, locale, .. } = grid;
    move || {
        let (r, d) = focus.get()?;
        let (cell, open, flags) = rows.with_value(|rows| {
            let row = rows.get(r)?;
            let cell = *row.cells.get(d)?;
            Some((cell, row.editable(cell.day), row.flags))
        })?;
        let by = cell.by.get_value().map(|name| view! { <p class="muted">{Msg::EnteredBy.fill(locale, &[("name", &name)])}</p> });
        let error = cell.error.get().map(|m| view! { <p class="field-error" role="alert">{t(m)}</p> });
        let flagged = flags
            .get()
            .into_iter()
            .filter(|(day, _)| *day == cell.day)
            .map(|(_, m)| view! { <p class="warning" data-testid="cell-warning">{t(m)}</p> })
            .collect_view();
        Some(view! {
            <div class="note-panel">
                <label>
                    <span>{Msg::NoteFor.fill(locale, &[("day", &cell.day.format(locale))])}</span>
                    <input name="note" data-testid="note" prop:value=move || cell.note.get() readonly=!open maxlength="500"
                        on:input=move |ev| {
                            cell.note.set(event_target_value(&ev));
                            autosave.touch(r, d);
                        }
                        on:blur=move |_| autosave.flush()/>
                </label>
                {by}
                {error}
                {flagged}
            </div>
        })
    }
}
