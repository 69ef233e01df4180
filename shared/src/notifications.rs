//! In-app notifications: what someone is told (a reminder, a mention, a new candidate, a place
//! on a hiring team), with a link to what it is about.
use crate::model::row;
use serde::{Deserialize, Serialize};

row! {
    /// One notification; `read_at` is None while unread.
    pub struct Notice {
        pub id: i64,
        pub body: String,
        pub link: Option<String>,
        pub created_at: i64,
        pub read_at: Option<i64>,
    }
}
