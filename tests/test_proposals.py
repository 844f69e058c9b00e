"""Proposals and stances from hand-made analyses: no model, no entity merger, just the link rules.

Each test builds a few short articles with their sentences and entity mentions (found by name
here) and a stand-in resolver that maps every mention to an entity id, then reads what
``link_proposals`` makes of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from dossier.link.proposals import link_proposals
from dossier.records import EventMention, QuoteMention, Span
from tests.handmade import build_corpus as build


def stances(p: dict[str, Any]) -> set[tuple[str, str]]:
    return {(s["party"], s["stance"]) for s in p["stances"]}


def only(props: list[dict[str, Any]], word: str) -> dict[str, Any]:
    hits = [p for p in props if word in p["name"].lower() or word in p["text"].lower()]
    assert len(hits) == 1, [p["name"] for p in props]
    return hits[0]


WAR = {"Ukraine": ("ukraine", "GPE"), "Kyiv": ("ukraine", "GPE"), "Russia": ("russia", "GPE"),
       "Moscow": ("russia", "GPE"), "United States": ("usa", "GPE"), "Washington": ("usa", "GPE"),
       "Putin": ("putin", "PERSON"), "Zelensky": ("zelensky", "PERSON"), "Kremlin": ("kremlin", "ORG"),
       "Istanbul": ("istanbul", "GPE"), "Turkey": ("turkey", "GPE")}


def test_a_ceasefire_across_articles_with_changing_positions() -> None:
    corpus, res, lists = build([
        ("a1", "2025-03-11", "The United States proposed a 30-day interim ceasefire on Tuesday. "
                             "Ukraine accepted the truce within hours. The Kremlin said it was studying the proposal."),
        ("a2", "2025-03-14", "Russia would agree to the ceasefire only if Western arms deliveries stopped, officials said."),
        ("a3", "2025-03-30", "Moscow rejected the 30-day ceasefire on Sunday."),
    ], WAR)
    props = link_proposals(corpus, res, lists)
    p = only(props, "ceasefire")
    assert p["proposer"] == "usa"
    assert p["text"] == "a 30-day interim ceasefire"
    assert "30-day" in p["name"] and "ceasefire" in p["name"]
    assert {m["doc"] for m in p["mentions"]} == {"a1", "a2", "a3"}
    assert any(m["text"] == "the truce" for m in p["mentions"])
    got = stances(p)
    assert {("usa", "proposes"), ("ukraine", "accepts"), ("kremlin", "undecided"),
            ("russia", "conditional"), ("russia", "rejects")} <= got
    # Stances keep the order the articles tell them: the matrix shows the latest.
    russia = [s["stance"] for s in p["stances"] if s["party"] == "russia"]
    assert russia == ["conditional", "rejects"]
    assert p["date"] == "2025-03-11"
    for s in p["stances"]:
        text = next(d.text for d, _ in corpus.items if d.id == s["doc"])
        assert text[s["start"]:s["end"]] == s["text"]


def test_different_numbers_make_different_proposals() -> None:
    corpus, res, lists = build([
        ("a1", None, "Ukraine proposed a 30-day ceasefire. Russia offered a three-day truce instead."),
        ("a2", None, "Kyiv dismissed the 3-day truce as a stunt."),
    ], WAR)
    props = link_proposals(corpus, res, lists)
    assert len(props) == 2
    thirty = next(p for p in props if "30" in p["name"])
    three = next(p for p in props if "three" in p["name"])
    assert thirty["proposer"] == "ukraine" and three["proposer"] == "russia"
    assert ("ukraine", "rejects") in stances(three)
    assert ("ukraine", "rejects") not in stances(thirty)


def test_a_meeting_named_by_its_participants_and_kept_apart_from_another() -> None:
    corpus, res, lists = build([
        ("a1", None, "Zelensky said he was ready to meet Putin face to face. The Kremlin rejected the idea of a meeting."),
        ("a2", None, "Turkey has proposed a second round of talks in Istanbul. Ukraine has not yet accepted."),
    ], WAR)
    props = link_proposals(corpus, res, lists)
    meet = only(props, "meet")
    assert meet["name"] == "zelensky-putin meeting"
    assert meet["proposer"] == "zelensky"
    assert ("kremlin", "rejects") in stances(meet)
    talks = only(props, "talks")
    assert talks["proposer"] == "turkey"
    assert ("ukraine", "undecided") in stances(talks)


def test_unattested_mentions_open_no_proposal() -> None:
    """A past meeting or a deal reported as history is not on the table."""
    corpus, res, lists = build([
        ("a1", None, "Following a meeting in Istanbul earlier this month, fighting resumed. "
                     "The 2015 deal collapsed in 2018."),
    ], WAR)
    assert link_proposals(corpus, res, lists) == []


@pytest.mark.parametrize("sentence,stance", [
    ("Ukraine rejected the ceasefire.", "rejects"),
    ("Ukraine will not accept the ceasefire.", "rejects"),
    ("Ukraine has not yet accepted the ceasefire.", "undecided"),
    ("Ukraine is considering the ceasefire.", "undecided"),
    ("Ukraine backed the ceasefire.", "supports"),
    ("Ukraine agreed to the ceasefire.", "accepts"),
    ("Ukraine accepted the ceasefire on condition that Russia withdraws.", "conditional"),
    ("Ukraine agreed in principle to the ceasefire.", "conditional"),
    ("Ukraine set conditions for the ceasefire.", "conditional"),
    ("Ukraine called for a ceasefire.", "proposes"),
])
def test_stance_words(sentence: str, stance: str) -> None:
    corpus, res, lists = build([("a1", None, sentence)], WAR)
    props = link_proposals(corpus, res, lists)
    assert len(props) == 1
    assert stances(props[0]) == {("ukraine", stance)}


def test_passive_agent_and_possessive_owner() -> None:
    corpus, res, lists = build([
        ("a1", None, "The truce proposed by Washington was rejected by Moscow."),
        ("a2", None, "Kyiv welcomed Russia's memorandum but said it had not yet accepted it."),
    ], WAR)
    props = link_proposals(corpus, res, lists)
    truce = only(props, "truce")
    assert truce["proposer"] == "usa"
    assert ("russia", "rejects") in stances(truce)
    memo = only(props, "memorandum")
    assert memo["proposer"] == "russia"
    assert {("ukraine", "supports"), ("ukraine", "undecided")} <= stances(memo)


def test_quote_speaker_takes_the_stance_of_we() -> None:
    text = "\u201cWe will never accept this ultimatum,\u201d Zelensky said."
    corpus, res, lists = build([("a1", None, text)], WAR)
    s = text.index("We")
    e = text.index("\u201d")
    sp = text.index("Zelensky")
    corpus.items[0][1].quotes.append(QuoteMention(s, e, text[s:e], "direct", "said",
                                                  Span(sp, sp + 8, "Zelensky")))
    props = link_proposals(corpus, res, lists)
    ult = only(props, "ultimatum")
    assert stances(ult) == {("zelensky", "rejects")}


def test_an_event_gives_the_party_when_the_text_alone_cannot() -> None:
    text = "After hours of talks, the delegation from Moscow turned down the prisoner exchange."
    corpus, res, lists = build([("a1", None, text)], WAR)
    t = text.index("turned down")
    m = text.index("Moscow")
    corpus.items[0][1].events.append(EventMention(
        0, len(text), text, "REJECT", trigger=Span(t, t + 11, "turned down"), actor=Span(m, m + 6, "Moscow")))
    props = link_proposals(corpus, res, lists)
    swap = only(props, "prisoner")
    assert stances(swap) == {("russia", "rejects")}


BEATS = {"Unite": ("unite", "ORG"), "Acme Motors": ("acme", "ORG"), "Acas": ("acas", "ORG"),
         "Real Madrid": ("madrid", "ORG"), "Dortmund": ("bvb", "ORG"), "Sarah Whitfield": ("whitfield", "PERSON"),
         "Daniel Ortiz": ("ortiz", "PERSON")}


def test_other_beats_strike_transfer_budget() -> None:
    corpus, res, lists = build([
        ("s1", "2024-01-02", "Unite rejected a 4% pay offer from Acme Motors. Acas proposed binding arbitration. "
                             "Acme Motors said it would take part."),
        ("s2", "2024-01-09", "Unite members voted to accept an improved 6% pay offer from Acme Motors."),
        ("t1", "2024-01-03", "Real Madrid made a €90m bid for the striker. Dortmund rejected the bid."),
        ("b1", "2024-01-04", "Sarah Whitfield proposed a $2.1 billion budget and a 4% property tax increase. "
                             "Daniel Ortiz opposed the tax increase."),
    ], BEATS)
    props = link_proposals(corpus, res, lists)
    four = only(props, "4% pay")
    assert four["proposer"] == "acme" and ("unite", "rejects") in stances(four)
    six = only(props, "6%")
    assert six["proposer"] == "acme" and ("unite", "accepts") in stances(six)
    arb = only(props, "arbitration")
    assert arb["proposer"] == "acas" and ("acme", "accepts") in stances(arb)
    bid = only(props, "bid")
    assert bid["proposer"] == "madrid" and ("bvb", "rejects") in stances(bid)
    tax = only(props, "tax")
    assert tax["proposer"] == "whitfield" and ("ortiz", "rejects") in stances(tax)
    assert only(props, "budget")["proposer"] == "whitfield"


def test_mentions_are_spans_of_their_documents() -> None:
    corpus, res, lists = build([
        ("a1", None, "Turkey offered to host a prisoner exchange. Russia accepted the exchange."),
    ], WAR)
    texts = {d.id: d.text for d, _ in corpus.items}
    for p in link_proposals(corpus, res, lists):
        assert p["id"].startswith("p-")
        for m in p["mentions"]:
            assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]


LABOUR = {"Unite": ("unite", "ORG"), "Harbor Freight Lines": ("hfl", "ORG"), "Dana Brooks": ("brooks", "PERSON"),
          "Transport": ("transport-org", "ORG"), "Sam Okafor": ("okafor", "PERSON")}


def test_group_nouns_stand_for_the_party_the_articles_named() -> None:
    corpus, res, lists = build([
        ("w1", "2025-02-03", "The drivers' union, Unite, rejected a 4% pay offer from the haulage company Harbor Freight Lines. "
                             "Transport Secretary Sam Okafor proposed binding arbitration."),
        ("w2", "2025-02-05", "The union said it would accept the arbitration only if the company dropped its "
                             "threat of layoffs. The company said it was still considering the proposal."),
    ], LABOUR)
    props = link_proposals(corpus, res, lists)
    arb = only(props, "arbitration")
    assert arb["proposer"] == "okafor"
    got = stances(arb)
    assert ("unite", "conditional") in got  # "the union" of the live update is Unite, named a day earlier
    assert ("hfl", "undecided") in got  # "the haulage company Harbor Freight Lines" tied "the company"
    assert not any(s["party"] == "transport-org" for s in arb["stances"])


def test_an_untied_common_noun_takes_no_name() -> None:
    corpus, res, lists = build([
        ("x1", None, "Sam Okafor proposed binding arbitration. The council said it would consider the plan."),
    ], LABOUR)
    arb = only(link_proposals(corpus, res, lists), "arbitration")
    assert stances(arb) == {("okafor", "proposes")}  # nothing told us which council


def test_a_condition_stays_with_its_own_cue_and_the_offer_keeps_its_subject() -> None:
    corpus, res, lists = build([
        ("h1", None, "Dana Brooks rejected the ransom demand but offered the kidnappers an amnesty if they freed "
                     "the crew."),
    ], LABOUR)
    props = link_proposals(corpus, res, lists)
    amnesty = only(props, "amnesty")
    assert amnesty["proposer"] == "brooks"
    ransom = only(props, "ransom")
    assert ("brooks", "rejects") in stances(ransom)
    assert ("brooks", "conditional") not in stances(ransom)


def test_a_similar_earlier_instance_is_no_proposal_and_a_title_names_the_person() -> None:
    corpus, res, lists = build([
        ("s1", None, "The strike ended after both sides accepted a compromise put forward by Transport Secretary "
                     "Sam Okafor. Dana Brooks, who brokered a similar compromise in 2019, welcomed it."),
    ], LABOUR)
    props = link_proposals(corpus, res, lists)
    deal = only(props, "compromise")
    assert deal["proposer"] == "okafor"
    assert all(m["text"] != "a similar compromise" for m in deal["mentions"])
    assert ("brooks", "proposes") not in stances(deal)


TRADE = {"Norway": ("norway", "GPE"), "Chile": ("chile", "GPE"), "Peru": ("peru", "GPE"),
         "Fishers Guild": ("guild", "ORG"), "Ana Ruiz": ("ruiz", "PERSON")}


def test_an_amount_offered_and_named_in_apposition() -> None:
    corpus, res, lists = build([
        ("o1", None, "Chile has offered 3%, an offer the Fishers Guild rejected on Monday."),
    ], TRADE)
    p = only(link_proposals(corpus, res, lists), "offer")
    assert p["proposer"] == "chile"
    assert ("guild", "rejects") in stances(p)


def test_the_agreement_of_another_article_and_a_position_not_taken() -> None:
    corpus, res, lists = build([
        ("t1", "2025-01-01", "Norway presented its free trade agreement with Chile. Peru has not yet taken a position."),
        ("t2", "2025-01-09", "Norway has proposed a quota on salmon. Peru said it would back the agreement only if "
                             "the quota were binding."),
    ], TRADE)
    props = link_proposals(corpus, res, lists)
    fta = only(props, "free trade")
    assert ("peru", "undecided") in stances(fta)
    assert ("peru", "conditional") in stances(fta)  # "the agreement" of t2 is t1's, not the quota
    quota = only(props, "quota")
    assert ("peru", "conditional") not in stances(quota)


def test_a_month_and_its_days_are_one_truce_and_the_rebels_are_the_movement() -> None:
    corpus, res, lists = build([
        ("g1", "2025-05-01", "Ana Ruiz proposed a three-month truce with the rebel movement Fishers Guild. "
                             "The rebels said they would study it."),
        ("g2", "2025-05-20", "Both sides signed a 90-day truce on Friday."),
    ], TRADE)
    props = link_proposals(corpus, res, lists)
    truce = only(props, "truce")
    assert {m["doc"] for m in truce["mentions"]} == {"g1", "g2"}
    assert ("guild", "undecided") in stances(truce)


SPORT = {"Save The Game": ("stg", "ORG"), "Iron League": ("league", "ORG"), "Nadia Berg": ("berg", "PERSON"),
         "Tom Ives": ("ives", "PERSON")}


def test_open_objects_amounts_gerunds_and_infinitives() -> None:
    corpus, res, lists = build([
        ("s1", "2025-09-01", "The Iron League has offered $40 million to settle the dispute. "
                             "Nadia Berg proposed capping ticket prices for students. "
                             "Tom Ives offered to send observers to the talks."),
        ("s2", "2025-09-05", "The fans rejected the cap."),
    ], SPORT)
    props = link_proposals(corpus, res, lists)
    assert only(props, "$40 million")["proposer"] == "league"
    cap = only(props, "capping")
    assert cap["proposer"] == "berg"
    assert any(m["text"] == "the cap" for m in cap["mentions"])  # the gerund's noun finds it again
    assert only(props, "observers")["proposer"] == "ives"


def test_an_unnamed_subject_of_a_new_clause_and_a_title_after_by() -> None:
    corpus, res, lists = build([
        ("m1", None, "Save The Game called for independent mediation, and the players backed the idea. "
                     "The Iron League accepted a formula put forward by mediator Tom Ives."),
    ], SPORT)
    props = link_proposals(corpus, res, lists)
    med = only(props, "mediation")
    assert ("stg", "supports") not in stances(med)  # the players backed it, not the fans' group
    assert only(props, "formula")["proposer"] == "ives"


def test_will_not_sign_until_is_a_condition() -> None:
    corpus, res, lists = build([
        ("u1", None, "Tom Ives proposed a border treaty. Nadia Berg said she would not sign it until the army left."),
    ], SPORT)
    treaty = only(link_proposals(corpus, res, lists), "treaty")
    assert ("berg", "conditional") in stances(treaty)
    assert ("berg", "rejects") not in stances(treaty)


def test_a_that_clause_demand_and_a_rejection_by_criticism() -> None:
    corpus, res, lists = build([
        ("c1", None, "Nadia Berg proposed a border treaty, but Tom Ives has demanded that the league first "
                     "change its charter, which Nadia Berg rejects. Save The Game criticised the treaty."),
    ], SPORT)
    props = link_proposals(corpus, res, lists)
    charter = only(props, "charter")
    assert charter["proposer"] == "ives"
    assert ("berg", "rejects") in stances(charter)
    treaty = only(props, "treaty")
    assert ("berg", "rejects") not in stances(treaty)
    assert ("stg", "rejects") in stances(treaty)


def test_an_agent_after_a_time_word_and_an_as_clause() -> None:
    corpus, res, lists = build([
        ("a1", None, "The club accepted a settlement presented last week by the mediator, retired judge Nadia Berg. "
                     "Tom Ives proposed a stadium levy."),
        ("a2", None, "The final deal drops the stadium levy, as Save The Game had demanded."),
    ], SPORT)
    props = link_proposals(corpus, res, lists)
    assert only(props, "settlement")["proposer"] == "berg"
    levy = [p for p in props if "levy" in p["name"]]
    assert len(levy) == 1 and levy[0]["proposer"] == "ives"  # the fans demanded the dropping, not the levy
    assert ("stg", "proposes") not in stances(levy[0])
