"""Contradictions from hand-made analyses: roles, numbers, and a claim against its denial.

Entity records are built here the way the merger would (one record per real entity with its
mentions in every article), so the rules are tested apart from the extractors.
"""

from __future__ import annotations

from typing import Any

from dossier.link.context import Corpus
from dossier.link.contradictions import find_contradictions
from tests.handmade import build_corpus as build


def kinds(out: list[dict[str, Any]]) -> list[str]:
    return [c["kind"] for c in out]


def check_spans(corpus: Corpus, out: list[dict[str, Any]]) -> None:
    texts = {d.id: d.text for d, _ in corpus.items}
    for c in out:
        assert c["id"].startswith("c-") and len(c["claims"]) >= 2 and c["explanation"]
        for cl in c["claims"]:
            assert texts[cl["doc"]][cl["start"]:cl["end"]] == cl["text"]


PEOPLE = {"Maria Lopez": ("lopez", "PERSON"), "Lopez": ("lopez", "PERSON"), "Tom Reed": ("reed", "PERSON")}


def test_former_in_one_article_sitting_in_another() -> None:
    corpus, res, lists = build([
        ("a", None, "Former Prime Minister Maria Lopez met the envoy."),
        ("b", None, "Prime Minister Maria Lopez said talks would resume."),
    ], PEOPLE, roles={("a", "Maria Lopez"): ["Former Prime Minister"], ("b", "Maria Lopez"): ["Prime Minister"]})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["role"]
    assert out[0]["about"] == "lopez"
    assert {cl["text"] for cl in out[0]["claims"]} == {"Former Prime Minister Maria Lopez", "Prime Minister Maria Lopez"}
    check_spans(corpus, out)


def test_roles_read_from_the_text_when_the_extractor_gave_none() -> None:
    corpus, res, lists = build([
        ("a", None, "The deal was signed by ex-Governor Tom Reed on Friday."),
        ("b", None, "Governor Tom Reed vetoed the bill."),
    ], PEOPLE)
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["role"]
    check_spans(corpus, out)


def test_compatible_roles_are_no_contradiction() -> None:
    corpus, res, lists = build([
        ("a", None, "Former Vice President Maria Lopez spoke. Acting Governor Tom Reed listened."),
        ("b", None, "President Maria Lopez spoke. Governor Tom Reed listened."),
        ("c", None, "Former President Maria Lopez and President Maria Lopez are the same person here."),
    ], PEOPLE, roles={("a", "Maria Lopez"): ["Former Vice President"], ("a", "Tom Reed"): ["Acting Governor"],
                      ("b", "Maria Lopez"): ["President"], ("b", "Tom Reed"): ["Governor"]})
    # Vice President is another office; "acting" says nothing either way. Article c's own
    # mentions carry no roles from the extractor and its two mentions sit in one article.
    out = find_contradictions(corpus, res, lists)
    assert [c for c in out if c["kind"] == "role" and any(cl["doc"] == "a" for cl in c["claims"])] == []


def test_same_thing_counted_differently() -> None:
    corpus, res, lists = build([
        ("a", "2025-06-01", "After three-and-a-half years of war, the front is quiet."),
        ("b", "2025-06-03", "After over two years of war, the front is quiet."),
    ], {}, quantities={"a": [("three-and-a-half years", 3.5, "year", False)],
                       "b": [("over two years", 2, "year", True)]})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["number"]
    assert [cl["text"] for cl in out[0]["claims"]] == ["three-and-a-half years of war", "over two years of war"]
    check_spans(corpus, out)


def test_numbers_that_wording_or_time_reconcile() -> None:
    corpus, res, lists = build([
        ("a", "2023-06-01", "Around 50,000 troops massed on the border. After two years of war, talks began. "
                            "At least 12 people were killed in the strike."),
        ("b", "2024-06-01", "Some 55,000 troops massed on the border. After three years of war, talks resumed. "
                            "Twenty people were killed in the strike."),
        ("c", "2024-06-02", "The union proposed a 30-day truce in the dispute."),
        ("d", "2024-06-02", "The union would accept a 10-day truce in the dispute."),
    ], {}, quantities={
        "a": [("Around 50,000 troops", 50000, "troop", True), ("two years", 2, "year", False),
              ("At least 12 people", 12, "person", True)],
        "b": [("Some 55,000 troops", 55000, "troop", True), ("three years", 3, "year", False),
              ("Twenty people", 20, "person", False)],
        "c": [("30-day", 30, "day", False)], "d": [("10-day", 10, "day", False)]})
    # around 50,000 vs some 55,000 overlap; the war is a year older a year later; "at least 12"
    # allows 20; a proposed truce is no reported fact.
    assert find_contradictions(corpus, res, lists) == []


def test_different_places_are_different_things() -> None:
    names = {"Kharkiv": ("kharkiv", "GPE"), "Odesa": ("odesa", "GPE")}
    corpus, res, lists = build([
        ("a", None, "In Kharkiv, 14 people were killed overnight."),
        ("b", None, "In Odesa, 3 people were killed overnight."),
    ], names, quantities={"a": [("14 people", 14, "person", False)], "b": [("3 people", 3, "person", False)]})
    assert find_contradictions(corpus, res, lists) == []


def test_a_report_and_its_denial() -> None:
    corpus, res, lists = build([
        ("a", None, "The garrison in Port Amara has surrendered to rebel forces, a regional governor said. "
                    "Fighting continued elsewhere."),
        ("b", None, "The defence ministry denied reports that the Port Amara garrison had surrendered, "
                    "calling them enemy propaganda. Fighting continued elsewhere."),
    ], {})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["fact"]
    texts = [cl["text"] for cl in out[0]["claims"]]
    assert texts[0].startswith("The garrison in Port Amara has surrendered")
    assert texts[-1].startswith("The defence ministry denied reports")
    check_spans(corpus, out)


def test_a_denial_without_a_matching_report_is_nothing() -> None:
    corpus, res, lists = build([
        ("a", None, "The striker denied reports that he wanted to leave the club. The team won 2-0."),
        ("b", None, "The team won again on Sunday. The coach praised the defence."),
    ], {})
    assert find_contradictions(corpus, res, lists) == []


def test_a_title_in_apposition_after_the_name() -> None:
    corpus, res, lists = build([
        ("a", None, "Union president Maria Lopez called the strike."),
        ("b", None, "The deal is fair, said Maria Lopez, the union's former president."),
    ], PEOPLE)
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["role"]
    assert any("former president" in cl["text"] for cl in out[0]["claims"])
    check_spans(corpus, out)


def test_an_apposition_that_is_no_title_is_nothing() -> None:
    corpus, res, lists = build([
        ("a", None, "Union president Maria Lopez called the strike."),
        ("b", None, "The deal is fair, said Maria Lopez, the former firefighter."),
    ], PEOPLE)
    assert find_contradictions(corpus, res, lists) == []


def test_one_count_described_by_its_surroundings() -> None:
    corpus, res, lists = build([
        ("a", "2025-01-10", "Gunmen holding nine mining engineers near Tarkwa have demanded a ransom."),
        ("b", "2025-01-20", "The twelve mining engineers seized near Tarkwa were released on Sunday."),
    ], {"Tarkwa": ("tarkwa", "GPE")},
        quantities={"a": [("nine mining engineers", 9, "engineer", False)],
                    "b": [("twelve mining engineers", 12, "engineer", False)]})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["number"]
    assert {cl["doc"] for cl in out[0]["claims"]} == {"a", "b"}
    check_spans(corpus, out)


def test_counts_of_different_fates_are_not_one_thing() -> None:
    corpus, res, lists = build([
        ("a", "2025-01-10", "Nine mining engineers were killed in the blast near Tarkwa on the night shift."),
        ("b", "2025-01-11", "Twelve mining engineers were injured in the blast near Tarkwa on the night shift."),
    ], {"Tarkwa": ("tarkwa", "GPE")},
        quantities={"a": [("Nine mining engineers", 9, "engineer", False)],
                    "b": [("Twelve mining engineers", 12, "engineer", False)]})
    assert find_contradictions(corpus, res, lists) == []


def test_a_plan_in_the_quantitys_own_clause_is_no_fact() -> None:
    corpus, res, lists = build([
        ("a", "2025-01-10", "The exporters could ship 99,000 tonnes of beef a year under the pact."),
        ("b", "2025-01-11", "The exporters shipped 60,000 tonnes of beef a year under the old rules."),
    ], {}, quantities={"a": [("99,000 tonnes", 99000, "tonne", False)],
                       "b": [("60,000 tonnes", 60000, "tonne", False)]})
    assert find_contradictions(corpus, res, lists) == []


def test_a_former_title_whose_sentence_tells_the_change_is_no_contradiction() -> None:
    corpus, res, lists = build([
        ("a", "2025-06-01", "Chief executive Maria Lopez said the firm would settle."),
        ("b", "2025-09-01", "Former chief executive Maria Lopez, who stepped down in August, did not comment."),
        ("c", "2025-09-02", "Former chief executive Maria Lopez did not comment."),
    ], PEOPLE)
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["role"]
    assert {cl["doc"] for cl in out[0]["claims"]} == {"a", "c"}  # b tells why she is former


def test_durations_compare_in_days_and_a_finished_length_does_not_grow() -> None:
    corpus, res, lists = build([
        ("a", "2025-03-01", "The two countries fought a three-month war in 2020."),
        ("b", "2025-09-01", "The two countries fought a 44-day war in 2020."),
        ("c", "2025-09-02", "The two countries fought a 13-week war in 2020."),
    ], {}, quantities={"a": [("three-month", 3, "month", False)], "b": [("44-day", 44, "day", False)],
                       "c": [("13-week", 13, "week", False)]})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["number"]
    docs = {cl["doc"] for cl in out[0]["claims"]}
    assert "b" in docs and docs & {"a", "c"}  # 13 weeks is three months; 44 days is neither
    check_spans(corpus, out)


def test_a_denial_with_a_setting_phrase_still_meets_its_report() -> None:
    corpus, res, lists = build([
        ("a", None, "A local paper reported that the mayor had promised the builders a tax waiver for support."),
        ("b", None, "The mayor denied that she had promised the contractors a tax waiver during the talks. "
                    "The council met on Monday."),
    ], {})
    out = find_contradictions(corpus, res, lists)
    assert kinds(out) == ["fact"]
    check_spans(corpus, out)
