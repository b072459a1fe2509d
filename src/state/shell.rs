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
