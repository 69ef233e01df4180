//! Values as payroll exports write them: dates in five spellings, phone numbers local or
//! international, names whole or in parts, the kind of employment in three languages.
use crate::format::Date;
use crate::Locale;

/// A date as `dd.mm.yyyy`, `yyyy.mm.dd` (also Korean `yyyy. m. d.`), `yyyy-mm-dd`, `yyyy/mm/dd`,
/// `yyyymmdd` or an Excel serial number; a time after the date (`2024-03-15 00:00:00`) is
/// ignored. None for anything else, including impossible dates such as 31.02.2024.
pub fn parse_date(raw: &str) -> Option<Date> {
    let s = raw.trim();
    let s = s.split_once([' ', 'T']).filter(|(_, time)| time.contains(':')).map_or(s, |(date, _)| date);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_end_matches('.');
    if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Date::parse_iso(&format!("{}-{}-{}", &compact[..4], &compact[4..6], &compact[6..]));
    }
    if is_serial(compact) {
        return excel_serial(compact);
    }
    let parts: Vec<&str> = compact.split(['.', '-', '/']).collect();
    let [a, b, c] = parts[..] else { return None };
    if [a, b, c].iter().any(|p| p.is_empty() || !p.bytes().all(|d| d.is_ascii_digit())) {
        return None;
    }
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    Date::parse_iso(&format!("{y}-{m:0>2}-{d:0>2}"))
}

/// A spreadsheet's day number (`45366` or `45366.5`): at most five digits before a fraction.
fn is_serial(s: &str) -> bool {
    let whole = s.split_once('.').map_or(s, |(w, f)| if f.bytes().all(|b| b.is_ascii_digit()) { w } else { "x" });
    (1..=5).contains(&whole.len()) && whole.bytes().all(|b| b.is_ascii_digit())
}

/// Excel counts days from 1899-12-30 (its phantom 1900-02-29 makes the older ones off by one,
/// and no hire date is that old).
fn excel_serial(s: &str) -> Option<Date> {
    let days: i64 = s.split('.').next()?.parse().ok()?;
    if !(61..=2_958_465).contains(&days) {
        return None;
    }
    let date = Date::from_days(Date { year: 1899, month: 12, day: 30 }.days() + days);
    (1900..=2999).contains(&date.year).then_some(date)
}

pub use crate::validation::normalise_phone;

/// A person's name in its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
    pub patronymic: Option<String>,
}

/// A number of days as hundredths: `12`, `12.5`, `12,25`, `-1`.
pub fn parse_days(raw: &str) -> Option<i64> {
    let s = raw.trim().replace(',', ".");
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || whole.len() > 4 || fraction.len() > 2 || !(whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())) {
        return None;
    }
    let value = whole.parse::<i64>().ok()? * 100 + format!("{fraction:0<2}").parse::<i64>().ok()?;
    Some(if negative { -value } else { value })
}

/// An amount as payroll files write it, in hundredths: `12500`, `12 500,50`, `12,500.50`,
/// `12.500,50`. Of `,` and `.` the last one followed by one or two digits is the decimal mark;
/// the other (and spaces) group thousands.
pub fn parse_amount(raw: &str) -> Option<i64> {
    let s: String = raw.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\'')).collect();
    let decimal = s.rfind([',', '.']).filter(|&i| (2..=3).contains(&(s.len() - i)));
    let (whole, fraction) = match decimal {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s.as_str(), ""),
    };
    // Thousands groups: one kind of mark (not the decimal one), groups of three after the first.
    let marks: Vec<char> = whole.chars().filter(|c| matches!(c, ',' | '.')).collect();
    let groups: Vec<&str> = whole.split([',', '.']).collect();
    let decimal_mark = decimal.map(|i| s[i..].chars().next().unwrap_or('.'));
    let grouped = marks.iter().all(|m| Some(*m) == marks.first().copied() && Some(*m) != decimal_mark)
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && (1..=3).contains(&groups[0].len());
    if !marks.is_empty() && !grouped {
        return None;
    }
    let whole: String = groups.concat();
    if whole.is_empty() || whole.len() > 12 || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    crate::validation::amount_to_minor("rate", &format!("{whole}.{fraction}")).ok()
}

/// The currency a legal entity of `country` pays in, for rows that name none.
pub fn currency_of(country: &str) -> Option<&'static str> {
    Some(match country {
        "KR" => "KRW",
        "RU" => "RUB",
        "KZ" => "KZT",
        "UZ" => "UZS",
        "BY" => "BYN",
        "US" => "USD",
        "JP" => "JPY",
        "CN" => "CNY",
        "VN" => "VND",
        "GB" => "GBP",
        "AT" | "BE" | "DE" | "EE" | "ES" | "FI" | "FR" | "IE" | "IT" | "LT" | "LV" | "NL" | "PT" => "EUR",
        _ => return None,
    })
}

/// Korean family names of two syllables that are read as such even in a three-syllable name.
const KOREAN_DOUBLE_FAMILY: [&str; 6] = ["남궁", "황보", "제갈", "사공", "독고", "서문"];
/// Two-syllable family names that are also common single-syllable ones plus a given name: read
/// as double only in names of four syllables.
const KOREAN_DOUBLE_FAMILY_LONG: [&str; 2] = ["선우", "동방"];

/// Splits a full name as payroll systems write it: family name first (`Иванов Иван Иванович`,
/// `Kim Minji`), a Korean name without spaces by its family syllable(s) (`홍길동`, `남궁민수`).
/// None for a name of one word that is not Korean.
pub fn split_full_name(full: &str) -> Option<NameParts> {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words[..] {
        [] => None,
        [one] if one.chars().all(is_hangul) && one.chars().count() >= 2 => {
            let len = one.chars().count();
            let double = KOREAN_DOUBLE_FAMILY.iter().any(|f| one.starts_with(f))
                || (len >= 4 && KOREAN_DOUBLE_FAMILY_LONG.iter().any(|f| one.starts_with(f)));
            let split = if double && len >= 3 { 2 } else { 1 };
            let family: String = one.chars().take(split).collect();
            Some(NameParts { family, given: one.chars().skip(split).collect(), patronymic: None })
        }
        [_] => None,
        [family, given] => Some(NameParts { family: family.into(), given: given.into(), patronymic: None }),
        [family, given, ref rest @ ..] if family.chars().any(is_cyrillic) => {
            Some(NameParts { family: family.into(), given: given.into(), patronymic: Some(rest.join(" ")) })
        }
        [family, ref rest @ ..] => Some(NameParts { family: family.into(), given: rest.join(" "), patronymic: None }),
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Words payroll systems use for the two kinds of people, in lower case.
const EMPLOYEE_WORDS: [&str; 12] = [
    "employee",
    "staff",
    "e",
    "сотрудник",
    "штатный",
    "работник",
    "трудовой договор",
    "основное место работы",
    "정규직",
    "직원",
    "사원",
    "임직원",
];
const CONTRACTOR_WORDS: [&str; 12] =
    ["contractor", "c", "подрядчик", "гпх", "договор гпх", "внештатный", "исполнитель", "계약직", "도급", "파견", "프리랜서", "외주"];

/// Whether a person is an employee (false) or a contractor (true), from the kind column.
pub fn is_contractor(raw: &str) -> Option<bool> {
    let s = raw.trim().to_lowercase();
    if EMPLOYEE_WORDS.contains(&s.as_str()) {
        Some(false)
    } else if CONTRACTOR_WORDS.contains(&s.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// A language by its code (`ko`, `ru-RU`) or its own name (`한국어`, `Русский`).
pub fn parse_language(raw: &str) -> Option<Locale> {
    let s = raw.trim();
    Locale::parse(s).or_else(|| Locale::ALL.into_iter().find(|l| l.native_name().to_lowercase() == s.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s).map(Date::iso)
    }

    #[test]
    fn dates_in_every_spelling_payroll_files_use() {
        for s in [
            "15.03.2024",
            "5.3.2024",
            "2024.03.15",
            "2024. 3. 15.",
            "2024-03-15",
            "2024/03/15",
            "20240315",
            "45366",
            "45366.0",
            "2024-03-15 00:00:00",
        ] {
            assert_eq!(d(s).as_deref().map(|x| &x[..7]), Some("2024-03"), "{s}");
        }
        assert_eq!(d("5.3.2024").as_deref(), Some("2024-03-05"));
        assert_eq!(d("45366").as_deref(), Some("2024-03-15"));
        assert_eq!(d("20240315").as_deref(), Some("2024-03-15"));
        for bad in ["31.02.2024", "2024-13-01", "20241301", "15/03/24", "yesterday", "", "0", "12.2024", "2024-03-15T", "1.2.3.4"] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones_local_and_international() {
        assert_eq!(normalise_phone("010-1234-5678", "KR").as_deref(), Some("+821012345678"));
        assert_eq!(normalise_phone("+82 10-1234-5678", "RU").as_deref(), Some("+821012345678"));
        assert_eq!(normalise_phone("821012345678", "KR").as_deref(), Some("+821012345678"));
        assert_eq!(normalise_phone("8 (912) 345-67-89", "RU").as_deref(), Some("+79123456789"));
        assert_eq!(normalise_phone("+7 912 345 67 89", "KR").as_deref(), Some("+79123456789"));
        assert_eq!(normalise_phone("9123456789", "RU").as_deref(), Some("+79123456789"));
        assert_eq!(normalise_phone("0079123456789", "US").as_deref(), Some("+79123456789"));
        for bad in ["12345", "010-1234-5678", "abc", "+7 912+345", "phone: 123"] {
            assert_eq!(normalise_phone(bad, "US"), None, "{bad}");
        }
    }

    #[test]
    fn full_names_split_family_first() {
        let p = split_full_name("Иванов  Иван Иванович").expect("ru");
        assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_deref()), ("Иванов", "Иван", Some("Иванович")));
        let p = split_full_name("Алиев Рашид Тахир оглы").expect("ru");
        assert_eq!(p.patronymic.as_deref(), Some("Тахир оглы"));
        let p = split_full_name("홍길동").expect("ko");
        assert_eq!((p.family.as_str(), p.given.as_str()), ("홍", "길동"));
        let p = split_full_name("남궁민").expect("ko");
        assert_eq!((p.family.as_str(), p.given.as_str()), ("남궁", "민"));
        let p = split_full_name("선우진").expect("ko");
        assert_eq!((p.family.as_str(), p.given.as_str()), ("선", "우진"));
        let p = split_full_name("Kim Min Ji").expect("latin");
        assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic), ("Kim", "Min Ji", None));
        assert_eq!(split_full_name("Madonna"), None);
        assert_eq!(split_full_name("  "), None);
    }

    #[test]
    fn days_with_either_decimal_mark() {
        assert_eq!(parse_days("12"), Some(1200));
        assert_eq!(parse_days("12,5"), Some(1250));
        assert_eq!(parse_days(" 2.25 "), Some(225));
        assert_eq!(parse_days("-1"), Some(-100));
        for bad in ["", "12.345", "1e3", "twelve", "12 дней", "99999"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }

    #[test]
    fn kinds_and_languages_in_three_languages() {
        assert_eq!(is_contractor("Договор ГПХ"), Some(true));
        assert_eq!(is_contractor(" 정규직 "), Some(false));
        assert_eq!(is_contractor("intern"), None);
        assert_eq!(parse_language("ru-RU"), Some(Locale::Ru));
        assert_eq!(parse_language("한국어"), Some(Locale::Ko));
        assert_eq!(parse_language("Klingon"), None);
    }

    #[test]
    fn amounts_in_the_spellings_of_each_market() {
        assert_eq!(parse_amount("12500"), Some(1_250_000));
        assert_eq!(parse_amount("12 500,50"), Some(1_250_050));
        assert_eq!(parse_amount("12\u{a0}500,5"), Some(1_250_050));
        assert_eq!(parse_amount("12,500"), Some(1_250_000));
        assert_eq!(parse_amount("12,500.50"), Some(1_250_050));
        assert_eq!(parse_amount("12.500,50"), Some(1_250_050));
        assert_eq!(parse_amount("1,234,567"), Some(123_456_700));
        assert_eq!(parse_amount("0"), Some(0));
        for bad in ["", "abc", "-5", "12,5,0.1.2", "1.2.3,456x", "12.500,505"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }
}
