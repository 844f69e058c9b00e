"""The text of a parsed document, read once.

spaCy rebuilds ``Doc.text`` from its tokens on every access (a few ms for a long article);
every extractor needs it, so it is cached in the Doc's ``user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "dossier.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
