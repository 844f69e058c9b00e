"""The local web app (``dossier serve``): pages and a JSON API over the SQLite store.

Import :func:`dossier.web.app.create_app` for the app; the read model in
:mod:`dossier.web.queries` needs no web libraries, so the report reuses it.
"""
