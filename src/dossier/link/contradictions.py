"""Where the sources disagree: roles, numbers and facts.

Three narrow detectors, each built to prefer silence over noise (a contradiction list full of
false alarms is worse than a short one):

- role: one merged entity is "former X" in one article and X in office in another
  (:mod:`contradiction_roles`);
- number: the same measured thing with values no wording can reconcile
  (:mod:`contradiction_numbers`);
- fact: a report and a party's denial of it (:mod:`contradiction_denials`).
"""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus, EntityResolver
from dossier.link.contradiction_denials import denial_contradictions
from dossier.link.contradiction_numbers import number_contradictions
from dossier.link.contradiction_roles import role_contradictions

KIND_ORDER = {"role": 0, "number": 1, "fact": 2}


def find_contradictions(corpus: Corpus, entities: EntityResolver, lists: dict[str, list[dict[str, Any]]]
                        ) -> list[dict[str, Any]]:
    """Contradiction records (SPEC ``contradictions``), in a stable order."""
    out = role_contradictions(corpus, lists) + number_contradictions(corpus, lists) \
        + denial_contradictions(corpus, lists)
    seen: set[str] = set()
    unique = []
    for c in out:
        if c["id"] not in seen:
            seen.add(c["id"])
            unique.append(c)
    unique.sort(key=lambda c: (KIND_ORDER[c["kind"]], c["id"]))
    return unique
