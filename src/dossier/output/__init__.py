"""Output: the dossier JSON, flat exports, reports and the web app."""
