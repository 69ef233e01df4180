//! The daily digest: at the local time a person picked, one message with what waits for them
//! today (requests to decide, timesheets to approve, documents to sign, to-dos due), their
//! reminders of the day, the notices they chose to receive this way since the last digest, and
//! new candidates on their jobs. Nothing to say, nothing sent.
use super::super::cabinet::{announcements, documents, requests};
use super::super::people::{self, Addressee};
use super::super::timesheets::review;
use super::super::{outbox, sessions, zone, Backend, Caller, Result};
use super::channels::{Message, Reach};
use shared::cabinet::PostKind;
use shared::format::integer;
use shared::notifications::channels::time_of_day;
use shared::notifications::{Kind, Told as What};
use shared::{Locale, Msg};
use std::collections::HashMap;

/// At most this many notices are spelled out; the rest are in the app.
const NOTICES_SHOWN: usize = 20;

/// People handled together: their lists read in one statement each, their digests queued in
/// one transaction.
const BATCH: usize = 200;

/// Sends the digests due at `at` (each person's local time, once per local day); returns how
/// many went out.
pub async fn send_due(backend: &Backend, at: i64) -> Result<usize> {
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, COALESCE(p.time_zone, o.time_zone), s.digest_at, s.digest_sent_at \
         FROM notice_settings s JOIN people p ON p.id = s.person_id JOIN organisations o ON o.id = p.org_id \
         WHERE s.digest_at IS NOT NULL AND p.status = 'active' ORDER BY p.id",
    )
    .fetch_all(&backend.db.pool)
    .await?;
    let mut due = Vec::new();
    for (person_id, zone_name, digest_at, sent_at) in rows {
        let zone = zone::stored(&zone_name)?;
        let (today, now) = zone::local(at, zone);
        if i64::from(time_of_day(&now).unwrap_or_default()) >= digest_at && sent_at.is_none_or(|s| zone::today(zone, s) != today) {
            due.push(Due { person_id, zone, sent_at });
        }
    }
    let mut sent = 0;
    for batch in due.chunks(BATCH) {
        sent += send_batch(backend, batch, at).await?;
    }
    Ok(sent)
}

struct Due {
    person_id: i64,
    zone: zone::Zone,
    sent_at: Option<i64>,
}

/// What one digest says.
struct Digest {
    requests: i64,
    timesheets: i64,
    documents: i64,
    todos: (i64, i64),
    reminders: Vec<(String, String, i64)>,
    notices: Vec<What>,
    candidates: i64,
}

impl Digest {
    fn is_empty(&self) -> bool {
        self.requests + self.timesheets + self.documents + self.todos.0 + self.candidates == 0
            && self.reminders.is_empty()
            && self.notices.is_empty()
    }

    fn body(&self, to: &Addressee, zone: zone::Zone, locale: Locale, link: &str) -> String {
        let n = |v: i64| integer(v, locale);
        let name = shared::format::person_name(&to.family_name, &to.given_name, locale);
        let mut lines = vec![Msg::MailDigestHello.fill(locale, &[("to", &name)]), String::new()];
        let waiting: Vec<String> =
            [(self.requests, Msg::DigestRequests), (self.timesheets, Msg::DigestTimesheets), (self.documents, Msg::DigestDocuments)]
                .into_iter()
                .filter(|(count, _)| *count > 0)
                .map(|(count, msg)| format!("- {}", msg.fill(locale, &[("count", &n(count))])))
                .chain(
                    (self.todos.0 > 0)
                        .then(|| format!("- {}", Msg::DigestTodos.fill(locale, &[("count", &n(self.todos.0)), ("due", &n(self.todos.1))]))),
                )
                .collect();
        if !waiting.is_empty() {
            lines.push(Msg::DigestWaiting.text(locale).to_string());
            lines.extend(waiting);
            lines.push(String::new());
        }
        if !self.reminders.is_empty() {
            lines.push(Msg::DigestReminders.text(locale).to_string());
            for (label, note, at) in &self.reminders {
                let (_, time) = zone::local(*at, zone);
                let note = if note.is_empty() { String::new() } else { format!(" — {note}") };
                lines.push(format!("- {time} {label}{note}"));
            }
            lines.push(String::new());
        }
        if !self.notices.is_empty() || self.candidates > 0 {
            lines.push(Msg::DigestSince.text(locale).to_string());
            lines.extend(self.notices.iter().take(NOTICES_SHOWN).map(|what| format!("- {}", what.text(locale))));
            if self.candidates > 0 {
                lines.push(format!("- {}", Msg::DigestCandidates.fill(locale, &[("count", &n(self.candidates))])));
            }
            lines.push(String::new());
        }
        lines.push(Msg::DigestOpen.fill(locale, &[("link", link)]));
        lines.join("\n")
    }
}

/// The batch's lists, each read once for all of them: (person, row).
struct Lists {
    reminders: Vec<(i64, String, String, i64)>,
    notices: Vec<(i64, String, String, i64)>,
    held: HashMap<i64, Vec<Kind>>,
    /// (person, candidate, created at) of the people's jobs.
    candidates: Vec<(i64, i64, i64)>,
}

async fn lists(backend: &Backend, batch: &[Due], at: i64) -> Result<Lists> {
    let db = &backend.db;
    let ids = batch.iter().map(|d| d.person_id.to_string()).collect::<Vec<_>>().join(",");
    let since = batch.iter().map(|d| since(d, at)).min().unwrap_or(at);
    let reminders = sqlx::query_as(&format!(
        "SELECT person_id, label, note, remind_at FROM reminders WHERE person_id IN ({ids}) AND fired_at IS NULL AND remind_at < $1 \
         ORDER BY remind_at, id"
    ))
    .bind(at + 2 * 86_400)
    .fetch_all(&db.pool)
    .await?;
    let notices = sqlx::query_as(&format!(
        "SELECT person_id, kind, params, created_at FROM notifications WHERE person_id IN ({ids}) AND read_at IS NULL \
         AND created_at > $1 ORDER BY id"
    ))
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    // Kinds held for the digest: each person's own choice, else their organisation's, else the catalogue's.
    let own: Vec<(i64, String, i64)> =
        sqlx::query_as(&format!("SELECT person_id, kind, digest FROM notice_choices WHERE person_id IN ({ids})"))
            .fetch_all(&db.pool)
            .await?;
    let org: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT p.id, d.kind, d.digest FROM people p JOIN notice_defaults d ON d.org_id = p.org_id WHERE p.id IN ({ids})"
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut held = HashMap::new();
    for d in batch {
        let pick = |rows: &[(i64, String, i64)], kind: Kind| {
            rows.iter().find(|(p, k, _)| *p == d.person_id && k == kind.as_str()).map(|r| r.2 == 1)
        };
        let kinds: Vec<Kind> =
            Kind::ALL.into_iter().filter(|k| pick(&own, *k).or_else(|| pick(&org, *k)).unwrap_or(k.default_choice().digest)).collect();
        held.insert(d.person_id, kinds);
    }
    let candidates = sqlx::query_as(&format!(
        "SELECT DISTINCT w.person_id, c.id, c.created_at FROM candidates c JOIN \
         (SELECT id AS job_id, owner_id AS person_id FROM jobs UNION SELECT job_id, person_id FROM job_team) w ON w.job_id = c.job_id \
         WHERE w.person_id IN ({ids}) AND c.created_at > $1"
    ))
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    Ok(Lists { reminders, notices, held, candidates })
}

/// What the last digest covered up to (a day back for a first one).
fn since(d: &Due, at: i64) -> i64 {
    d.sent_at.unwrap_or(at - 86_400)
}

async fn gather(backend: &Backend, caller: &Caller, d: &Due, lists: &Lists, at: i64) -> Result<Digest> {
    let db = &backend.db;
    let (zone, since) = (d.zone, since(d, at));
    let today = zone::today(zone, at);
    let todos = announcements::mine(db, caller).await?;
    let open = todos.iter().filter(|a| a.kind == PostKind::Todo && a.done_at.is_none());
    let due = open.clone().filter(|a| a.due_on.is_some_and(|d| d <= today)).count() as i64;
    // The local day ends at the next local midnight.
    let day_end = at - (at + i64::from(zone::offset_at(zone, at))).rem_euclid(86_400) + 86_400;
    let mine = |p: &i64| *p == caller.person_id;
    let reminders =
        lists.reminders.iter().filter(|r| mine(&r.0) && r.3 < day_end).map(|(_, l, n, at)| (l.clone(), n.clone(), *at)).collect();
    let held = lists.held.get(&caller.person_id).cloned().unwrap_or_default();
    let mut notices = Vec::new();
    for (_, kind, params, _) in lists.notices.iter().filter(|n| mine(&n.0) && n.3 > since) {
        if Kind::parse(kind).is_some_and(|k| held.contains(&k)) {
            notices.push(What::from_stored(kind, params).map_err(super::BackendError::Internal)?);
        }
    }
    Ok(Digest {
        requests: requests::waiting_count(db, caller).await?,
        timesheets: review::waiting_count(db, caller).await?,
        documents: documents::to_sign(db, caller).await?,
        todos: (open.count() as i64, due),
        reminders,
        notices,
        candidates: lists.candidates.iter().filter(|c| mine(&c.0) && c.2 > since).count() as i64,
    })
}

/// A batch's digests: each marked sent in the transaction that queues it, so two nodes, or a
/// restart, send it once.
async fn send_batch(backend: &Backend, batch: &[Due], at: i64) -> Result<usize> {
    let db = &backend.db;
    let ids: Vec<i64> = batch.iter().map(|d| d.person_id).collect();
    let callers = sessions::callers_of(db, &ids).await?;
    let addressees = people::addressees(db, &ids).await?;
    let lists = lists(backend, batch, at).await?;
    let mut digests = Vec::new();
    for d in batch {
        let (Some(caller), Some(to)) =
            (callers.iter().find(|c| c.person_id == d.person_id), addressees.iter().find(|a| a.id == d.person_id))
        else {
            continue;
        };
        digests.push((d, to.clone(), gather(backend, caller, d, &lists, at).await?));
    }
    if digests.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    // Claimed each against the last sending this batch read: a digest another node queued
    // meanwhile is not queued again.
    let pairs = digests.iter().map(|(d, ..)| format!("({}, {})", d.person_id, d.sent_at.unwrap_or(0))).collect::<Vec<_>>().join(",");
    let claimed: Vec<i64> = sqlx::query_scalar(&format!(
        "UPDATE notice_settings SET digest_sent_at = $1 WHERE (person_id, COALESCE(digest_sent_at, 0)) IN (VALUES {pairs}) RETURNING person_id"
    ))
    .bind(at)
    .fetch_all(&mut *tx)
    .await?;
    let link = backend.config.link("/");
    let mut messages = Vec::new();
    for (d, to, digest) in digests {
        if !claimed.contains(&d.person_id) || digest.is_empty() {
            continue;
        }
        let reach = Reach::direct(to, at);
        let locale = reach.locale;
        let date = zone::today(d.zone, at).format(locale);
        let subject = Msg::MailDigestSubject.fill(locale, &[("org", &reach.person.org_name), ("date", &date)]);
        let body = digest.body(&reach.person, d.zone, locale, &link);
        let short = format!("{subject}\n{link}");
        messages.push((reach, Message { subject, body, short, variables: Vec::new() }));
    }
    let rows: Vec<_> = messages.iter().flat_map(|(reach, message)| reach.rows(backend, message)).collect();
    for chunk in rows.chunks(100) {
        outbox::queue(&mut *tx, chunk).await?;
    }
    let sent = messages.len();
    tx.commit().await?;
    Ok(sent)
}
