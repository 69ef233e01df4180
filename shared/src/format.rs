//! Locale-aware formatting of dates, numbers and names. Small on purpose: the three markets
//! we serve have simple, well-known conventions, and the code runs in the browser too.
use crate::Locale;

/// A calendar date without time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2026-02-30.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The UTC date of a Unix timestamp (seconds).
    pub fn from_unix(secs: i64) -> Date {
        // Howard Hinnant's days-from-civil inverse.
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        Date::from_unix(days * 86_400)
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        (self.days() + 3).rem_euclid(7) as u8
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    pub fn last_of_month(self) -> Date {
        Date { day: days_in_month(self.year, self.month), ..self }
    }

    /// `YYYY-MM`.
    pub fn month_key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Parses `YYYY-MM` into the first day of that month.
    pub fn parse_month(s: &str) -> Option<Date> {
        Date::parse_iso(&format!("{}-01", s.trim()))
    }

    /// The first day of the month `n` months away.
    pub fn add_months(self, n: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + n;
        Date { year: index.div_euclid(12), month: (index.rem_euclid(12) + 1) as u8, day: 1 }
    }

    /// The month's name and year for headings: "November 2026", "2026년 11월", "ноябрь 2026".
    pub fn month_title(self, locale: Locale) -> String {
        const EN: [&str; 12] =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        const RU: [&str; 12] =
            ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];
        let i = usize::from(self.month.saturating_sub(1)).min(11);
        match locale {
            Locale::En => format!("{} {}", EN[i], self.year),
            Locale::Ko => format!("{}년 {}월", self.year, self.month),
            Locale::Ru => format!("{} {}", RU[i], self.year),
        }
    }

    /// A short weekday name for grid headers.
    pub fn weekday_short(self, locale: Locale) -> &'static str {
        const EN: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        const KO: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
        const RU: [&str; 7] = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
        let i = usize::from(self.weekday());
        match locale {
            Locale::En => EN[i],
            Locale::Ko => KO[i],
            Locale::Ru => RU[i],
        }
    }

    pub fn format(self, locale: Locale) -> String {
        const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let Date { year, month, day } = self;
        match locale {
            Locale::En => {
                let name = EN_MONTHS.get(usize::from(month).saturating_sub(1)).unwrap_or(&"");
                format!("{name} {day}, {year}")
            }
            Locale::Ko => format!("{year}. {month}. {day}."),
            Locale::Ru => format!("{day:02}.{month:02}.{year}"),
        }
    }
}

/// Dates cross the wire and sit in JSON columns as `YYYY-MM-DD`; an impossible or malformed
/// one is refused when read, never turned into some other day.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse_iso(&text).ok_or_else(|| serde::de::Error::custom(format_args!("not a date: {text:?}")))
    }
}

/// A wall-clock date and time as forms write it (`2026-12-07T15:00`, seconds ignored), in the
/// locale's style; `None` if it is not one.
pub fn date_time(s: &str, locale: Locale) -> Option<String> {
    let (day, time) = s.split_once('T')?;
    let date = Date::parse_iso(day)?;
    let mut parts = time.split(':');
    let hour: u8 = parts.next().filter(|h| h.len() == 2)?.parse().ok().filter(|h| *h < 24)?;
    let minute: u8 = parts.next().filter(|m| m.len() == 2)?.parse().ok().filter(|m| *m < 60)?;
    Some(wall_clock(date, hour, minute, locale))
}

fn wall_clock(date: Date, hour: u8, minute: u8, locale: Locale) -> String {
    let date = date.format(locale);
    match locale {
        Locale::En => format!("{date}, {hour:02}:{minute:02}"),
        Locale::Ko | Locale::Ru => format!("{date} {hour:02}:{minute:02}"),
    }
}

/// An instant (Unix seconds) as a date and a time for people whose time zone is `offset`
/// seconds ahead of UTC at that instant.
pub fn moment(unix: i64, offset: i32, locale: Locale) -> String {
    let local = unix + i64::from(offset);
    let secs = local.rem_euclid(86_400);
    wall_clock(Date::from_unix(local), (secs / 3600) as u8, (secs % 3600 / 60) as u8, locale)
}

/// [`date_time`] for display: text that is not a date-time (older free-form values) is shown
/// as it is.
pub fn date_time_text(s: &str, locale: Locale) -> String {
    date_time(s, locale).unwrap_or_else(|| s.to_string())
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats an integer with the locale's digit grouping: 1,234,567 or 1 234 567.
pub fn integer(n: i64, locale: Locale) -> String {
    let sep = match locale {
        Locale::En | Locale::Ko => ",",
        Locale::Ru => "\u{a0}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// Formats an amount held in hundredths (minor units): 12,500.50 or 12 500,50.
pub fn amount_minor(minor: i64, locale: Locale) -> String {
    let whole = integer(minor / 100, locale);
    let frac = (minor % 100).unsigned_abs();
    let sign = if minor < 0 && minor / 100 == 0 { "-" } else { "" };
    format!("{sign}{whole}{}{frac:02}", decimal_point(locale))
}

fn decimal_point(locale: Locale) -> &'static str {
    if locale == Locale::Ru {
        ","
    } else {
        "."
    }
}

/// Digits after the point in a currency (ISO 4217 minor units): none for the won, yen and
/// others without a minor unit in use.
pub fn currency_digits(currency: &str) -> u32 {
    match currency {
        "KRW" | "JPY" | "VND" | "CLP" | "ISK" | "UGX" | "PYG" => 0,
        _ => 2,
    }
}

/// An amount held in hundredths, shown with its currency's digits (rounded half away from
/// zero) and code: "1,234,500 KRW", "12 500,50 RUB".
pub fn money(hundredths: i64, currency: &str, locale: Locale) -> String {
    let number = match currency_digits(currency) {
        0 => integer((hundredths + hundredths.signum() * 50) / 100, locale),
        _ => amount_minor(hundredths, locale),
    };
    format!("{number} {currency}")
}

/// Hours for reading (totals, reports), from minutes: whole hours grouped as the locale does,
/// and up to two decimals: "1,234.5", "1 234,5", "8".
pub fn hours(minutes: i64, locale: Locale) -> String {
    let m = minutes.unsigned_abs();
    let sign = if minutes < 0 { "-" } else { "" };
    let whole = integer((m / 60) as i64, locale);
    let hundredths = (m % 60) * 100 / 60;
    if hundredths == 0 {
        return format!("{sign}{whole}");
    }
    let frac = format!("{hundredths:02}");
    format!("{sign}{whole}{}{}", decimal_point(locale), frac.trim_end_matches('0'))
}

/// A person's full name in the locale's order. Korean and Russian put the family name first;
/// a Korean name written in Hangul has no space between family and given name.
pub fn person_name(family: &str, given: &str, locale: Locale) -> String {
    let (family, given) = (family.trim(), given.trim());
    if family.is_empty() || given.is_empty() {
        return format!("{family}{given}");
    }
    let hangul = |s: &str| s.chars().all(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    if hangul(family) && hangul(given) {
        return format!("{family}{given}");
    }
    match locale {
        Locale::En => format!("{given} {family}"),
        Locale::Ko | Locale::Ru => format!("{family} {given}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_cross_json_as_iso_and_impossible_ones_are_refused() {
        let day = super::Date { year: 2026, month: 2, day: 28 };
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2026-02-28\"");
        assert_eq!(serde_json::from_str::<super::Date>("\"2026-02-28\"").unwrap(), day);
        for bad in ["\"2026-02-30\"", "\"28.02.2026\"", "\"\"", "20260228"] {
            assert!(serde_json::from_str::<super::Date>(bad).is_err(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(Date::parse_iso("2024-02-29").map(Date::iso).as_deref(), Some("2024-02-29"));
        assert_eq!(Date::parse_iso("2026-02-29"), None);
        assert_eq!(Date::parse_iso("2026-13-01"), None);
        assert_eq!(Date::parse_iso("2026-1-1").map(Date::iso).as_deref(), Some("2026-01-01"));
        assert_eq!(Date::parse_iso("yesterday"), None);
        assert_eq!(Date::parse_iso("2026-04-31"), None);
    }

    #[test]
    fn unix_to_date() {
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix(1_795_392_000).iso(), "2026-11-23");
        assert_eq!(Date::from_unix(951_782_400).iso(), "2000-02-29");
        assert_eq!(Date::from_unix(-86_400).iso(), "1969-12-31");
    }

    #[test]
    fn day_arithmetic() {
        let d = Date { year: 2026, month: 11, day: 24 };
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.weekday(), 1, "2026-11-24 is a Tuesday");
        assert_eq!(Date { year: 2026, month: 11, day: 29 }.weekday(), 6);
        assert!(Date { year: 2026, month: 11, day: 28 }.is_weekend());
        assert_eq!(d.add_days(7).iso(), "2026-12-01");
        assert_eq!(Date { year: 2024, month: 2, day: 28 }.add_days(1).iso(), "2024-02-29");
        assert_eq!(d.last_of_month().iso(), "2026-11-30");
        assert_eq!(d.add_months(2).iso(), "2027-01-01");
        assert_eq!(d.add_months(-11).iso(), "2025-12-01");
        assert_eq!(Date::parse_month("2026-02").map(|m| m.last_of_month().iso()).as_deref(), Some("2026-02-28"));
        assert_eq!(Date::parse_month("2026-13"), None);
        assert_eq!(d.month_title(Locale::Ko), "2026년 11월");
    }

    #[test]
    fn dates_per_locale() {
        let d = Date { year: 2026, month: 3, day: 7 };
        assert_eq!(d.format(Locale::En), "Mar 7, 2026");
        assert_eq!(d.format(Locale::Ko), "2026. 3. 7.");
        assert_eq!(d.format(Locale::Ru), "07.03.2026");
    }

    #[test]
    fn date_times_per_locale() {
        assert_eq!(date_time("2026-12-07T15:00", Locale::En).as_deref(), Some("Dec 7, 2026, 15:00"));
        assert_eq!(date_time("2026-12-07T09:05:00", Locale::Ko).as_deref(), Some("2026. 12. 7. 09:05"));
        assert_eq!(date_time("2026-12-07T15:00", Locale::Ru).as_deref(), Some("07.12.2026 15:00"));
        assert_eq!(date_time("2026-12-07T25:00", Locale::En), None);
        assert_eq!(date_time("2026-12-07", Locale::En), None);
        assert_eq!(date_time("soon", Locale::En), None);
    }

    #[test]
    fn instants_show_their_local_time() {
        // 2026-12-07 15:04:59 UTC: past midnight in Seoul (+9), evening in Moscow (+3).
        let at = 1_796_655_899;
        assert_eq!(moment(at, 0, Locale::En), "Dec 7, 2026, 15:04");
        assert_eq!(moment(at, 9 * 3600, Locale::Ko), "2026. 12. 8. 00:04");
        assert_eq!(moment(at, 3 * 3600, Locale::Ru), "07.12.2026 18:04");
        assert_eq!(moment(0, -5 * 3600, Locale::En), "Dec 31, 1969, 19:00");
    }

    #[test]
    fn numbers_per_locale() {
        assert_eq!(integer(1_234_567, Locale::En), "1,234,567");
        assert_eq!(integer(1_234_567, Locale::Ru), "1\u{a0}234\u{a0}567");
        assert_eq!(integer(-1_000, Locale::Ko), "-1,000");
        assert_eq!(integer(999, Locale::En), "999");
        assert_eq!(amount_minor(1_250_050, Locale::En), "12,500.50");
        assert_eq!(amount_minor(1_250_050, Locale::Ru), "12\u{a0}500,50");
        assert_eq!(amount_minor(-5, Locale::En), "-0.05");
        assert_eq!(money(123_450_050, "KRW", Locale::Ko), "1,234,501 KRW");
        assert_eq!(money(123_450_000, "KRW", Locale::En), "1,234,500 KRW");
        assert_eq!(money(1_250_050, "RUB", Locale::Ru), "12\u{a0}500,50 RUB");
        assert_eq!(money(-150, "KRW", Locale::En), "-2 KRW");
        assert_eq!(hours(74_070, Locale::En), "1,234.5");
        assert_eq!(hours(74_070, Locale::Ru), "1\u{a0}234,5");
        assert_eq!(hours(480, Locale::Ko), "8");
        assert_eq!(hours(-45, Locale::En), "-0.75");
    }

    #[test]
    fn names_per_locale() {
        assert_eq!(person_name("Kim", "Minji", Locale::En), "Minji Kim");
        assert_eq!(person_name("Kim", "Minji", Locale::Ko), "Kim Minji");
        assert_eq!(person_name("김", "민지", Locale::En), "김민지");
        assert_eq!(person_name("Иванова", "Анна", Locale::Ru), "Иванова Анна");
        assert_eq!(person_name("Иванова", "Анна", Locale::En), "Анна Иванова");
        assert_eq!(person_name("", "Cher", Locale::En), "Cher");
    }
}
