//! Messages queued for delivery: how each leaves (`outbox.channel`) and where it stands
//! (`outbox.status`). The sender matches on these exhaustively: a channel nobody wrote is an
//! error of that row, never an email to whatever its recipient says.
use crate::stored::stored_enum;

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Channel {
        Email = "email",
        /// An SMS or messenger gateway.
        Sms = "sms",
        /// A team chat's incoming webhook.
        Webhook = "webhook",
    }
}

stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Delivery {
        Pending = "pending",
        Sent = "sent",
        /// Given up after the last retry.
        Failed = "failed",
    }
}
