"""The typed records that flow between pipeline stages.

Data moves one way: ingest -> clean -> nlp + extract (per document) -> link (across
documents) -> store/output. Every per-document record carries character offsets into that
document's *cleaned* text, so any fact can be traced back to the words it came from.

Records are plain dataclasses: cheap to build in the hot path, picklable for worker
processes, and turned to/from JSON with :func:`to_dict` / ``from_dict`` for the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


# --------------------------------------------------------------------------- ingest


@dataclass(slots=True)
class RawDocument:
    """One article as read from disk, before cleaning.

    ``text`` is the decoded raw input for plain text; for HTML it is the text the HTML
    extractor produced (raw offsets in ``removed`` then point into that text).
    """

    source: str  # path or URL as given; for JSONL/WARC "path#N" or the record URL
    text: str
    title: str | None = None  # a title supplied by metadata (HTML <title>, JSONL field)
    published: str | None = None  # ISO date from metadata
    original_source: str | None = None  # publisher named by metadata
    fmt: str = "txt"  # txt | html | jsonl | warc


@dataclass(slots=True)
class InputError:
    """An input that could not be read or processed. It is reported, never fatal."""

    source: str
    stage: str  # ingest | clean | nlp | extract | store
    message: str


# --------------------------------------------------------------------------- clean


@dataclass(slots=True)
class Removal:
    """Something cleaning took out, with offsets into the raw text."""

    kind: str  # boilerplate | caption | duplicate_paragraph | title | source_line
    text: str
    raw_start: int
    raw_end: int


@dataclass(slots=True)
class Document:
    """A cleaned article: the unit every later stage works on."""

    id: str
    source: str
    text: str
    title: str | None = None
    original_source: str | None = None
    published: str | None = None
    duplicate_of: str | None = None
    removed: list[Removal] = field(default_factory=list)
    content_hash: str = ""


# --------------------------------------------------------------------------- extract


@dataclass(slots=True)
class Span:
    """A stretch of one document's cleaned text: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class EntityMention:
    """One mention of a named thing in one document, typed and annotated in context."""

    start: int
    end: int
    text: str
    type: str  # PERSON ORG GPE LOC FAC NORP
    roles: list[str] = field(default_factory=list)  # titles as written near this mention
    country: str | None = None  # affiliation hinted by role/demonym ("Russia")
    canonical: str | None = None  # in-document fullest form, e.g. "Vladimir Putin" for "Putin"
    role_norm: list[str] = field(default_factory=list)  # normalised roles: "foreign minister"
    country_code: str | None = None  # ISO alpha-2 of ``country``
    place_key: str | None = None  # gazetteer identity ("cc:RU", "geo:703448", "org:NATO")


@dataclass(slots=True)
class QuoteMention:
    start: int
    end: int
    text: str  # the words without quote marks; for indirect, the reported content
    kind: str  # direct | partial | indirect
    cue: str | None = None
    speaker: Span | None = None  # the words naming the speaker as written ("he")
    speaker_ref: Span | None = None  # the resolved antecedent (a name) when coreference found one


@dataclass(slots=True)
class QuantityMention:
    start: int
    end: int
    text: str
    value: float | list[float]
    unit: str | None
    approximate: bool = False


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # ISO date (or "YYYY-MM-DD/YYYY-MM-DD" range) when resolved


@dataclass(slots=True)
class EventMention:
    start: int  # the clause that reports it
    end: int
    text: str
    type: str  # PLOVER type
    trigger: Span | None = None
    actor: Span | None = None
    target: Span | None = None
    location: Span | None = None
    date: str | None = None
    negated: bool = False
    hypothetical: bool = False


@dataclass(slots=True)
class DocAnalysis:
    """Everything extracted from one document: the output of the per-document stage.

    A pure function of (document text, metadata, loaded model): this is what worker
    processes return and what the store caches by content hash.
    """

    doc_id: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    words: int = 0


# --------------------------------------------------------------------------- (de)serialise


def to_dict(rec: Any) -> Any:
    """Dataclass (or list of them) to plain JSON-able data."""
    if is_dataclass(rec):
        return asdict(rec)
    if isinstance(rec, list):
        return [to_dict(r) for r in rec]
    return rec


_NESTED: dict[type, dict[str, type]] = {}


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record (with nested Span / Removal / mention lists) from :func:`to_dict`."""
    hints = _NESTED.get(cls)
    kwargs = {}
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    for k, v in data.items():
        if k not in names:
            continue
        sub = hints.get(k) if hints else None
        if sub is not None and v is not None:
            v = [from_dict(sub, x) for x in v] if isinstance(v, list) and sub is not Span else (
                from_dict(sub, v) if isinstance(v, dict) else v
            )
        kwargs[k] = v
    return cls(**kwargs)


_NESTED.update(
    {
        Document: {"removed": Removal},
        QuoteMention: {"speaker": Span, "speaker_ref": Span},
        EventMention: {"trigger": Span, "actor": Span, "target": Span, "location": Span},
        DocAnalysis: {
            "entities": EntityMention,
            "quotes": QuoteMention,
            "quantities": QuantityMention,
            "dates": DateMention,
            "events": EventMention,
        },
    }
)
