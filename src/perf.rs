//! Performance marks for the benchmarks (`bench/search` reads how long the stored catalogue
//! takes to come back, and which part of that is IndexedDB and which the parse).

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
