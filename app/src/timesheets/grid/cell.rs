//! One day of one row: an input that takes hours and codes, checked as typed, with its marks
//! (today, day off, refused, flagged, entered by someone else, unsaved) and, on a phone where
//! the grid is a list of days, the day and its note beside it.
use super::autosave::Autosave;
use super::keys::{caret_ends, focus_cell, on_cell_focus, pasted_block, pasted_text, target};
use super::rows::Row;
use crate::i18n::t;
use leptos::prelude::*;
use shared::format::Date;
use shared::timesheets::model::cell_field;
use shared::Msg;

/// What every cell of a grid shares; all handles, so `Copy`.
#[derive(Clone, Copy)]
pub(super) struct GridState {
    pub rows: StoredValue<Vec<Row>>,
    pub autosave: Autosave,
    /// Set once hydrated: marks that the server could not render (unsaved cells) show from then.
    pub live: RwSignal<bool>,
    /// The focused cell, whose note the panel below the grid shows.
    pub focus: RwSignal<Option<(usize, usize)>>,
    pub just_focused: StoredValue<bool>,
    /// Rows and days in the grid.
    pub size: (usize, usize),
    pub today: Date,
    pub locale: shared::Locale,
}

impl GridState {
    fn open(self, r: usize, d: usize) -> bool {
        self.rows.with_value(|rows| rows.get(r).is_some_and(|row| d < row.cells.len() && row.editable(row.cells[d].day)))
    }
}

#[component]
pub(super) fn GridCell(row: Row, r: usize, d: usize, grid: GridState) -> impl IntoView {
    let GridState { autosave, live, focus, just_focused, locale, .. } = grid;
    let c = row.cells[d];
    let placement_id = row.placement_id;
    let flags = row.flags;
    let holiday = row.holidays.iter().find(|(day, _)| *day == c.day).map(|(_, n)| n.clone());
    let day_off = c.day.is_weekend() || holiday.is_some();
    let editable = move || {
        row.periods.track();
        row.editable(c.day)
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
    let flagged = move || flags.read().iter().any(|(day, _)| *day == c.day);
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some((tr, td)) = target(&ev.key(), caret_ends(&ev), r, d) {
            if tr < grid.size.0 && td < grid.size.1 {
                ev.prevent_default();
                focus_cell(tr, td);
            }
        }
    };
    // A single value is typed as usual; a spreadsheet row or block fills the open cells from
    // this one on.
    let paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(block) = pasted_block(&pasted_text(&ev)) else { return };
        ev.prevent_default();
        for (i, line) in block.into_iter().enumerate() {
            for (j, value) in line.into_iter().enumerate() {
                if grid.open(r + i, d + j) {
                    autosave.edit(r + i, d + j, value);
                }
            }
        }
    };
    view! {
        <td class:day-off=day_off class:today=c.day == grid.today class:invalid=move || c.error.get().is_some() class:flagged=flagged class:by-other=c.by.get_value().is_some()
            class:pending=move || live.get() && autosave.pending.read().contains((r, d))>
            <input
                id=format!("cell-{r}-{d}")
                name=cell_field(placement_id, &c.day.iso())
                data-day=c.day.iso()
                inputmode="decimal"
                autocomplete="off"
                aria-label=format!("{} {}", c.day.format(locale), t(Msg::Hours))
                aria-invalid=move || if c.error.get().is_some() { "true" } else { "false" }
                title=title
                value=c.text.get_untracked()
                prop:value=move || c.text.get()
                readonly=move || !editable()
                on:input=move |ev| autosave.edit(r, d, event_target_value(&ev))
                on:focus=move |_| {
                    focus.set(Some((r, d)));
                    just_focused.set_value(true);
                    on_cell_focus(r, d);
                }
                // The click that focused the cell would put the caret into the selection; later
                // clicks place the caret as usual.
                on:mouseup=move |ev| {
                    if just_focused.get_value() {
                        ev.prevent_default();
                    }
                    just_focused.set_value(false);
                }
                on:blur=move |_| autosave.flush()
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
}
