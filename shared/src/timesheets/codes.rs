//! Entry codes: what kind of time a day's hours are.
use crate::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Work,
    Overtime,
    Night,
    /// Work on a weekend day or a public holiday.
    Holiday,
    Sick,
    Vacation,
    Unpaid,
    Downtime,
}

impl Code {
    pub const ALL: [Code; 8] =
        [Code::Work, Code::Overtime, Code::Night, Code::Holiday, Code::Sick, Code::Vacation, Code::Unpaid, Code::Downtime];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Work => "work",
            Code::Overtime => "overtime",
            Code::Night => "night",
            Code::Holiday => "holiday",
            Code::Sick => "sick",
            Code::Vacation => "vacation",
            Code::Unpaid => "unpaid",
            Code::Downtime => "downtime",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The letters typed in a grid cell ("8 OT"); the same in every language, like Excel codes.
    pub fn letters(self) -> &'static str {
        match self {
            Code::Work => "W",
            Code::Overtime => "OT",
            Code::Night => "N",
            Code::Holiday => "H",
            Code::Sick => "S",
            Code::Vacation => "V",
            Code::Unpaid => "U",
            Code::Downtime => "D",
        }
    }

    pub fn from_letters(s: &str) -> Option<Code> {
        let upper = s.trim().to_uppercase();
        Code::ALL.into_iter().find(|c| c.letters() == upper)
    }

    pub fn label(self) -> Msg {
        match self {
            Code::Work => Msg::CodeWork,
            Code::Overtime => Msg::CodeOvertime,
            Code::Night => Msg::CodeNight,
            Code::Holiday => Msg::CodeHoliday,
            Code::Sick => Msg::CodeSick,
            Code::Vacation => Msg::CodeVacation,
            Code::Unpaid => Msg::CodeUnpaid,
            Code::Downtime => Msg::CodeDowntime,
        }
    }

    /// Absences record a day, not hours worked.
    pub fn is_absence(self) -> bool {
        matches!(self, Code::Sick | Code::Vacation | Code::Unpaid)
    }

    pub fn index(self) -> usize {
        Code::ALL.iter().position(|c| *c == self).unwrap_or_default()
    }
}

/// Parses a comma-separated code list as stored on a placement; empty means every code.
pub fn parse_allowed(list: &str) -> Vec<Code> {
    let codes: Vec<Code> = list.split(',').filter_map(|c| Code::parse(c.trim())).collect();
    if codes.is_empty() {
        Code::ALL.to_vec()
    } else {
        codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_by_name_and_letters() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(Code::from_letters(code.letters()), Some(code));
            assert_eq!(Code::from_letters(&code.letters().to_lowercase()), Some(code));
            assert_eq!(Code::ALL[code.index()], code);
        }
        assert_eq!(Code::from_letters("X"), None);
    }

    #[test]
    fn allowed_codes_default_to_all() {
        assert_eq!(parse_allowed(""), Code::ALL.to_vec());
        assert_eq!(parse_allowed("work, overtime,bogus"), vec![Code::Work, Code::Overtime]);
    }
}
