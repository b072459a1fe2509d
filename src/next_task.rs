//! Yielding the main thread: long work split into tasks lets a slow phone paint and answer
//! input between them (each task over 50 ms counts against the page as blocking time).

/// Resolves in a later task: the browser paints and handles input before the work after it.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled =
            web_sys::window().map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).is_ok()).unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
