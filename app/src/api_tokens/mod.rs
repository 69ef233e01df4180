//! API tokens: personal ones on the profile, the organisation's service tokens for
//! administrators. Made here, shown once, revoked here.
pub mod api;
pub mod view;
