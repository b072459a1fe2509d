//! Loket, the citizen app of Mal Pelayanan Publik Digital: a Leptos client-side app.
//!
//! Layers (see docs/architecture.md): `pages/` and `components/` are views over signals;
//! `state/` joins `api/` (the backend) and `cache/` (IndexedDB); `domain/` is pure logic.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod cache;
pub mod components;
pub mod domain;
pub mod next_task;
pub mod pages;
pub mod perf;
pub mod routes;
pub mod split;
pub mod state;
