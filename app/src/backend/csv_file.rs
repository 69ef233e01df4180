//! CSV downloads that open correctly in Excel: UTF-8 with a byte-order mark (without it Excel
//! guesses a legacy code page and garbles Hangul and Cyrillic).
use super::{BackendError, Result};

pub fn with_bom(header: Vec<String>, rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let fail = |e: csv::Error| BackendError::Internal(format!("csv: {e}"));
        w.write_record(header).map_err(fail)?;
        for row in rows {
            w.write_record(row).map_err(fail)?;
        }
        w.flush().map_err(|e| BackendError::Internal(format!("csv: {e}")))?;
    }
    Ok(out)
}
