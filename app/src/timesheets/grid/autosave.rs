//! Saving as you type: each changed cell is checked with the shared rules, kept in the
//! browser's local storage until the server confirms it, and sent shortly after typing stops
//! (or when a cell loses focus); a lost connection retries, a conflict reloads the grid.
use super::super::api::save_cells;
use super::rows::Row;
use super::unsaved::{Cells, Kept};
use crate::AppError;
use leptos::prelude::*;
use shared::timesheets::model::{cell_field, CellInput, GridView, PeriodView, SaveCells};
use shared::timesheets::parse_cell;
use shared::timesheets::rules::{check_entry, over_day_limit};
use shared::Msg;
use std::time::Duration;

/// Cells changed and not yet confirmed by the server.
pub(super) type Pending = RwSignal<Cells>;

/// The cells of one row sent in one save: (day index, text, note) as they were sent.
type Sent = Vec<(usize, String, String)>;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum SaveState {
    Idle,
    Saving,
    Saved,
    /// Not confirmed by the server; kept locally and retried.
    Kept,
    Failed(AppError),
}

/// Where unsaved cells wait: `{ "placement:day": [text, note] }` per grid and month.
pub(super) fn storage_key(view: GridView, month: &str) -> String {
    format!("staffport.timesheet.{}.{month}", if view == GridView::Mine { "mine" } else { "crew" })
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// What this device kept unsaved; a value that does not read back is dropped (it is only a
/// copy of typing the server never confirmed).
pub(super) fn load_kept(key: &str) -> Kept {
    #[cfg(feature = "hydrate")]
    if let Some(raw) = storage().and_then(|s| s.get_item(key).ok().flatten()) {
        return serde_json::from_str(&raw).unwrap_or_default();
    }
    let _ = key;
    Kept::default()
}

fn store_kept(key: &str, kept: &Kept) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = if kept.is_empty() { s.remove_item(key) } else { s.set_item(key, &serde_json::to_string(kept).unwrap_or_default()) };
    }
    let _ = (key, kept);
}

/// The grid's saving machinery; every part is a reactive handle, so it is `Copy` into handlers.
#[derive(Clone, Copy)]
pub(super) struct Autosave {
    rows: StoredValue<Vec<Row>>,
    pub pending: Pending,
    pub state: RwSignal<SaveState>,
    view: GridView,
    reload: Callback<()>,
    in_flight: RwSignal<bool>,
    retry: RwSignal<u32>,
    generation: StoredValue<u64>,
}

impl Autosave {
    /// Starts saving for a grid: keeps pending cells in local storage as they change, checks and
    /// sends the cells restored from it once the page is live, and retries after a lost
    /// connection.
    pub fn start(
        rows: StoredValue<Vec<Row>>,
        pending: Pending,
        state: SaveState,
        key: String,
        view: GridView,
        reload: Callback<()>,
    ) -> Autosave {
        let this = Autosave {
            rows,
            pending,
            state: RwSignal::new(state),
            view,
            reload,
            in_flight: RwSignal::new(false),
            retry: RwSignal::new(0),
            generation: StoredValue::new(0),
        };
        Effect::new(move |first: Option<()>| {
            this.retry.track();
            if first.is_some() {
                this.flush();
            }
        });
        Effect::new(move |_| {
            // Each pending cell once, so each key once.
            let kept: Kept = rows.with_value(|rows| {
                pending
                    .get()
                    .iter()
                    .filter_map(|(r, d)| {
                        let row = rows.get(r)?;
                        let c = row.cells.get(d)?;
                        Some((format!("{}:{}", row.placement_id, c.day.iso()), (c.text.get(), c.note.get())))
                    })
                    .collect()
            });
            store_kept(&key, &kept);
        });
        Effect::new(move |_| {
            let restored: Vec<(usize, usize)> = pending.get_untracked().iter().collect();
            for (r, d) in restored {
                this.check(r, d);
            }
            if !pending.get_untracked().is_empty() {
                this.flush();
            }
        });
        this
    }

    /// A cell typed into: checked at once, sent shortly.
    pub fn edit(self, r: usize, d: usize, text: String) {
        self.rows.with_value(|rows| {
            if let Some(c) = rows.get(r).and_then(|row| row.cells.get(d)) {
                c.text.set(text);
            }
        });
        self.touch(r, d);
        self.check(r, d);
    }

    /// A cell's note (or text, already set) changed: pending, sent shortly.
    pub fn touch(self, r: usize, d: usize) {
        self.pending.update(|p| p.insert((r, d)));
        self.schedule();
    }

    /// Re-checks one cell with the shared rules (the server checks again).
    fn check(self, r: usize, d: usize) {
        let view = self.view;
        self.rows.with_value(|rows| {
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
    }

    /// Sends a little after the last change (typing on keeps pushing it back).
    fn schedule(self) {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        set_timeout(
            move || {
                // The grid may be gone (month changed, reloaded) by the time this fires.
                if self.generation.try_get_value() == Some(mine) {
                    self.flush();
                }
            },
            Duration::from_millis(600),
        );
    }

    /// Sends each row's pending, valid cells; what the server confirms leaves local storage.
    pub fn flush(self) {
        if self.in_flight.try_get_untracked() != Some(false) {
            return;
        }
        let batch = self.batch();
        if batch.is_empty() {
            return;
        }
        self.in_flight.set(true);
        self.state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            let mut outcome = SaveState::Saved;
            for (r, input, sent) in batch {
                match save_cells(input).await {
                    Ok(saved) => self.confirmed(r, saved, &sent),
                    Err(AppError::Invalid(errors)) => {
                        self.rows.try_with_value(|rows| {
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
                        self.reload.run(());
                    }
                    Err(AppError::Transport(_) | AppError::Internal) => outcome = SaveState::Kept,
                    Err(e) => outcome = SaveState::Failed(e),
                }
            }
            self.in_flight.try_set(false);
            self.state.try_set(outcome.clone());
            if outcome == SaveState::Kept {
                let retry = self.retry;
                set_timeout(
                    move || {
                        retry.try_update(|n| *n += 1);
                    },
                    Duration::from_secs(5),
                );
            }
        });
    }

    /// Each row's pending cells that pass the checks, with the versions the row was loaded at.
    fn batch(self) -> Vec<(usize, SaveCells, Sent)> {
        let pending = self.pending.get_untracked();
        self.rows.with_value(|rows| {
            rows.iter()
                .enumerate()
                .filter_map(|(r, row)| {
                    let sent: Sent = pending
                        .iter()
                        .filter(|(pr, _)| *pr == r)
                        .filter_map(|(_, d)| row.cells.get(d).map(|c| (d, c)))
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
        })
    }

    /// The server saved a row's cells: its periods take the new versions, and each cell sent
    /// leaves the pending set unless it changed again meanwhile.
    fn confirmed(self, r: usize, saved: Vec<PeriodView>, sent: &Sent) {
        self.rows.try_with_value(|rows| {
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
            self.pending.update(|p| {
                for (d, text, note) in sent {
                    let unchanged = row.cells.get(*d).is_some_and(|c| c.text.get_untracked() == *text && c.note.get_untracked() == *note);
                    if unchanged {
                        p.remove((r, *d));
                    }
                }
            });
        });
    }
}
