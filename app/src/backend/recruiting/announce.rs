//! A new candidate is announced to the job's people: posted to the team's chat, and told to the
//! hiring team in the app and by email, each in their own language. Everything is queued in
//! the candidate's transaction (the outbox delivers it), and nothing carries contacts: a name
//! and a deep link only.
use super::super::notifications::{channels::Message, Told};
use super::super::{outbox, Backend, Result};
use shared::format::person_name;
use shared::{Locale, Msg};

type Tx<'a, 'c> = &'a mut sqlx::Transaction<'c, sqlx::Any>;

pub async fn new_candidate(
    backend: &Backend,
    tx: Tx<'_, '_>,
    org_id: i64,
    actor_id: i64,
    job_id: i64,
    id: i64,
    name: &str,
) -> Result<Told> {
    let path = format!("/recruiting/candidates/{id}");
    let link = backend.config.link(&path);
    type Job = (String, Option<String>, Option<String>, Option<Locale>);
    let (title, job_hook, org_hook, owner_locale): Job = sqlx::query_as(
        "SELECT j.title, j.webhook_url, o.chat_webhook_url, p.locale FROM jobs j JOIN organisations o ON o.id = j.org_id \
         JOIN people p ON p.id = j.owner_id WHERE j.id = $1",
    )
    .bind(job_id)
    .fetch_one(&mut **tx)
    .await?;
    if let Some(url) = job_hook.or(org_hook).filter(|u| !u.is_empty()) {
        // In the language of the job's owner: the channel is the team's.
        let locale = owner_locale.unwrap_or_default();
        to_chat(tx, org_id, &url, locale, &title, name, &link).await?;
    }
    to_team(backend, tx, (org_id, actor_id, job_id), &title, name, (&path, &link)).await
}

/// The job's webhook, else the organisation's.
async fn to_chat(tx: Tx<'_, '_>, org_id: i64, url: &str, locale: Locale, title: &str, name: &str, link: &str) -> Result<()> {
    // Slack's link syntax: <url|text>; the text is escaped as Slack asks.
    let escape = super::super::notifications::chat::escape;
    let text = Msg::ChatNewCandidate.fill(locale, &[("job", &escape(title)), ("name", &format!("<{link}|{}>", escape(name)))]);
    outbox::enqueue_webhook(&mut **tx, org_id, url, &text).await
}

/// The job's owner and hiring team, but not whoever added the candidate.
async fn to_team(
    backend: &Backend,
    tx: Tx<'_, '_>,
    (org_id, actor_id, job_id): (i64, i64, i64),
    title: &str,
    name: &str,
    (path, link): (&str, &str),
) -> Result<Told> {
    let team: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM people p WHERE p.org_id = $1 AND p.status = 'active' \
         AND p.id <> $2 AND (p.id = (SELECT owner_id FROM jobs WHERE id = $3) OR p.id IN (SELECT person_id FROM job_team WHERE job_id = $3)) \
         ORDER BY p.id",
    )
    .bind(org_id)
    .bind(actor_id)
    .bind(job_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut told = Told::new(backend);
    if team.is_empty() {
        return Ok(told);
    }
    let actor: Option<(String, String)> =
        sqlx::query_as("SELECT family_name, given_name FROM people WHERE id = $1").bind(actor_id).fetch_optional(&mut **tx).await?;
    let (actor_family, actor_given) = actor.unwrap_or_default();
    let what = shared::notifications::Told::NewCandidate {
        by: shared::notifications::Name::new(&actor_family, &actor_given),
        candidate: name.to_string(),
        job: title.to_string(),
    };
    for person in team {
        let Some(reach) = told.notify_reach(tx, org_id, person, &what, path).await? else { continue };
        let locale = reach.locale;
        let who = person_name(&actor_family, &actor_given, locale);
        let args = [("name", who.as_str()), ("candidate", name), ("job", title), ("link", link)];
        let subject = Msg::MailNewCandidateSubject.fill(locale, &args);
        let body = Msg::MailNewCandidateBody.fill(locale, &[args.as_slice(), &[("to", reach.name().as_str())]].concat());
        let short = format!("{subject}\n{link}");
        let variables = vec![
            ("to", reach.name()),
            ("name", who.clone()),
            ("candidate", name.to_string()),
            ("job", title.to_string()),
            ("link", link.to_string()),
        ];
        reach.send(tx, backend, &Message { subject, body, short, variables }).await?;
    }
    Ok(told)
}
