//! Link pages (approval, invitation reply) are plain forms that post to their own address, so
//! they work before or without the WASM bundle. The server acts and re-renders the page with
//! the outcome in context; the outcome travels to the browser with the page, so hydration
//! renders the same thing.
use crate::AppError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// What a form post left for the page it re-renders: the new state, or the refusal and what
/// was typed (never lost).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posted<T> {
    pub result: Option<T>,
    pub error: Option<AppError>,
    /// The typed text fields, by name.
    pub typed: Vec<(String, String)>,
}

impl<T> Default for Posted<T> {
    fn default() -> Self {
        Self { result: None, error: None, typed: Vec::new() }
    }
}

impl<T> Posted<T> {
    pub fn typed(&self, name: &str) -> String {
        self.typed.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// The outcome of this request's form post, if it was one (the same on the server and in the
/// hydrating browser).
pub fn posted<T>() -> Posted<T>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    SharedValue::new(|| use_context::<Posted<T>>().unwrap_or_default()).into_inner()
}
