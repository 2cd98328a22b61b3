#!/usr/bin/env bash
# Refresh the message catalogs with Babel: extract -> update -> compile.
#   scripts/i18n.sh        after changing messages in code; then translate the new entries in
#                          docgen/locale/zh_CN/LC_MESSAGES/docgen.po and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYBABEL:-.venv/bin/pybabel}   # a git worktree without its own venv: PYBABEL=/path/to/pybabel
$py extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k NP_:1,2 --no-location --sort-output \
    --project docgen -o docgen/locale/docgen.pot docgen
$py update -i docgen/locale/docgen.pot -d docgen/locale -D docgen -l zh_CN --no-fuzzy-matching --ignore-obsolete
$py compile -d docgen/locale -D docgen --statistics
