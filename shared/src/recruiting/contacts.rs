//! A candidate's contacts: masked for everyone without the reveal permission, every reveal
//! logged.
use serde::{Deserialize, Serialize};

/// A candidate's personal data, masked for everyone without the reveal permission.
pub const CONTACT_FIELDS: [&str; 4] = ["phone", "email", "birth_date", "address"];

/// A contact as shown without the permission: enough to tell two apart, not to reach anyone.
pub fn mask_contact(field: &str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    match field {
        "email" => match value.split_once('@') {
            Some((user, domain)) => {
                let first: String = user.chars().take(1).collect();
                let tld = domain.rsplit('.').next().unwrap_or_default();
                format!("{first}•••@•••.{tld}")
            }
            None => "•••".into(),
        },
        "phone" => {
            let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
            let tail: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
            format!("•••• ••{tail}")
        }
        _ => "••••".into(),
    }
}

/// A line of the reveal log: who saw which candidate's contact, when and from where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevealLine {
    pub created_at: i64,
    pub actor_family: Option<String>,
    pub actor_given: Option<String>,
    pub candidate_id: Option<i64>,
    pub candidate_name: Option<String>,
    pub field: String,
    pub client_addr: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn contacts_are_masked_beyond_recognition() {
        assert_eq!(mask_contact("email", "kim.minjun@example.co.kr"), "k•••@•••.kr");
        assert_eq!(mask_contact("phone", "+82 10-1234-5678"), "•••• ••78");
        assert_eq!(mask_contact("birth_date", "1990-01-02"), "••••");
        assert_eq!(mask_contact("address", "서울시 강남구"), "••••");
        assert_eq!(mask_contact("phone", "  "), "");
        assert_eq!(mask_contact("email", "no-at-sign"), "•••");
    }
}
