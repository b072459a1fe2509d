//! Compiles `locales/{id,en}.json` into the `i18n` module, so that a missing key or a key present
//! in one language only is a build error rather than a blank label in front of a citizen.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("i18n");
    // Bahasa Indonesia is the default and the fallback; English second.
    // interpolate_display: `t_string!` with values, for attributes and computed text.
    let cfg = Config::new("id")?.add_locale("en")?.parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
