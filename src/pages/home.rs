use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::data_status::DataStatus;
use crate::components::service_card::ServiceCard;
use crate::domain::search::Filters;
use crate::i18n::*;
use crate::state::directory::use_directory;
use crate::state::prefs::use_my_location;

/// Services shown at first, and added by each "show more".
const PAGE: usize = 20;

/// The directory: instant search with filters over the stored catalogue.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let dir = use_directory();
    // Whatever the citizen typed into the prerendered box before the app started.
    let query = RwSignal::new(crate::state::shell::prerendered_input("cari").unwrap_or_default());
    let category = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let location = use_my_location();
    let health_only = RwSignal::new(false);
    let lang = move || i18n.get_locale().as_str();

    let filters = move || {
        let some = |v: String| (!v.is_empty()).then_some(v);
        Filters {
            category_id: some(category.get()),
            agency_id: some(agency.get()),
            location_id: some(location.get()),
            health_only: health_only.get(),
        }
    };
    let results = Memo::new(move |_| {
        dir.data.with(|data| {
            data.as_ref().map(|d| {
                d.index.search(&d.catalogue.services, &query.get(), &filters()).into_iter().map(|hit| hit.service).collect::<Vec<_>>()
            })
        })
    });
    let count = move || results.with(|r| r.as_ref().map_or(0, Vec::len));
    // The first screenful at once, the rest a page at a time on the citizen's request: a short
    // first render on a slow phone, and find-in-page and screen readers see what is shown.
    let limit = RwSignal::new(PAGE);
    // Set only when it changed: every keystroke changes the results, and a needless set would
    // make the list compare its cards a second time.
    Effect::watch(
        move || results.track(),
        move |_, _, _| {
            if limit.get_untracked() != PAGE {
                limit.set(PAGE)
            }
        },
        false,
    );
    // Each card is made in one language: a switch makes them again.
    let shown = move || {
        let locale = i18n.get_locale();
        results.with(|r| r.as_ref().map(|r| r.iter().take(limit.get()).map(|&i| (i, locale)).collect::<Vec<_>>()).unwrap_or_default())
    };

    // Options of the filter lists, named in the chosen language.
    let options = move |pick: fn(&crate::state::directory::DirectoryData, &str) -> Vec<(String, String)>| {
        move || dir.data.with(|d| d.as_ref().map(|d| pick(d, lang())).unwrap_or_default())
    };
    let categories = options(|d, l| d.catalogue.categories.iter().map(|c| (c.id.clone(), c.name.get(l).to_owned())).collect());
    let agencies = options(|d, l| d.catalogue.agencies.iter().map(|a| (a.id.clone(), a.name.get(l).to_owned())).collect());
    let places = options(|d, l| d.catalogue.locations.iter().map(|p| (p.id.clone(), p.name.get(l).to_owned())).collect());

    view! {
        <Title text=move || t_string!(i18n, home_title).to_string() />
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_lead)}</p>
        <DataStatus />
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label class="field__label" for="cari">{t!(i18n, search_label)}</label>
                <p class="field__hint" id="cari-hint">{t!(i18n, search_hint)}</p>
                <input
                    id="cari"
                    class="field__input"
                    type="search"
                    autocomplete="off"
                    aria-describedby="cari-hint"
                    prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            <div class="filters">
                <FilterSelect id="kategori" label=move || t_string!(i18n, filter_category) value=category options=categories />
                <FilterSelect id="instansi" label=move || t_string!(i18n, filter_agency) value=agency options=agencies />
                <FilterSelect id="lokasi" label=move || t_string!(i18n, filter_location) value=location options=places />
                <div class="field field--checkbox">
                    <input
                        id="kesehatan"
                        type="checkbox"
                        prop:checked=health_only
                        on:change=move |ev| health_only.set(event_target_checked(&ev))
                    />
                    <label for="kesehatan">{t!(i18n, filter_health)}</label>
                </div>
            </div>
        </form>
        <Show when=move || results.with(Option::is_some)>
            <p class="results-count" role="status" aria-live="polite">
                {move || if count() == 0 {
                    t_string!(i18n, results_none).to_string()
                } else {
                    t_string!(i18n, results_count, count = count()).to_string()
                }}
            </p>
        </Show>
        <ul class="service-list">
            <For
                each=shown
                key=|item| *item
                children=move |(i, locale)| {
                    dir.data.with_untracked(|d| {
                        d.as_ref().map(|d| {
                            let s = &d.catalogue.services[i];
                            let agency = d.agency_name(&s.agency_id).unwrap_or_default().to_owned();
                            view! { <ServiceCard service=s agency=agency locale=locale /> }
                        })
                    })
                }
            />
        </ul>
        <Show when=move || { count() > limit.get() }>
            <button type="button" class="button button--secondary" on:click=move |_| limit.update(|n| *n += PAGE)>
                {move || t_string!(i18n, results_more, count = (count() - limit.get()).min(PAGE)).to_string()}
            </button>
        </Show>
    }
}

/// A labelled list filter with "All" first.
#[component]
fn FilterSelect<L, O>(id: &'static str, label: L, value: RwSignal<String>, options: O) -> impl IntoView
where
    L: Fn() -> &'static str + Send + Sync + 'static,
    O: Fn() -> Vec<(String, String)> + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="field__select" prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>{t!(i18n, filter_all)}</option>
                {move || options().into_iter().map(|(v, name)| {
                    let selected = value.get() == v;
                    view! { <option value=v selected=selected>{name}</option> }
                }).collect::<Vec<_>>()}
            </select>
        </div>
    }
}
