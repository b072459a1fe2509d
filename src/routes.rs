//! Every path of the app, in one place: views build links with these, never with `format!`.
//! Paths are Indonesian: they are what citizens see, share and read aloud.

use leptos::Params;
use leptos_router::params::Params;

use crate::domain::booking_draft::Step;
use crate::domain::percent;

// The parameters the paths and queries below carry, typed, for the pages that read them
// (`use_params::<IdParam>()`, `use_query::<BookingQuery>()`): each name is written here only.

/// `:id` of `/layanan/:id` and `/lokasi/:id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct IdParam {
    pub id: Option<String>,
}

/// `:code` of a booking's pages, `/pesanan-saya/:code…`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct CodeParam {
    pub code: Option<String>,
}

/// `:key` of `/pesan/kirim/:key`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct KeyParam {
    pub key: Option<String>,
}

/// The booking flow's query: the service, the step, and whether it was opened from "check your answers".
#[derive(Params, Debug, Clone, PartialEq)]
pub struct BookingQuery {
    pub layanan: Option<String>,
    pub langkah: Option<String>,
    pub ubah: Option<String>,
}

/// Moving a booking: the new day, once chosen.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct RescheduleQuery {
    pub tanggal: Option<String>,
}

/// A ticket's notice of what just happened ([`TicketNotice`]).
#[derive(Params, Debug, Clone, PartialEq)]
pub struct TicketQuery {
    pub hasil: Option<String>,
}

/// One field of typed params, `None` when absent or malformed.
pub fn field<P: Send + Sync + 'static, T>(
    params: leptos::prelude::Memo<Result<P, leptos_router::params::ParamsError>>,
    pick: impl FnOnce(&P) -> Option<T>,
) -> Option<T>
where
    Result<P, leptos_router::params::ParamsError>: PartialEq,
{
    use leptos::prelude::*;
    params.with(|p| p.as_ref().ok().and_then(pick))
}

pub const HOME: &str = "/";
pub const BOOKING: &str = "/pesan";
pub const TRACK: &str = "/lacak";
pub const MY_BOOKINGS: &str = "/pesanan-saya";
pub const LOCATIONS: &str = "/lokasi";

/// The booking flow started for one service: `/pesan?layanan=<id>`.
pub fn booking_for(service_id: &str) -> String {
    format!("{BOOKING}?layanan={}", percent::encode(service_id))
}

/// One page of the booking flow: `/pesan?layanan=<id>&langkah=<step>`.
pub fn booking_step(service_id: &str, step: Step) -> String {
    format!("{}&langkah={}", booking_for(service_id), step.slug())
}

/// A page of the flow opened from "check your answers": it returns there when done.
pub fn booking_change(service_id: &str, step: Step) -> String {
    format!("{}&ubah=1", booking_step(service_id, step))
}

/// Where a submitted booking is sent from and confirmed: `/pesan/kirim/<key>`.
pub fn booking_sending(key: &str) -> String {
    format!("{BOOKING}/kirim/{}", percent::encode(key))
}

/// A booking's ticket: `/pesanan-saya/<code>`.
pub fn ticket(code: &str) -> String {
    format!("{MY_BOOKINGS}/{}", percent::encode(code))
}

/// What the ticket says on arriving from a change: `?hasil=<word>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketNotice {
    Rescheduled,
    Cancelled,
    SurveySent,
}

impl TicketNotice {
    const ALL: [TicketNotice; 3] = [TicketNotice::Rescheduled, TicketNotice::Cancelled, TicketNotice::SurveySent];

    fn word(self) -> &'static str {
        match self {
            TicketNotice::Rescheduled => "diubah",
            TicketNotice::Cancelled => "dibatalkan",
            TicketNotice::SurveySent => "survei",
        }
    }

    /// The notice a ticket's `hasil` parameter names; `None` for anything else.
    pub fn from_word(word: &str) -> Option<TicketNotice> {
        TicketNotice::ALL.into_iter().find(|n| n.word() == word)
    }
}

/// A booking's ticket saying what just happened: `/pesanan-saya/<code>?hasil=<word>`.
pub fn ticket_with(code: &str, notice: TicketNotice) -> String {
    format!("{}?hasil={}", ticket(code), notice.word())
}

pub fn reschedule(code: &str) -> String {
    format!("{}/ubah-jadwal", ticket(code))
}

/// Moving a booking, the new day chosen: `/pesanan-saya/<code>/ubah-jadwal?tanggal=<date>`.
pub fn reschedule_on(code: &str, date: &str) -> String {
    format!("{}?tanggal={}", reschedule(code), percent::encode(date))
}

pub fn survey(code: &str) -> String {
    format!("{}/survei", ticket(code))
}

pub fn cancel(code: &str) -> String {
    format!("{}/batalkan", ticket(code))
}

/// A location's page: `/lokasi/<id>`.
pub fn location(id: &str) -> String {
    format!("{LOCATIONS}/{}", percent::encode(id))
}

/// OpenStreetMap at a point: works on any phone without an app or an API key.
pub fn map_link(latitude: f64, longitude: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/{longitude}")
}

/// The service detail page: `/layanan/<id>`.
pub fn service(id: &str) -> String {
    format!("/layanan/{}", percent::encode(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_notice_reads_back_from_its_link() {
        for notice in TicketNotice::ALL {
            let link = ticket_with("LKT-7K2M9Q", notice);
            let word = link.rsplit_once("?hasil=").map(|(_, w)| w).unwrap();
            assert_eq!(TicketNotice::from_word(word), Some(notice));
        }
        assert_eq!(TicketNotice::from_word("x"), None);
        assert_eq!(reschedule_on("LKT-7K2M9Q", "2026-12-05"), "/pesanan-saya/LKT-7K2M9Q/ubah-jadwal?tanggal=2026-12-05");
    }

    #[test]
    fn service_links_keep_plain_ids_readable() {
        assert_eq!(service("e-ktp-baru"), "/layanan/e-ktp-baru");
    }

    #[test]
    fn location_booking_and_map_links() {
        assert_eq!(location("mpp-kota-jayapura"), "/lokasi/mpp-kota-jayapura");
        assert_eq!(booking_for("paspor baru"), "/pesan?layanan=paspor%20baru");
        assert_eq!(booking_step("poli-umum", Step::Details), "/pesan?layanan=poli-umum&langkah=data");
        assert_eq!(booking_change("poli-umum", Step::Time), "/pesan?layanan=poli-umum&langkah=waktu&ubah=1");
        assert_eq!(reschedule("ABCDE-FGHJK"), "/pesanan-saya/ABCDE-FGHJK/ubah-jadwal");
        assert_eq!(map_link(-2.5, 140.7), "https://www.openstreetmap.org/?mlat=-2.5&mlon=140.7#map=17/-2.5/140.7");
    }

    #[test]
    fn service_links_cannot_escape_their_segment() {
        assert_eq!(service("../lacak"), "/layanan/..%2Flacak");
        assert_eq!(service("a b?c#d"), "/layanan/a%20b%3Fc%23d");
        assert_eq!(service("kesehatan/poli"), "/layanan/kesehatan%2Fpoli");
    }
}
