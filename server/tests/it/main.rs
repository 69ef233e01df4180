//! Integration tests: the real server over HTTP, each test on SQLite and on PostgreSQL.
#![recursion_limit = "512"]
#[path = "../common/mod.rs"]
mod common;

mod auth;
mod matrix;
mod people;
mod security;
mod sessions;
