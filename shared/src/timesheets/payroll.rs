//! Approved hours leave for the payroll system in the codes it knows: 1C:ZUP's time codes (Я,
//! Н, РВ, С, Б, ОТ, ДО, РП) and Douzone's attendance kinds (정상근무, 연장근무, …). The mapping
//! from Staffport's codes is the organisation's to edit; these are the defaults.
use super::Code;
use crate::stored::stored_enum;
use crate::Msg;
use serde::{Deserialize, Serialize};

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum PayrollSystem {
        /// CP1251 CSV, `;`: personnel number, name, date, time code, hours.
        OneC = "1c_zup",
        /// EUC-KR CSV, `,`, Korean headers: 사원번호, 성명, 근무일자, 근태구분, 근무시간.
        Douzone = "douzone",
    }
}

impl PayrollSystem {
    pub fn label(self) -> Msg {
        match self {
            PayrollSystem::OneC => Msg::PayrollOneC,
            PayrollSystem::Douzone => Msg::PayrollDouzone,
        }
    }

    /// The system's own code for a kind of time, unless the organisation chose another.
    pub fn default_code(self, code: Code) -> &'static str {
        match (self, code) {
            (PayrollSystem::OneC, Code::Work) => "Я",
            (PayrollSystem::OneC, Code::Night) => "Н",
            (PayrollSystem::OneC, Code::Holiday) => "РВ",
            (PayrollSystem::OneC, Code::Overtime) => "С",
            (PayrollSystem::OneC, Code::Sick) => "Б",
            (PayrollSystem::OneC, Code::Vacation) => "ОТ",
            (PayrollSystem::OneC, Code::Unpaid) => "ДО",
            // Idle time through the employer's fault.
            (PayrollSystem::OneC, Code::Downtime) => "РП",
            (PayrollSystem::Douzone, Code::Work) => "정상근무",
            (PayrollSystem::Douzone, Code::Night) => "야간근무",
            (PayrollSystem::Douzone, Code::Holiday) => "휴일근무",
            (PayrollSystem::Douzone, Code::Overtime) => "연장근무",
            (PayrollSystem::Douzone, Code::Sick) => "병가",
            (PayrollSystem::Douzone, Code::Vacation) => "연차",
            (PayrollSystem::Douzone, Code::Unpaid) => "무급휴가",
            (PayrollSystem::Douzone, Code::Downtime) => "휴업",
        }
    }
}

/// An organisation's codes for one payroll system, as the settings form edits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayrollCodes {
    pub system: PayrollSystem,
    /// 0 while the defaults were never changed.
    pub version: i64,
    /// Every Staffport code with the system's code for it, in `Code::ALL` order.
    pub codes: Vec<(Code, String)>,
}

impl PayrollCodes {
    pub fn defaults(system: PayrollSystem) -> PayrollCodes {
        PayrollCodes { system, version: 0, codes: Code::ALL.iter().map(|c| (*c, system.default_code(*c).to_string())).collect() }
    }

    /// The form field of a code's input (its errors name it).
    pub fn field(code: Code) -> &'static str {
        match code {
            Code::Work => "code_work",
            Code::Overtime => "code_overtime",
            Code::Night => "code_night",
            Code::Holiday => "code_holiday",
            Code::Sick => "code_sick",
            Code::Vacation => "code_vacation",
            Code::Unpaid => "code_unpaid",
            Code::Downtime => "code_downtime",
        }
    }

    pub fn code(&self, code: Code) -> &str {
        self.codes.iter().find(|(c, _)| *c == code).map_or_else(|| "", |(_, s)| s.as_str())
    }
}
