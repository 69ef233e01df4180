//! Texts an administrator writes in each language (stage names, request types, fields).
use super::{Locale, Msg};
use serde::{Deserialize, Serialize};

/// A text an administrator writes in each language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub en: String,
    pub ko: String,
    pub ru: String,
}

impl Labels {
    pub fn new(en: &str, ko: &str, ru: &str) -> Labels {
        Labels { en: en.into(), ko: ko.into(), ru: ru.into() }
    }

    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Ko => &self.ko,
            Locale::Ru => &self.ru,
        }
    }

    pub fn get_mut(&mut self, locale: Locale) -> &mut String {
        match locale {
            Locale::En => &mut self.en,
            Locale::Ko => &mut self.ko,
            Locale::Ru => &mut self.ru,
        }
    }

    /// The same text in every language (a label written before labels had three).
    pub fn same(text: &str) -> Labels {
        Labels::new(text, text, text)
    }

    /// Trimmed, with each empty language taking the first one given; refused when none is
    /// given (`ErrRequired`) or one is longer than `max` characters (`ErrTooLong`).
    pub fn filled(&self, max: usize) -> Result<Labels, Msg> {
        let [en, ko, ru] = [&self.en, &self.ko, &self.ru].map(|n| n.trim());
        let given = [en, ko, ru].into_iter().find(|n| !n.is_empty()).ok_or(Msg::ErrRequired)?;
        if [en, ko, ru].iter().any(|n| n.chars().count() > max) {
            return Err(Msg::ErrTooLong);
        }
        let or_given = |n: &str| if n.is_empty() { given.to_string() } else { n.to_string() };
        Ok(Labels { en: or_given(en), ko: or_given(ko), ru: or_given(ru) })
    }
}

impl From<crate::stored::Json<Labels>> for Labels {
    fn from(stored: crate::stored::Json<Labels>) -> Labels {
        stored.0
    }
}
