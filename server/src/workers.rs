//! Background work: the outbox sender, timesheet reminders and periodic clean-up.
use app::backend::{now, outbox, sessions, timesheets, Backend};
use std::time::Duration;

pub fn spawn(backend: Backend) {
    backend.live.spawn_listener(&backend.db, &backend.config.database_url);
    let poll = Duration::from_millis(backend.config.outbox_poll_ms.max(50));
    let sender = backend.clone();
    tokio::spawn(async move {
        loop {
            match outbox::deliver_due(&sender).await {
                Ok(0) => tokio::time::sleep(poll).await,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "outbox worker");
                    tokio::time::sleep(poll).await;
                }
            }
        }
    });
    let reminders = backend.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match timesheets::reminders::send_due(&reminders, reminders.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "timesheet reminders"),
                Err(e) => tracing::error!(error = %e, "timesheet reminders"),
            }
            // Candidates a while in one stage, for automation rules that wait for that.
            match app::backend::recruiting::automation::run_stale(&reminders).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(candidates = n, "automation: days in a stage"),
                Err(e) => tracing::error!(error = %e, "automation: days in a stage"),
            }
            // Requests whose step is past its due time: reminded, then escalated.
            match app::backend::cabinet::escalations::run_due(&reminders, reminders.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(told = n, "overdue requests"),
                Err(e) => tracing::error!(error = %e, "overdue requests"),
            }
            // Dismissal dates (from payroll imports) deactivate people when their day comes.
            match app::backend::people::dismiss_due(&reminders.db, reminders.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deactivated = n, "dismissals"),
                Err(e) => tracing::error!(error = %e, "dismissals"),
            }
            // API answers kept for retries with the same Idempotency-Key live a day.
            if let Err(e) = app::backend::api::idempotency::prune(&reminders.db).await {
                tracing::error!(error = %e, "idempotency keys");
            }
            // An upload not filed within a day was abandoned (the form closed, the photo replaced).
            match app::backend::files::sweep_abandoned(&reminders.db, now() - 24 * 3600).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "abandoned uploads"),
                Err(e) => tracing::error!(error = %e, "abandoned uploads"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = backend.login_limits.prune(&backend.db).await {
                tracing::error!(error = %e, "sign-in attempts purge");
            }
            if let Err(e) = sessions::purge_expired(&backend.db, &backend.config).await {
                tracing::error!(error = %e, "session purge");
            }
            // Personal reminders and daily digests, each person at their own local time.
            match app::backend::reminders::fire_due(&backend, backend.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(fired = n, "reminders"),
                Err(e) => tracing::error!(error = %e, "reminders"),
            }
            match app::backend::notifications::digest::send_due(&backend, backend.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "daily digests"),
                Err(e) => tracing::error!(error = %e, "daily digests"),
            }
            // Payroll systems' nightly exports in watched folders.
            match app::backend::import::sources::read_watched(&backend, now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(files = n, "watched import folders"),
                Err(e) => tracing::error!(error = %e, "watched import folders"),
            }
        }
    });
}
