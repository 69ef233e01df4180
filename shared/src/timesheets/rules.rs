//! Timesheet validation, run in the browser as you type and again on the server, which trusts
//! nothing the browser says.
use super::{Code, Entry, DAY_MINUTES, STANDARD_DAY_MINUTES};
use crate::format::Date;
use crate::Msg;

/// Korea's weekly cap (40 regular + 12 overtime hours); longer weeks are flagged, not refused.
pub const WEEKLY_LIMIT_MINUTES: u32 = 52 * 60;

/// What a placement allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub allowed: Vec<Code>,
}

impl Frame {
    pub fn covers(&self, day: Date) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }
}

/// Refusals: an entry the server will not store.
pub fn check_entry(frame: &Frame, day: Date, entry: &Entry) -> Result<(), Msg> {
    if !frame.covers(day) {
        return Err(Msg::ErrOutsidePlacement);
    }
    if !frame.allowed.contains(&entry.code) {
        return Err(Msg::ErrCodeNotAllowed);
    }
    if entry.minutes > DAY_MINUTES {
        return Err(Msg::ErrHoursOverDay);
    }
    Ok(())
}

/// Days on which one person's hours across all placements exceed 24, in order.
pub fn over_day_limit(entries: impl IntoIterator<Item = (Date, u32)>) -> Vec<Date> {
    let per_day = totals(entries.into_iter().map(|(day, minutes)| (day, minutes, day)));
    let mut out: Vec<Date> = per_day.into_iter().filter(|(_, m, _)| *m > DAY_MINUTES).map(|(d, _, _)| d).collect();
    out.sort_unstable();
    out
}

/// Minutes summed per key, with the latest of the values that came with it. A list searched
/// from the end, not a map: a month has a few dozen keys at most, and each map type's code was
/// 5 KB of the grid's module in the browser.
fn totals<K: PartialEq>(items: impl IntoIterator<Item = (K, u32, Date)>) -> Vec<(K, u32, Date)> {
    let mut out: Vec<(K, u32, Date)> = Vec::new();
    for (key, minutes, day) in items {
        match out.iter_mut().rev().find(|(k, _, _)| *k == key) {
            Some(total) => {
                total.1 += minutes;
                total.2 = total.2.max(day);
            }
            None => out.push((key, minutes, day)),
        }
    }
    out
}

/// Flags for a reviewer: allowed, but worth a look.
pub fn warnings(entries: &[(Date, Entry)], is_day_off: impl Fn(Date) -> bool) -> Vec<(Date, Msg)> {
    let mut out = Vec::new();
    for (day, entry) in entries {
        if entry.code == Code::Work && entry.minutes > STANDARD_DAY_MINUTES {
            out.push((*day, Msg::WarnUncodedOvertime));
        }
        if entry.code == Code::Work && is_day_off(*day) {
            out.push((*day, Msg::WarnWorkOnDayOff));
        }
    }
    // Weeks start on Monday: day number minus weekday.
    let worked = entries.iter().filter(|(_, e)| !e.code.is_absence());
    let weeks = totals(worked.map(|(day, e)| (day.days() - i64::from(day.weekday()), e.minutes, *day)));
    out.extend(weeks.into_iter().filter(|(_, m, _)| *m > WEEKLY_LIMIT_MINUTES).map(|(_, _, last)| (last, Msg::WarnWeeklyLimit)));
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn e(code: Code, hours: u32) -> Entry {
        Entry { code, minutes: hours * 60 }
    }

    #[test]
    fn entries_stay_within_the_placement() {
        let frame = Frame { starts_on: d("2026-11-10"), ends_on: Some(d("2026-11-20")), allowed: vec![Code::Work, Code::Sick] };
        assert_eq!(check_entry(&frame, d("2026-11-10"), &e(Code::Work, 8)), Ok(()));
        assert_eq!(check_entry(&frame, d("2026-11-20"), &e(Code::Sick, 8)), Ok(()));
        assert_eq!(check_entry(&frame, d("2026-11-09"), &e(Code::Work, 8)), Err(Msg::ErrOutsidePlacement));
        assert_eq!(check_entry(&frame, d("2026-11-21"), &e(Code::Work, 8)), Err(Msg::ErrOutsidePlacement));
        assert_eq!(check_entry(&frame, d("2026-11-12"), &e(Code::Night, 8)), Err(Msg::ErrCodeNotAllowed));
        let open = Frame { ends_on: None, ..frame };
        assert!(open.covers(d("2030-01-01")));
    }

    #[test]
    fn a_person_never_works_more_than_a_day_across_placements() {
        let over = over_day_limit([(d("2026-11-02"), 600), (d("2026-11-02"), 600), (d("2026-11-02"), 241), (d("2026-11-03"), 1440)]);
        assert_eq!(over, vec![d("2026-11-02")]);
        assert!(over_day_limit([(d("2026-11-02"), 720), (d("2026-11-02"), 720)]).is_empty(), "exactly 24 h is allowed");
        let unordered = [(d("2026-11-05"), 900), (d("2026-11-02"), 900), (d("2026-11-05"), 900), (d("2026-11-02"), 900)];
        assert_eq!(over_day_limit(unordered), vec![d("2026-11-02"), d("2026-11-05")], "in date order, whatever the input's");
    }

    #[test]
    fn a_long_week_is_flagged_once_on_its_last_worked_day_in_any_order() {
        // Two weeks: 30 Nov – 6 Dec (56 h, its first day entered first, then backwards from the
        // last) and 7 – 13 Dec (40 h).
        let mut entries = vec![(d("2026-11-30"), e(Code::Overtime, 8))];
        entries.extend((1..=6).rev().map(|day| (d(&format!("2026-12-0{day}")), e(Code::Work, 8))));
        entries.extend((7..=9).map(|day| (d(&format!("2026-12-0{day}")), e(Code::Work, 8))));
        entries.push((d("2026-12-10"), e(Code::Work, 16)));
        let flags: Vec<_> = warnings(&entries, |_| false).into_iter().filter(|(_, m)| *m == Msg::WarnWeeklyLimit).collect();
        assert_eq!(flags, vec![(d("2026-12-06"), Msg::WarnWeeklyLimit)]);
    }

    #[test]
    fn overtime_rules_are_flagged() {
        let saturday = d("2026-11-07");
        let entries = vec![
            (d("2026-11-02"), e(Code::Work, 10)),
            (d("2026-11-03"), e(Code::Work, 8)),
            (d("2026-11-03"), e(Code::Overtime, 2)),
            (saturday, e(Code::Work, 4)),
            (d("2026-11-08"), e(Code::Holiday, 4)),
        ];
        let flags = warnings(&entries, |day| day.is_weekend());
        assert_eq!(flags, vec![(d("2026-11-02"), Msg::WarnUncodedOvertime), (saturday, Msg::WarnWorkOnDayOff)]);
        let long_week: Vec<_> = (2..=7).map(|day| (d(&format!("2026-11-0{day}")), e(Code::Work, 9))).collect();
        let flags = warnings(&long_week, |_| false);
        assert!(flags.contains(&(d("2026-11-07"), Msg::WarnWeeklyLimit)), "54 h in one week: {flags:?}");
        let sick_week: Vec<_> = (2..=8).map(|day| (d(&format!("2026-11-0{day}")), e(Code::Sick, 8))).collect();
        assert!(warnings(&sick_week, |_| false).is_empty(), "absences do not count as worked time");
    }
}
