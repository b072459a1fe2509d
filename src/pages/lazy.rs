//! The pages a citizen reaches after the directory, each in its own piece of wasm that is
//! fetched when first visited (and precached by the service worker after the first paint).
//! The directory pages stay in the main module, so the first visit downloads only them.
//!
//! The split itself is done at build time by `scripts/wasm-split/wasm-bindgen`; a build
//! without that step would not start.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A page component as a lazily loaded route; the component's code moves to the split.
macro_rules! lazy_page {
    ($route:ident, $component:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$component /> }.into_any()
            }
        }
    };
}

use super::booking::{Booking, Sending};
use super::change_booking::{Cancel, Reschedule};
use super::my_bookings::MyBookings;
use super::survey::Survey;
use super::ticket::TicketPage;
use super::track::Track;

lazy_page!(BookingPage, Booking);
lazy_page!(SendingPage, Sending);
lazy_page!(TrackPage, Track);
lazy_page!(MyBookingsPage, MyBookings);
lazy_page!(TicketRoute, TicketPage);
lazy_page!(ReschedulePage, Reschedule);
lazy_page!(CancelPage, Cancel);
lazy_page!(SurveyPage, Survey);
