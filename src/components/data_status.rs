use leptos::prelude::*;

use crate::api::ErrorKind;
use crate::i18n::*;
use crate::state::connectivity::{use_connectivity, Connectivity};
use crate::state::directory::{use_directory, SyncState};

/// How fresh the directory is, and what to do when it could not be updated.
#[component]
pub fn DataStatus() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    let online = use_connectivity();
    let as_of = move || dir.checked_at.get().map(crate::state::directory::as_of_label);
    let has_data = move || dir.data.with(Option::is_some);
    let problem = move || match dir.sync.get() {
        SyncState::Checking | SyncState::UpToDate => None,
        SyncState::Rejected => Some(t_string!(i18n, data_rejected)),
        SyncState::Failed(_) if !has_data() => Some(t_string!(i18n, data_none)),
        SyncState::Failed(ErrorKind::Offline) => Some(t_string!(i18n, data_offline_copy)),
        SyncState::Failed(_) if online.get() == Connectivity::Offline => Some(t_string!(i18n, data_offline_copy)),
        SyncState::Failed(_) => Some(t_string!(i18n, data_failed)),
    };
    view! {
        <div class="data-status" role="status">
            <Show when=move || !has_data() && dir.sync.get() == SyncState::Checking>
                <p>{t!(i18n, data_loading)}</p>
            </Show>
            {move || as_of().map(|date| view! { <p class="data-status__as-of">{t!(i18n, data_as_of, date = move || date.clone())}</p> })}
            {move || problem().map(|text| view! {
                <div class="notice notice--warning">
                    <p>{text}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| dir.retry()>{t!(i18n, retry)}</button>
                </div>
            })}
            <Show when=move || !dir.storage_ok.get()>
                <p class="notice">{t!(i18n, data_storage_off)}</p>
            </Show>
        </div>
    }
}
