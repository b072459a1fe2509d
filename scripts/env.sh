# Sourced by the scripts: where the locally installed tools are, and how tests find the browser.
export PATH="$PWD/scripts/wasm-split:${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Trunk must use the tools above and never download its own.
export TRUNK_OFFLINE=true
