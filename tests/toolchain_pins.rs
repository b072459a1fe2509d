//! The pinned tool versions agree with each other: Trunk refuses (offline) any wasm-bindgen but
//! the one in Trunk.toml, and the crate and the CLI must be the same exact version.
#![cfg(not(target_arch = "wasm32"))]

fn read(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_owned() + path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn locked_version(lock: &str, package: &str) -> String {
    let marker = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&marker).unwrap_or_else(|| panic!("{package} not in Cargo.lock")) + marker.len();
    lock[start..].split('"').next().unwrap().to_owned()
}

fn toml_value(text: &str, key: &str) -> String {
    let line = text.lines().find(|l| l.trim_start().starts_with(&format!("{key} ="))).unwrap_or_else(|| panic!("{key} not set"));
    line.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn trunk_toml_pins_the_wasm_bindgen_of_cargo_lock() {
    let lock = read("Cargo.lock");
    let trunk = read("Trunk.toml");
    assert_eq!(toml_value(&trunk, "wasm_bindgen"), locked_version(&lock, "wasm-bindgen"));
}

#[test]
fn trunk_never_downloads_and_refuses_an_old_wasm_opt() {
    let trunk = read("Trunk.toml");
    assert!(trunk.lines().any(|l| l.trim() == "offline = true"), "Trunk.toml must set offline = true");
    assert_eq!(toml_value(&trunk, "wasm_opt"), "version_132");
}

#[test]
fn leptos_stays_on_0_8() {
    let lock = read("Cargo.lock");
    assert!(locked_version(&lock, "leptos").starts_with("0.8."));
    assert!(locked_version(&lock, "leptos_router").starts_with("0.8."));
}
