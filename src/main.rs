fn main() {
    console_error_panic_hook::set_once();
    loket::state::shell::mount(loket::app::App);
}
