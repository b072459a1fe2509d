//! Pure views: they read signals and call `state/`; they never touch the browser directly.

pub mod connectivity_indicator;
pub mod data_status;
pub mod language_switch;
pub mod location_summary;
pub mod open_status;
pub mod service_card;
pub mod site_footer;
pub mod site_header;
pub mod update_banner;
