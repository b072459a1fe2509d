//! Property tests: the app and the server agree on every applicant. Whatever the citizen types,
//! the app's check before sending and the server's check of the request the app sends (through
//! JSON, as on the wire) accept or refuse together, with the same faults, and read the same
//! values.

use loket_contract::applicant::{check, Answers, Fault};
use loket_contract::booking::{Applicant, ForWhom, HealthDetails};
use loket_contract::catalogue::HealthInfo;
use loket_contract::Text;
use proptest::prelude::*;

/// Text near what citizens type, with the characters that the rules treat specially.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z' .,-]{0,110}",
        "[A-Za-z \t\n\u{a0}\u{3000}<>\u{7}]{0,130}",
        Just("Siti\tAminah".to_owned()),
        (0usize..4, 95usize..106).prop_map(|(spaces, letters)| format!("{}{}{}", " ".repeat(spaces), "a".repeat(letters), "  ")),
    ]
}

fn nik() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("3174011208900001".to_owned()),
        Just(" 3174 0112 0890 0001 ".to_owned()),
        Just("3174015208900001\t".to_owned()),
        "[0-9 ]{0,20}",
        "[0-9]{16}",
    ]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0812-3456-7890".to_owned()),
        Just(" +62 812 3456 7890 ".to_owned()),
        "(\\+62|0|62)?8[0-9 -]{6,14}",
        "[0-9 +().-]{0,18}"
    ]
}

fn email() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(" nama@contoh.id ".to_owned()), "[a-z .]{0,6}@?[a-z.]{0,8}"]
}

fn bpjs() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(" 0001234567890 ".to_owned()), "[0-9 ]{0,15}"]
}

fn referral() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just("0123R0011126B000123".to_owned()), "[A-Za-z0-9./ -]{0,44}", "[A-Za-z0-9]{38,42}"]
}

fn health() -> impl Strategy<Value = Option<HealthInfo>> {
    prop_oneof![
        Just(None),
        any::<bool>().prop_map(|referral_required| Some(HealthInfo {
            poli: Text { id: "Poli Umum".into(), en: "General clinic".into() },
            bpjs_accepted: true,
            referral_required,
        })),
    ]
}

fn codes(faults: &[Fault]) -> Vec<(&'static str, &'static str)> {
    faults.iter().map(|f| (f.field.api_name(), f.code)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn the_server_accepts_exactly_what_the_app_accepts(
        name in name(), nik in nik(), phone in phone(), email in email(), bpjs in bpjs(), referral in referral(), health in health(),
    ) {
        let typed = Answers { name: &name, nik: &nik, phone: &phone, email: &email, bpjs_number: &bpjs, referral_number: &referral };
        let app = check(&typed, health.as_ref());

        let (applicant, details) = typed.request(ForWhom::Parent);
        let applicant: Applicant = serde_json::from_str(&serde_json::to_string(&applicant).unwrap()).unwrap();
        let details: Option<HealthDetails> = serde_json::from_str(&serde_json::to_string(&details).unwrap()).unwrap();
        let server = check(&Answers::of_request(&applicant, details.as_ref()), health.as_ref());

        match (&app, &server) {
            (Ok(a), Ok(s)) => prop_assert_eq!(a, s, "both accept and read the same values"),
            (Err(a), Err(s)) => prop_assert_eq!(codes(a), codes(s), "both refuse, for the same reasons"),
            _ => prop_assert!(false, "the app says {:?} and the server {:?}", app.as_ref().map(|_| "ok"), server.as_ref().map(|_| "ok")),
        }
    }

    #[test]
    fn what_is_accepted_is_accepted_again_unchanged(
        name in name(), nik in nik(), phone in phone(), email in email(), bpjs in bpjs(), referral in referral(), health in health(),
    ) {
        let typed = Answers { name: &name, nik: &nik, phone: &phone, email: &email, bpjs_number: &bpjs, referral_number: &referral };
        if let Ok(valid) = check(&typed, health.as_ref()) {
            let email = valid.email.clone().unwrap_or_default();
            let bpjs = valid.bpjs_number.as_ref().map(|b| b.as_str().to_owned()).unwrap_or_default();
            let referral = valid.referral_number.clone().unwrap_or_default();
            let again = Answers {
                name: &valid.name, nik: valid.nik.as_str(), phone: valid.phone.as_str(),
                email: &email, bpjs_number: &bpjs, referral_number: &referral,
            };
            prop_assert_eq!(check(&again, health.as_ref()), Ok(valid.clone()));
        }
    }
}
