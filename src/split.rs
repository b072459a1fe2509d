//! What a split module's loader reports (`pages/lazy.rs`, `state/device_start.rs`).

use leptos::wasm_split::SplitLoaderError;

/// A module could not be fetched or instantiated (the loader logs the cause).
#[derive(Debug)]
pub struct ModuleMissing;

impl From<SplitLoaderError> for ModuleMissing {
    fn from(_: SplitLoaderError) -> Self {
        ModuleMissing
    }
}
