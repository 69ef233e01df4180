//! Locales and translated messages. Every message is written in all three languages in one
//! place (`messages.rs`); the macro makes a missing translation a compile error.
pub mod catalog;
mod labels;
mod messages;

pub use labels::Labels;
pub use messages::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ko,
    Ru,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Ko, Locale::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ko => "ko",
            Locale::Ru => "ru",
        }
    }

    /// The language's own name, shown in the locale switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ko => "한국어",
            Locale::Ru => "Русский",
        }
    }

    /// Parses a language tag such as `ko`, `ko-KR` or `ru_RU`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the best supported locale from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                    best = Some((locale, q));
                }
            }
        }
        best.map(|(l, _)| l)
    }
}

impl Msg {
    /// Fills `{name}` placeholders in a message.
    pub fn fill(self, locale: Locale, args: &[(&str, &str)]) -> String {
        let mut text = self.text(locale).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Locale::from_accept_language("ko-KR,ko;q=0.9,en;q=0.8"), Some(Locale::Ko));
        assert_eq!(Locale::from_accept_language("de-DE,ru;q=0.5,en;q=0.7"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("ru-RU"), Some(Locale::Ru));
        assert_eq!(Locale::from_accept_language("de, fr;q=0.9"), None);
        assert_eq!(Locale::from_accept_language("en;q=0, ko;q=0.1"), Some(Locale::Ko));
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[test]
    fn every_message_is_translated_into_every_language() {
        for msg in Msg::ALL {
            let texts: Vec<&str> = Locale::ALL.iter().map(|l| msg.text(*l)).collect();
            for (locale, text) in Locale::ALL.iter().zip(&texts) {
                assert!(!text.trim().is_empty(), "{msg:?} is empty in {locale:?}");
            }
            // Korean and Russian must not be English left untranslated (short codes excepted).
            if texts[0].chars().filter(|c| c.is_ascii_alphabetic()).count() > 3 {
                assert_ne!(texts[0], texts[1], "{msg:?} looks untranslated in ko");
                assert_ne!(texts[0], texts[2], "{msg:?} looks untranslated in ru");
            }
        }
    }

    #[test]
    fn placeholders_match_across_languages() {
        fn holes(s: &str) -> Vec<String> {
            let mut out: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string())).collect();
            out.sort();
            out
        }
        for msg in Msg::ALL {
            let en = holes(msg.text(Locale::En));
            assert_eq!(en, holes(msg.text(Locale::Ko)), "{msg:?} ko placeholders");
            assert_eq!(en, holes(msg.text(Locale::Ru)), "{msg:?} ru placeholders");
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(Msg::PageOf.fill(Locale::En, &[("page", "2"), ("pages", "5")]), "Page 2 of 5");
    }
}
