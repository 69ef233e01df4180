//! The grid's keyboard and clipboard: moving between cells as in a spreadsheet, focus that
//! selects a cell's content, and pasting a spreadsheet row or block.

/// Where a key moves the focus from cell (`r`, `d`), given whether the caret is at the start and
/// at the end of the cell's text: arrows leave a cell only from its edge, Enter goes to the next
/// day. The caller checks the grid's bounds below and to the right.
pub(super) fn target(key: &str, (at_start, at_end): (bool, bool), r: usize, d: usize) -> Option<(usize, usize)> {
    match key {
        "ArrowRight" if at_end => Some((r, d + 1)),
        "ArrowLeft" if at_start && d > 0 => Some((r, d - 1)),
        "ArrowDown" => Some((r + 1, d)),
        "Enter" => Some((r, d + 1)),
        "ArrowUp" if r > 0 => Some((r - 1, d)),
        _ => None,
    }
}

/// A pasted text as cells (lines of tab-separated values, trimmed), or None for a single value,
/// which is typed into the cell as usual.
pub(super) fn pasted_block(text: &str) -> Option<Vec<Vec<String>>> {
    if !text.contains('\t') && !text.contains('\n') {
        return None;
    }
    Some(text.lines().map(|line| line.split('\t').map(|v| v.trim().to_string()).collect()).collect())
}

/// The text a paste event carries (none on the server).
pub(super) fn pasted_text(ev: &leptos::ev::ClipboardEvent) -> String {
    #[cfg(feature = "hydrate")]
    return ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()).unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        String::new()
    }
}

#[cfg(feature = "hydrate")]
pub(super) fn cell_input(r: usize, d: usize) -> Option<web_sys::HtmlInputElement> {
    use leptos::prelude::document;
    use leptos::wasm_bindgen::JsCast;
    document().get_element_by_id(&format!("cell-{r}-{d}")).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
}

pub(super) fn focus_cell(r: usize, d: usize) {
    #[cfg(feature = "hydrate")]
    if let Some(input) = cell_input(r, d) {
        let _ = input.focus();
    }
    let _ = (r, d);
}

/// A focused cell: its content selected, so typing replaces it as in a spreadsheet, and scrolled
/// out from under the sticky row label (the browser counts a cell under the label as visible).
pub(super) fn on_cell_focus(r: usize, d: usize) {
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

/// Whether the caret is at the start and at the end of the input an event came from (a fully
/// selected cell, as after moving into it, is at both).
pub(super) fn caret_ends(ev: &leptos::ev::KeyboardEvent) -> (bool, bool) {
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

/// On a phone the grid is a list of days: today is brought into view.
pub(super) fn scroll_to_today() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::{document, window};
        let narrow = window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w <= 600.0);
        if let Some(cell) = narrow.then(|| document().query_selector("table.grid td.today").ok().flatten()).flatten() {
            cell.scroll_into_view_with_bool(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_leave_a_cell_only_from_its_edge() {
        let both = (true, true);
        assert_eq!(target("ArrowRight", both, 0, 3), Some((0, 4)));
        assert_eq!(target("ArrowRight", (true, false), 0, 3), None, "the caret moves within the text first");
        assert_eq!(target("ArrowLeft", (false, true), 0, 3), None);
        assert_eq!(target("ArrowLeft", both, 0, 0), None, "nothing left of the first day");
        assert_eq!(target("ArrowUp", both, 0, 3), None, "nothing above the first row");
        assert_eq!(target("ArrowDown", (false, false), 1, 3), Some((2, 3)));
        assert_eq!(target("Enter", (false, false), 1, 3), Some((1, 4)), "Enter goes to the next day");
        assert_eq!(target("a", both, 1, 3), None);
    }

    #[test]
    fn a_spreadsheet_block_pastes_as_cells_and_a_single_value_types() {
        assert_eq!(pasted_block("8"), None);
        assert_eq!(pasted_block("8\t 7.5 \tV"), Some(vec![vec!["8".to_string(), "7.5".into(), "V".into()]]));
        assert_eq!(pasted_block("8\t8\r\n4\t"), Some(vec![vec!["8".to_string(), "8".into()], vec!["4".into(), "".into()]]));
    }
}
