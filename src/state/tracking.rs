//! Looking up a booking or an application by code and verification factor, keeping what was
//! found on the device (readable offline, "as of" its time), refreshing it on app open and on
//! reconnect, and the survey's state on the booking (sending it is `outbox.rs`).

use leptos::prelude::*;
use loket_contract::booking::Tracked;

use super::bookings::Bookings;
use super::device_writer;
use crate::api::ApiError;
use crate::cache::{Record, StoredApplication, StoredBooking, SurveyState};

impl Bookings {
    /// Asks the server and keeps the answer on the device.
    pub async fn track(&self, code: &str, factor: &str) -> Result<String, ApiError> {
        let tracked = self.backend().track(code.trim(), factor.trim()).await?;
        Ok(self.keep_tracked(tracked, factor.trim()))
    }

    fn keep_tracked(&self, tracked: Tracked, factor: &str) -> String {
        let now = js_sys::Date::now();
        match tracked {
            Tracked::Booking { booking, timeline, queue } => {
                let code = booking.code.clone();
                let mut stored = self.booking(&code).unwrap_or_else(|| StoredBooking::new(booking.clone(), None, now));
                stored.booking = booking;
                stored.timeline = timeline;
                stored.queue = queue;
                stored.as_of_ms = now;
                self.store_booking(stored);
                code
            }
            Tracked::Application { application, timeline } => {
                let code = application.code.clone();
                let stored = StoredApplication { application, timeline, factor: factor.to_owned(), as_of_ms: now };
                self.applications.update(|a| {
                    a.retain(|x| x.application.code != code);
                    a.insert(0, stored.clone());
                });
                device_writer::put(Record::application(&stored));
                code
            }
        }
    }

    pub fn application(&self, code: &str) -> Option<StoredApplication> {
        self.applications.with(|a| a.iter().find(|a| a.application.code == code).cloned())
    }

    /// Asks the server again about one item held on the device.
    pub async fn refresh(&self, code: &str) -> Result<(), ApiError> {
        let factor = match (self.booking(code), self.application(code)) {
            (Some(_), _) => self.change_context(code)?.1,
            (None, Some(a)) => a.factor,
            (None, None) => return Err(ApiError::NotOnDevice),
        };
        let tracked = self.backend().track(code, &factor).await?;
        self.keep_tracked(tracked, &factor);
        Ok(())
    }

    /// Refreshes every item still in progress (on app open and on reconnect), one at a time
    /// so as not to trip the server's rate limit: a call while a refresh is under way adds
    /// nothing (that refresh covers every item).
    pub fn refresh_all(&self) {
        if self.inner.with_value(|i| i.refreshing.replace(true)) {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            let codes: Vec<String> = this
                .bookings
                .with_untracked(|b| b.iter().filter(|b| b.booking.status.is_open()).map(|b| b.booking.code.clone()).collect::<Vec<_>>())
                .into_iter()
                .chain(this.applications.with_untracked(|a| {
                    a.iter().filter(|a| a.application.status.is_open()).map(|a| a.application.code.clone()).collect::<Vec<_>>()
                }))
                .collect();
            for code in codes {
                if let Err(e) = this.refresh(&code).await {
                    if !e.is_retriable() || matches!(e, ApiError::Offline) {
                        break;
                    }
                }
            }
            this.inner.with_value(|i| i.refreshing.set(false));
        });
    }

    pub(super) fn set_survey(&self, code: &str, state: SurveyState) {
        if let Some(mut stored) = self.booking(code) {
            stored.survey = state;
            self.store_booking(stored);
        }
    }
}
