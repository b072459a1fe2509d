//! The citizen's language choice, kept across reloads in a cookie that leptos_i18n reads.

use leptos_i18n::context::CookieOptions;
use wasm_bindgen::JsCast;

use crate::i18n::Locale;

/// leptos_i18n's own cookie name, so its provider finds what we seed.
pub const COOKIE_NAME: &str = "i18n_pref_locale";
const ONE_YEAR_SECONDS: i64 = 365 * 24 * 60 * 60;

/// The cookie is site-wide (switching on `/layanan/x` must hold on `/`) and outlives the
/// browser session.
pub fn cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(ONE_YEAR_SECONDS * 1000)
        .same_site(leptos_use::SameSite::Lax)
}

/// Bahasa Indonesia is the default whatever language the phone's browser reports: leptos_i18n
/// would otherwise follow `navigator.languages` and greet an English-set phone in English.
/// Runs before mounting so the first paint is already in the right language.
pub fn prefer_indonesian_on_first_visit() {
    let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return;
    };
    let cookies = document.cookie().unwrap_or_default();
    let already_chosen = cookies.split(';').any(|c| c.trim_start().starts_with(&format!("{COOKIE_NAME}=")));
    if !already_chosen {
        let seed = format!("{COOKIE_NAME}=id; path=/; max-age={ONE_YEAR_SECONDS}; SameSite=Lax");
        // A browser that refuses cookies still gets Indonesian for this visit from the
        // provider's default; nothing to recover here.
        let _ = document.set_cookie(&seed);
    }
}
