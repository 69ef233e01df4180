//! The month grid: days across, one row per placement (a contractor's own, or a foreman's crew).
//! Keyboard-first (arrows, Enter, Tab, pasting a spreadsheet row), checked as you type with the
//! same rules the server applies, and saved as you go. Unsaved cells are kept in the browser's
//! local storage until the server confirms them, so a lost connection or a reload loses nothing.
use super::api::{decide, month_grid, save_cells};
use super::review::status_text;
use crate::i18n::{t, use_locale};
use crate::shell::posted::{posted, Posted};
use crate::shell::widgets::{ErrorNote, Loading};
use crate::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::approvals::Action as Act;
use shared::format::{hours, person_name, Date};
use shared::timesheets::model::{
    cell_field, version_field, CellInput, Decision, GridPosted, GridRow, GridView, MonthGrid, PeriodView, SaveCells,
};
use shared::timesheets::rules::{check_entry, over_day_limit, warnings, Frame};
use shared::timesheets::{parse_cell, Code, Period};
use shared::Msg;
use std::collections::BTreeMap;
use std::time::Duration;

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

/// One cell's live state.
#[derive(Clone, Copy)]
struct Cell {
    day: Date,
    text: RwSignal<String>,
    note: RwSignal<String>,
    error: RwSignal<Option<Msg>>,
    by: StoredValue<Option<String>>,
}

#[derive(Clone)]
struct Row {
    placement_id: i64,
    label: String,
    sublabel: String,
    frame: Frame,
    holidays: Vec<(Date, String)>,
    periods: RwSignal<Vec<PeriodView>>,
    cells: Vec<Cell>,
    /// Overtime-rule flags over the row's entries, kept current as cells change.
    flags: Memo<Vec<(Date, Msg)>>,
}

impl Row {
    fn period_of(&self, day: Date) -> Option<PeriodView> {
        self.periods.read_untracked().iter().find(|p| p.start <= day && day <= p.end).cloned()
    }

    fn editable(&self, day: Date) -> bool {
        self.frame.covers(day) && self.period_of(day).is_some_and(|p| p.status.editable())
    }

    fn minutes(&self, i: usize) -> u32 {
        self.cells.get(i).and_then(|c| parse_cell(&c.text.get()).ok().flatten()).map_or(0, |e| e.minutes)
    }
}

/// The cells of one row sent in one save: (day index, text, note) as they were sent.
type Sent = Vec<(usize, String, String)>;

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    /// Not confirmed by the server; kept locally and retried.
    Kept,
    Failed(AppError),
}

/// Where unsaved cells wait: `{ "placement:day": [text, note] }` per grid and month.
fn storage_key(view: GridView, month: &str) -> String {
    format!("staffport.timesheet.{}.{month}", if view == GridView::Mine { "mine" } else { "crew" })
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn load_kept(key: &str) -> BTreeMap<String, (String, String)> {
    #[cfg(feature = "hydrate")]
    if let Some(raw) = storage().and_then(|s| s.get_item(key).ok().flatten()) {
        return serde_json::from_str(&raw).unwrap_or_default();
    }
    let _ = key;
    BTreeMap::new()
}

fn store_kept(key: &str, kept: &BTreeMap<String, (String, String)>) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = if kept.is_empty() { s.remove_item(key) } else { s.set_item(key, &serde_json::to_string(kept).unwrap_or_default()) };
    }
    let _ = (key, kept);
}

#[cfg(feature = "hydrate")]
fn cell_input(r: usize, d: usize) -> Option<web_sys::HtmlInputElement> {
    use leptos::wasm_bindgen::JsCast;
    document().get_element_by_id(&format!("cell-{r}-{d}")).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
}

fn focus_cell(r: usize, d: usize) {
    #[cfg(feature = "hydrate")]
    if let Some(input) = cell_input(r, d) {
        let _ = input.focus();
    }
    let _ = (r, d);
}

/// A focused cell: its content selected, so typing replaces it as in a spreadsheet, and scrolled
/// out from under the sticky row label (the browser counts a cell under the label as visible).
fn on_cell_focus(r: usize, d: usize) {
    #[cfg(feature = "hydrate")]
    if let Some(input) = cell_input(r, d) {
        input.select();
        let label = input.closest("tr").ok().flatten().and_then(|tr| tr.query_selector(".row-label").ok().flatten());
        let wrap = input.closest(".grid-wrap").ok().flatten();
        if let (Some(label), Some(wrap)) = (label, wrap) {
            let hidden = label.get_bounding_client_rect().right() - input.get_bounding_client_rect().left();
            if hidden > 0.0 {
                wrap.set_scroll_left(wrap.scroll_left() - hidden.ceil() as i32);
            }
        }
    }
    let _ = (r, d);
}

/// What was typed into a cell before the page became interactive (the server-rendered inputs
/// take typing at once; hydration would otherwise reset them to the loaded value).
fn typed_before_hydration(r: usize, d: usize, loaded: &str) -> Option<String> {
    // Only while hydrating: a grid built after navigation must not read the previous month's.
    #[cfg(feature = "hydrate")]
    if Owner::current_shared_context().is_some_and(|c| c.during_hydration()) {
        return cell_input(r, d).map(|input| input.value()).filter(|typed| typed != loaded);
    }
    let _ = (r, d, loaded);
    None
}

fn scroll_to_today() {
    #[cfg(feature = "hydrate")]
    {
        let narrow = window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w <= 600.0);
        if let Some(cell) = narrow.then(|| document().query_selector("table.grid td.today").ok().flatten()).flatten() {
            cell.scroll_into_view_with_bool(true);
        }
    }
}

/// Whether the caret is at the start and at the end of the input an event came from (a fully
/// selected cell, as after moving into it, is at both).
fn caret_ends(ev: &leptos::ev::KeyboardEvent) -> (bool, bool) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            let len = input.value().encode_utf16().count() as u32;
            let start = input.selection_start().ok().flatten().unwrap_or(0);
            let end = input.selection_end().ok().flatten().unwrap_or(len);
            return (start == 0, end >= len);
        }
    }
    let _ = ev;
    (true, true)
}

#[component]
fn Grid(grid: MonthGrid, view: GridView, posted: Posted<GridPosted>, #[prop(into)] reload: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let month = Date::parse_month(&grid.month).unwrap_or(Date { year: 2026, month: 1, day: 1 });
    let days: Vec<Date> = Period { start: month.first_of_month(), end: month.last_of_month() }.days().collect();
    let key = StoredValue::new(storage_key(view, &grid.month));
    let kept = load_kept(&key.get_value());
    let pending: RwSignal<BTreeMap<(usize, usize), ()>> = RwSignal::new(BTreeMap::new());
    let earlier = Earlier { kept, posted };
    let rows: Vec<Row> = grid.rows.iter().enumerate().map(|(r, g)| build_row(r, g, &days, view, locale, &earlier, pending)).collect();
    let posted = earlier.posted;
    let rows = StoredValue::new(rows);
    let state = RwSignal::new(match (posted.result, posted.error) {
        (_, Some(error)) => SaveState::Failed(error),
        (Some(_), None) => SaveState::Saved,
        (None, None) => SaveState::Idle,
    });
    let retry = RwSignal::new(0u32);
    let in_flight = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    let focus: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let just_focused = StoredValue::new(false);
    // Entries kept on this device differ from what the server rendered: what shows them (pending
    // marks, a held Submit) turns on once hydrated, as attributes are not re-applied by hydration.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    // Re-checks one cell with the shared rules (the server checks again).
    let check = move |r: usize, d: usize| {
        rows.with_value(|rows| {
            let Some(row) = rows.get(r) else { return };
            let Some(cell) = row.cells.get(d) else { return };
            let verdict = parse_cell(&cell.text.get_untracked()).and_then(|e| e.map(|e| check_entry(&row.frame, cell.day, &e)).transpose());
            let mut error = verdict.err();
            if error.is_none() && view == GridView::Mine {
                // One person: no more than 24 hours a day across the rows.
                let day: Vec<_> = rows.iter().map(|x| (cell.day, x.minutes(d))).collect();
                if !over_day_limit(day).is_empty() {
                    error = Some(Msg::ErrDayOver24);
                }
            }
            cell.error.set(error);
        })
    };

    // Sends each row's pending, valid cells; what the server confirms leaves local storage.
    let flush = move || {
        if in_flight.get_untracked() {
            return;
        }
        let batch: Vec<(usize, SaveCells, Sent)> = rows.with_value(|rows| {
            let pending = pending.get_untracked();
            rows.iter()
                .enumerate()
                .filter_map(|(r, row)| {
                    let sent: Vec<(usize, String, String)> = pending
                        .keys()
                        .filter(|(pr, _)| *pr == r)
                        .filter_map(|(_, d)| row.cells.get(*d).map(|c| (*d, c)))
                        .filter(|(_, c)| c.error.get_untracked().is_none())
                        .map(|(d, c)| (d, c.text.get_untracked(), c.note.get_untracked()))
                        .collect();
                    if sent.is_empty() {
                        return None;
                    }
                    let cells = sent
                        .iter()
                        .filter_map(|(d, text, note)| {
                            row.cells.get(*d).map(|c| CellInput { day: c.day.iso(), text: text.clone(), note: note.clone() })
                        })
                        .collect();
                    let versions = row.periods.get_untracked().iter().map(|p| (p.start.iso(), p.version)).collect();
                    Some((r, SaveCells { placement_id: row.placement_id, cells, versions }, sent))
                })
                .collect()
        });
        if batch.is_empty() {
            return;
        }
        in_flight.set(true);
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let mut outcome = SaveState::Saved;
            for (r, input, sent) in batch {
                match save_cells(input).await {
                    Ok(saved) => {
                        rows.try_with_value(|rows| {
                            let Some(row) = rows.get(r) else { return };
                            row.periods.update(|periods| {
                                for s in saved {
                                    if let Some(p) = periods.iter_mut().find(|p| p.start == s.start) {
                                        p.timesheet_id = s.timesheet_id;
                                        p.version = s.version;
                                        p.status = s.status;
                                    }
                                }
                            });
                            pending.update(|p| {
                                for (d, text, note) in &sent {
                                    let unchanged = row
                                        .cells
                                        .get(*d)
                                        .is_some_and(|c| c.text.get_untracked() == *text && c.note.get_untracked() == *note);
                                    if unchanged {
                                        p.remove(&(r, *d));
                                    }
                                }
                            });
                        });
                    }
                    Err(AppError::Invalid(errors)) => {
                        rows.try_with_value(|rows| {
                            let Some(row) = rows.get(r) else { return };
                            for (d, _, _) in &sent {
                                if let Some(c) = row.cells.get(*d) {
                                    let field = cell_field(row.placement_id, &c.day.iso());
                                    c.error.set(errors.iter().find(|e| e.field == field || e.field == "timesheet").map(|e| e.msg));
                                }
                            }
                        });
                        outcome = SaveState::Failed(AppError::Invalid(errors));
                    }
                    Err(AppError::Conflict) => {
                        // Someone else saved meanwhile: load their version; ours stays in local
                        // storage and is laid over it when the grid comes back.
                        outcome = SaveState::Failed(AppError::Conflict);
                        reload.run(());
                    }
                    Err(e @ (AppError::Transport(_) | AppError::Internal)) => {
                        let _ = e;
                        outcome = SaveState::Kept;
                    }
                    Err(e) => outcome = SaveState::Failed(e),
                }
            }
            in_flight.try_set(false);
            state.try_set(outcome.clone());
            if outcome == SaveState::Kept {
                set_timeout(
                    move || {
                        retry.try_update(|n| *n += 1);
                    },
                    Duration::from_secs(5),
                );
            }
        });
    };
    let flush = StoredValue::new(flush);
    // Retries after a lost connection (the closure cannot name itself).
    Effect::new(move |first: Option<()>| {
        retry.track();
        if first.is_some() {
            flush.with_value(|f| f());
        }
    });
    let schedule = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                // The grid may be gone (month changed, reloaded) by the time this fires.
                if generation.try_get_value() == Some(mine) {
                    flush.try_with_value(|f| f());
                }
            },
            Duration::from_millis(600),
        );
    };

    // Keep pending cells in local storage whenever the set or a pending cell changes.
    Effect::new(move |_| {
        let map: BTreeMap<String, (String, String)> = rows.with_value(|rows| {
            pending
                .get()
                .keys()
                .filter_map(|(r, d)| {
                    let row = rows.get(*r)?;
                    let c = row.cells.get(*d)?;
                    Some((format!("{}:{}", row.placement_id, c.day.iso()), (c.text.get(), c.note.get())))
                })
                .collect()
        });
        store_kept(&key.get_value(), &map);
    });
    // Cells restored from local storage are checked and sent once the page is live.
    Effect::new(move |_| {
        let restored: Vec<(usize, usize)> = pending.get_untracked().keys().copied().collect();
        for (r, d) in restored {
            check(r, d);
        }
        if !pending.get_untracked().is_empty() {
            flush.with_value(|f| f());
        }
    });

    let edit = move |r: usize, d: usize, text: String| {
        rows.with_value(|rows| {
            if let Some(c) = rows.get(r).and_then(|row| row.cells.get(d)) {
                c.text.set(text);
            }
        });
        pending.update(|p| {
            p.insert((r, d), ());
        });
        check(r, d);
        schedule();
    };

    let header = days
        .iter()
        .map(|d| view! { <th scope="col" class:weekend=d.is_weekend()><span>{d.day}</span><small>{d.weekday_short(locale)}</small></th> })
        .collect_view();
    let today = super::today();
    // On a phone the grid is a list of days: bring today into view once live.
    Effect::new(move |_| scroll_to_today());
    let row_count = rows.with_value(|r| r.len());
    let day_count = days.len();
    let body = rows.with_value(|list| {
        list.iter()
            .enumerate()
            .map(|(r, row)| {
                let cells = row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(d, cell)| {
                        let c = *cell;
                        let placement_id = row.placement_id;
                        let flags = row.flags;
                        let holiday = row.holidays.iter().find(|(day, _)| *day == c.day).map(|(_, n)| n.clone());
                        let day_off = c.day.is_weekend() || holiday.is_some();
                        let editable = {
                            let row = row.clone();
                            move || {
                                row.periods.track();
                                row.editable(c.day)
                            }
                        };
                        let title = move || {
                            let mut parts: Vec<String> = Vec::new();
                            if let Some(h) = &holiday {
                                parts.push(h.clone());
                            }
                            if let Some(by) = c.by.get_value() {
                                parts.push(Msg::EnteredBy.fill(locale, &[("name", &by)]));
                            }
                            if let Some(e) = c.error.get() {
                                parts.push(t(e).to_string());
                            }
                            parts.extend(flags.read().iter().filter(|(day, _)| *day == c.day).map(|(_, m)| t(*m).to_string()));
                            parts.join(" · ")
                        };
                        let initial = c.text.get_untracked();
                        let flagged = move || flags.read().iter().any(|(day, _)| *day == c.day);
                        let keydown = move |ev: leptos::ev::KeyboardEvent| {
                            let (at_start, at_end) = caret_ends(&ev);
                            let target = match ev.key().as_str() {
                                "ArrowRight" if at_end => Some((r, d + 1)),
                                "ArrowLeft" if at_start && d > 0 => Some((r, d - 1)),
                                "ArrowDown" => Some((r + 1, d)),
                                "Enter" => Some((r, d + 1)),
                                "ArrowUp" if r > 0 => Some((r - 1, d)),
                                _ => None,
                            };
                            if let Some((tr, td)) = target {
                                if tr < row_count && td < day_count {
                                    ev.prevent_default();
                                    focus_cell(tr, td);
                                }
                            }
                        };
                        let paste = move |ev: leptos::ev::ClipboardEvent| {
                            #[cfg(feature = "hydrate")]
                            let text = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()).unwrap_or_default();
                            #[cfg(not(feature = "hydrate"))]
                            let text = String::new();
                            // A single value is typed as usual; a spreadsheet row or block fills
                            // the cells from this one on.
                            if !text.contains('\t') && !text.contains('\n') {
                                return;
                            }
                            ev.prevent_default();
                            for (i, line) in text.lines().enumerate() {
                                for (j, value) in line.split('\t').enumerate() {
                                    let (tr, td) = (r + i, d + j);
                                    let open = rows.with_value(|rows| rows.get(tr).is_some_and(|row| td < row.cells.len() && row.editable(row.cells[td].day)));
                                    if open {
                                        edit(tr, td, value.trim().to_string());
                                    }
                                }
                            }
                        };
                        view! {
                            <td class:day-off=day_off class:today=c.day == today class:invalid=move || c.error.get().is_some() class:flagged=flagged class:by-other=c.by.get_value().is_some()
                                class:pending=move || live.get() && pending.read().contains_key(&(r, d))>
                                <input
                                    id=format!("cell-{r}-{d}")
                                    name=cell_field(placement_id, &c.day.iso())
                                    data-day=c.day.iso()
                                    inputmode="decimal"
                                    autocomplete="off"
                                    aria-label=format!("{} {}", c.day.format(locale), t(Msg::Hours))
                                    aria-invalid=move || if c.error.get().is_some() { "true" } else { "false" }
                                    title=title
                                    value=initial
                                    prop:value=move || c.text.get()
                                    readonly=move || !editable()
                                    on:input=move |ev| edit(r, d, event_target_value(&ev))
                                    on:focus=move |_| {
                                        focus.set(Some((r, d)));
                                        just_focused.set_value(true);
                                        on_cell_focus(r, d);
                                    }
                                    // The click that focused the cell would put the caret into the
                                    // selection; later clicks place the caret as usual.
                                    on:mouseup=move |ev| {
                                        if just_focused.get_value() {
                                            ev.prevent_default();
                                        }
                                        just_focused.set_value(false);
                                    }
                                    on:blur=move |_| flush.with_value(|f| f())
                                    on:keydown=keydown
                                    on:paste=paste
                                />
                                // The day and its note, shown when the grid is a list of days (phones).
                                <span class="day-label" aria-hidden="true">
                                    {c.day.weekday_short(locale)}" "{c.day.format(locale)}
                                    <small class="day-note">{move || c.note.get()}</small>
                                </span>
                            </td>
                        }
                    })
                    .collect_view();
                let total = {
                    let row = row.clone();
                    move || hours(i64::from((0..row.cells.len()).map(|i| row.minutes(i)).sum::<u32>()), locale)
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
    let day_totals = (0..day_count)
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
    let grand = move || {
        hours(
            i64::from(
                rows.with_value(|rows| rows.iter().map(|row| (0..row.cells.len()).map(|i| row.minutes(i)).sum::<u32>()).sum::<u32>()),
            ),
            locale,
        )
    };
    let status = move || match state.get() {
        SaveState::Idle => None,
        SaveState::Saving => {
            Some(view! { <p class="save-state" data-testid="save-state" aria-live="polite">{t(Msg::Saving)}</p> }.into_any())
        }
        SaveState::Saved if pending.read().is_empty() => {
            Some(view! { <p class="save-state ok" data-testid="save-state" aria-live="polite">{t(Msg::AllSaved)}</p> }.into_any())
        }
        SaveState::Saved => None,
        SaveState::Kept => {
            Some(view! { <p class="save-state warn" data-testid="save-state" aria-live="polite">{t(Msg::SaveKept)}</p> }.into_any())
        }
        SaveState::Failed(error) => Some(view! { <ErrorNote error/> }.into_any()),
    };
    let note_panel = move || {
        let (r, d) = focus.get()?;
        let cell = rows.with_value(|rows| rows.get(r).and_then(|row| row.cells.get(d).copied()))?;
        let open = rows.with_value(|rows| rows.get(r).is_some_and(|row| row.editable(cell.day)));
        let by = cell.by.get_value().map(|name| view! { <p class="muted">{Msg::EnteredBy.fill(locale, &[("name", &name)])}</p> });
        let error = cell.error.get().map(|m| view! { <p class="field-error" role="alert">{t(m)}</p> });
        let flags = rows.with_value(|rows| rows.get(r).map(|row| row.flags))?;
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
                            pending.update(|p| { p.insert((r, d), ()); });
                            schedule();
                        }
                        on:blur=move |_| flush.with_value(|f| f())/>
                </label>
                {by}
                {error}
                {flagged}
            </div>
        })
    };
    let periods = rows
        .with_value(|rows| rows.iter().enumerate().map(|(r, row)| view! { <RowPeriods row=row.clone() r pending reload/> }).collect_view());
    // A plain form underneath: without the bundle, Save (or Enter) and Submit post the grid to
    // this page; once live, cells save as they are typed.
    let submit_form = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        flush.with_value(|f| f());
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
            {status}
            {note_panel}
            <button type="submit" name="intent" value="save" class="save-hours" data-testid="save-hours" hidden=move || live.get()>
                {t(Msg::Save)}
            </button>
            <div class="periods">{periods}</div>
        </div>
        </form>
    }
}

/// What was typed before this grid was built: kept unsaved on this device, or sent in a form
/// post the server refused.
struct Earlier {
    kept: BTreeMap<String, (String, String)>,
    posted: Posted<GridPosted>,
}

fn build_row(
    r: usize,
    g: &GridRow,
    days: &[Date],
    view: GridView,
    locale: shared::Locale,
    earlier: &Earlier,
    pending: RwSignal<BTreeMap<(usize, usize), ()>>,
) -> Row {
    let Earlier { kept, posted } = earlier;
    let refused = match &posted.error {
        Some(AppError::Invalid(errors)) => errors.clone(),
        _ => Vec::new(),
    };
    let cells: Vec<Cell> = days
        .iter()
        .enumerate()
        .map(|(d, day)| {
            let saved = g.cells.iter().find(|c| c.day == day.iso());
            let (mut text, mut note) = saved.map(|c| (c.text.clone(), c.note.clone())).unwrap_or_default();
            // Typing before hydration changed what the page showed (the saved value): newest of
            // all. Then what a refused form post sent, then what this device kept unsaved.
            let field = cell_field(g.placement_id, &day.iso());
            let refused_post = posted.error.as_ref().map(|_| posted.typed(&field)).filter(|typed| *typed != text);
            let local = match typed_before_hydration(r, d, &text).or(refused_post) {
                Some(typed) => Some((typed, note.clone())),
                None => kept.get(&format!("{}:{}", g.placement_id, day.iso())).cloned(),
            };
            if let Some((t, n)) = local.filter(|(t, n)| *t != text || *n != note) {
                text = t;
                note = n;
                pending.update(|p| {
                    p.insert((r, d), ());
                });
            }
            Cell {
                day: *day,
                text: RwSignal::new(text),
                note: RwSignal::new(note),
                error: RwSignal::new(refused.iter().find(|e| e.field == field).map(|e| e.msg)),
                by: StoredValue::new(saved.and_then(|c| c.entered_by.clone())),
            }
        })
        .collect();
    let (label, sublabel) = match view {
        GridView::Mine => (g.client_company.clone(), g.client_department.clone()),
        GridView::Crew => (person_name(&g.contractor_family, &g.contractor_given, locale), g.client_department.clone()),
    };
    let holidays: Vec<Date> = g.holidays.iter().map(|(d, _)| *d).collect();
    let cells_out = cells.clone();
    let flags = Memo::new(move |_| {
        let entries: Vec<(Date, shared::timesheets::Entry)> =
            cells.iter().filter_map(|c: &Cell| parse_cell(&c.text.get()).ok().flatten().map(|e| (c.day, e))).collect();
        warnings(&entries, |d| d.is_weekend() || holidays.contains(&d))
    });
    Row {
        flags,
        placement_id: g.placement_id,
        label,
        sublabel,
        frame: Frame {
            starts_on: g.starts_on,
            ends_on: g.ends_on,
            allowed: if g.allowed.is_empty() { Code::ALL.to_vec() } else { g.allowed.clone() },
        },
        holidays: g.holidays.clone(),
        periods: RwSignal::new(g.periods.clone()),
        cells: cells_out,
    }
}

/// A row's periods: status, the return comment, and the submit button.
#[component]
fn RowPeriods(row: Row, r: usize, pending: RwSignal<BTreeMap<(usize, usize), ()>>, #[prop(into)] reload: Callback<()>) -> impl IntoView {
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
                    move || pending.read().keys().any(|(pr, d)| *pr == r && in_period(*d))
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
                    move || hours(i64::from((0..row.cells.len()).filter(|d| in_period(*d)).map(|d| row.minutes(d)).sum::<u32>()), locale)
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
