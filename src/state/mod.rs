//! The glue between views and the outside world: views read the signals and call the functions
//! defined here; only this layer, `api/` and `cache/` touch browser APIs.

pub mod backend;
pub mod connectivity;
pub mod locale;
pub mod shell;
