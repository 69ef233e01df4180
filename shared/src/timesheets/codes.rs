//! Entry codes: what kind of time a day's hours are.
use crate::stored::{stored_enum, Joined};
use crate::Msg;

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Code {
        Work = "work",
        Overtime = "overtime",
        Night = "night",
        /// Work on a weekend day or a public holiday.
        Holiday = "holiday",
        Sick = "sick",
        Vacation = "vacation",
        Unpaid = "unpaid",
        Downtime = "downtime",
    }
}

impl Code {
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

    /// Codes are ASCII letters, so ASCII case folding matches exactly what Unicode's would, and
    /// spares the grid's bundle Unicode's upper-case table (12 KB).
    pub fn from_letters(s: &str) -> Option<Code> {
        let s = s.trim();
        Code::ALL.into_iter().find(|c| c.letters().eq_ignore_ascii_case(s))
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

/// The codes a placement allows, as stored (a comma-joined list): empty means every code.
pub fn allowed(stored: Joined<Code>) -> Vec<Code> {
    if stored.0.is_empty() {
        Code::ALL.to_vec()
    } else {
        stored.0
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
        assert_eq!(Code::from_letters(" ot "), Some(Code::Overtime));
        assert_eq!(Code::from_letters("X"), None);
    }

    #[test]
    fn allowed_codes_default_to_all() {
        assert_eq!(allowed(Joined(vec![])), Code::ALL.to_vec());
        assert_eq!(allowed(Joined::parse("work, overtime").unwrap()), vec![Code::Work, Code::Overtime]);
    }
}
