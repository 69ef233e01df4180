//! A job's automation rules: saved whole with the job's version (recruiters), and run in the
//! transaction of the event that starts them — a candidate added, a stage entered, a scorecard
//! submitted, an invitation answered. Each rule runs once per event (`automation_runs`, keyed by
//! the timeline line of the event); a rule is never started again by its own actions' events
//! (the chain of a cascade is carried along, and such a run is logged as looped).
use super::super::notifications::Told;
use super::super::{audit, now, outbound, outbox, Backend, Caller, Db, Result};
use super::candidates::{search_of, tags};
use crate::AppError;
use shared::notifications::Told as What;
use shared::recruiting::automation::{check_rules, Act, Automation, Facts, Outcome, Rule, RunLine, Trigger};
use shared::recruiting::{BoardEvent, EventKind, StageKind};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::Msg;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

type Tx<'c> = Transaction<'c, Any>;

/// Events more than this deep in one cascade are not followed.
const MAX_DEPTH: usize = 5;

/// The rules, the facts the preview reads and the newest runs.
pub async fn load(db: &Db, caller: &Caller, job_id: i64) -> Result<Automation> {
    super::super::policy::recruit(caller)?;
    let version: i64 = sqlx::query_scalar("SELECT version FROM jobs WHERE org_id = $1 AND id = $2")
        .bind(caller.org_id)
        .bind(job_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut conn = db.pool.acquire().await?;
    let rules = rules_of(&mut conn, job_id).await?.into_iter().map(|(_, r)| r).collect();
    // One statement for the preview's candidates, not one each.
    let rows: Vec<FactsRow> = sqlx::query_as(&format!("{FACTS} WHERE c.job_id = $1 AND c.status = 'active' ORDER BY c.id LIMIT 500"))
        .bind(job_id)
        .fetch_all(&mut *conn)
        .await?;
    let candidates = rows.into_iter().map(|r| (r.id, r.full_name.clone(), r.facts())).collect();
    let runs: Vec<(String, String, Outcome, i64)> = sqlx::query_as(
        "SELECT r.rule_name, c.full_name, r.outcome, r.created_at FROM automation_runs r JOIN candidates c ON c.id = r.candidate_id \
         WHERE r.job_id = $1 ORDER BY r.id DESC LIMIT 50",
    )
    .bind(job_id)
    .fetch_all(&db.pool)
    .await?;
    let runs = runs.into_iter().map(|(rule, candidate, outcome, at)| RunLine { rule, candidate, outcome, at }).collect();
    Ok(Automation { rules, version, candidates, runs })
}

async fn rules_of(conn: &mut sqlx::AnyConnection, job_id: i64) -> Result<Vec<(i64, Rule)>> {
    let rows: Vec<(i64, Json<Rule>)> =
        sqlx::query_as("SELECT id, rule FROM automation_rules WHERE job_id = $1 ORDER BY position").bind(job_id).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, r)| (id, r.0)).collect())
}

/// Saves the job's rules in the order given; returns the job's new version. Audited: a rule
/// may post to an address outside.
pub async fn save(backend: &Backend, caller: &Caller, job_id: i64, version: i64, rules: &[Rule], client_addr: Option<&str>) -> Result<i64> {
    let db = &backend.db;
    let stages: Vec<i64> = sqlx::query_scalar("SELECT id FROM job_stages WHERE org_id = $1 AND job_id = $2 AND removed = 0")
        .bind(caller.org_id)
        .bind(job_id)
        .fetch_all(&db.pool)
        .await?;
    let keys: Vec<String> = super::jobs::fields_of(db, job_id).await?.iter().map(|f| f.name().to_string()).collect();
    check_rules(rules, &stages, &keys).map_err(AppError::Invalid)?;
    for (i, rule) in rules.iter().enumerate() {
        let private =
            rule.then.iter().chain(&rule.otherwise).any(
                |act| matches!(act, Act::CallWebhook { url } if outbound::check_url(url, backend.config.allow_private_webhooks).is_err()),
            );
        if private {
            return Err(FieldError::new(&format!("rules.{i}.then"), Msg::ErrWebhookUrl).into());
        }
    }
    let (mut tx, next) = super::settings::claim(db, caller, job_id, version).await?;
    // A rule saved unchanged keeps its id (and with it the keys of its runs: it does not run
    // again for an event it ran on), wherever it moved; a changed or new rule is a new one,
    // so no rule inherits another's runs.
    let mut old: Vec<(i64, Rule)> = rules_of(&mut tx, job_id).await?;
    for (position, rule) in rules.iter().enumerate() {
        match old.iter().position(|(_, r)| r == rule).map(|i| old.remove(i)) {
            Some((id, _)) => {
                sqlx::query("UPDATE automation_rules SET position = $1 WHERE id = $2")
                    .bind(position as i64)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO automation_rules (org_id, job_id, position, rule, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(caller.org_id)
                    .bind(job_id)
                    .bind(position as i64)
                    .bind(Json(rule))
                    .bind(now())
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    for (id, _) in old {
        sqlx::query("DELETE FROM automation_rules WHERE id = $1").bind(id).execute(&mut *tx).await?;
    }
    let webhooks = rules.iter().flat_map(|r| r.then.iter().chain(&r.otherwise)).filter(|a| matches!(a, Act::CallWebhook { .. })).count();
    let detail = serde_json::json!({ "rules": rules.len(), "webhooks": webhooks });
    super::settings::audited(&mut tx, caller, job_id, audit::Event::JobAutomationChanged, detail, client_addr).await?;
    tx.commit().await?;
    Ok(next)
}

/// A candidate's facts as rules read them.
const FACTS: &str = "SELECT c.id, c.full_name, c.stage_id, c.source, c.tags, c.custom, \
     (SELECT AVG(CAST(s.overall AS DOUBLE PRECISION)) FROM scorecards s WHERE s.candidate_id = c.id) AS score, \
     (SELECT COUNT(*) FROM scorecards s WHERE s.candidate_id = c.id) AS scorecards, \
     (SELECT MAX(e.created_at) FROM candidate_events e WHERE e.candidate_id = c.id AND e.kind IN ('created', 'moved', 'rejected')) AS entered \
     FROM candidates c";

#[derive(sqlx::FromRow)]
struct FactsRow {
    id: i64,
    full_name: String,
    stage_id: i64,
    source: String,
    tags: String,
    custom: Json<BTreeMap<String, String>>,
    score: Option<f64>,
    scorecards: i64,
    entered: Option<i64>,
}

impl FactsRow {
    fn facts(self) -> Facts {
        let days_in_stage = self.entered.map_or(0, |at| (now() - at).max(0) / 86_400);
        let FactsRow { stage_id, source, tags, custom, score, scorecards, .. } = self;
        Facts { score, scorecards, source, tags, stage_id, days_in_stage, custom: custom.0 }
    }
}

/// One candidate's facts, inside the event's transaction.
async fn facts(conn: &mut sqlx::AnyConnection, candidate_id: i64) -> Result<Facts> {
    let row: FactsRow = sqlx::query_as(&format!("{FACTS} WHERE c.id = $1")).bind(candidate_id).fetch_one(conn).await?;
    Ok(row.facts())
}

/// Runs the rules of days in a stage that have come due: for each active candidate of a job
/// with such a rule, once per stage they entered (the run's key is the timeline line of the
/// entry). Returns how many candidates were looked at.
pub async fn run_stale(backend: &Backend) -> Result<usize> {
    let db = &backend.db;
    let jobs: Vec<(i64, i64, Json<Rule>)> =
        sqlx::query_as("SELECT org_id, job_id, rule FROM automation_rules ORDER BY job_id").fetch_all(&db.pool).await?;
    let mut shortest: BTreeMap<(i64, i64), u32> = BTreeMap::new();
    for (org_id, job_id, rule) in jobs.iter().filter(|(_, _, r)| r.0.active && r.0.trigger == Trigger::DaysInStage) {
        let days = shortest.entry((*org_id, *job_id)).or_insert(rule.0.days);
        *days = (*days).min(rule.0.days);
    }
    let mut looked = 0;
    for ((org_id, job_id), days) in shortest {
        let due: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT c.id, MAX(e.id) FROM candidates c JOIN candidate_events e ON e.candidate_id = c.id AND e.kind IN ('created', 'moved', 'rejected') \
             WHERE c.job_id = $1 AND c.status = 'active' GROUP BY c.id HAVING MAX(e.created_at) <= $2",
        )
        .bind(job_id)
        .bind(now() - i64::from(days) * 86_400)
        .fetch_all(&db.pool)
        .await?;
        for (candidate_id, entered) in due {
            let mut tx = db.begin_write().await?;
            let mut run = Run::new(backend, org_id, job_id);
            run.on(&mut tx, candidate_id, Trigger::DaysInStage, entered).await?;
            tx.commit().await?;
            run.publish().await;
            looked += 1;
        }
    }
    Ok(looked)
}

/// One cascade of rules: what they changed, told after the commit.
pub struct Run {
    backend: Backend,
    org_id: i64,
    job_id: i64,
    told: Told,
    events: Vec<BoardEvent>,
    /// The rules running now, outermost first.
    chain: Vec<i64>,
}

impl Run {
    pub fn new(backend: &Backend, org_id: i64, job_id: i64) -> Run {
        Run { backend: backend.clone(), org_id, job_id, told: Told::new(backend), events: Vec::new(), chain: Vec::new() }
    }

    /// Runs the job's active rules of `trigger` for the candidate; `event_id` is the timeline
    /// line of the event (what makes each rule run once for it).
    pub async fn on(&mut self, tx: &mut Tx<'static>, candidate_id: i64, trigger: Trigger, event_id: i64) -> Result<()> {
        Box::pin(self.on_inner(tx, candidate_id, trigger, event_id)).await
    }

    async fn on_inner(&mut self, tx: &mut Tx<'static>, candidate_id: i64, trigger: Trigger, event_id: i64) -> Result<()> {
        if self.chain.len() >= MAX_DEPTH {
            return Ok(());
        }
        for (rule_id, rule) in rules_of(&mut *tx, self.job_id).await? {
            if !rule.active || rule.trigger != trigger {
                continue;
            }
            let looped = self.chain.contains(&rule_id);
            let facts = facts(&mut *tx, candidate_id).await?;
            // A rule of days in a stage waits for its own number of them.
            if trigger == Trigger::DaysInStage && facts.days_in_stage < i64::from(rule.days) {
                continue;
            }
            let (holds, acts) = if looped { (false, &[][..]) } else { rule.branch(&facts) };
            let outcome = match (looped, holds) {
                (true, _) => Outcome::Looped,
                (false, true) => Outcome::Yes,
                (false, false) => Outcome::No,
            };
            let first: Option<i64> = sqlx::query_scalar(
                "INSERT INTO automation_runs (org_id, job_id, rule_id, rule_name, candidate_id, event_id, outcome, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (rule_id, event_id) DO NOTHING RETURNING id",
            )
            .bind(self.org_id)
            .bind(self.job_id)
            .bind(rule_id)
            .bind(&rule.name)
            .bind(candidate_id)
            .bind(event_id)
            .bind(outcome)
            .bind(now())
            .fetch_optional(&mut **tx)
            .await?;
            if first.is_none() || looped {
                continue;
            }
            self.chain.push(rule_id);
            for act in acts {
                self.perform(tx, &rule, candidate_id, act).await?;
            }
            self.chain.pop();
        }
        Ok(())
    }

    async fn perform(&mut self, tx: &mut Tx<'static>, rule: &Rule, candidate_id: i64, act: &Act) -> Result<()> {
        type Candidate = (i64, String, String, String, Json<BTreeMap<String, String>>, String);
        let (stage_id, full_name, source, current_tags, custom, sealed): Candidate =
            sqlx::query_as("SELECT stage_id, full_name, source, tags, custom, sealed_contacts FROM candidates WHERE id = $1")
                .bind(candidate_id)
                .fetch_one(&mut **tx)
                .await?;
        let t = now();
        match act {
            Act::MoveTo { stage_id: to } if *to != stage_id => {
                let kind: Option<StageKind> =
                    sqlx::query_scalar("SELECT kind FROM job_stages WHERE id = $1 AND job_id = $2 AND removed = 0")
                        .bind(to)
                        .bind(self.job_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                // Checked when saved; a stage removed since then is no place to move to.
                let Some(kind) = kind else {
                    tracing::warn!(job_id = self.job_id, "automation rule names a removed stage: move skipped");
                    return Ok(());
                };
                let last: Option<f64> =
                    sqlx::query_scalar("SELECT MAX(position) FROM candidates WHERE stage_id = $1").bind(to).fetch_one(&mut **tx).await?;
                sqlx::query(
                    "UPDATE candidates SET stage_id = $1, position = $2, status = $3, version = version + 1, updated_at = $4 WHERE id = $5",
                )
                .bind(to)
                .bind(last.map_or(0.0, |p| p + 1.0))
                .bind(kind.candidate_status())
                .bind(t)
                .bind(candidate_id)
                .execute(&mut **tx)
                .await?;
                let event =
                    super::event(tx, self.org_id, candidate_id, EventKind::Moved, (Some(stage_id), Some(*to)), None, &rule.name).await?;
                self.events.push(BoardEvent { job_id: self.job_id, candidate_id, kind: EventKind::Moved.into(), actor_id: 0 });
                self.on(tx, candidate_id, Trigger::StageEntered, event).await?;
            }
            Act::MoveTo { .. } => {}
            Act::AddTag { tag } | Act::RemoveTag { tag } => {
                let tag = tags(tag);
                let next = match act {
                    Act::AddTag { .. } => tags(&format!("{current_tags}, {tag}")),
                    _ => current_tags.split(',').map(str::trim).filter(|t| !t.is_empty() && *t != tag).collect::<Vec<_>>().join(", "),
                };
                if next == current_tags {
                    return Ok(());
                }
                sqlx::query("UPDATE candidates SET tags = $1, search = $2, version = version + 1, updated_at = $3 WHERE id = $4")
                    .bind(&next)
                    .bind(search_of(&full_name, &next, &source, &custom.0))
                    .bind(t)
                    .bind(candidate_id)
                    .execute(&mut **tx)
                    .await?;
                super::event(tx, self.org_id, candidate_id, EventKind::Tagged, (None, None), None, &next).await?;
                self.events.push(BoardEvent { job_id: self.job_id, candidate_id, kind: EventKind::Tagged.into(), actor_id: 0 });
            }
            Act::MessageCandidate { subject, body, sms } => {
                let contacts: BTreeMap<String, String> = self.backend.sealer.open_json(&sealed)?;
                let Some(to) = contacts.get(if *sms { "phone" } else { "email" }).filter(|e| !e.is_empty()) else { return Ok(()) };
                let job: String = sqlx::query_scalar("SELECT title FROM jobs WHERE id = $1").bind(self.job_id).fetch_one(&mut **tx).await?;
                let fill = |s: &str| s.replace("{name}", &full_name).replace("{job}", &job);
                if *sms {
                    outbox::enqueue_sms(&mut **tx, self.org_id, to, &fill(body)).await?;
                } else {
                    outbox::enqueue_email(&mut **tx, self.org_id, to, &fill(subject), &fill(body)).await?;
                }
            }
            Act::NotifyTeam { text } => {
                let team: Vec<i64> = sqlx::query_scalar(
                    "SELECT p.id FROM people p WHERE p.status = 'active' AND (p.id = (SELECT owner_id FROM jobs WHERE id = $1) \
                     OR p.id IN (SELECT person_id FROM job_team WHERE job_id = $1)) ORDER BY p.id",
                )
                .bind(self.job_id)
                .fetch_all(&mut **tx)
                .await?;
                let what = What::Automation { rule: rule.name.clone(), candidate: full_name.clone(), text: text.clone() };
                self.told.notify_many(tx, self.org_id, &team, &what, &format!("/recruiting/candidates/{candidate_id}")).await?;
            }
            Act::RemindOwner { days, note } => {
                sqlx::query(
                    "INSERT INTO reminders (org_id, person_id, subject, subject_id, label, link, note, remind_at, created_at) \
                     SELECT org_id, owner_id, 'candidate', $1, $2, $3, $4, $5, $6 FROM jobs WHERE id = $7",
                )
                .bind(candidate_id)
                .bind(&full_name)
                .bind(format!("/recruiting/candidates/{candidate_id}"))
                .bind(note.trim())
                .bind(t + i64::from(*days) * 86_400)
                .bind(t)
                .bind(self.job_id)
                .execute(&mut **tx)
                .await?;
            }
            Act::CallWebhook { url } => {
                // What happened and to whom, by id and name; never contacts.
                let body = serde_json::json!({
                    "type": "automation.rule_ran",
                    "rule": rule.name,
                    "job_id": self.job_id,
                    "candidate_id": candidate_id,
                    "candidate": full_name,
                    "stage_id": stage_id,
                });
                outbox::enqueue_json(&mut **tx, self.org_id, url, &body.to_string()).await?;
            }
        }
        Ok(())
    }

    /// After the commit: the boards and the people hear of what the rules did.
    pub async fn publish(self) {
        for event in self.events {
            self.backend.live.publish(&self.backend.db, event).await;
        }
        self.told.publish(&self.backend).await;
    }
}
