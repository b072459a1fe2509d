//! "Add to calendar": an iCalendar (RFC 5545) event in the place's own zone, so a phone set to
//! Jakarta time still shows a Makassar appointment at the right hour, and an offline-safe
//! `data:` link to download it.

use loket_contract::{Instant, LocalDate, Zone};

pub struct CalendarEvent<'a> {
    /// Stable across reschedules, so the calendar updates the event instead of adding one.
    pub uid: &'a str,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub zone: Zone,
    /// When this version of the event was made (the booking's time).
    pub stamp: Instant,
    /// The reminder's text, shown two hours before.
    pub reminder: &'a str,
}

/// The `.ics` text, CRLF line ends and lines folded at 75 octets as RFC 5545 asks.
pub fn ics(e: &CalendarEvent) -> String {
    let offset = {
        let m = e.zone.utc_offset_minutes();
        format!("{}{:02}{:02}", if m < 0 { '-' } else { '+' }, m.abs() / 60, m.abs() % 60)
    };
    let tz = e.zone.iana();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Loket//Mal Pelayanan Publik Digital//ID".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        // Indonesia keeps no daylight saving time: one fixed offset describes the zone.
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{tz}"),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        format!("TZOFFSETFROM:{offset}"),
        format!("TZOFFSETTO:{offset}"),
        format!("TZNAME:{}", e.zone.label()),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(e.uid)),
        format!("DTSTAMP:{}", utc_stamp(e.stamp)),
        format!("DTSTART;TZID={tz}:{}", local_stamp(e.starts_at, e.zone)),
        format!("DTEND;TZID={tz}:{}", local_stamp(e.ends_at, e.zone)),
        format!("SUMMARY:{}", escape(e.summary)),
        format!("LOCATION:{}", escape(e.location)),
        format!("DESCRIPTION:{}", escape(e.description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        "TRIGGER:-PT2H".to_owned(),
        format!("DESCRIPTION:{}", escape(e.reminder)),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

fn local_stamp(at: Instant, zone: Zone) -> String {
    let (date, minute) = at.local(zone);
    format!("{:04}{:02}{:02}T{:02}{:02}00", date.year, date.month, date.day, minute / 60, minute % 60)
}

fn utc_stamp(at: Instant) -> String {
    let date = LocalDate::from_days(at.0.div_euclid(86_400));
    let second = at.0.rem_euclid(86_400);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", date.year, date.month, date.day, second / 3600, second / 60 % 60, second % 60)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Continuation lines start with a space; a fold never splits a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// A `data:` URL of `text`: works offline and needs no object URL to revoke.
pub fn data_url(mime: &str, text: &str) -> String {
    format!("data:{mime};charset=utf-8,{}", super::percent::encode(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01T01:30:00Z: 09.30 in Makassar.
    const START: Instant = Instant(1_796_088_600);

    fn event(zone: Zone) -> String {
        ics(&CalendarEvent {
            uid: "ABCDE-FGHJK@loket",
            summary: "Poli Umum; Puskesmas, Makassar",
            location: "Jl. Andi Pangerang Pettarani No. 1, Makassar",
            description: "Kode pesanan ABCDE-FGHJK\nNomor antrean 12",
            starts_at: START,
            ends_at: Instant(START.0 + 900),
            zone,
            stamp: Instant(START.0 - 86_400 + 7),
            reminder: "Janji temu Loket",
        })
    }

    #[test]
    fn the_event_is_at_the_local_hour_of_the_place_with_its_zone() {
        let text = event(Zone::Wita);
        assert!(text.contains("DTSTART;TZID=Asia/Makassar:20261201T093000\r\n"), "{text}");
        assert!(text.contains("DTEND;TZID=Asia/Makassar:20261201T094500\r\n"));
        assert!(text.contains("TZOFFSETTO:+0800\r\nTZNAME:WITA\r\n"));
        assert!(text.contains("DTSTAMP:20261130T013007Z\r\n"));
        let wit = event(Zone::Wit);
        assert!(wit.contains("DTSTART;TZID=Asia/Jayapura:20261201T103000\r\n"));
        assert!(wit.contains("TZOFFSETFROM:+0900"));
    }

    #[test]
    fn text_is_escaped_and_every_line_ends_crlf() {
        let text = event(Zone::Wib);
        assert!(text.contains("SUMMARY:Poli Umum\\; Puskesmas\\, Makassar\r\n"));
        assert!(text.contains("DESCRIPTION:Kode pesanan ABCDE-FGHJK\\nNomor antrean 12\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "Pemeriksaan kesehatan ibu dan anak — poli KIA ".repeat(4));
        let folded = fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        assert_eq!(folded.replace("\r\n ", ""), long);
    }

    #[test]
    fn data_urls_percent_encode_everything_but_plain_characters() {
        assert_eq!(data_url("text/calendar", "A b\r\n;é"), "data:text/calendar;charset=utf-8,A%20b%0D%0A%3B%C3%A9");
    }
}
