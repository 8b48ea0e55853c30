//! Rules about suppressions themselves, so that they cannot rot unseen.
//! Their findings are produced by `crate::suppress` after the other rules ran.

pub mod expired_suppression;
pub mod invalid_suppression;
pub mod unused_suppression;
