fn main() {
    console_error_panic_hook::set_once();
    loket::state::locale::prefer_indonesian_on_first_visit();
    loket::state::shell::remove_skeleton();
    leptos::mount::mount_to_body(loket::app::App);
}
