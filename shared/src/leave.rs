//! Leave accrual: what a person is granted by their legal entity's policy, as dated grants in
//! hundredths of a day. Balances are these grants plus the ledger of what was taken or adjusted.
use crate::format::Date;
use crate::stored::stored_enum;

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum AccrualPolicy {
        /// Korea, Labor Standards Act art. 60: in the first year one day per completed month (at
        /// most 11); from the first anniversary 15 days a year, one more for every further two years
        /// of service, at most 25.
        KrStatutory = "kr_statutory",
        /// Russia, Labour Code art. 115: 28 calendar days a year, earned by month (28/12 a month).
        Ru28 = "ru_28",
    }
}

impl AccrualPolicy {
    /// The usual policy of a legal entity in `country`.
    pub fn for_country(country: &str) -> AccrualPolicy {
        if country.eq_ignore_ascii_case("RU") {
            AccrualPolicy::Ru28
        } else {
            AccrualPolicy::KrStatutory
        }
    }
}

stored_enum! {
    /// Kinds of leave a vacation request asks for. Only annual leave comes from the balance.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum LeaveKind {
        Annual = "annual",
        Unpaid = "unpaid",
        /// Paid days for a wedding, a birth or a bereavement (경조사, семейные обстоятельства).
        Family = "family",
    }
}

impl LeaveKind {
    /// The kind a request's answer names; annual when it names none (a definition without the
    /// choice), None when it names no kind of ours.
    pub fn of_answer(s: Option<&str>) -> Option<LeaveKind> {
        s.map_or(Some(LeaveKind::Annual), LeaveKind::parse)
    }

    pub fn from_balance(self) -> bool {
        self == LeaveKind::Annual
    }

    /// How the ledger and the calendar record it.
    pub fn record(self) -> LeaveReason {
        match self {
            LeaveKind::Annual => LeaveReason::Vacation,
            LeaveKind::Unpaid => LeaveReason::Unpaid,
            LeaveKind::Family => LeaveReason::Family,
        }
    }

    pub fn labels(self) -> crate::i18n::Labels {
        let m = match self {
            LeaveKind::Annual => crate::Msg::LeaveAnnual,
            LeaveKind::Unpaid => crate::Msg::CodeUnpaid,
            LeaveKind::Family => crate::Msg::LeaveFamily,
        };
        let l = |locale| m.text(locale).to_string();
        crate::i18n::Labels { en: l(crate::Locale::En), ko: l(crate::Locale::Ko), ru: l(crate::Locale::Ru) }
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

/// When a grant lapses if unused. Korea (art. 60(7)): the first year's monthly days one year
/// after the hire date, every later grant one year after it was granted. Russian leave does not
/// lapse (it is carried over).
pub fn expires(policy: AccrualPolicy, hired: Date, grant: Grant) -> Option<Date> {
    match policy {
        AccrualPolicy::KrStatutory if grant.on < months_after(hired, 12) => Some(months_after(hired, 12)),
        AccrualPolicy::KrStatutory => Some(months_after(grant.on, 12)),
        AccrualPolicy::Ru28 => None,
    }
}

/// Leave that lapsed unused on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lapse {
    pub on: Date,
    pub hundredths: i64,
}

/// The balance on `as_of` and what lapsed on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    pub balance: i64,
    pub lapses: Vec<Lapse>,
}

/// Plays grants and the ledger (leave taken: negative; adjustments: positive, never lapsing)
/// forward to `as_of`. Leave taken uses the grants that lapse first; a grant's unused rest
/// lapses on its day. Leave booked for later counts as taken now (it is promised).
pub fn settle(policy: AccrualPolicy, hired: Date, ledger: &[(Date, i64)], as_of: Date) -> Settled {
    struct Lot {
        left: i64,
        expires: Option<Date>,
    }
    let mut lots: Vec<Lot> = Vec::new();
    let mut debt = 0i64;
    let mut lapses = Vec::new();
    let lapse_until = |lots: &mut Vec<Lot>, day: Date, lapses: &mut Vec<Lapse>| {
        lots.retain(|l| match l.expires {
            Some(e) if e <= day => {
                match lapses.last_mut() {
                    Some(last) if last.on == e => last.hundredths += l.left,
                    _ if l.left > 0 => lapses.push(Lapse { on: e, hundredths: l.left }),
                    _ => {}
                }
                false
            }
            _ => true,
        })
    };
    // Grants come before the leave taken on the same day.
    let mut events: Vec<(Date, u8, i64, Option<Date>)> =
        grants(policy, hired, as_of).into_iter().map(|g| (g.on, 0, g.hundredths, expires(policy, hired, g))).collect();
    events.extend(ledger.iter().map(|&(on, h)| (on.min(as_of), 1, h, None)));
    events.sort_by_key(|e| (e.0, e.1));
    for (day, _, hundredths, expiry) in events {
        lapse_until(&mut lots, day, &mut lapses);
        if hundredths >= 0 {
            let paid = hundredths.min(debt);
            debt -= paid;
            lots.push(Lot { left: hundredths - paid, expires: expiry });
            lots.sort_by_key(|l| l.expires.map_or(i64::MAX, Date::days));
        } else {
            let mut want = -hundredths;
            for lot in lots.iter_mut() {
                let used = lot.left.min(want);
                lot.left -= used;
                want -= used;
            }
            debt += want;
        }
    }
    lapse_until(&mut lots, as_of, &mut lapses);
    lapses.sort_by_key(|l| l.on);
    Settled { balance: lots.iter().map(|l| l.left).sum::<i64>() - debt, lapses }
}

/// Total granted up to `as_of`.
pub fn granted(policy: AccrualPolicy, hired: Date, as_of: Date) -> i64 {
    grants(policy, hired, as_of).iter().map(|g| g.hundredths).sum()
}

stored_enum! {
    /// Why a line of a person's leave moved the balance (`leave_ledger.reason`), or what an
    /// absence on the team calendar is (`absences.kind`). Accruals and lapses are computed, not
    /// stored; they are lines of the history all the same.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum LeaveReason {
        Accrual = "accrual",
        Vacation = "vacation",
        Sick = "sick",
        Unpaid = "unpaid",
        Family = "family",
        Expired = "expired",
        Planned = "planned",
        Adjustment = "adjustment",
        /// What makes the balance match an opening balance imported from payroll.
        Opening = "opening",
    }
}

impl LeaveReason {
    pub fn label(self) -> crate::Msg {
        match self {
            LeaveReason::Accrual => crate::Msg::LeaveAccrual,
            LeaveReason::Vacation => crate::Msg::CodeVacation,
            LeaveReason::Sick => crate::Msg::CodeSick,
            LeaveReason::Unpaid => crate::Msg::CodeUnpaid,
            LeaveReason::Family => crate::Msg::LeaveFamily,
            LeaveReason::Expired => crate::Msg::LeaveExpired,
            LeaveReason::Planned => crate::Msg::LeavePlanned,
            LeaveReason::Adjustment => crate::Msg::LeaveAdjustment,
            LeaveReason::Opening => crate::Msg::LeaveOpening,
        }
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
    fn korean_leave_lapses_a_year_on_and_is_used_oldest_first() {
        let p = AccrualPolicy::KrStatutory;
        let hired = d("2024-01-01");
        // Eleven monthly days by Dec 1; three used in July; the other eight lapse on Jan 1.
        let ledger = [(d("2024-07-10"), -300)];
        let s = settle(p, hired, &ledger, d("2024-12-31"));
        assert_eq!((s.balance, s.lapses.len()), (800, 0));
        let s = settle(p, hired, &ledger, d("2025-01-01"));
        assert_eq!(s.lapses, vec![Lapse { on: d("2025-01-01"), hundredths: 800 }]);
        assert_eq!(s.balance, 1500, "only the first anniversary's 15 days are left");
        // Five used in March 2025 come from those 15; ten lapse on 2026-01-01, then 15 more arrive.
        let ledger = [(d("2024-07-10"), -300), (d("2025-03-02"), -500)];
        let s = settle(p, hired, &ledger, d("2026-01-01"));
        assert_eq!(s.lapses.iter().map(|l| l.hundredths).collect::<Vec<_>>(), [800, 1000]);
        assert_eq!(s.balance, 1500);
    }

    #[test]
    fn overdrawn_leave_is_repaid_by_the_next_grant_and_adjustments_never_lapse() {
        let p = AccrualPolicy::KrStatutory;
        let hired = d("2024-01-01");
        let s = settle(p, hired, &[(d("2024-02-05"), -300), (d("2024-02-06"), 200)], d("2024-04-01"));
        // Granted 1+1+1 by April 1; took 3 on Feb 5 when only 1 had accrued; the +2 adjustment
        // repays the rest, and March and April bring 2.
        assert_eq!(s.balance, 200);
        let s = settle(p, hired, &[(d("2024-02-06"), 200)], d("2026-06-01"));
        assert!(s.balance >= 200 + 1500, "the adjustment is still there two years on: {}", s.balance);
        let ru = settle(AccrualPolicy::Ru28, d("2020-01-01"), &[], d("2026-01-01"));
        assert!(ru.lapses.is_empty() && ru.balance == 6 * 2800, "Russian leave carries over");
    }

    #[test]
    fn leave_booked_for_later_counts_now() {
        let s = settle(AccrualPolicy::Ru28, d("2020-01-01"), &[(d("2030-01-01"), -1000)], d("2026-01-01"));
        assert_eq!(s.balance, 6 * 2800 - 1000);
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
