//! The static shell that `index.html` paints before the wasm has started.

/// Mounts the app. Where the first HTML holds this very page prerendered (`data-route` on
/// `#loket-skeleton` is the current path), the app mounts hidden beside it and [`reveal`] swaps
/// the two in one frame once the app's page is ready, so the citizen sees no flash and nothing
/// moves. Otherwise the app renders beside the skeleton, which goes once the app's page is built
/// ([`drop_skeleton`]).
///
/// It mounts in the task after the wasm's start: on a slow phone, starting the wasm and starting
/// the app are each a long task, and together one twice as long that blocks input.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    // wasm_bindgen_futures's spawn, not leptos::task's: Leptos sets its executor up in the mount.
    wasm_bindgen_futures::spawn_local(async move {
        crate::next_task::next_task().await;
        mount_now(app);
    });
}

fn mount_now<F, N>(app: F)
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
    }
    let _ = body.append_child(&root);
    leptos::mount::mount_to(root.unchecked_into(), app).forget();
}

/// The page that the first HTML shows prerendered, while it is still on screen and the current
/// page: the app keeps itself hidden until that page is ready. A page named by its query too
/// (`/pesan?layanan=<id>`) must match it; one named by its path alone matches any query.
pub fn prerendered_page() -> Option<String> {
    let window = web_sys::window()?;
    let route = window.document()?.get_element_by_id("loket-skeleton")?.get_attribute("data-route")?;
    let location = window.location();
    let path = location.pathname().ok()?;
    let here = if route.contains('?') { format!("{path}{}", location.search().ok()?) } else { path };
    (route == here).then_some(route)
}

/// How many views on screen are still waiting for what they will show (a page's module, the
/// device's drafts). The prerendered page stays until none is, so the swap shows the same page
/// rather than "opening…" in its place.
#[derive(Clone, Copy)]
pub struct Waiting(leptos::prelude::RwSignal<u32>);

pub fn provide_waiting() {
    leptos::prelude::provide_context(Waiting(leptos::prelude::RwSignal::new(0)));
}

pub fn use_waiting() -> Waiting {
    leptos::prelude::expect_context()
}

impl Waiting {
    /// Counts the caller as waiting until [`Hold::release`] or until the calling view unmounts.
    pub fn hold(self) -> Hold {
        use leptos::prelude::*;
        self.0.update(|n| *n += 1);
        let hold = Hold { waiting: self, held: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)) };
        let on_unmount = hold.clone();
        on_cleanup(move || on_unmount.release());
        hold
    }

    pub fn is_clear(self) -> bool {
        use leptos::prelude::*;
        self.0.get() == 0
    }
}

/// One view's wait; released once, whichever comes first.
#[derive(Clone)]
pub struct Hold {
    waiting: Waiting,
    held: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Hold {
    pub fn release(&self) {
        use leptos::prelude::*;
        if self.held.swap(false, std::sync::atomic::Ordering::Relaxed) {
            // The counter outlives every view (it is the app's); `try_` only guards the app's end.
            self.waiting.0.try_update(|n| *n = n.saturating_sub(1));
        }
    }
}

/// An input of the prerendered page (`selector` within it), as the citizen left it before the
/// app started.
fn prerendered_field(selector: &str) -> Option<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.query_selector(&format!("#loket-skeleton {selector}")).ok()??.dyn_into().ok()
}

/// What the citizen typed into the prerendered field `id` (the search box, tracking's code)
/// before the app started, so the app's own field takes it over.
pub fn prerendered_input(id: &str) -> Option<String> {
    prerendered_field(&format!("#{id}")).map(|input| input.value()).filter(|v| !v.is_empty())
}

/// The value of the prerendered radio `name` that the citizen chose before the app started.
pub fn prerendered_choice(name: &str) -> Option<String> {
    prerendered_field(&format!("input[type=radio][name=\"{name}\"]:checked")).map(|input| input.value())
}

/// Whether the citizen ticked the prerendered checkbox `id` before the app started.
pub fn prerendered_checked(id: &str) -> bool {
    prerendered_field(&format!("#{id}")).is_some_and(|input| input.checked())
}

/// Removes the skeleton once the app has a page to show in its place (the app's start takes a
/// few tasks; an empty page between would flash). A prerendered page stays: [`reveal`] swaps it.
pub fn drop_skeleton() {
    if prerendered_page().is_some() {
        return;
    }
    if let Some(skeleton) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loket-skeleton")) {
        skeleton.remove();
    }
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
