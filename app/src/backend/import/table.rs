//! A payroll export read into lines of text cells: XLSX through calamine, CSV through the csv
//! crate after its encoding (UTF-8 with or without BOM, CP1251, EUC-KR/CP949) and separator
//! (`;`, `,`, tab) are detected or given.
use shared::validation::FieldError;
use shared::Msg;

/// One line of the file: its number as an editor shows it (the first line is 1) and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub number: u32,
    pub cells: Vec<String>,
}

fn unreadable() -> FieldError {
    FieldError::new("file", Msg::ErrImportFileUnreadable)
}

/// Reads every line of `bytes`. `sheet` chooses a worksheet of a workbook (the first when
/// empty); `encoding` overrides the detected encoding of a CSV file (a WHATWG label).
pub fn read(bytes: &[u8], sheet: &str, encoding: &str) -> Result<Vec<Line>, FieldError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes, sheet);
    }
    let text = decode(bytes, encoding)?;
    read_csv(&text)
}

fn read_xlsx(bytes: &[u8], sheet: &str) -> Result<Vec<Line>, FieldError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let name = match sheet.trim() {
        "" => book.sheet_names().first().cloned().ok_or_else(unreadable)?,
        chosen => book.sheet_names().into_iter().find(|n| n == chosen).ok_or(FieldError::new("sheet", Msg::ErrImportNoSheet))?,
    };
    let range = book.worksheet_range(&name).map_err(|_| unreadable())?;
    // The range starts at its first used cell; line numbers count from the sheet's top.
    let top = range.start().map_or(0, |(row, _)| row);
    let left = range.start().map_or(0, |(_, col)| col) as usize;
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); left];
            cells.extend(row.iter().map(|cell| match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                // Whole numbers (personnel numbers, date serials) without a trailing ".0".
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => format!("{}", d.as_f64() as i64),
                Data::Error(_) => String::new(),
            }));
            Line { number: top + i as u32 + 1, cells }
        })
        .collect())
}

/// The text of a CSV file: the given encoding, else a byte-order mark, else UTF-8 if it is
/// valid, else whichever of EUC-KR and CP1251 reads as its own script.
pub fn decode(bytes: &[u8], label: &str) -> Result<String, FieldError> {
    use encoding_rs::{Encoding, EUC_KR, UTF_8, WINDOWS_1251};
    let chosen = match label.trim() {
        "" => None,
        l => Some(Encoding::for_label(l.as_bytes()).ok_or(FieldError::new("encoding", Msg::ErrImportFileUnreadable))?),
    };
    let encoding = chosen.unwrap_or_else(|| {
        if let Some((bom, _)) = Encoding::for_bom(bytes) {
            bom
        } else if std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            let (korean, _, broken) = EUC_KR.decode(bytes);
            let hangul = korean.chars().filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c)).count();
            let other = korean.chars().filter(|c| !c.is_ascii()).count();
            if !broken && hangul * 2 > other {
                EUC_KR
            } else {
                WINDOWS_1251
            }
        }
    });
    let (text, _, broken) = encoding.decode(bytes);
    if broken || text.contains('\0') {
        return Err(unreadable());
    }
    Ok(text.into_owned())
}

/// The separator that occurs most in the first lines (tab, then `;`, then `,` on a tie).
fn separator(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    [b'\t', b';', b','].into_iter().max_by_key(|s| (head.bytes().filter(|b| b == s).count(), *s == b'\t')).unwrap_or(b',')
}

fn read_csv(text: &str) -> Result<Vec<Line>, FieldError> {
    let mut reader = csv::ReaderBuilder::new().delimiter(separator(text)).has_headers(false).flexible(true).from_reader(text.as_bytes());
    // Line numbers from byte offsets: the reader's own line count drifts after blank lines.
    let breaks: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| unreadable())?;
        // The reader places a record after the previous one's last byte: its line ends and
        // any blank lines come first.
        let after = record.position().map_or(0, |p| p.byte() as usize);
        let start = after + text.get(after..).map_or(0, |rest| rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        let number = breaks.partition_point(|&b| b < start) as u32 + 1;
        // A cell written on several lines by Excel keeps its breaks as plain line feeds.
        lines.push(Line { number, cells: record.iter().map(|c| c.trim().replace("\r\n", "\n")).collect() });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let ru = "Табельный номер;ФИО\n0001;Иванов Иван Иванович\n";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
        assert_eq!(decode(&cp1251, "").expect("cp1251"), ru);
        let ko = "사원번호,성명\n1001,홍길동\n";
        let (euc, _, _) = encoding_rs::EUC_KR.encode(ko);
        assert_eq!(decode(&euc, "").expect("euc-kr"), ko);
        let bom = [b"\xEF\xBB\xBF".as_slice(), ko.as_bytes()].concat();
        assert_eq!(decode(&bom, "").expect("bom"), ko);
        // A wrong guess can be overridden.
        assert_ne!(decode(&cp1251, "euc-kr").ok().as_deref(), Some(ru));
    }

    #[test]
    fn separators_and_quoted_line_breaks() {
        let lines = read_csv("title\r\n\r\na;b;c\r\n1;\"two\r\nlines\";3\r\n4;5;6\r\n").expect("csv");
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2].cells, vec!["1", "two\nlines", "3"]);
        assert_eq!(lines.iter().map(|l| l.number).collect::<Vec<_>>(), vec![1, 3, 4, 6]);
        assert_eq!(separator("a\tb\tc\n"), b'\t');
        assert_eq!(separator("\"x, y\",b,c\n"), b',');
    }
}
