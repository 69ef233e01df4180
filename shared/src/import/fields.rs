//! What a column of an import file means, and the presets that recognise the columns of a
//! 1C:ZUP employee list, a Douzone employee register and Staffport's own template by their
//! headers (in Russian, Korean and English).
use crate::cabinet::ProtectedField;
use crate::stored::stored_enum;
use crate::{Locale, Msg};

stored_enum! {
    /// A person's attribute an import can set. Stored by name in saved column mappings.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Field {
        PersonnelNo = "personnel_no",
        FullName = "full_name",
        FamilyName = "family_name",
        GivenName = "given_name",
        Patronymic = "patronymic",
        Email = "email",
        Phone = "phone",
        Position = "position",
        Department = "department",
        LegalEntity = "legal_entity",
        HireDate = "hire_date",
        DismissalDate = "dismissal_date",
        Kind = "kind",
        ManagerNo = "manager_no",
        Language = "language",
        ResidentNo = "resident_no",
        PassportNo = "passport_no",
        TaxNo = "tax_no",
        BankAccount = "bank_account",
        /// The leave balance in days the payroll system had on `LeaveBalanceOn`.
        LeaveBalance = "leave_balance",
        LeaveBalanceOn = "leave_balance_on",
        /// A contractor's placement: the client company, its site, the dates, the hourly rate
        /// (currency by the legal entity's country when blank) and the foreman by personnel number.
        ClientCompany = "client_company",
        Site = "site",
        PlacementStart = "placement_start",
        PlacementEnd = "placement_end",
        Rate = "rate",
        Currency = "currency",
        ForemanNo = "foreman_no",
    }
}

impl Field {
    pub fn label(self) -> Msg {
        match self {
            Field::PersonnelNo => Msg::ImportFieldPersonnelNo,
            Field::FullName => Msg::ImportFieldFullName,
            Field::FamilyName => Msg::FamilyName,
            Field::GivenName => Msg::GivenName,
            Field::Patronymic => Msg::ImportFieldPatronymic,
            Field::Email => Msg::Email,
            Field::Phone => Msg::Phone,
            Field::Position => Msg::Position,
            Field::Department => Msg::Department,
            Field::LegalEntity => Msg::LegalEntity,
            Field::HireDate => Msg::HireDate,
            Field::DismissalDate => Msg::ImportFieldDismissalDate,
            Field::Kind => Msg::ImportFieldKind,
            Field::ManagerNo => Msg::ImportFieldManagerNo,
            Field::Language => Msg::Language,
            Field::ResidentNo => Msg::FieldResidentNo,
            Field::PassportNo => Msg::FieldPassportNo,
            Field::TaxNo => Msg::FieldTaxNo,
            Field::BankAccount => Msg::FieldBankAccount,
            Field::LeaveBalance => Msg::ImportFieldLeaveBalance,
            Field::LeaveBalanceOn => Msg::ImportFieldLeaveBalanceOn,
            Field::ClientCompany => Msg::ClientCompany,
            Field::Site => Msg::ImportFieldSite,
            Field::PlacementStart => Msg::ImportFieldPlacementStart,
            Field::PlacementEnd => Msg::ImportFieldPlacementEnd,
            Field::Rate => Msg::Rate,
            Field::Currency => Msg::Currency,
            Field::ForemanNo => Msg::ImportFieldForemanNo,
        }
    }

    /// The sealed field this column fills, if it is one: its values are never shown or logged.
    pub fn protected(self) -> Option<ProtectedField> {
        match self {
            Field::ResidentNo => Some(ProtectedField::ResidentNo),
            Field::PassportNo => Some(ProtectedField::PassportNo),
            Field::TaxNo => Some(ProtectedField::TaxNo),
            Field::BankAccount => Some(ProtectedField::BankAccount),
            _ => None,
        }
    }

    /// Whether a header (after `header_key`) names this field: its label in any language
    /// (the template's headers) or a name payroll systems use.
    #[cfg(not(target_arch = "wasm32"))]
    fn is_named(self, key: &str) -> bool {
        Locale::ALL.into_iter().any(|l| header_key(self.label().text(l)) == key) || self.aliases().iter().any(|a| header_key(a) == key)
    }

    /// Header names that mean this field, compared after `header_key`.
    #[cfg(not(target_arch = "wasm32"))]
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::PersonnelNo => &[
                "personnelno",
                "personnelnumber",
                "employeeno",
                "employeeid",
                "табельныйномер",
                "таб№",
                "табномер",
                "сотрудниккод",
                "사원번호",
                "사번",
                "사원코드",
            ],
            Field::FullName => &["fullname", "name", "фио", "сотрудник", "физлицо", "физическоелицо", "성명", "사원명"],
            Field::FamilyName => &["familyname", "surname", "lastname", "фамилия", "성"],
            Field::GivenName => &["givenname", "firstname", "имя", "이름(명)"],
            Field::Patronymic => &["patronymic", "middlename", "отчество"],
            Field::Email => &["email", "e-mail", "электроннаяпочта", "эл.почта", "почта", "이메일", "전자우편", "메일"],
            Field::Phone => &[
                "phone",
                "mobile",
                "mobilephone",
                "телефон",
                "мобильныйтелефон",
                "телефонмобильный",
                "휴대폰",
                "핸드폰",
                "휴대전화",
                "연락처",
                "전화번호",
            ],
            Field::Position => &["position", "jobtitle", "title", "должность", "직위", "직급", "직책"],
            Field::Department => &["department", "unit", "подразделение", "отдел", "부서", "부서명"],
            Field::LegalEntity => {
                &["legalentity", "company", "employer", "организация", "юрлицо", "юридическоелицо", "회사", "회사명", "법인", "법인명"]
            }
            Field::HireDate => &["hiredate", "startdate", "датаприема", "датаприёма", "принят", "입사일", "입사일자"],
            Field::DismissalDate => &["dismissaldate", "leavingdate", "enddate", "датаувольнения", "уволен", "퇴사일", "퇴사일자"],
            Field::Kind => {
                &["kind", "employmenttype", "type", "видзанятости", "виддоговора", "типдоговора", "고용형태", "근무형태", "사원구분"]
            }
            Field::ManagerNo => &[
                "managerno",
                "managerpersonnelno",
                "linemanager",
                "руководитель",
                "руководительтабномер",
                "руководитель(таб.№)",
                "상급자사번",
                "관리자사번",
                "결재권자사번",
            ],
            Field::Language => &["language", "locale", "язык", "언어"],
            Field::ResidentNo => &["residentno", "residentnumber", "снилс", "주민등록번호", "주민번호"],
            Field::PassportNo => &["passportno", "passport", "паспорт", "серияиномерпаспорта", "여권번호"],
            Field::TaxNo => &["taxno", "taxid", "инн", "납세번호"],
            Field::BankAccount => &["bankaccount", "account", "расчетныйсчет", "лицевойсчет", "номерсчета", "계좌번호", "급여계좌"],
            Field::LeaveBalance => {
                &["leavebalance", "остатокотпуска", "остатокдней", "остатокотпускадней", "연차잔여", "잔여연차", "연차잔여일수"]
            }
            Field::LeaveBalanceOn => &["leavebalanceon", "leavebalancedate", "остатокнадату", "датаостатка", "연차기준일", "잔여기준일"],
            Field::ClientCompany => {
                &["client", "clientcompany", "customer", "клиент", "заказчик", "контрагент", "고객사", "파견처", "고객사명"]
            }
            Field::Site => &["site", "worksite", "clientsite", "объект", "площадка", "местоработы", "현장", "근무지", "현장명", "파견현장"],
            Field::PlacementStart => {
                &["placementstart", "assignmentstart", "началоработыуклиента", "датаначаларабот", "파견시작일", "투입일"]
            }
            Field::PlacementEnd => {
                &["placementend", "assignmentend", "окончаниеработыуклиента", "датаокончанияработ", "파견종료일", "철수일"]
            }
            Field::Rate => &["rate", "hourlyrate", "ставка", "часоваяставка", "тарифнаяставка", "단가", "시급", "시간당단가"],
            Field::Currency => &["currency", "валюта", "통화"],
            Field::ForemanNo => &["foremanno", "foreman", "бригадир", "табельныйномербригадира", "반장사번", "반장"],
        }
    }
}

/// A header as the presets compare it: lower case, without spaces, dots kept only where an
/// alias has them.
pub fn header_key(header: &str) -> String {
    header.trim().trim_start_matches('\u{feff}').chars().filter(|c| !c.is_whitespace() && *c != '_').flat_map(char::to_lowercase).collect()
}

stored_enum! {
    /// Where a file comes from: sets the defaults (country of local phone numbers, encoding)
    /// and recognises the columns by their headers.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Preset {
        /// Staffport's template, in any of the three languages.
        #[default]
        Generic = "generic",
        /// A 1C:ZUP employee list saved as CSV (CP1251, `;`) or XLSX.
        OneC = "1c_zup",
        /// A Douzone (iCUBE / Amaranth / Smart A) employee register (EUC-KR CSV or XLSX).
        Douzone = "douzone",
    }
}

impl Preset {
    pub fn label(self) -> Msg {
        match self {
            Preset::Generic => Msg::ImportPresetGeneric,
            Preset::OneC => Msg::ImportPresetOneC,
            Preset::Douzone => Msg::ImportPresetDouzone,
        }
    }

    /// The country whose local phone numbers a file of this preset carries, when its legal
    /// entity does not say.
    pub fn country(self) -> &'static str {
        match self {
            Preset::Generic => "",
            Preset::OneC => "RU",
            Preset::Douzone => "KR",
        }
    }

    /// The field of each header (None: the column is not imported). Every preset recognises
    /// every language's headers: a Korean company's 1C and a Russian one's template both occur.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn map_headers(self, headers: &[String]) -> Vec<Option<Field>> {
        let mut taken = Vec::new();
        headers
            .iter()
            .map(|h| {
                let key = header_key(h);
                let field = Field::ALL.into_iter().find(|f| !taken.contains(f) && f.is_named(&key));
                taken.extend(field);
                field
            })
            .collect()
    }
}

/// The template's columns, in order.
pub const TEMPLATE: [Field; 25] = [
    Field::PersonnelNo,
    Field::FamilyName,
    Field::GivenName,
    Field::Patronymic,
    Field::Email,
    Field::Phone,
    Field::Position,
    Field::Department,
    Field::LegalEntity,
    Field::HireDate,
    Field::DismissalDate,
    Field::Kind,
    Field::ManagerNo,
    Field::Language,
    Field::ResidentNo,
    Field::BankAccount,
    Field::LeaveBalance,
    Field::LeaveBalanceOn,
    Field::ClientCompany,
    Field::Site,
    Field::PlacementStart,
    Field::PlacementEnd,
    Field::Rate,
    Field::Currency,
    Field::ForemanNo,
];

/// The template's header row in `locale`: what `map_headers` reads back.
pub fn template_headers(locale: Locale) -> Vec<&'static str> {
    TEMPLATE.iter().map(|f| f.label().text(locale)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn presets_recognise_1c_and_douzone_headers() {
        let onec = strings(&["Табельный номер", "ФИО", "Подразделение", "Должность", "Дата приема", "Дата увольнения", "СНИЛС", "Прочее"]);
        assert_eq!(
            Preset::OneC.map_headers(&onec),
            vec![
                Some(Field::PersonnelNo),
                Some(Field::FullName),
                Some(Field::Department),
                Some(Field::Position),
                Some(Field::HireDate),
                Some(Field::DismissalDate),
                Some(Field::ResidentNo),
                None
            ]
        );
        let douzone = strings(&["\u{feff}사원번호", "성명", "부서명", "입사일자", "휴대폰", "주민등록번호"]);
        assert_eq!(
            Preset::Douzone.map_headers(&douzone),
            vec![
                Some(Field::PersonnelNo),
                Some(Field::FullName),
                Some(Field::Department),
                Some(Field::HireDate),
                Some(Field::Phone),
                Some(Field::ResidentNo)
            ]
        );
    }

    #[test]
    fn the_template_reads_back_in_every_language() {
        for locale in Locale::ALL {
            let headers: Vec<String> = template_headers(locale).into_iter().map(String::from).collect();
            let mapped: Vec<Field> = Preset::Generic.map_headers(&headers).into_iter().map(|f| f.expect("mapped")).collect();
            assert_eq!(mapped, TEMPLATE.to_vec(), "{locale:?}");
        }
    }

    #[test]
    fn a_repeated_header_maps_once() {
        assert_eq!(Preset::Generic.map_headers(&strings(&["Email", "E-mail"])), vec![Some(Field::Email), None]);
    }
}
