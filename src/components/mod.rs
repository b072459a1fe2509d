//! Pure views: they read signals and call `state/`; they never touch the browser directly.

pub mod connectivity_indicator;
pub mod language_switch;
pub mod site_footer;
pub mod site_header;
