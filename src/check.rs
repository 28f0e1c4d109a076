//! The names this module had before the loader ([`crate::load`]) and the validate pipeline
//! ([`crate::validate`]) were split out of it; kept while the move settles.

pub use crate::load::{Input, Loaded, Settings, load, load_all, yaml_error};
pub use crate::validate::{Outcome, check, check_in_context};
