//! Pure views: they read signals and call `state/`; they never touch the browser directly.

pub mod back_link;
pub mod connectivity_indicator;
pub mod data_status;
pub mod date_text;
pub mod fault_text;
pub mod form;
pub mod labels;
pub mod language_switch;
pub mod location_summary;
pub mod open_status;
pub mod qr_code;
pub mod queue_card;
pub mod service_card;
pub mod site_footer;
pub mod site_header;
pub mod slot_choice;
pub mod ticket;
pub mod timeline;
pub mod update_banner;
