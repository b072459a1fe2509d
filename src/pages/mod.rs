//! One file per route: read the route's params, ask `state/`, render.

pub mod booking;
pub mod change_booking;
pub mod home;
pub mod lazy;
pub mod locations;
pub mod my_bookings;
pub mod not_found;
pub mod service_detail;
pub mod survey;
pub mod ticket;
pub mod track;
