//! The request catalogue: request types with their form fields, approval chain and effect, the
//! shipped types, and validation of the answers (the same in the browser and on the server).
use crate::approvals::{Chain, Step, StepRule};
use crate::format::Date;
use crate::i18n::Labels;
use crate::stored::stored_enum;
use crate::validation::FieldError;
use crate::{Locale, Msg, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Number,
    Date,
    /// Two dates, stored as `from/to`.
    DateRange,
    Choice {
        options: Vec<(String, Labels)>,
    },
    /// A reference to an uploaded file.
    File,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub key: String,
    pub label: Labels,
    #[serde(flatten)]
    pub kind: FieldKind,
    pub required: bool,
    /// Personal data: masked for everyone but the requester and HR.
    #[serde(default)]
    pub protected: bool,
}

impl FieldDef {
    /// An answer as people read it: a choice by its label, dates in the reader's style, a
    /// range as "from – to". A value the definition no longer knows (a choice removed since)
    /// is shown as it was given.
    pub fn answer_text(&self, value: &str, locale: Locale) -> String {
        let date = |d: &str| Date::parse_iso(d).map(|d| d.format(locale)).unwrap_or_else(|| d.to_string());
        match &self.kind {
            FieldKind::Choice { options } => options
                .iter()
                .find(|(code, _)| code == value)
                .map(|(_, label)| label.get(locale).to_string())
                .unwrap_or_else(|| value.to_string()),
            FieldKind::Date => date(value),
            FieldKind::DateRange => match value.split_once('/') {
                Some((from, to)) => format!("{} – {}", date(from), date(to)),
                None => date(value),
            },
            FieldKind::Text | FieldKind::Number | FieldKind::File => value.to_string(),
        }
    }
}

stored_enum! {
    /// What an approved request does.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Effect {
        None = "none",
        /// Takes the days from the leave balance and marks them in the team calendar.
        Vacation = "vacation",
        /// Replaces the person's bank details.
        BankDetails = "bank_details",
        /// Issues a certificate document.
        Certificate = "certificate",
        /// Replaces the person's resident, passport or tax number: the protected fields whose keys
        /// match the profile's.
        PersonalData = "personal_data",
        /// Puts the dates in the annual vacation schedule: planned, shown in the team calendar, not
        /// yet taken from the balance (the vacation itself is requested nearer the time).
        VacationPlan = "vacation_plan",
    }
}

impl Effect {
    pub fn label(self) -> Msg {
        match self {
            Effect::None => Msg::EffectNone,
            Effect::Vacation => Msg::EffectVacation,
            Effect::BankDetails => Msg::EffectBankDetails,
            Effect::Certificate => Msg::EffectCertificate,
            Effect::PersonalData => Msg::EffectPersonalData,
            Effect::VacationPlan => Msg::EffectVacationPlan,
        }
    }

    /// Whether a definition has the fields this effect reads.
    fn fits(self, fields: &[FieldDef]) -> bool {
        let protected_profile_field =
            |keys: &[&str]| fields.iter().any(|f| f.protected && f.kind == FieldKind::Text && keys.contains(&f.key.as_str()));
        match self {
            Effect::Vacation | Effect::VacationPlan => {
                fields.iter().any(|f| f.key == "dates" && f.kind == FieldKind::DateRange && f.required)
            }
            Effect::BankDetails => protected_profile_field(&["bank_name", "bank_account"]),
            Effect::PersonalData => protected_profile_field(&["resident_no", "passport_no", "tax_no"]),
            Effect::None | Effect::Certificate => true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTypeDef {
    pub code: String,
    pub name: Labels,
    pub fields: Vec<FieldDef>,
    pub chain: Chain,
    pub effect: Effect,
    /// Whom a step past its due time is escalated to once it has waited as long again (its
    /// approvers are reminded at the due time either way). Absent in definitions saved before.
    #[serde(default)]
    pub escalate: Escalation,
    /// What happens when a request of the type is filed or decided.
    #[serde(default)]
    pub rules: Vec<crate::request_rules::RequestRule>,
}

crate::stored::stored_enum! {
    /// Whom an overdue step is escalated to.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Escalation {
        #[default]
        Nobody = "nobody",
        /// The line managers of the step's approvers.
        LineManager = "line_manager",
        /// The organisation's HR managers.
        Hr = "hr",
    }
}

impl Escalation {
    pub fn label(self) -> Msg {
        match self {
            Escalation::Nobody => Msg::EscalateNobody,
            Escalation::LineManager => Msg::EscalateLineManager,
            Escalation::Hr => Msg::EscalateHr,
        }
    }
}

fn field(key: &str, label: Labels, kind: FieldKind, required: bool) -> FieldDef {
    FieldDef { key: key.into(), label, kind, required, protected: false }
}

fn step(rule: StepRule, label: Msg, due_hours: u32) -> Step {
    Step::new(rule, label, Some(due_hours))
}

fn manager_then_hr() -> Chain {
    Chain {
        steps: vec![step(StepRule::LineManager, Msg::StepLineManager, 48), step(StepRule::Role(Role::HrManager), Msg::StepHr, 48)],
        allows_reject: true,
    }
}

fn manager_only() -> Chain {
    Chain { steps: vec![step(StepRule::LineManager, Msg::StepLineManager, 168)], allows_reject: true }
}

fn hr_only() -> Chain {
    Chain { steps: vec![step(StepRule::Role(Role::HrManager), Msg::StepHr, 72)], allows_reject: true }
}

/// The types every organisation starts with; administrators change or add to them.
pub fn shipped() -> Vec<RequestTypeDef> {
    use FieldKind::*;
    let dates = || field("dates", Labels::new("Dates", "기간", "Даты"), DateRange, true);
    let comment = || field("comment", Labels::new("Comment", "비고", "Комментарий"), Text, false);
    let def = |code: &str, name: Labels, fields: Vec<FieldDef>, chain: Chain, effect: Effect| RequestTypeDef {
        code: code.into(),
        name,
        fields,
        chain,
        effect,
        // A request nobody decides in time reaches HR.
        escalate: Escalation::Hr,
        rules: Vec::new(),
    };
    vec![
        def(
            "vacation",
            Labels::new("Vacation", "휴가 신청", "Отпуск"),
            vec![
                dates(),
                field(
                    "kind",
                    Labels::new("Kind of leave", "휴가 종류", "Вид отпуска"),
                    Choice { options: crate::leave::LeaveKind::ALL.iter().map(|k| (k.as_str().to_string(), k.labels())).collect() },
                    false,
                ),
                comment(),
            ],
            manager_then_hr(),
            Effect::Vacation,
        ),
        def(
            "vacation_plan",
            Labels::new("Annual vacation schedule", "연간 휴가 계획", "График отпусков"),
            vec![dates(), comment()],
            manager_only(),
            Effect::VacationPlan,
        ),
        def(
            "vacation_reschedule",
            Labels::new("Vacation reschedule", "휴가 일정 변경", "Перенос отпуска"),
            vec![field("planned", Labels::new("Planned dates", "기존 기간", "Плановые даты"), DateRange, true), dates(), comment()],
            manager_then_hr(),
            Effect::None,
        ),
        def(
            "employment_certificate",
            Labels::new("Certificate of employment", "재직증명서", "Справка с места работы"),
            vec![
                field(
                    "purpose",
                    Labels::new("Purpose", "용도", "Назначение"),
                    Choice {
                        options: vec![
                            ("bank".into(), Labels::new("Bank", "은행 제출용", "Для банка")),
                            ("visa".into(), Labels::new("Visa", "비자 신청용", "Для визы")),
                            ("other".into(), Labels::new("Other", "기타", "Другое")),
                        ],
                    },
                    true,
                ),
                field("copies", Labels::new("Copies", "부수", "Экземпляров"), Number, true),
            ],
            hr_only(),
            Effect::Certificate,
        ),
        def(
            "income_certificate",
            Labels::new("Income certificate", "소득증명서", "Справка о доходах"),
            vec![field("period", Labels::new("Period", "기간", "Период"), DateRange, true)],
            hr_only(),
            Effect::Certificate,
        ),
        def(
            "bank_details",
            Labels::new("Bank details change", "급여 계좌 변경", "Смена банковских реквизитов"),
            vec![
                FieldDef { protected: true, ..field("bank_name", Labels::new("Bank", "은행", "Банк"), Text, true) },
                FieldDef {
                    protected: true, ..field("bank_account", Labels::new("Account number", "계좌번호", "Номер счёта"), Text, true)
                },
            ],
            hr_only(),
            Effect::BankDetails,
        ),
        def(
            "personal_data",
            Labels::new("Passport or ID number change", "신분증·여권 정보 변경", "Смена паспортных данных"),
            vec![
                FieldDef {
                    protected: true,
                    ..field("resident_no", Labels::new("Resident number", "주민등록번호", "Личный номер"), Text, false)
                },
                FieldDef {
                    protected: true,
                    ..field("passport_no", Labels::new("Passport number", "여권번호", "Номер паспорта"), Text, false)
                },
                FieldDef { protected: true, ..field("tax_no", Labels::new("Tax number", "납세자번호", "ИНН"), Text, false) },
                field("document", Labels::new("Scan of the document", "증빙 서류 사본", "Скан документа"), File, false),
            ],
            hr_only(),
            Effect::PersonalData,
        ),
        def(
            "business_trip",
            Labels::new("Business trip", "출장 신청", "Командировка"),
            vec![field("destination", Labels::new("Destination", "출장지", "Место назначения"), Text, true), dates(), comment()],
            manager_then_hr(),
            Effect::None,
        ),
        def(
            "salary_advance",
            Labels::new("Salary advance", "급여 가불", "Аванс"),
            vec![field("amount", Labels::new("Amount", "금액", "Сумма"), Number, true), comment()],
            manager_then_hr(),
            Effect::None,
        ),
        def(
            "child_tax_deduction",
            Labels::new("Child tax deduction", "자녀 세액공제", "Налоговый вычет на ребёнка"),
            vec![
                FieldDef {
                    protected: true, ..field("child_name", Labels::new("Child's name", "자녀 이름", "Имя ребёнка"), Text, true)
                },
                FieldDef {
                    protected: true, ..field("child_birth", Labels::new("Date of birth", "생년월일", "Дата рождения"), Date, true)
                },
                field("document", Labels::new("Birth certificate", "출생증명서", "Свидетельство о рождении"), File, false),
            ],
            hr_only(),
            Effect::None,
        ),
        def(
            "sick_leave",
            Labels::new("Sick leave", "병가", "Больничный"),
            vec![dates(), field("document", Labels::new("Medical certificate", "진단서", "Листок нетрудоспособности"), File, false)],
            hr_only(),
            Effect::None,
        ),
        def(
            "resignation",
            Labels::new("Resignation", "사직서", "Заявление об увольнении"),
            vec![field("last_day", Labels::new("Last working day", "마지막 근무일", "Последний рабочий день"), Date, true), comment()],
            manager_then_hr(),
            Effect::None,
        ),
    ]
}

fn valid_key(s: &str) -> bool {
    (2..=40).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn labels_filled(l: &Labels) -> bool {
    [&l.en, &l.ko, &l.ru].iter().all(|s| !s.trim().is_empty() && s.chars().count() <= 200)
}

/// Checks a definition an administrator wrote: keys, labels in every language, options,
/// at least one step, parallel approvers within bounds, and the fields its effect reads.
pub fn check_definition(def: &RequestTypeDef) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !valid_key(&def.code) {
        errors.push(FieldError::new("code", Msg::ErrKeyFormat));
    }
    if !labels_filled(&def.name) {
        errors.push(FieldError::new("name", Msg::ErrLabelsMissing));
    }
    if def.fields.len() > 40 {
        errors.push(FieldError::new("fields", Msg::ErrTooLong));
    }
    for (i, f) in def.fields.iter().enumerate() {
        if !valid_key(&f.key) {
            errors.push(FieldError::new(&format!("fields.{i}.key"), Msg::ErrKeyFormat));
        } else if def.fields[..i].iter().any(|g| g.key == f.key) {
            errors.push(FieldError::new(&format!("fields.{i}.key"), Msg::ErrDuplicateKey));
        }
        if !labels_filled(&f.label) {
            errors.push(FieldError::new(&format!("fields.{i}.label"), Msg::ErrLabelsMissing));
        }
        if let FieldKind::Choice { options } = &f.kind {
            let keys_ok = options.iter().enumerate().all(|(j, (k, _))| valid_key(k) && !options[..j].iter().any(|(o, _)| o == k));
            if options.is_empty() || !keys_ok || !options.iter().all(|(_, l)| labels_filled(l)) {
                errors.push(FieldError::new(&format!("fields.{i}.options"), Msg::ErrChoiceOptions));
            }
        }
    }
    if def.chain.steps.is_empty() {
        errors.push(FieldError::new("steps", Msg::ErrNoSteps));
    }
    if def.chain.steps.len() > 10 {
        errors.push(FieldError::new("steps", Msg::ErrTooLong));
    }
    for (i, s) in def.chain.steps.iter().enumerate() {
        if s.also.len() >= crate::approvals::MAX_PARALLEL {
            errors.push(FieldError::new(&format!("steps.{i}"), Msg::ErrTooManyApprovers));
        }
        if s.due_hours.is_some_and(|h| h == 0 || h > 24 * 90) {
            errors.push(FieldError::new(&format!("steps.{i}.due"), Msg::ErrDueHours));
        }
    }
    if !def.effect.fits(&def.fields) {
        errors.push(FieldError::new("effect", Msg::ErrEffectFields));
    }
    errors.extend(crate::request_rules::check_request_rules(&def.rules, &def.fields));
    crate::validation::collected((), errors)
}

/// Parses `from/to` into two dates in order.
pub fn parse_range(s: &str) -> Option<(Date, Date)> {
    let (a, b) = s.split_once('/')?;
    let (from, to) = (Date::parse_iso(a)?, Date::parse_iso(b)?);
    (from <= to).then_some((from, to))
}

/// Checks and normalises answers: unknown keys dropped, required ones present, each of its kind.
pub fn validate(def: &RequestTypeDef, answers: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for f in &def.fields {
        let raw = answers.get(&f.key).map(|s| s.trim()).unwrap_or_default();
        if raw.is_empty() {
            if f.required {
                errors.push(FieldError::new(&f.key, Msg::ErrRequired));
            }
            continue;
        }
        let value = match &f.kind {
            FieldKind::Text => (raw.chars().count() <= 2000).then(|| raw.to_string()).ok_or(Msg::ErrTooLong),
            FieldKind::File => crate::files::FileRef::parse_answer(raw).map(|_| raw.to_string()).ok_or(Msg::ErrFileType),
            FieldKind::Number => raw
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map(|_| raw.replace(',', "."))
                .ok_or(Msg::ErrNumber),
            FieldKind::Date => Date::parse_iso(raw).map(Date::iso).ok_or(Msg::ErrInvalidDate),
            FieldKind::DateRange => parse_range(raw).map(|(a, b)| format!("{}/{}", a.iso(), b.iso())).ok_or(Msg::ErrDateRange),
            FieldKind::Choice { options } => options.iter().find(|(k, _)| k == raw).map(|(k, _)| k.clone()).ok_or(Msg::ErrBadReference),
        };
        match value {
            Ok(v) => {
                out.insert(f.key.clone(), v);
            }
            Err(msg) => errors.push(FieldError::new(&f.key, msg)),
        }
    }
    crate::validation::collected(out, errors)
}

/// A protected value as shown to those who may not see it: the last four characters only.
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    let tail: String = chars.iter().skip(chars.len().saturating_sub(4)).collect();
    if chars.len() <= 4 {
        "••••".into()
    } else {
        format!("•••• {tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn answers_read_as_labels_and_local_dates() {
        let vacation = shipped().into_iter().find(|t| t.code == "vacation").unwrap();
        let field = |key: &str| vacation.fields.iter().find(|f| f.key == key).unwrap().clone();
        let (dates, kind) = (field("dates"), field("kind"));
        assert_eq!(dates.answer_text("2026-12-07/2026-12-11", Locale::En), "Dec 7, 2026 – Dec 11, 2026");
        assert_eq!(dates.answer_text("2026-12-07/2026-12-11", Locale::Ko), "2026. 12. 7. – 2026. 12. 11.");
        assert_eq!(kind.answer_text("annual", Locale::Ru), crate::leave::LeaveKind::ALL[0].labels().ru);
        assert_ne!(kind.answer_text("annual", Locale::Ru), "annual");
        assert_eq!(kind.answer_text("gone-since", Locale::En), "gone-since", "a choice removed since shows as given");
        let cert = shipped().into_iter().find(|t| t.code == "employment_certificate").unwrap();
        let purpose = cert.fields.iter().find(|f| f.key == "purpose").unwrap();
        assert_eq!(
            (purpose.answer_text("bank", Locale::Ko), purpose.answer_text("bank", Locale::Ru)),
            ("은행 제출용".into(), "Для банка".into())
        );
    }

    #[test]
    fn shipped_types_each_with_a_chain() {
        let types = shipped();
        assert_eq!(types.len(), 12);
        assert!(types.iter().all(|t| !t.chain.steps.is_empty() && !t.name.ko.is_empty() && !t.name.ru.is_empty()));
        let codes: std::collections::BTreeSet<_> = types.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes.len(), 12, "codes are unique");
        for t in &types {
            assert_eq!(check_definition(t), Ok(()), "{}", t.code);
        }
    }

    #[test]
    fn answers_are_checked_by_kind() {
        let vacation = shipped().into_iter().find(|t| t.code == "vacation").unwrap();
        assert_eq!(
            validate(&vacation, &answers(&[("dates", "2026-12-07/2026-12-11"), ("junk", "x")])),
            Ok(answers(&[("dates", "2026-12-07/2026-12-11")]))
        );
        assert_eq!(validate(&vacation, &answers(&[])), Err(vec![FieldError::new("dates", Msg::ErrRequired)]));
        assert_eq!(
            validate(&vacation, &answers(&[("dates", "2026-12-11/2026-12-07")])),
            Err(vec![FieldError::new("dates", Msg::ErrDateRange)])
        );
        let cert = shipped().into_iter().find(|t| t.code == "employment_certificate").unwrap();
        assert_eq!(
            validate(&cert, &answers(&[("purpose", "moon"), ("copies", "two")])),
            Err(vec![FieldError::new("purpose", Msg::ErrBadReference), FieldError::new("copies", Msg::ErrNumber)])
        );
        assert!(validate(&cert, &answers(&[("purpose", "visa"), ("copies", "2")])).is_ok());
    }

    #[test]
    fn protected_values_are_masked() {
        assert_eq!(mask("110-123-456789"), "•••• 6789");
        assert_eq!(mask("123"), "••••");
        let bank = shipped().into_iter().find(|t| t.code == "bank_details").unwrap();
        assert!(bank.fields.iter().all(|f| f.protected));
    }

    fn errors_of(def: &RequestTypeDef) -> Vec<String> {
        check_definition(def).err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn administrators_definitions_are_checked() {
        let mut def = shipped().into_iter().find(|t| t.code == "vacation").unwrap();
        def.code = "Vacation!".into();
        def.name.ko = " ".into();
        def.fields[1].key = "dates".into();
        def.fields.push(FieldDef {
            kind: FieldKind::Choice { options: vec![] },
            ..field("kind", Labels::new("Kind", "종류", "Вид"), FieldKind::Text, false)
        });
        def.chain.steps[0].due_hours = Some(0);
        def.chain.steps[1].also = vec![StepRule::LineManager; crate::approvals::MAX_PARALLEL];
        assert_eq!(errors_of(&def), ["code", "name", "fields.1.key", "fields.3.options", "steps.0.due", "steps.1"]);
        def.chain.steps.clear();
        assert!(errors_of(&def).contains(&"steps".to_string()));
    }

    #[test]
    fn an_effect_needs_the_fields_it_reads() {
        let mut vacation = shipped().into_iter().find(|t| t.code == "vacation").unwrap();
        vacation.fields.retain(|f| f.key != "dates");
        assert_eq!(errors_of(&vacation), ["effect"]);
        let mut data = shipped().into_iter().find(|t| t.code == "personal_data").unwrap();
        data.fields.iter_mut().for_each(|f| f.protected = false);
        assert_eq!(errors_of(&data), ["effect"], "an unprotected passport number would show in plain text");
        data.effect = Effect::None;
        assert_eq!(errors_of(&data), Vec::<String>::new());
    }

    #[test]
    fn definitions_round_trip_as_json() {
        for t in shipped() {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<RequestTypeDef>(&json).unwrap(), t);
        }
    }
}
