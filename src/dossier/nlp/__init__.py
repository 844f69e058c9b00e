"""The language-model stage: load spaCy once, parse many documents in batches."""

from dossier.nlp.model import DEFAULT_MODEL, load_model

__all__ = ["DEFAULT_MODEL", "load_model"]
