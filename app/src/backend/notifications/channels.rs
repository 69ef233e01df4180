//! The messages beyond the app that go with a notice, as each person chose for its kind (their
//! own choice, else the organisation's default, else the catalogue's): by email, through the
//! messenger gateway (with the provider's template when it has one), or nothing now because
//! it waits for their daily digest; held back while their quiet hours last.
use super::super::people::Addressee;
use super::super::{outbox, zone, Backend, Result};
use shared::notifications::channels::{quiet_wait, time_of_day, Choice};
use shared::notifications::{Kind, Told as What};
use shared::outbox::Channel;
use shared::{Locale, Msg};
use sqlx::{Any, Transaction};

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    person: Addressee,
    time_zone: String,
    quiet_from: Option<i64>,
    quiet_to: Option<i64>,
    email_on: Option<i64>,
    messenger_on: Option<i64>,
    digest_on: Option<i64>,
}

/// How one person is reached for one kind of notice, now.
pub struct Reach {
    pub person: Addressee,
    pub locale: Locale,
    /// None for a message that is no notice (the digest): no template.
    kind: Option<Kind>,
    email: bool,
    messenger: bool,
    not_before: i64,
}

/// A message in its reader's words: the mail, and the short text for a phone (which must carry
/// any link); `variables` fill the messenger's template when the kind has one.
pub struct Message {
    pub subject: String,
    pub body: String,
    pub short: String,
    pub variables: Vec<(&'static str, String)>,
}

/// How many people one statement looks up.
const CHUNK: usize = 500;

/// The people (active ones) to whom a message of `kind` goes at `at`, each with their ways;
/// those who chose the app only, or the digest, are left out.
pub async fn reach(tx: &mut Transaction<'_, Any>, kind: Kind, people: &[i64], at: i64) -> Result<Vec<Reach>> {
    let mut out = Vec::new();
    for chunk in people.chunks(CHUNK) {
        let ids = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT p.id, p.org_id, p.email, p.phone, p.family_name, p.given_name, p.locale, o.name AS org_name, \
             COALESCE(p.time_zone, o.time_zone) AS time_zone, s.quiet_from, s.quiet_to, \
             COALESCE(c.email, d.email) AS email_on, COALESCE(c.messenger, d.messenger) AS messenger_on, \
             COALESCE(c.digest, d.digest) AS digest_on \
             FROM people p JOIN organisations o ON o.id = p.org_id \
             LEFT JOIN notice_settings s ON s.person_id = p.id \
             LEFT JOIN notice_choices c ON c.person_id = p.id AND c.kind = $1 \
             LEFT JOIN notice_defaults d ON d.org_id = p.org_id AND d.kind = $1 \
             WHERE p.id IN ({ids}) AND p.status = 'active' ORDER BY p.id"
        ))
        .bind(kind)
        .fetch_all(&mut **tx)
        .await?;
        for row in rows {
            let choice = match (row.email_on, row.messenger_on, row.digest_on) {
                (Some(email), Some(messenger), Some(digest)) => {
                    Choice { email: email == 1, messenger: messenger == 1, digest: digest == 1 }
                }
                _ => kind.default_choice(),
            };
            let (email, messenger) = choice.now_by(row.person.email.is_some(), row.person.phone.is_some());
            if !email && !messenger {
                continue;
            }
            let wait = match (row.quiet_from, row.quiet_to) {
                (Some(from), Some(to)) => {
                    let (_, hhmm) = zone::local(at, zone::stored(&row.time_zone)?);
                    let minute = time_of_day(&hhmm).unwrap_or_default();
                    i64::from(quiet_wait(minute, (from.clamp(0, 1439) as u16, to.clamp(0, 1439) as u16)))
                }
                _ => 0,
            };
            let not_before = if wait > 0 { at - at.rem_euclid(60) + wait * 60 } else { at };
            let locale = row.person.locale().unwrap_or_default();
            out.push(Reach { person: row.person, locale, kind: Some(kind), email, messenger, not_before });
        }
    }
    Ok(out)
}

impl Reach {
    /// A message of no notice kind (the digest), now: by email, or the messenger without one.
    pub fn direct(person: Addressee, at: i64) -> Reach {
        let (email, messenger) = Choice::EMAIL.now_by(person.email.is_some(), person.phone.is_some());
        let locale = person.locale().unwrap_or_default();
        Reach { person, locale, kind: None, email, messenger, not_before: at }
    }

    /// Queues the message on the person's ways.
    pub async fn send(&self, tx: &mut Transaction<'_, Any>, backend: &Backend, message: &Message) -> Result<()> {
        outbox::queue(&mut **tx, &self.rows(backend, message)).await
    }

    /// The outbox rows of the message on the person's ways (for many messages in one statement).
    pub fn rows<'a>(&'a self, backend: &Backend, message: &'a Message) -> Vec<outbox::Queued<'a>> {
        let base = |channel, to, subject, body, template| outbox::Queued {
            org_id: self.person.org_id,
            channel,
            person: Some(self.person.id),
            to,
            subject,
            body,
            template,
            not_before: self.not_before,
        };
        let mut rows = Vec::new();
        if let (true, Some(email)) = (self.email, &self.person.email) {
            rows.push(base(Channel::Email, email.as_str(), message.subject.as_str(), message.body.as_str(), None));
        }
        if let (true, Some(phone)) = (self.messenger, &self.person.phone) {
            let template = self.kind.and_then(|k| backend.config.messenger_template(k)).map(|code| {
                let variables: serde_json::Map<String, serde_json::Value> =
                    message.variables.iter().map(|(k, v)| ((*k).to_string(), serde_json::Value::String(v.clone()))).collect();
                serde_json::json!({ "code": code, "variables": variables }).to_string()
            });
            rows.push(base(Channel::Sms, phone.as_str(), "", message.short.as_str(), template));
        }
        rows
    }

    /// The person's name in their language's order.
    pub fn name(&self) -> String {
        shared::format::person_name(&self.person.family_name, &self.person.given_name, self.locale)
    }
}

/// A notice as a message: its sentence, a link to what it is about and one to the settings.
pub fn notice(backend: &Backend, reach: &Reach, what: &What, path: &str) -> Message {
    let locale = reach.locale;
    let text = what.text(locale);
    let link = backend.config.link(path);
    let to = reach.name();
    let body = Msg::MailNoticeBody
        .fill(locale, &[("to", &to), ("text", &text), ("link", &link), ("settings", &backend.config.link("/profile#notices"))]);
    // A subject is one line of a sensible length; the whole sentence is in the body.
    let subject: String = text.lines().next().unwrap_or_default().chars().take(140).collect();
    let short = format!("{text}\n{link}");
    Message { subject, body, short, variables: vec![("to", to), ("text", text), ("link", link)] }
}
