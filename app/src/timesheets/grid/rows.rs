//! The grid's rows and cells as live state, built from what the server loaded laid over what
//! was typed before: on this device and not yet saved, in a refused form post, or before the
//! page became interactive.
use super::autosave::Pending;
use super::unsaved::Kept;
use crate::shell::posted::Posted;
use crate::AppError;
use leptos::prelude::*;
use shared::format::{person_name, Date};
use shared::timesheets::model::{cell_field, GridPosted, GridRow, GridView, PeriodView};
use shared::timesheets::rules::{warnings, Frame};
use shared::timesheets::{parse_cell, Code};
use shared::Msg;

/// One cell's live state.
#[derive(Clone, Copy)]
pub(super) struct Cell {
    pub day: Date,
    pub text: RwSignal<String>,
    pub note: RwSignal<String>,
    pub error: RwSignal<Option<Msg>>,
    pub by: StoredValue<Option<String>>,
}

#[derive(Clone)]
pub(super) struct Row {
    pub placement_id: i64,
    pub label: String,
    pub sublabel: String,
    pub frame: Frame,
    pub holidays: Vec<(Date, String)>,
    pub periods: RwSignal<Vec<PeriodView>>,
    pub cells: Vec<Cell>,
    /// Overtime-rule flags over the row's entries, kept current as cells change.
    pub flags: Memo<Vec<(Date, Msg)>>,
}

impl Row {
    pub fn period_of(&self, day: Date) -> Option<PeriodView> {
        self.periods.read_untracked().iter().find(|p| p.start <= day && day <= p.end).cloned()
    }

    pub fn editable(&self, day: Date) -> bool {
        self.frame.covers(day) && self.period_of(day).is_some_and(|p| p.status.editable())
    }

    pub fn minutes(&self, i: usize) -> u32 {
        self.cells.get(i).and_then(|c| parse_cell(&c.text.get()).ok().flatten()).map_or(0, |e| e.minutes)
    }

    /// The row's hours over the days that `within` accepts (by day index).
    pub fn total(&self, within: impl Fn(usize) -> bool) -> u32 {
        (0..self.cells.len()).filter(|d| within(*d)).map(|d| self.minutes(d)).sum()
    }
}

/// What was typed before this grid was built: kept unsaved on this device, or sent in a form
/// post the server refused.
pub(super) struct Earlier {
    pub kept: Kept,
    pub posted: Posted<GridPosted>,
}

/// What was typed into a cell before the page became interactive (the server-rendered inputs
/// take typing at once; hydration would otherwise reset them to the loaded value).
fn typed_before_hydration(r: usize, d: usize, loaded: &str) -> Option<String> {
    // Only while hydrating: a grid built after navigation must not read the previous month's.
    #[cfg(feature = "hydrate")]
    if Owner::current_shared_context().is_some_and(|c| c.during_hydration()) {
        return super::keys::cell_input(r, d).map(|input| input.value()).filter(|typed| typed != loaded);
    }
    let _ = (r, d, loaded);
    None
}

pub(super) fn build_row(
    r: usize,
    g: &GridRow,
    days: &[Date],
    view: GridView,
    locale: shared::Locale,
    earlier: &Earlier,
    pending: Pending,
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
                pending.update(|p| p.insert((r, d)));
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
