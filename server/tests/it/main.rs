//! Integration tests: the real server over HTTP, each test on SQLite and on PostgreSQL.
#![recursion_limit = "512"]
// Tests may panic on what they did not expect; that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#[path = "../common/mod.rs"]
mod common;

mod api;
mod api_matrix;
mod auth;
mod automation;
mod backup;
mod cabinet;
mod crash;
mod files;
mod fuzz;
mod hostile_input;
mod identity;
mod import;
mod import_placements;
mod matrix;
mod migrations;
mod monitoring;
mod nodes;
mod notice_channels;
mod notifications;
mod outbox;
mod payroll;
mod people;
mod recruiting;
mod recruiting_settings;
mod request_types;
mod security;
mod sessions;
mod storage_boundary;
mod structure;
mod time_zones;
mod timesheets;
mod webhooks;
