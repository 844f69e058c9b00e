"""The embedded SQLite store."""

from dossier.store.sqlite import Store, StoreError

__all__ = ["Store", "StoreError"]
