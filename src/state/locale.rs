//! The citizen's language choice, kept across reloads in a small site-wide cookie.
//!
//! We keep it ourselves instead of through leptos_i18n's `cookie` feature: that pulls
//! leptos-use's cookie support with the `cookie` and `time` crates, 32 KB of brotli-compressed
//! wasm for one `name=value` pair.

use leptos::prelude::*;
use leptos_i18n::{I18nContext, Locale as _};
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Locale};

/// The name leptos_i18n used when it kept the cookie, so choices made before still hold.
const COOKIE_NAME: &str = "i18n_pref_locale";
const ONE_YEAR_SECONDS: i64 = 365 * 24 * 60 * 60;

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into::<web_sys::HtmlDocument>().ok()
}

/// The language chosen on this device. Bahasa Indonesia when none was, whatever the phone's
/// browser reports: leptos_i18n would otherwise greet an English-set phone in English.
fn saved() -> Locale {
    let cookies = html_document().and_then(|d| d.cookie().ok()).unwrap_or_default();
    cookies
        .split(';')
        .filter_map(|c| c.trim_start().strip_prefix(COOKIE_NAME)?.strip_prefix('='))
        .find_map(|value| value.parse::<Locale>().ok())
        .unwrap_or(Locale::id)
}

fn save(locale: Locale) {
    let Some(document) = html_document() else { return };
    let cookie = format!("{COOKIE_NAME}={}; path=/; max-age={ONE_YEAR_SECONDS}; SameSite=Lax", locale.as_str());
    // A browser that refuses cookies keeps the choice for this visit only; nothing to recover.
    let _ = document.set_cookie(&cookie);
}

/// Applies the saved language before the first view is built, so the first paint is already
/// in it.
pub fn apply_saved_language() {
    let i18n = use_i18n();
    let start = saved();
    i18n.set_locale(start);
    // Without its cookie feature the provider resets the locale to the browser's languages in
    // its first effect, which runs after this; this effect runs after that one, still before
    // the first paint.
    Effect::new(move |_| i18n.set_locale(start));
}

/// Switches the language and remembers it on this device.
pub fn choose_language(i18n: I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    save(locale);
}
