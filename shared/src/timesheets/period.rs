//! Timesheet periods: a client company bills by month or by half-month.
use crate::format::Date;
use crate::stored::stored_enum;

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum PeriodKind {
        Month = "month",
        /// The 1st–15th and the 16th–end of month.
        HalfMonth = "half_month",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// The period containing `day`.
    pub fn containing(kind: PeriodKind, day: Date) -> Period {
        match (kind, day.day) {
            (PeriodKind::HalfMonth, ..=15) => Period { start: day.first_of_month(), end: Date { day: 15, ..day } },
            (PeriodKind::HalfMonth, _) => Period { start: Date { day: 16, ..day }, end: day.last_of_month() },
            (PeriodKind::Month, _) => Period { start: day.first_of_month(), end: day.last_of_month() },
        }
    }

    /// The periods of the month that `month` falls in, in order.
    pub fn in_month(kind: PeriodKind, month: Date) -> Vec<Period> {
        let first = Period::containing(kind, month.first_of_month());
        let last = Period::containing(kind, month.last_of_month());
        if first == last {
            vec![first]
        } else {
            vec![first, last]
        }
    }

    pub fn contains(self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    pub fn days(self) -> impl Iterator<Item = Date> {
        let (from, to) = (self.start.days(), self.end.days());
        (from..=to).map(Date::from_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn months_and_halves() {
        let month = Period::containing(PeriodKind::Month, d("2026-02-17"));
        assert_eq!((month.start, month.end), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(month.days().count(), 28);
        let first = Period::containing(PeriodKind::HalfMonth, d("2026-11-15"));
        assert_eq!((first.start, first.end), (d("2026-11-01"), d("2026-11-15")));
        let second = Period::containing(PeriodKind::HalfMonth, d("2026-11-16"));
        assert_eq!((second.start, second.end), (d("2026-11-16"), d("2026-11-30")));
        assert_eq!(Period::in_month(PeriodKind::HalfMonth, d("2026-12-09")).len(), 2);
        assert_eq!(Period::in_month(PeriodKind::Month, d("2026-12-09")), vec![Period::containing(PeriodKind::Month, d("2026-12-31"))]);
        assert!(second.contains(d("2026-11-30")) && !second.contains(d("2026-12-01")));
    }
}
