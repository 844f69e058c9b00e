"""Shared fixtures: the model is loaded once per test session (it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "peace-talks"


@pytest.fixture(scope="session")
def nlp():
    from dossier.nlp.model import load_model

    return load_model()
