//! The committed copies of the area codes are the ones the installed `idn-area-data` package
//! ships (scripts/setup installs it), so a bump of the package shows up as a failing test.

use std::path::PathBuf;

#[test]
fn committed_area_codes_match_the_npm_package() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let package = root.join("node_modules/idn-area-data/data");
    assert!(package.is_dir(), "run scripts/setup first: {} is missing", package.display());
    for file in ["provinces.csv", "regencies.csv"] {
        let shipped = std::fs::read_to_string(package.join(file)).unwrap();
        let committed = std::fs::read_to_string(root.join("data/idn-area").join(file)).unwrap();
        assert!(shipped == committed, "data/idn-area/{file} differs from idn-area-data's: copy it again");
    }
}
