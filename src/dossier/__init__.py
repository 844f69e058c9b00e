"""dossier: turn a pile of news articles about a story into a structured, source-linked dossier."""

__version__ = "0.1.0"
SCHEMA = "dossier/1"
