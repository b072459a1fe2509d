fn main() {
    console_error_panic_hook::set_once();
    loket::state::shell::remove_skeleton();
    leptos::mount::mount_to_body(loket::app::App);
}
