#!/usr/bin/env bash
# The demo: Microsoft's documented role setting (activation at most 8 hours, justification and
# approval required), one activation that breaks it and one that passes, checked offline.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p pimcheck-cli || exit 2
demo=examples/demo
for request in activation-too-long activation-ok; do
  echo "\$ pimcheck check --policy $demo/role-settings.json --request $demo/$request.json --now 2026-11-24T12:00:00Z --format text"
  target/release/pimcheck check --policy "$demo/role-settings.json" --request "$demo/$request.json" \
    --now 2026-11-24T12:00:00Z --format text
  echo "(exit status $?)"
  echo
done
