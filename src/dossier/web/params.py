"""Reading query parameters: bad input is a 400 with a clear message, never a crash."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request


def text(request: Request, name: str) -> str | None:
    """A trimmed text parameter; empty means absent (forms send empty fields)."""
    v = request.query_params.get(name, "").strip()
    return v[:200] or None


def integer(request: Request, name: str, default: int | None, low: int = 0, high: int = 10**9) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        v = int(raw)
    except ValueError:
        raise HTTPException(400, f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not low <= v <= high:
        raise HTTPException(400, f"{name} must be between {low} and {high}")
    return v


def choice(request: Request, name: str, allowed: list[str], upper: bool = False) -> str | None:
    v = text(request, name)
    if v is None:
        return None
    v = v.upper() if upper else v.lower()
    if v not in allowed:
        raise HTTPException(400, f"{name} must be one of {', '.join(allowed)}")
    return v


def page(request: Request) -> int:
    return integer(request, "page", 1, 1) or 1


def per(request: Request, default: int) -> int:
    return integer(request, "per", default, 1, 200) or default


def found(record: dict | None, what: str, key: str) -> dict:
    """The record a path names, or a 404 that says which one is missing."""
    if record is None:
        raise HTTPException(404, f"No {what} {key}.")
    return record
