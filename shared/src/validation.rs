//! Parse, don't validate: input becomes these types at the boundary, in the browser and again
//! on the server, so both show the same error for the same input.
use crate::Msg;
use serde::{Deserialize, Serialize};

/// A field-level validation error: which field, which message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> Self {
        FieldError { field: field.to_string(), msg }
    }
}

/// What someone signs in with: an email address, or a phone number. A phone number typed in
/// a local form is read as Korean or Russian (sign-in comes before any organisation is known):
/// the candidates are its international forms, usually one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    Email(Email),
    Phone(Vec<String>),
}

impl Login {
    pub fn parse(field: &str, raw: &str) -> Result<Login, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, Msg::ErrRequired));
        }
        if s.contains('@') {
            return Email::parse(field, s).map(Login::Email);
        }
        let mut candidates: Vec<String> = ["", "KR", "RU"].iter().filter_map(|country| normalise_phone(s, country)).collect();
        candidates.dedup();
        if candidates.is_empty() {
            return Err(FieldError::new(field, Msg::ErrInvalidLogin));
        }
        Ok(Login::Phone(candidates))
    }

    /// The sign-in attempts of this identity are counted under this key.
    pub fn key(&self) -> &str {
        match self {
            Login::Email(e) => e.as_str(),
            Login::Phone(p) => p.first().map_or("", String::as_str),
        }
    }
}

/// A phone number in international form (`+821012345678`). Local forms are read by the
/// country's conventions (`010-1234-5678` in Korea, `8 912 345-67-89` in Russia); elsewhere
/// a number must carry its country code.
pub fn normalise_phone(raw: &str, country: &str) -> Option<String> {
    let s = raw.trim();
    if s.chars().any(|c| !(c.is_ascii_digit() || " +-().".contains(c))) || s.rfind('+').is_some_and(|i| i > 0) {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let international = if s.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else {
        match country.to_ascii_uppercase().as_str() {
            "KR" if digits.starts_with("82") && digits.len() >= 11 => digits,
            "KR" => format!("82{}", digits.strip_prefix('0')?),
            "RU" | "KZ" if digits.len() == 11 && (digits.starts_with('8') || digits.starts_with('7')) => format!("7{}", &digits[1..]),
            "RU" | "KZ" if digits.len() == 10 => format!("7{digits}"),
            _ => return None,
        }
    };
    (international.len() >= 8 && international.len() <= 15 && !international.starts_with('0')).then(|| format!("+{international}"))
}

/// An email address, trimmed and lower-cased (we treat addresses case-insensitively).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim().to_lowercase();
        let err = || FieldError::new(field, Msg::ErrInvalidEmail);
        if s.is_empty() {
            return Err(FieldError::new(field, Msg::ErrRequired));
        }
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err());
        }
        let (local, domain) = s.split_once('@').ok_or_else(err)?;
        let domain_ok =
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..") && !domain.contains('@');
        if local.is_empty() || !domain_ok {
            return Err(err());
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters no text we store may hold: C0 and C1 controls (NUL breaks hydration and
/// PostgreSQL text) except tab and line breaks, and the bidirectional embeddings, overrides and
/// isolates that make stored text display as something else (U+202E turns `exe.txt` into
/// `txt.exe`). The server's input boundary refuses them in every request; the browser checks
/// with the same rule.
pub fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses text that holds a forbidden character, naming its field.
pub fn refuse_forbidden_chars(field: &str, raw: &str) -> Result<(), FieldError> {
    if raw.chars().any(is_forbidden_char) {
        return Err(FieldError::new(field, Msg::ErrControlChars));
    }
    Ok(())
}

/// The longest search text: longer ones cannot match a name and make LIKE patterns costly.
pub const MAX_SEARCH_CHARS: usize = 200;

/// Search text as typed into a search box, folded for matching (see `search_key`).
pub fn search_query(field: &str, raw: &str) -> Result<String, FieldError> {
    if raw.chars().count() > MAX_SEARCH_CHARS {
        return Err(FieldError::new(field, Msg::ErrSearchTooLong));
    }
    refuse_forbidden_chars(field, raw)?;
    Ok(search_key(raw))
}

/// A required single-line text of bounded length (names, titles).
pub fn required_text(field: &str, raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    optional_text(field, s, max_chars).map(|o| o.unwrap_or_default())
}

/// An optional single-line text: empty becomes `None`.
pub fn optional_text(field: &str, raw: &str, max_chars: usize) -> Result<Option<String>, FieldError> {
    let s = raw.trim();
    if s.chars().count() > max_chars {
        return Err(FieldError::new(field, Msg::ErrTooLong));
    }
    // Single-line: a line break is as out of place in a name as any other control.
    if s.chars().any(|c| is_forbidden_char(c) || c.is_control()) {
        return Err(FieldError::new(field, Msg::ErrControlChars));
    }
    Ok((!s.is_empty()).then(|| s.to_string()))
}

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Argon2 cost grows with input; a cap keeps a huge password from being a cheap DoS.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Checks a new password and its confirmation.
pub fn new_password(password: &str, confirm: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(FieldError::new("password", Msg::ErrPasswordTooShort));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(FieldError::new("password", Msg::ErrTooLong));
    }
    if password != confirm {
        return Err(FieldError::new("confirm", Msg::ErrPasswordsDiffer));
    }
    Ok(())
}

/// Ten billion in major units: far above any hourly rate, far below overflow.
const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000;

/// A money amount typed by a person ("12500", "12 500,50", "12500.5") into minor units.
pub fn amount_to_minor(field: &str, raw: &str) -> Result<i64, FieldError> {
    let err = || FieldError::new(field, Msg::ErrInvalidRate);
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if cleaned.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    let cleaned = cleaned.replace(',', ".");
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(err());
    }
    let whole: i64 = whole.parse().map_err(|_| err())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| err())?;
    whole.checked_mul(100).and_then(|w| w.checked_add(frac)).filter(|v| *v <= MAX_AMOUNT_MINOR).ok_or_else(err)
}

/// An ISO 4217 currency code such as KRW, RUB or USD (three Latin letters), upper-cased.
pub fn currency(field: &str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(FieldError::new(field, Msg::ErrRequired));
    }
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(FieldError::new(field, Msg::ErrInvalidCurrency))
    }
}

/// Lower-cases text for search: Unicode-aware, so Cyrillic matches regardless of case
/// (SQLite's own LOWER() only folds ASCII).
pub fn search_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// `value` when nothing was wrong, else every problem at once (a form shows them all).
pub fn collected<T>(value: T, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("e", "  Anna@Example.COM ").map(|e| e.0), Ok("anna@example.com".into()));
        assert_eq!(Email::parse("e", "").unwrap_err().msg, Msg::ErrRequired);
        for bad in ["anna", "anna@", "@x.org", "a@b", "a b@c.org", "a@.org", "a@b..org", "a@b@c.org"] {
            assert_eq!(Email::parse("e", bad).unwrap_err().msg, Msg::ErrInvalidEmail, "{bad}");
        }
        assert!(Email::parse("e", "김민지@회사.한국").is_ok());
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("n", "  Ким ", 10), Ok("Ким".into()));
        assert_eq!(required_text("n", "   ", 10).unwrap_err().msg, Msg::ErrRequired);
        assert_eq!(required_text("n", "가나다라마", 4).unwrap_err().msg, Msg::ErrTooLong);
        assert_eq!(optional_text("n", " ", 4), Ok(None));
    }

    #[test]
    fn control_and_direction_characters_are_refused() {
        for bad in ["Kim\0", "a\u{7}b", "\u{202E}fdp.exe", "x\u{2066}y", "a\u{85}b", "line\nbreak"] {
            assert_eq!(required_text("n", bad, 100).unwrap_err().msg, Msg::ErrControlChars, "{bad:?}");
        }
        assert!(refuse_forbidden_chars("body", "two\nlines\tand a tab\r\n").is_ok());
        assert_eq!(refuse_forbidden_chars("body", "nul\0").unwrap_err().msg, Msg::ErrControlChars);
        assert!(required_text("n", "Иванова-Петрова 김 O'Brien", 100).is_ok());
    }

    #[test]
    fn search_text_is_bounded() {
        assert_eq!(search_query("q", " Ким "), Ok("ким".into()));
        assert_eq!(search_query("q", &"a".repeat(100_000)).unwrap_err().msg, Msg::ErrSearchTooLong);
        assert_eq!(search_query("q", "a\0").unwrap_err().msg, Msg::ErrControlChars);
    }

    #[test]
    fn passwords() {
        assert!(new_password("correct horse", "correct horse").is_ok());
        assert_eq!(new_password("short", "short").unwrap_err().msg, Msg::ErrPasswordTooShort);
        assert_eq!(new_password("long enough!", "long enough?").unwrap_err().field, "confirm");
        let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(new_password(&huge, &huge).unwrap_err().msg, Msg::ErrTooLong);
    }

    #[test]
    fn amounts() {
        assert_eq!(amount_to_minor("r", "12500"), Ok(1_250_000));
        assert_eq!(amount_to_minor("r", "12 500,5"), Ok(1_250_050));
        assert_eq!(amount_to_minor("r", "0.05"), Ok(5));
        for bad in ["-1", "1.234", "abc", ".5", "1e3"] {
            assert_eq!(amount_to_minor("r", bad).unwrap_err().msg, Msg::ErrInvalidRate, "{bad}");
        }
        assert_eq!(amount_to_minor("r", "").unwrap_err().msg, Msg::ErrRequired);
    }

    #[test]
    fn currencies() {
        assert_eq!(currency("c", " krw "), Ok("KRW".into()));
        for bad in ["12", "KR", "KRWW", "₩", "руб"] {
            assert_eq!(currency("c", bad).unwrap_err().msg, Msg::ErrInvalidCurrency, "{bad}");
        }
        assert_eq!(currency("c", "").unwrap_err().msg, Msg::ErrRequired);
    }

    #[test]
    fn search_keys_fold_every_script() {
        assert_eq!(search_key(" ИВАНОВА "), "иванова");
        assert_eq!(search_key("Kim 김"), "kim 김");
    }
}
