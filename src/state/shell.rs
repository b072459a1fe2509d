//! The static shell that `index.html` paints before the wasm has started.

/// Removes the loading skeleton: the app is about to render the real page in its place.
pub fn remove_skeleton() {
    if let Some(skeleton) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loket-skeleton"))
    {
        skeleton.remove();
    }
}

/// Moves keyboard and screen-reader focus to the element `id` (an error summary, a field with
/// an error, a page's heading), scrolling it into view.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
        el.scroll_into_view();
    }
}

/// The browser's print dialog, for the ticket (the print stylesheet shows only the ticket).
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Runs `tick` every `seconds` while this page is shown and the tab is in front (a background
/// tab costs no requests); stops when the calling component unmounts.
pub fn every_while_visible(seconds: u64, tick: impl Fn() + 'static) {
    use leptos::prelude::*;
    let hidden = || web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
    let handle = set_interval_with_handle(
        move || {
            if !hidden() {
                tick();
            }
        },
        std::time::Duration::from_secs(seconds),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}
