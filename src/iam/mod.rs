pub mod catalog;
pub mod wildcard;
