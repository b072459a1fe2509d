use leptos::prelude::*;
use loket_contract::booking::QueuePosition;
use loket_contract::Zone;

use crate::domain::local_time::time_label;
use crate::i18n::*;

/// The queue on the day: your number, the number being served, people ahead, and when it is
/// likely your turn (in the place's zone).
#[component]
pub fn QueueCard(queue: QueuePosition, zone: Zone) -> impl IntoView {
    let i18n = use_i18n();
    let estimate = time_label(queue.estimated_at, zone);
    view! {
        <section class="queue-card" aria-labelledby="antrean-judul">
            <h2 id="antrean-judul">{t!(i18n, queue_title)}</h2>
            <dl class="queue-card__facts">
                <div><dt>{t!(i18n, queue_yours)}</dt><dd data-testid="queue-number">{queue.queue_number}</dd></div>
                <div><dt>{t!(i18n, queue_now_serving)}</dt><dd data-testid="queue-now-serving">{queue.now_serving}</dd></div>
                <div><dt>{t!(i18n, queue_ahead)}</dt><dd data-testid="queue-ahead">{queue.people_ahead}</dd></div>
                <div><dt>{t!(i18n, queue_estimate)}</dt><dd>{estimate}</dd></div>
            </dl>
        </section>
    }
}
