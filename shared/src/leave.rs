//! Leave accrual: what a person is granted by their legal entity's policy, as dated grants in
//! hundredths of a day. Balances are these grants plus the ledger of what was taken or adjusted.
use crate::format::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccrualPolicy {
    /// Korea, Labor Standards Act art. 60: in the first year one day per completed month (at
    /// most 11); from the first anniversary 15 days a year, one more for every further two years
    /// of service, at most 25.
    KrStatutory,
    /// Russia, Labour Code art. 115: 28 calendar days a year, earned by month (28/12 a month).
    Ru28,
}

impl AccrualPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            AccrualPolicy::KrStatutory => "kr_statutory",
            AccrualPolicy::Ru28 => "ru_28",
        }
    }

    pub fn parse(s: &str) -> Option<AccrualPolicy> {
        [AccrualPolicy::KrStatutory, AccrualPolicy::Ru28].into_iter().find(|p| p.as_str() == s)
    }

    /// The usual policy of a legal entity in `country`.
    pub fn for_country(country: &str) -> AccrualPolicy {
        if country.eq_ignore_ascii_case("RU") {
            AccrualPolicy::Ru28
        } else {
            AccrualPolicy::KrStatutory
        }
    }
}

/// One grant of leave: on `on`, `hundredths` of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    pub on: Date,
    pub hundredths: i64,
}

/// The day `months` months after `d`, clamped to the month's end (Jan 31 + 1 month = Feb 28).
pub fn months_after(d: Date, months: i32) -> Date {
    let first = d.first_of_month().add_months(months);
    Date { day: d.day.min(first.last_of_month().day), ..first }
}

/// Every grant from `hired` up to and including `as_of`.
pub fn grants(policy: AccrualPolicy, hired: Date, as_of: Date) -> Vec<Grant> {
    let mut out = Vec::new();
    match policy {
        AccrualPolicy::KrStatutory => {
            for m in 1..=11 {
                let on = months_after(hired, m);
                if on > as_of {
                    return out;
                }
                out.push(Grant { on, hundredths: 100 });
            }
            for year in 1.. {
                let on = months_after(hired, 12 * year);
                if on > as_of {
                    break;
                }
                let days = (15 + (year - 1) / 2).min(25);
                out.push(Grant { on, hundredths: i64::from(days) * 100 });
            }
        }
        AccrualPolicy::Ru28 => {
            // 28 days a year in monthly steps; the twelfth month takes the rounding remainder.
            for m in 1.. {
                let on = months_after(hired, m);
                if on > as_of {
                    break;
                }
                let hundredths = if m % 12 == 0 { 2800 - 11 * 233 } else { 233 };
                out.push(Grant { on, hundredths });
            }
        }
    }
    out
}

/// Total granted up to `as_of`.
pub fn granted(policy: AccrualPolicy, hired: Date, as_of: Date) -> i64 {
    grants(policy, hired, as_of).iter().map(|g| g.hundredths).sum()
}

/// The label of a ledger reason or absence kind as stored ("accrual", "vacation").
pub fn reason_label(reason: &str) -> crate::Msg {
    match reason {
        "accrual" => crate::Msg::LeaveAccrual,
        "vacation" => crate::Msg::CodeVacation,
        "sick" => crate::Msg::CodeSick,
        _ => crate::Msg::LeaveAdjustment,
    }
}

/// Days as shown: "15", "2.33", "-1.5".
pub fn format_days(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    if h.is_multiple_of(100) {
        format!("{sign}{}", h / 100)
    } else {
        format!("{sign}{}.{}", h / 100, format!("{:02}", h % 100).trim_end_matches('0'))
    }
}

/// Calendar days from `from` to `to` inclusive, and the working days among them (not weekends,
/// not in `holidays`). Korean leave counts working days; Russian leave counts calendar days
/// (public holidays inside it are not counted).
pub fn leave_days(policy: AccrualPolicy, from: Date, to: Date, holidays: &[Date]) -> i64 {
    if to < from {
        return 0;
    }
    let days = (from.days()..=to.days()).map(Date::from_days);
    let counted = match policy {
        AccrualPolicy::KrStatutory => days.filter(|d| !d.is_weekend() && !holidays.contains(d)).count(),
        AccrualPolicy::Ru28 => days.filter(|d| !holidays.contains(d)).count(),
    };
    counted as i64 * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn korean_first_year_is_a_day_a_month_up_to_eleven() {
        let hired = d("2025-01-31");
        assert_eq!(granted(AccrualPolicy::KrStatutory, hired, d("2025-02-27")), 0);
        assert_eq!(granted(AccrualPolicy::KrStatutory, hired, d("2025-02-28")), 100, "Jan 31 + 1 month is Feb 28");
        assert_eq!(granted(AccrualPolicy::KrStatutory, hired, d("2026-01-30")), 1100);
        assert_eq!(granted(AccrualPolicy::KrStatutory, hired, d("2026-01-31")), 1100 + 1500, "15 days at the first anniversary");
    }

    #[test]
    fn korean_leave_grows_every_two_years_to_twenty_five() {
        let hired = d("2000-03-01");
        let year = |n: i32| {
            grants(AccrualPolicy::KrStatutory, hired, d("2030-12-31"))
                .iter()
                .find(|g| g.on == months_after(hired, 12 * n))
                .map(|g| g.hundredths)
        };
        assert_eq!(year(1), Some(1500));
        assert_eq!(year(2), Some(1500));
        assert_eq!(year(3), Some(1600));
        assert_eq!(year(5), Some(1700));
        assert_eq!(year(21), Some(2500));
        assert_eq!(year(30), Some(2500), "capped");
    }

    #[test]
    fn russian_leave_is_28_days_a_year_by_month() {
        let hired = d("2024-05-15");
        assert_eq!(granted(AccrualPolicy::Ru28, hired, d("2024-06-15")), 233);
        assert_eq!(granted(AccrualPolicy::Ru28, hired, d("2025-05-15")), 2800);
        assert_eq!(granted(AccrualPolicy::Ru28, hired, d("2026-05-15")), 5600);
    }

    #[test]
    fn days_taken_by_policy() {
        let holidays = [d("2026-10-05"), d("2026-10-09")];
        // Mon 2026-10-05 .. Sun 10-11: 5 weekdays, 2 of them holidays.
        assert_eq!(leave_days(AccrualPolicy::KrStatutory, d("2026-10-05"), d("2026-10-11"), &holidays), 300);
        assert_eq!(leave_days(AccrualPolicy::Ru28, d("2026-10-05"), d("2026-10-11"), &holidays), 500);
        assert_eq!(leave_days(AccrualPolicy::Ru28, d("2026-10-11"), d("2026-10-05"), &holidays), 0);
    }

    #[test]
    fn days_format() {
        assert_eq!(format_days(1500), "15");
        assert_eq!(format_days(233), "2.33");
        assert_eq!(format_days(-150), "-1.5");
        for p in [AccrualPolicy::KrStatutory, AccrualPolicy::Ru28] {
            assert_eq!(AccrualPolicy::parse(p.as_str()), Some(p));
        }
        assert_eq!(AccrualPolicy::for_country("ru"), AccrualPolicy::Ru28);
    }
}
