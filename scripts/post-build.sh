#!/usr/bin/env bash
# Trunk's one post_build hook (hooks of a stage run at the same time, and these two must run in
# order): the split modules first, then the service worker's precache list, which names them.
set -euo pipefail
node scripts/place-split.mjs
node scripts/precache.mjs
