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
        /// A signed delivery to an endpoint subscribed to events (`webhook_endpoints`).
        Endpoint = "endpoint",
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

impl Channel {
    /// "by email", "by SMS": how a message went, inside a sentence.
    pub fn via(self) -> crate::Msg {
        match self {
            Channel::Email => crate::Msg::ViaEmail,
            Channel::Sms => crate::Msg::ViaSms,
            Channel::Webhook => crate::Msg::ViaTeamChat,
            Channel::Endpoint => crate::Msg::ViaWebhook,
        }
    }
}

impl Delivery {
    pub fn label(self) -> crate::Msg {
        match self {
            Delivery::Pending => crate::Msg::DeliveryPending,
            Delivery::Sent => crate::Msg::DeliverySent,
            Delivery::Failed => crate::Msg::DeliveryFailed,
        }
    }
}
