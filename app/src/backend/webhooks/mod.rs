//! Outgoing webhooks: endpoints administrators subscribe to events (`endpoints`), events
//! written to the outbox in the transaction of the change they report (`emit`), and signed
//! deliveries with retries, an attempt log and disabling after a day of failures (`deliver`).
pub mod deliver;
pub mod emit;
pub mod endpoints;
pub mod signature;

pub use emit::emit;
