//! Time zones: an organisation's, and a person's own when they chose one (IANA names, read with
//! chrono-tz's compiled-in database, so the host's tzdata does not matter). Dates are stored as
//! dates and instants as UTC seconds; "today", daily times and the instants people read are
//! computed in the zone of whom they are for.
use super::{Db, Result};
use shared::format::Date;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

pub type Zone = chrono_tz::Tz;
pub const UTC: Zone = chrono_tz::UTC;

/// A zone as stored: an unknown name is an error, never UTC in disguise.
pub fn stored(name: &str) -> Result<Zone> {
    name.parse().map_err(|_| super::BackendError::Internal(format!("unknown stored time zone {name:?}")))
}

/// Seconds `zone` is ahead of UTC at `at`.
pub fn offset_at(zone: Zone, at: i64) -> i32 {
    use chrono::{Offset, TimeZone};
    let utc = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc();
    zone.offset_from_utc_datetime(&utc).fix().local_minus_utc()
}

/// The day and the `HH:MM` it is in `zone` at `at`.
pub fn local(at: i64, zone: Zone) -> (Date, String) {
    let local = at + i64::from(offset_at(zone, at));
    (Date::from_unix(local), format!("{:02}:{:02}", local.rem_euclid(86_400) / 3600, local.rem_euclid(3600) / 60))
}

/// The day it is in `zone` at `at`.
pub fn today(zone: Zone, at: i64) -> Date {
    local(at, zone).0
}

/// Every organisation's zone.
pub async fn of_organisations(db: &Db) -> Result<HashMap<i64, Zone>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, time_zone FROM organisations").fetch_all(&db.pool).await?;
    rows.into_iter().map(|(id, name)| Ok((id, stored(&name)?))).collect()
}

/// An organisation's zone; inside a transaction, read through it (a second connection while
/// holding one can wait for the pool behind everyone else doing the same).
pub async fn of_organisation<'e, E>(exec: E, org_id: i64) -> Result<Zone>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let name: String = sqlx::query_scalar("SELECT time_zone FROM organisations WHERE id = $1").bind(org_id).fetch_one(exec).await?;
    stored(&name)
}

/// A zone an administrator or a person typed: a translated refusal for an unknown name.
pub fn chosen(field: &str, raw: &str) -> Result<Zone, shared::validation::FieldError> {
    raw.trim().parse().map_err(|_| shared::validation::FieldError::new(field, shared::Msg::ErrTimeZone))
}

/// Sets the caller's own time zone; empty: their organisation's again.
pub async fn set_own(db: &Db, caller: &super::Caller, raw: &str) -> Result<()> {
    let zone = if raw.trim().is_empty() { None } else { Some(chosen("time_zone", raw)?.name()) };
    sqlx::query("UPDATE people SET time_zone = $1 WHERE org_id = $2 AND id = $3")
        .bind(zone)
        .bind(caller.org_id)
        .bind(caller.person_id)
        .execute(db.writes())
        .await?;
    Ok(())
}

/// The time that "today" and due times are reckoned from: the system's, or one a test sets.
#[derive(Debug, Default)]
pub struct Clock(AtomicI64);

impl Clock {
    pub fn now(&self) -> i64 {
        match self.0.load(Ordering::Relaxed) {
            0 => super::now(),
            set => set,
        }
    }

    /// Stops the clock at `at` (Unix seconds); 0 lets it run again.
    pub fn set(&self, at: i64) {
        self.0.store(at, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_and_a_time_are_the_zones() {
        // 2026-12-04 23:30 UTC is 08:30 on the 5th in Seoul, 02:30 on the 5th in Moscow.
        let at = 1_796_427_000;
        assert_eq!(local(at, chrono_tz::UTC), (Date { year: 2026, month: 12, day: 4 }, "23:30".into()));
        assert_eq!(local(at, chrono_tz::Asia::Seoul), (Date { year: 2026, month: 12, day: 5 }, "08:30".into()));
        assert_eq!(local(at, chrono_tz::Europe::Moscow), (Date { year: 2026, month: 12, day: 5 }, "02:30".into()));
        // Summer time where there is some: New York is 4 hours behind in July, 5 in December.
        assert_eq!(offset_at(chrono_tz::America::New_York, 1_783_000_000), -4 * 3600);
        assert_eq!(offset_at(chrono_tz::America::New_York, at), -5 * 3600);
        assert!(stored("Mars/Olympus").is_err());
    }
}
