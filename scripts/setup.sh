#!/usr/bin/env bash
# Sets up docgen on a fresh Debian 12 machine: system packages (LibreOffice, CJK fonts,
# poppler-utils), then a virtual environment in .venv with docgen installed.
#   scripts/setup.sh          run-time dependencies
#   scripts/setup.sh --test   also the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

apt_packages=(
  python3 python3-venv python3-uno          # Debian's python3 runs the UNO worker (python3-uno)
  libreoffice-writer-nogui                  # the reference renderer (LibreOffice 7.4 on Debian 12)
  libreoffice-calc-nogui                    # opens the .xlsx docgen writes (a test converts one)
  fonts-noto-cjk fonts-arphic-ukai          # open faces standing in for the standard's fonts
  fonts-hanazono fonts-symbola              # fallbacks: CJK Extension A/B, symbols and emoji
  poppler-utils fontconfig                  # pdftoppm / pdffonts; fc-match
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  /usr/bin/python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
