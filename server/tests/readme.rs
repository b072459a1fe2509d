//! The README's demo table names the codes and factors the server really seeds.

use std::path::PathBuf;

use loket_contract::{booking_code, Phone};
use loket_server::demo::demo_applications;

#[test]
fn the_readme_lists_every_demo_application_with_its_factors() {
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    for demo in demo_applications() {
        let code = booking_code::from_random(demo.code_bits);
        let row = readme
            .lines()
            .find(|l| l.starts_with("| ") && l.contains(&format!("`{code}`")))
            .unwrap_or_else(|| panic!("README does not list {code} ({})", demo.service_id));
        assert!(row.contains(&format!("`{}`", &demo.nik[12..])), "{row}");
        let phone = Phone::parse(demo.phone).unwrap().national();
        assert!(row.contains(&format!("`{phone}`")), "{row}");
    }
}
