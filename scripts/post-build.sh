#!/usr/bin/env bash
# Trunk's one post_build hook: the split modules next to the main one. The first HTML and the
# service worker's precache list come after trunk, in scripts/build.
set -euo pipefail
node scripts/place-split.mjs
