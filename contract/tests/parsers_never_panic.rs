//! Property tests: the contract's parsers and decoders take anything a citizen or a client can
//! send and answer with a value or an error, never a panic; what they accept reads back the same.

use loket_contract::booking::{BookingRequest, SurveyRequest, Tracked, Verification};
use loket_contract::catalogue::Catalogue;
use loket_contract::{booking_code, BpjsNumber, Instant, LocalDate, Nik, Phone, Problem};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn text_parsers_never_panic(input in any::<String>()) {
        let _ = Nik::parse(&input);
        let _ = Phone::parse(&input);
        let _ = BpjsNumber::parse(&input);
        let _ = booking_code::normalise(&input);
        let _ = Instant::parse(&input);
        let _ = LocalDate::parse(&input);
        let _ = loket_contract::time::parse_hh_mm(&input);
    }

    #[test]
    fn digit_strings_near_the_formats_never_panic(input in "[0-9 +().-]{0,24}") {
        if let Ok(nik) = Nik::parse(&input) {
            prop_assert_eq!(nik.as_str().len(), 16);
            let _ = (nik.masked(), nik.last_four(), nik.province_code(), nik.encoded_sex());
        }
        if let Ok(phone) = Phone::parse(&input) {
            prop_assert!(phone.as_str().starts_with("+628"));
            // Normalising is idempotent: the normal form parses to itself.
            let again = Phone::parse(phone.as_str()).unwrap();
            prop_assert_eq!(again.as_str(), phone.as_str());
            let _ = (phone.national(), phone.masked());
        }
        if let Ok(bpjs) = BpjsNumber::parse(&input) {
            prop_assert_eq!(bpjs.as_str().len(), 13);
            let _ = bpjs.masked();
        }
    }

    #[test]
    fn booking_codes_read_back_in_any_spelling(bits in any::<u64>(), lower in any::<bool>()) {
        let code = booking_code::from_random(bits);
        let typed = if lower { code.to_lowercase().replace('-', " ") } else { code.clone() };
        prop_assert_eq!(booking_code::normalise(&typed), Some(code));
    }

    #[test]
    fn instants_round_trip_through_their_wire_form(seconds in -2_000_000_000i64..8_000_000_000i64) {
        let instant = Instant(seconds);
        let wire = serde_json::to_string(&instant).unwrap();
        prop_assert_eq!(serde_json::from_str::<Instant>(&wire).unwrap(), instant);
    }

    #[test]
    fn json_decoders_never_panic(input in any::<String>()) {
        let _ = serde_json::from_str::<BookingRequest>(&input);
        let _ = serde_json::from_str::<Verification>(&input);
        let _ = serde_json::from_str::<SurveyRequest>(&input);
        let _ = serde_json::from_str::<Tracked>(&input);
        let _ = serde_json::from_str::<Problem>(&input);
        let _ = serde_json::from_str::<Catalogue>(&input);
    }

    #[test]
    fn json_decoders_never_panic_on_json_shaped_input(
        slot in any::<i64>(), name in any::<String>(), nik in "[0-9]{0,20}", who in "[a-z_]{0,12}", extra in any::<bool>()
    ) {
        let body = format!(
            r#"{{"slotId":{slot},"applicant":{{"name":{},"nik":"{nik}","phone":"0812","forWhom":"{who}"}}{}}}"#,
            serde_json::to_string(&name).unwrap(),
            if extra { r#","x":1"# } else { "" }
        );
        let _ = serde_json::from_str::<BookingRequest>(&body);
    }
}
