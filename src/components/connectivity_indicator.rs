use leptos::prelude::*;

use crate::i18n::*;
use crate::state::connectivity::{use_connectivity, Connectivity};

/// A polite live region: screen readers hear when the connection drops or returns.
#[component]
pub fn ConnectivityIndicator() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_connectivity();
    let class = move || match state.get() {
        Connectivity::Online => "connectivity connectivity--online",
        Connectivity::Offline => "connectivity connectivity--offline",
        Connectivity::ServerUnreachable => "connectivity connectivity--unreachable",
    };
    let text = move || match state.get() {
        Connectivity::Online => t_string!(i18n, conn_online),
        Connectivity::Offline => t_string!(i18n, conn_offline),
        Connectivity::ServerUnreachable => t_string!(i18n, conn_server_unreachable),
    };
    view! {
        <p class=class role="status" data-state=move || format!("{:?}", state.get()).to_lowercase()>
            <span class="connectivity__dot" aria-hidden="true"></span>
            {text}
        </p>
    }
}
