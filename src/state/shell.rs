//! The static shell that `index.html` paints before the wasm has started.

/// Mounts the app. Where the first HTML holds this very page prerendered (`data-route` on
/// `#loket-skeleton` is the current path), the app mounts hidden beside it and [`reveal`] swaps
/// the two in one frame once the app's page is ready, so the citizen sees no flash and nothing
/// moves. Otherwise the skeleton goes at once and the app renders in its place.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    let root = document.create_element("div").expect("a div can be created");
    root.set_id("loket-app");
    if prerendered_page().is_some() {
        let _ = root.set_attribute("hidden", "");
    } else if let Some(skeleton) = document.get_element_by_id("loket-skeleton") {
        skeleton.remove();
    }
    let _ = body.append_child(&root);
    leptos::mount::mount_to(root.unchecked_into(), app).forget();
}

/// The path that the first HTML shows prerendered, while it is still on screen and the current
/// page: the app keeps itself hidden until that page is ready.
pub fn prerendered_page() -> Option<String> {
    let window = web_sys::window()?;
    let route = window.document()?.get_element_by_id("loket-skeleton")?.get_attribute("data-route")?;
    let path = window.location().pathname().ok()?;
    (route == path).then_some(route)
}

/// What the citizen typed into the prerendered search box before the app started, so the
/// app's own box takes it over.
pub fn prerendered_input(id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()?
        .document()?
        .query_selector(&format!("#loket-skeleton #{id}"))
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    Some(input.value()).filter(|v| !v.is_empty())
}

/// Whether the citizen ticked the prerendered checkbox `id` before the app started.
pub fn prerendered_checked(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("#loket-skeleton #{id}")).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

/// Swaps the prerendered first screen for the app, keeping the focus on the same field.
pub fn reveal() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(skeleton) = document.get_element_by_id("loket-skeleton") else { return };
    let focused = document.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
    skeleton.remove();
    if let Some(root) = document.get_element_by_id("loket-app") {
        let _ = root.remove_attribute("hidden");
    }
    // The same field in the app stands where the prerendered one stood, so focusing it does not
    // move the page.
    if let Some(el) = focused.and_then(|id| document.get_element_by_id(&id)) {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
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
