//! Outgoing webhooks: administrators subscribe other systems' addresses to the organisation's
//! events, and watch the deliveries.
pub mod api;
pub mod view;
