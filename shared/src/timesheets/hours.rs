//! Hours as typed in a grid cell ("8", "7.5 OT", "7:30", "S") and as shown back.
use super::Code;
use crate::Msg;
use serde::{Deserialize, Serialize};

pub const DAY_MINUTES: u32 = 24 * 60;
/// What an absence code alone ("S") stands for: a standard working day.
pub const STANDARD_DAY_MINUTES: u32 = 8 * 60;

/// One day's entry on one timesheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub code: Code,
    pub minutes: u32,
}

/// Parses hours: `8`, `7.5`, `7,5`, `7:30`, `0.25`. Whole minutes only, at most 24 hours.
pub fn parse_hours(s: &str) -> Result<u32, Msg> {
    let s = s.trim();
    let minutes = if let Some((h, mm)) = s.split_once(':') {
        let h: u32 = h.parse().map_err(|_| Msg::ErrHours)?;
        let m: u32 = mm.parse().map_err(|_| Msg::ErrHours)?;
        if m >= 60 || mm.len() != 2 {
            return Err(Msg::ErrHours);
        }
        h.checked_mul(60).and_then(|h| h.checked_add(m)).ok_or(Msg::ErrHours)?
    } else {
        let s = s.replace(',', ".");
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        if whole.is_empty() && frac.is_empty() || frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(Msg::ErrHours);
        }
        let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| Msg::ErrHours)? };
        let hundredths: u32 = format!("{frac:0<2}").parse().map_err(|_| Msg::ErrHours)?;
        // Only fractions that are whole minutes: .25, .5, .75, .1 (6 min)…
        if !(hundredths * 60).is_multiple_of(100) {
            return Err(Msg::ErrHours);
        }
        whole.checked_mul(60).and_then(|w| w.checked_add(hundredths * 60 / 100)).ok_or(Msg::ErrHours)?
    };
    if minutes > DAY_MINUTES {
        return Err(Msg::ErrHoursOverDay);
    }
    Ok(minutes)
}

/// Parses a cell: hours, optionally with a code before or after (`8`, `2 OT`, `OT2`, `S`).
/// Empty means "no entry". Hours without a code are work.
pub fn parse_cell(text: &str) -> Result<Option<Entry>, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let split = |s: &str| {
        let digits_first = s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        let at = if digits_first {
            // Any non-ASCII character counts as a letter: codes are ASCII, so letters in another
            // script are an unknown code, as with Unicode's letter test, whose tables would be
            // 1 KB of the grid's first visit.
            s.find(|c: char| c.is_ascii_alphabetic() || !c.is_ascii()).unwrap_or(s.len())
        } else {
            s.find(|c: char| c.is_ascii_digit() || c == '.' || c == ',').unwrap_or(s.len())
        };
        let (a, b) = s.split_at(at);
        if digits_first {
            (a.trim().to_string(), b.trim().to_string())
        } else {
            (b.trim().to_string(), a.trim().to_string())
        }
    };
    let (hours, letters) = split(text);
    let code = if letters.is_empty() { Code::Work } else { Code::from_letters(&letters).ok_or(Msg::ErrUnknownCode)? };
    let minutes = match (hours.is_empty(), code.is_absence()) {
        (true, true) => STANDARD_DAY_MINUTES,
        (true, false) => return Err(Msg::ErrHours),
        (false, _) => parse_hours(&hours)?,
    };
    Ok(Some(Entry { code, minutes }))
}

/// Hours for display: `8`, `7.5`, `7.25`, `0.1`.
pub fn format_hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    let (h, rest) = (m / 60, m % 60);
    if rest == 0 {
        return format!("{sign}{h}");
    }
    let hundredths = rest * 100 / 60;
    let frac = format!("{hundredths:02}");
    format!("{sign}{h}.{}", frac.trim_end_matches('0'))
}

/// A cell's text, the inverse of `parse_cell`: decimal hours where they are exact (`7.5`,
/// `0.1`), else hours and minutes (`7:07`, which `7.11` would not give back).
pub fn format_cell(entry: &Entry) -> String {
    let (h, m) = (entry.minutes / 60, entry.minutes % 60);
    let hours = if (m * 100).is_multiple_of(60) { format_hours(i64::from(entry.minutes)) } else { format!("{h}:{m:02}") };
    match entry.code {
        Code::Work => hours,
        code => format!("{hours} {}", code.letters()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Result<Option<Entry>, Msg> {
        parse_cell(s)
    }

    #[test]
    fn hours_in_every_usual_spelling() {
        assert_eq!(parse_hours("8"), Ok(480));
        assert_eq!(parse_hours("7.5"), Ok(450));
        assert_eq!(parse_hours("7,5"), Ok(450), "comma decimal, as typed in Russia");
        assert_eq!(parse_hours("7:30"), Ok(450));
        assert_eq!(parse_hours(".25"), Ok(15));
        assert_eq!(parse_hours("0.1"), Ok(6));
        assert_eq!(parse_hours("24"), Ok(1440));
        assert_eq!(parse_hours("24.25"), Err(Msg::ErrHoursOverDay));
        assert_eq!(parse_hours("7.33"), Err(Msg::ErrHours), "not a whole minute");
        assert_eq!(parse_hours("7:75"), Err(Msg::ErrHours));
        assert_eq!(parse_hours("-1"), Err(Msg::ErrHours));
        assert_eq!(parse_hours("eight"), Err(Msg::ErrHours));
        assert_eq!(parse_hours("."), Err(Msg::ErrHours));
        assert_eq!(parse_hours("99999999999"), Err(Msg::ErrHours));
    }

    #[test]
    fn cells_with_and_without_codes() {
        assert_eq!(cell(""), Ok(None));
        assert_eq!(cell("  "), Ok(None));
        assert_eq!(cell("8"), Ok(Some(Entry { code: Code::Work, minutes: 480 })));
        assert_eq!(cell("2 OT"), Ok(Some(Entry { code: Code::Overtime, minutes: 120 })));
        assert_eq!(cell("2ot"), Ok(Some(Entry { code: Code::Overtime, minutes: 120 })));
        assert_eq!(cell("OT 2"), Ok(Some(Entry { code: Code::Overtime, minutes: 120 })));
        assert_eq!(cell("s"), Ok(Some(Entry { code: Code::Sick, minutes: 480 })), "an absence alone is a standard day");
        assert_eq!(cell("4 V"), Ok(Some(Entry { code: Code::Vacation, minutes: 240 })));
        assert_eq!(cell("OT"), Err(Msg::ErrHours), "overtime needs hours");
        assert_eq!(cell("8 Q"), Err(Msg::ErrUnknownCode));
        assert_eq!(cell("8 ОТ"), Err(Msg::ErrUnknownCode), "letters of another script are not a code");
        assert_eq!(cell("8ч"), Err(Msg::ErrUnknownCode));
        assert_eq!(cell("25"), Err(Msg::ErrHoursOverDay));
    }

    #[test]
    fn formatting_round_trips() {
        for text in ["8", "7.5", "7.25 OT", "0.1 N", "8 S", "12 H", "3 D", "8 U", "8 V", "7:07", "0:01 OT"] {
            let entry = cell(text).unwrap().unwrap();
            assert_eq!(format_cell(&entry), text);
        }
        assert_eq!(format_hours(10_110), "168.5");
        assert_eq!(format_hours(-30), "-0.5");
        assert_eq!(format_hours(0), "0");
    }
}
