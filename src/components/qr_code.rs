use leptos::prelude::*;
use qrcodegen::{QrCode as Code, QrCodeEcc};

/// A QR code drawn by the app (no image download, works offline): one SVG path of dark
/// modules, with a four-module quiet zone as scanners expect.
#[component]
pub fn QrCode(text: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let path = Code::encode_text(&text, QrCodeEcc::Medium).ok().map(|qr| {
        let mut d = String::new();
        for y in 0..qr.size() {
            for x in 0..qr.size() {
                if qr.get_module(x, y) {
                    d.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
                }
            }
        }
        (qr.size() + 8, d)
    });
    path.map(|(size, d)| {
        view! {
            <svg class="qr" role="img" aria-label=label viewBox=format!("0 0 {size} {size}") shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
                <rect width="100%" height="100%" fill="#fff" />
                <path d=d fill="#000" />
            </svg>
        }
    })
}
