//! A candidate's page: the facts with contacts masked, the timeline, and comments whose
//! @mentions notify the teammates named.
use super::super::{notifications, policy, Backend, BackendError, Caller, Result};
use shared::i18n::Labels;
use shared::recruiting::CustomField;
use shared::recruiting::EventKind;
use shared::recruiting::{mentions, summarise, BoardEvent, CandidateView, CardView, Happened, TimelineLine};
use shared::stored::Json;
use shared::validation::FieldError;
use shared::{Locale, Msg};
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct Line {
    kind: EventKind,
    from_name: Option<Json<Labels>>,
    to_name: Option<Json<Labels>>,
    actor_family: Option<String>,
    actor_given: Option<String>,
    body: String,
    created_at: i64,
}

pub async fn view(backend: &Backend, caller: &Caller, id: i64, locale: Locale) -> Result<CandidateView> {
    let db = &backend.db;
    let job_id = super::candidate_job(&backend.db, caller, id).await?;
    let card = sqlx::query_as::<_, CardView>(&format!("{} WHERE c.id = $1", super::board::CARDS)).bind(id).fetch_one(&db.pool).await?;
    type Facts = (String, Json<Labels>, Json<Vec<CustomField>>, Json<BTreeMap<String, String>>);
    let (job_title, Json(stage), Json(fields), Json(custom)): Facts = sqlx::query_as(
        "SELECT j.title, s.name, j.custom_fields, c.custom FROM jobs j JOIN job_stages s ON s.id = $2 JOIN candidates c ON c.id = $3 \
         WHERE j.id = $1",
    )
    .bind(job_id)
    .bind(card.stage_id)
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT e.kind, f.name AS from_name, t.name AS to_name, p.family_name AS actor_family, p.given_name AS actor_given, e.body, e.created_at \
         FROM candidate_events e LEFT JOIN job_stages f ON f.id = e.from_stage_id LEFT JOIN job_stages t ON t.id = e.to_stage_id \
         LEFT JOIN people p ON p.id = e.actor_id WHERE e.candidate_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let scorecards = super::scorecards::of(db, caller, id, locale).await?;
    let resume: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, name, size FROM files WHERE org_id = $1 AND candidate_id = $2 ORDER BY id DESC LIMIT 1")
            .bind(caller.org_id)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(CandidateView {
        stages: super::board::stages(db, caller.org_id, job_id).await?,
        fields,
        custom,
        resume: resume.map(|(id, name, size)| shared::files::FileRef { id, name, size }),
        summary: summarise(&scorecards),
        scorecards,
        card,
        job_id,
        job_title,
        stage,
        may_reveal: policy::reveal_candidate_contacts(caller).is_ok(),
        timeline: lines
            .into_iter()
            .map(|l| {
                Ok(TimelineLine {
                    what: Happened::from_stored(l.kind, &l.body).map_err(BackendError::Internal)?,
                    from_stage: l.from_name.map(|Json(n)| n),
                    to_stage: l.to_name.map(|Json(n)| n),
                    actor_family: l.actor_family,
                    actor_given: l.actor_given,
                    at: l.created_at,
                })
            })
            .collect::<Result<_>>()?,
    })
}

/// Adds a comment; everyone @mentioned who works on the job (recruiters, administrators, its
/// hiring team) gets an in-app notification in their language.
pub async fn comment(backend: &Backend, caller: &Caller, id: i64, body: &str) -> Result<()> {
    let db = &backend.db;
    let job_id = super::candidate_job(&backend.db, caller, id).await?;
    let body = body.trim();
    if body.is_empty() {
        return Err(FieldError::new("body", Msg::ErrRequired).into());
    }
    if body.chars().count() > 4000 {
        return Err(FieldError::new("body", Msg::ErrTooLong).into());
    }
    let name: String = sqlx::query_scalar("SELECT full_name FROM candidates WHERE id = $1").bind(id).fetch_one(&db.pool).await?;
    let team = super::team(db, caller.org_id, job_id).await?;
    let handles = mentions(body);
    let mut tx = db.begin_write().await?;
    let mut told = notifications::Told::new(backend);
    super::event(&mut tx, caller.org_id, id, EventKind::Comment, (None, None), caller.person_id, body).await?;
    let mention = shared::notifications::Told::Mention {
        by: shared::notifications::Name::new(&caller.family_name, &caller.given_name),
        candidate: name,
        text: body.chars().take(140).collect(),
    };
    // At most ten people a comment; each handle looked up by its email prefix.
    for handle in handles.iter().take(10) {
        let people: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT p.id, p.email, {} AS roles FROM people p WHERE p.org_id = $1 AND p.status = 'active' AND p.email LIKE $2",
            db.roles_of_p()
        ))
        .bind(caller.org_id)
        .bind(format!("{handle}@%"))
        .fetch_all(&mut *tx)
        .await?;
        for (person, email, roles) in people {
            let exact = email.split('@').next().unwrap_or_default().to_lowercase() == *handle;
            let works_here =
                roles.split(',').any(|r| r == "recruiter" || r == "admin") || team.owner_id == person || team.members.contains(&person);
            if person == caller.person_id || !works_here || !exact {
                continue;
            }
            told.notify(&mut tx, caller.org_id, person, &mention, &format!("/recruiting/candidates/{id}")).await?;
        }
    }
    tx.commit().await?;
    told.publish(backend).await;
    backend.live.publish(db, BoardEvent { job_id, candidate_id: id, kind: EventKind::Comment.into(), actor_id: caller.person_id }).await;
    Ok(())
}
