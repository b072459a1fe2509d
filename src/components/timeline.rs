use leptos::prelude::*;
use loket_contract::booking::TimelineEntry;
use loket_contract::Zone;

use super::date_text::when_long;
use super::labels::timeline_status_label;
use crate::i18n::*;

/// Every status so far, newest first, each with its time in the place's zone and the note the
/// agency left.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>, zone: Zone) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale().as_str();
    let mut entries = entries;
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    view! {
        <h2 id="riwayat">{t!(i18n, timeline_title)}</h2>
        <ol class="timeline" aria-labelledby="riwayat" reversed>
            {entries.into_iter().map(|e| {
                let status = e.status.clone();
                let when = move || when_long(i18n, e.at, zone);
                let note = e.note.clone();
                view! {
                    <li class="timeline__item">
                        <strong class="timeline__status">{move || timeline_status_label(i18n, &status)}</strong>
                        <span class="timeline__when">{when}</span>
                        {note.map(|n| view! { <span class="timeline__note">{move || n.get(lang()).to_owned()}</span> })}
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ol>
    }
}
