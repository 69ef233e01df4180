//! Page cursors and times as the API writes them. Lists go in id order after the cursor's id,
//! so a row changed or added while a client pages is never skipped or repeated: a change moves
//! no row, and `updated_since` on the next sync picks up what changed behind the cursor.
use crate::backend::Result;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use shared::validation::FieldError;
use shared::Msg;

/// What every list takes.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `next_cursor` of the page before; absent for the first page.
    pub cursor: Option<String>,
    /// Rows per page, 1–500 (100 if absent).
    pub limit: Option<i64>,
    /// Only rows changed at or after this time (RFC 3339), for incremental sync.
    pub updated_since: Option<String>,
}

/// The list query read: the id to continue after, the page size, the change time.
pub struct Window {
    pub after: i64,
    pub limit: i64,
    pub since: i64,
}

impl ListQuery {
    pub fn window(&self) -> Result<Window> {
        let after = match &self.cursor {
            Some(c) => read(c).ok_or(FieldError::new("cursor", Msg::ErrBadCursor))?,
            None => 0,
        };
        let since = match &self.updated_since {
            Some(t) => parse_time(t).ok_or(FieldError::new("updated_since", Msg::ErrApiTime))?,
            None => i64::MIN,
        };
        Ok(Window { after, limit: limit(self.limit), since })
    }
}

/// One page of a list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page from `limit + 1` rows read in id order.
    pub fn of(rows: Vec<T>, limit: i64, id_of: impl Fn(&T) -> i64) -> Page<T> {
        let (items, next_cursor) = page(rows, limit, id_of);
        Page { items, next_cursor }
    }
}

/// Rows per page unless the client asks for fewer (or more, up to [`MAX_LIMIT`]).
pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 500;

/// The opaque cursor after the row `id`.
pub fn after(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{id}"))
}

/// The id a cursor continues after; None for one this API did not write.
pub fn read(cursor: &str) -> Option<i64> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    text.strip_prefix("v1:")?.parse().ok().filter(|id: &i64| *id >= 0)
}

/// The page size asked for, kept within bounds.
pub fn limit(asked: Option<i64>) -> i64 {
    asked.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// A Unix time as RFC 3339 in UTC (`2026-12-05T08:00:00Z`).
pub fn rfc3339(t: i64) -> String {
    use chrono::{Datelike, Timelike};
    let Some(d) = chrono::DateTime::from_timestamp(t, 0) else { return String::new() };
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year(), d.month(), d.day(), d.hour(), d.minute(), d.second())
}

/// An RFC 3339 time (any offset) as Unix seconds.
pub fn parse_time(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text.trim()).ok().map(|d| d.timestamp())
}

/// A page of rows and the cursor of the next one (None on the last page).
pub fn page<T>(mut rows: Vec<T>, limit: i64, id_of: impl Fn(&T) -> i64) -> (Vec<T>, Option<String>) {
    // One row more than the page was read: its presence says another page follows.
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| after(id_of(r))) } else { None };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_strangers_do_not() {
        assert_eq!(read(&after(42)), Some(42));
        assert_eq!(read("42"), None);
        assert_eq!(read(&URL_SAFE_NO_PAD.encode("v1:-3")), None);
        assert_eq!(read("%%%"), None);
    }

    #[test]
    fn times_round_trip_through_any_offset() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_time("2026-12-05T17:00:00+09:00"), Some(1_796_457_600));
        assert_eq!(rfc3339(1_796_457_600), "2026-12-05T08:00:00Z");
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn a_page_says_whether_more_follow() {
        let (rows, next) = page(vec![1, 2, 3], 2, |r| *r);
        assert_eq!((rows, next.as_deref().and_then(read)), (vec![1, 2], Some(2)));
        assert_eq!(page(vec![1, 2], 2, |r| *r).1, None);
        assert_eq!((limit(None), limit(Some(0)), limit(Some(9999))), (100, 1, 500));
    }
}
