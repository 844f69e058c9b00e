"""Cross-document entity merging: one record per real entity, people kept apart, stable ids."""

from __future__ import annotations

import pytest

from dossier.extract.entities import extract_entities
from dossier.link.entities import merge_entities
from dossier.records import DocAnalysis, Document, EntityMention

ARTICLES = {
    "a1": (
        "Ukrainian President Volodymyr Zelenskyy met Polish Prime Minister Donald Tusk in Warsaw. "
        "Zelenskyy thanked Poland for its support. Kremlin spokesman Dmitry Peskov dismissed the meeting."
    ),
    "a2": (
        "Volodymr Zelensky, in a typo-ridden wire copy, said Moscow was stalling. Zelensky spoke from Kyiv. "
        "The Kremlin said it was open to talks."
    ),
    "a3": "President Volodymyr Zelenskiy told reporters in Lviv that Peskov had misrepresented the talks.",
    "b1": (
        "Jane Smith, the Green MP for Brighton Pavilion, asked ministers about water quality. "
        "Smith said rivers in Sussex were polluted."
    ),
    "b2": (
        "John Smith, chief executive of Northern Rail, said services would improve. "
        "Smith blamed strikes for the delays."
    ),
    "b3": "Rail boss Smith, the chief executive, promised refunds to passengers in Leeds.",
}


def analyse(nlp, ids):
    items = []
    for i in ids:
        text = ARTICLES[i]
        items.append((Document(id=i, source=i, text=text), DocAnalysis(doc_id=i, entities=extract_entities(nlp(text)))))
    return items


@pytest.fixture(scope="module")
def merged(nlp):
    items = analyse(nlp, sorted(ARTICLES))
    return items, merge_entities(items)


def people(index, surname):
    return [r for r in index.records if r["type"] == "PERSON" and surname in r["name"]]


def test_spelling_variants_are_one_person(merged):
    _, index = merged
    z = people(index, "Zelens")
    assert len(z) == 1
    rec = z[0]
    assert {"Zelenskyy", "Zelensky", "Volodymr Zelensky", "Volodymyr Zelenskiy"} <= set(rec["aliases"])
    assert {m["doc"] for m in rec["mentions"]} == {"a1", "a2", "a3"}
    assert rec["country"] == "Ukraine"
    assert rec["aliases"] == sorted(rec["aliases"])


def test_surname_only_mention_joins_full_name_across_documents(merged):
    _, index = merged
    p = people(index, "Peskov")
    assert len(p) == 1 and p[0]["name"] == "Dmitry Peskov"
    assert {m["doc"] for m in p[0]["mentions"]} == {"a1", "a3"}
    assert "Kremlin spokesman" in p[0]["roles"]


def test_same_surname_different_people_stay_apart(merged):
    _, index = merged
    smiths = people(index, "Smith")
    names = sorted(r["name"] for r in smiths)
    assert "Jane Smith" in names and "John Smith" in names
    jane = next(r for r in smiths if r["name"] == "Jane Smith")
    john = next(r for r in smiths if r["name"] == "John Smith")
    assert {m["doc"] for m in jane["mentions"]} == {"b1"}
    # The bare "Smith" in b3 is a chief executive: it fits John, not Jane.
    assert "b3" in {m["doc"] for m in john["mentions"]}


def test_institutions_and_capitals_are_their_own_entities_with_country(merged):
    _, index = merged
    by_name = {r["name"]: r for r in index.records}
    assert by_name["Kremlin"]["type"] == "ORG" and by_name["Kremlin"]["country"] == "Russia"
    moscow = by_name["Moscow"]
    assert moscow["type"] == "GPE" and moscow["country"] == "Russia"
    assert moscow["country_code"] == "RU" and moscow["lat"] and moscow["lon"]
    assert by_name["Kremlin"]["id"] != moscow["id"]


def test_ids_and_order_do_not_depend_on_input_order(nlp, merged):
    items, index = merged
    again = merge_entities(list(reversed(items)))
    assert [r["id"] for r in again.records] == [r["id"] for r in index.records]
    assert again.records == index.records
    assert all(r["id"].startswith("e-") for r in index.records)
    assert len({r["id"] for r in index.records}) == len(index.records)


def test_mentions_sorted_and_point_at_text(merged):
    items, index = merged
    texts = {d.id: d.text for d, _ in items}
    for r in index.records:
        keys = [(m["doc"], m["start"]) for m in r["mentions"]]
        assert keys == sorted(keys)
        for m in r["mentions"]:
            assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]


def test_resolve_prefers_person_over_nested_nationality(merged):
    items, index = merged
    text = ARTICLES["a1"]
    start = text.index("Ukrainian President")
    end = text.index("Zelenskyy") + len("Zelenskyy")
    eid = index.resolve("a1", start, end)
    z = people(index, "Zelens")[0]
    assert eid == z["id"]
    k = text.index("Kremlin")
    assert index.resolve("a1", k, k + len("Kremlin")) == next(r["id"] for r in index.records if r["name"] == "Kremlin")
    met = text.index(" met ") + 1
    assert index.resolve("a1", met, met + 3) is None


def _mention(text: str, body: str, typ: str, **kw) -> EntityMention:
    start = body.index(text)
    return EntityMention(start, start + len(text), text, typ, **kw)


def test_type_conflict_resolved_by_person_evidence():
    """The model typed a bare surname as an organisation in one article; the person named in
    full, with a role, elsewhere wins the vote."""
    t1 = "Chancellor Friedrich Merz spoke in Berlin. Merz said the budget was fair."
    t2 = "Critics said Merz had broken his promise on debt."
    a1 = DocAnalysis(doc_id="x1", entities=[
        _mention("Friedrich Merz", t1, "PERSON", roles=["Chancellor"], role_norm=["chancellor"],
                 canonical="Friedrich Merz", country="Germany", country_code="DE"),
        _mention("Merz said", t1, "PERSON", canonical="Friedrich Merz"),
    ])
    a1.entities[1].end = a1.entities[1].start + 4
    a1.entities[1].text = "Merz"
    a2 = DocAnalysis(doc_id="x2", entities=[_mention("Merz", t2, "ORG", canonical="Merz")])
    index = merge_entities([(Document(id="x2", source="x2", text=t2), a2), (Document(id="x1", source="x1", text=t1), a1)])
    merz = [r for r in index.records if "Merz" in r["name"]]
    assert len(merz) == 1 and merz[0]["type"] == "PERSON" and merz[0]["name"] == "Friedrich Merz"
    assert {m["doc"] for m in merz[0]["mentions"]} == {"x1", "x2"}
    assert merz[0]["roles"] == ["Chancellor"] and merz[0]["country"] == "Germany"


def test_first_names_that_conflict_keep_people_apart():
    t1 = "Robert Lewandowski scored twice for Barcelona."
    t2 = "Piotr Lewandowski, a Warsaw lawyer, filed the complaint."
    a1 = DocAnalysis(doc_id="y1", entities=[_mention("Robert Lewandowski", t1, "PERSON", canonical="Robert Lewandowski")])
    a2 = DocAnalysis(doc_id="y2", entities=[_mention("Piotr Lewandowski", t2, "PERSON", canonical="Piotr Lewandowski")])
    index = merge_entities([(Document(id="y1", source="y1", text=t1), a1), (Document(id="y2", source="y2", text=t2), a2)])
    assert sorted(r["name"] for r in index.records) == ["Piotr Lewandowski", "Robert Lewandowski"]
