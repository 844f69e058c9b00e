"""PLOVER event extraction: types, arguments, mood, spans, and floors on gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.extract.dates import extract_dates
from dossier.extract.entities import extract_entities
from dossier.extract.events import extract_events
from dossier.nlp.model import load_model
from dossier.records import DateMention, EventMention

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "events_gold.jsonl"
PLOVER_DEV = ROOT.parent / "shared" / "benchmarks" / "plover_gsr" / "dev.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def events_of(nlp, text: str, dates: list[DateMention] | None = None) -> list[EventMention]:
    doc = nlp(text)
    return extract_events(doc, extract_entities(doc), dates if dates is not None else extract_dates(doc, None))


def one(evs: list[EventMention], etype: str) -> EventMention:
    hits = [e for e in evs if e.type == etype]
    assert hits, f"no {etype} in {[(e.type, e.text) for e in evs]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Separatist fighters shelled the regional capital overnight.", "ASSAULT"),
        ("The navy fired anti-ship missiles at two patrol boats.", "ASSAULT"),
        ("Government troops took control of the port after a week of fighting.", "ASSAULT"),
        ("The foreign ministers of Peru and Chile held talks in Lima on Tuesday.", "CONSULT"),
        ("The mayor urged residents to stay indoors.", "REQUEST"),
        ("Lawmakers turned down the government's pension plan.", "REJECT"),
        ("The cartel threatened to kill the witnesses.", "THREATEN"),
        ("The army deployed tanks along the northern frontier.", "MOBILIZE"),
        ("The regulator accused the bank of hiding losses.", "ACCUSE"),
        ("Police detained the editor of an independent newspaper.", "COERCE"),
        ("Norway will give 50 million euros in humanitarian aid to Yemen.", "AID"),
        ("The party endorsed the governor's bid for a second term.", "SUPPORT"),
        ("The two agencies collaborated on the inquiry.", "COOPERATE"),
        ("The utility and the regulator signed a settlement on Friday.", "AGREE"),
        ("The military government released 40 jailed activists.", "CONCEDE"),
        ("The coalition pulled its troops out of the province.", "RETREAT"),
        ("Ottawa expelled a Chinese diplomat over the affair.", "SANCTION"),
        ("Tens of thousands of people protested in Lisbon against rising rents.", "PROTEST"),
    ],
)
def test_types(nlp, text, etype):
    evs = events_of(nlp, text)
    assert evs and evs[0].type == etype, [(e.type, e.trigger.text if e.trigger else None) for e in evs]


def test_labour_strike_is_protest_and_air_strike_is_assault(nlp):
    assert events_of(nlp, "Bus drivers in Manchester went on strike over pay.")[0].type == "PROTEST"
    assert events_of(nlp, "An air strike destroyed a bridge near the city, officials said.")[0].type == "ASSAULT"
    assert events_of(nlp, "The miners struck a deal with the owners.")[0].type == "AGREE"


def test_actor_target_location(nlp):
    ev = one(events_of(nlp, "Russian forces fired dozens of drones at Odesa overnight."), "ASSAULT")
    assert ev.actor is not None and "Russian" in ev.actor.text
    assert ev.target is not None and ev.target.text == "Odesa"
    ev = one(events_of(nlp, "Police arrested twelve activists in Caracas on Saturday."), "COERCE")
    assert ev.actor.text == "Police"
    assert "activists" in ev.target.text
    assert ev.location is not None and ev.location.text == "Caracas"


def test_consult_target_with(nlp):
    ev = one(events_of(nlp, "The Turkish president met with the NATO secretary general in Ankara."), "CONSULT")
    assert "president" in ev.actor.text
    assert ev.target is not None and "secretary general" in ev.target.text
    assert ev.location is not None and ev.location.text == "Ankara"


def test_passive_agent_is_actor(nlp):
    ev = one(events_of(nlp, "The convoy was ambushed by militants near Kidal."), "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "militants"
    assert ev.target is not None and "convoy" in ev.target.text
    ev = one(events_of(nlp, "Fresh sanctions were imposed on Minsk by the European Union."), "SANCTION")
    assert "European Union" in ev.actor.text
    assert ev.target.text == "Minsk"


def test_metonymy_and_reported_action(nlp):
    evs = events_of(nlp, "The Kremlin said it had struck military airfields in western Ukraine.")
    ev = one(evs, "ASSAULT")
    assert ev.actor is not None and "Kremlin" in ev.actor.text
    assert not any(e.trigger and e.trigger.text == "said" for e in evs)
    ev = one(events_of(nlp, "The Russian defense ministry accused Kyiv of sabotage."), "ACCUSE")
    assert ev.actor.text == "The Russian defense ministry"


def test_reporting_alone_is_no_event(nlp):
    assert events_of(nlp, "The minister said unemployment fell to a record low in May.") == []
    assert events_of(nlp, "The company released its annual report on Monday.") == []


def test_negation(nlp):
    ev = one(events_of(nlp, "The government has not accepted the union's offer."), "AGREE")
    assert ev.negated and not ev.hypothetical
    ev = one(events_of(nlp, "There were no talks between the two sides last week."), "CONSULT")
    assert ev.negated
    ev = one(events_of(nlp, "The army denied that its units had shelled the village."), "ASSAULT")
    assert ev.negated
    ev = one(events_of(nlp, "The rebels refused to lay down their arms."), "REJECT")
    assert not ev.negated
    assert not any(e.type == "RETREAT" for e in events_of(nlp, "The rebels refused to lay down their arms."))


def test_hypothetical(nlp):
    ev = one(events_of(nlp, "The Austrian chancellor proposed a meeting with the Serbian president."), "CONSULT")
    assert ev.hypothetical
    ev = one(events_of(nlp, "The generals could launch a new offensive in the spring."), "ASSAULT")
    assert ev.hypothetical
    ev = one(events_of(nlp, "The government plans to deploy troops to the border."), "MOBILIZE")
    assert ev.hypothetical
    ev = one(events_of(nlp, "If talks fail, the union would strike in January."), "PROTEST")
    assert ev.hypothetical
    ev = one(events_of(nlp, "The prime minister is willing to meet the opposition leader."), "CONSULT")
    assert ev.hypothetical
    ev = one(events_of(nlp, "The militia attacked a police post in the north."), "ASSAULT")
    assert not ev.hypothetical and not ev.negated


def test_commitments_and_xcomp_chains(nlp):
    # PLOVER codes the commitment; what it commits to is its content, not a second event
    evs = events_of(nlp, "The insurgents agreed to spare the civilians in the besieged town.")
    assert [e.type for e in evs] == ["AGREE"]
    assert evs[0].actor is not None and evs[0].actor.text == "The insurgents"
    evs = events_of(nlp, "The warlord threatened to shell the airport.")
    assert [e.type for e in evs] == ["THREATEN"]
    # ... except a meeting: an offer to meet is still a CONSULT, hypothetical
    evs = events_of(nlp, "The rebel commander offered to hold talks with the governor.")
    assert one(evs, "CONSULT").hypothetical
    ev = one(events_of(nlp, "The prime minister has proposed to hold talks with the rebels."), "CONSULT")
    assert ev.hypothetical and "prime minister" in ev.actor.text
    evs = events_of(nlp, "The warlord vowed to attack the capital.")
    assert evs[0].type == "THREATEN"


def test_obligation_is_request(nlp):
    evs = events_of(nlp, "The envoy said the militias must withdraw from the city.")
    ev = evs[0]
    assert ev.type == "REQUEST"
    assert ev.actor.text == "The envoy" and ev.target.text == "the militias"


def test_conj_shared_subject(nlp):
    evs = events_of(nlp, "The rebels stormed the prison and freed hundreds of inmates.")
    assert one(evs, "CONCEDE").actor.text == "The rebels"
    assert one(evs, "ASSAULT").actor.text == "The rebels"


def test_date_from_same_sentence(nlp):
    text = "Border guards detained three smugglers on 4 May. The ministers met later."
    doc = nlp(text)
    s = text.index("4 May")
    dates = [DateMention(s, s + 5, "4 May", "2024-05-04")]
    evs = extract_events(doc, extract_entities(doc), dates)
    assert one(evs, "COERCE").date == "2024-05-04"
    assert one(evs, "CONSULT").date is None


def test_spans_are_exact_and_events_ordered(nlp):
    text = (
        "Protesters blocked the main highway into Quito. Police later dispersed the crowd with tear gas. "
        "The interior minister said officers would not arrest peaceful demonstrators."
    )
    doc = nlp(text)
    evs = extract_events(doc, extract_entities(doc), [])
    assert [e.type for e in evs][:2] == ["PROTEST", "COERCE"]
    for e in evs:
        assert doc.text[e.start:e.end] == e.text
        for sp in (e.trigger, e.actor, e.target, e.location):
            if sp is not None:
                assert doc.text[sp.start:sp.end] == sp.text
    last = [e for e in evs if e.trigger and e.trigger.text == "arrest"]
    assert last and last[0].negated and last[0].hypothetical


def _gold_scores(nlp, recs):
    tp = fp = fn = false_alarm = 0
    types: dict[str, list[int]] = {}
    for rec, doc in zip(recs, nlp.pipe([r["text"] for r in recs]), strict=True):
        pred = {e.type for e in extract_events(doc, extract_entities(doc), [])}
        gold = {g["type"] for g in rec["events"]}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        false_alarm += bool(pred) and not gold
        for t in pred | gold:
            c = types.setdefault(t, [0, 0, 0])
            c[0] += t in pred and t in gold
            c[1] += t in pred and t not in gold
            c[2] += t in gold and t not in pred
    p, r = tp / (tp + fp), tp / (tp + fn)
    macro = []
    for a, b, c in types.values():
        pp = a / (a + b) if a + b else 0.0
        rr = a / (a + c) if a + c else 0.0
        macro.append(2 * pp * rr / (pp + rr) if pp + rr else 0.0)
    return 2 * p * r / (p + r), sum(macro) / len(macro), false_alarm


def test_own_gold_set_floor(nlp):
    recs = [json.loads(line) for line in GOLD.open(encoding="utf-8") if line.strip()]
    assert len(recs) >= 150
    assert {g["type"] for r in recs for g in r["events"]} >= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
    # Floors just under what bench/events_eval.py measures. "tuned" was written while the rules
    # were built (0.988 micro-F1); "fresh" was written afterwards and never tuned on (0.867).
    micro, macro, false_alarm = _gold_scores(nlp, [r for r in recs if r.get("split", "tuned") == "tuned"])
    assert micro >= 0.95 and macro >= 0.95
    assert false_alarm <= 1
    micro, macro, false_alarm = _gold_scores(nlp, [r for r in recs if r.get("split") == "fresh"])
    assert micro >= 0.85 and macro >= 0.84
    assert false_alarm <= 1


@pytest.mark.skipif(not PLOVER_DEV.exists(), reason="../shared/benchmarks not beside the clone")
def test_plover_dev_floor(nlp):
    recs = [json.loads(line) for line in PLOVER_DEV.open(encoding="utf-8")]
    hit = top1 = coded = coded_gold = 0
    for rec, doc in zip(recs, nlp.pipe([r["text"] for r in recs]), strict=True):
        types = [e.type for e in extract_events(doc, extract_entities(doc), [])]
        hit += rec["event"] in types
        top1 += bool(types) and types[0] == rec["event"]
        coded += len(types)
        coded_gold += types.count(rec["event"])
    assert hit / len(recs) >= 0.84
    assert top1 / len(recs) >= 0.82
    # precision: the share of coded events that have the gold type (0.621 before the
    # one-event-per-happening rules, 0.745 after)
    assert coded_gold / coded >= 0.72


ARTICLES = ROOT / "tests" / "data" / "events_articles" / "articles.jsonl"


def test_article_gold_set_floor(nlp):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from events_eval import article_actor_ok, match_article

    recs = [json.loads(line) for line in ARTICLES.open(encoding="utf-8") if line.strip()]
    assert len(recs) >= 8
    n = found = right = 0
    for rec, doc in zip(recs, nlp.pipe([r["text"] for r in recs]), strict=True):
        evs = extract_events(doc, extract_entities(doc), extract_dates(doc, None))
        pairs, _ = match_article(rec["text"], rec["actions"], evs)
        for act, e in pairs:
            n += 1
            found += e is not None
            right += e is not None and e.type in act["type"].split("|") and article_actor_ok(act, e)
    # first runs (the honest figures): fresh1 0.759 / 0.639, fresh2 0.806 / 0.746; both tuned on
    # since, together 0.92 / 0.86
    assert found / n >= 0.89
    assert right / n >= 0.84


def test_content_of_requests_and_allegations_is_not_an_event(nlp):
    # what is asked for, rejected or alleged did not (yet) happen: one event, the outer one
    assert [e.type for e in events_of(nlp, "The council rejected the union's appeal for a pay rise.")] == ["REJECT"]
    evs = events_of(nlp, "The governor issued an appeal for sending troops to the valley.")
    assert "MOBILIZE" not in [e.type for e in evs]
    evs = events_of(nlp, "Officials denied an allegation that soldiers had burned the village.")
    assert "ASSAULT" not in [e.type for e in evs]


def test_background_and_adjunct_clauses_are_not_events(nlp):
    evs = events_of(nlp, "Police arrested two men who had attacked a bus driver.")
    assert [e.type for e in evs] == ["COERCE"]
    evs = events_of(nlp, "Farmers blocked the motorway near Lyon, demanding lower fuel prices.")
    assert [e.type for e in evs] == ["PROTEST"]
    # two verbs of one happening are one event; two requests with their own objects are two
    evs = events_of(nlp, "Two guards were killed or wounded at the checkpoint.")
    assert [e.type for e in evs] == ["ASSAULT"]
    evs = events_of(nlp, "The mayor urged residents to stay calm and demanded an inquiry.")
    assert [e.type for e in evs] == ["REQUEST", "REQUEST"]


def test_pronoun_actor_takes_nearest_compatible_subject(nlp):
    evs = events_of(nlp, "Riot police cleared the square before dawn. They arrested 15 students.")
    assert one(evs, "COERCE").actor.text == "Riot police"
    evs = events_of(nlp, "The foreign minister landed in Ankara on Monday. She met the Turkish president.")
    assert one(evs, "CONSULT").actor.text == "The foreign minister"
    # a plural pronoun does not take a singular person
    evs = events_of(nlp, "The envoy arrived late. They attacked the convoy.")
    ev = one(evs, "ASSAULT")
    assert ev.actor is None or ev.actor.text != "The envoy"


def test_headline_datelines_and_timestamps(nlp):
    evs = events_of(nlp, "Navy seizes tanker in Gulf\n\nThe Iranian navy on Friday seized an oil tanker near the strait.")
    assert sum(e.actor is not None and e.actor.text == "The Iranian navy" for e in evs) == 1
    ev = one(events_of(nlp, "09:30 - Protesters occupied the town hall in Leeds."), "PROTEST")
    assert ev.actor.text == "Protesters"
    ev = one(events_of(nlp, "LAGOS, May 2 - Gunmen kidnapped 12 pupils from a school."), "COERCE")
    assert ev.actor.text == "Gunmen"


def test_conditional_hostile_action_is_a_threat(nlp):
    evs = events_of(nlp, "The dockers would walk out on Friday unless the port operator restored overtime pay.")
    ev = one(evs, "THREATEN")
    assert ev.actor.text == "The dockers" and not ev.hypothetical
    assert "PROTEST" not in [e.type for e in evs]


def test_bare_background_noun_is_not_a_second_event(nlp):
    # "after the protests" re-mentions a happening reported elsewhere, naming no party
    assert [e.type for e in events_of(nlp, "Police arrested the organisers after the protests.")] == ["COERCE"]
    # alone in its sentence, or with a party named, it is still coded
    assert "PROTEST" in [e.type for e in events_of(nlp, "Thousands joined the protests in Lima.")]


def test_possessives_as_actors(nlp):
    evs = events_of(nlp, "Rebel units regrouped near the border. Their offensive reached the outskirts of Goma.")
    assert one(evs, "ASSAULT").actor.text == "Rebel units"
    ev = one(events_of(nlp, "Moscow condemned Kyiv's drone attack on the refinery."), "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "Kyiv"
    # a place that suffers the event is not who did it
    evs = events_of(nlp, "The town's shelling resumed at dawn.")
    assert all(e.actor is None for e in evs if e.type == "ASSAULT")


def test_noun_event_done_to_people_is_coded_unless_it_is_asked_for(nlp):
    evs = events_of(nlp, "The bishops called for an inquiry into the killing of three students.")
    assert "ASSAULT" in [e.type for e in evs] and "REQUEST" in [e.type for e in evs]
    evs = events_of(nlp, "The bishops demanded the release of three students.")
    assert [e.type for e in evs] == ["REQUEST"]


def test_link_one_event_per_happening_across_outlets(nlp):
    from dossier.extract import analyze
    from dossier.link.context import Corpus
    from dossier.link.entities import merge_entities
    from dossier.link.events import link_events
    from dossier.records import Document

    texts = {
        "a": "Moscow struck the port of Odesa with drones on Tuesday, Ukrainian officials said.",
        "b": "Russian forces struck the port of Odesa with drones on Tuesday, officials said.",
        "c": "Ukrainian forces struck the port of Novorossiysk with drones on Tuesday.",
    }
    items = []
    for did, text in texts.items():
        document = Document(id=did, source=did + ".txt", text=text, published="2025-03-04")
        items.append((document, analyze(nlp(text), document)))
    index = merge_entities(items)
    assaults = [e for e in link_events(Corpus(items), index) if e["type"] == "ASSAULT"]
    # "Moscow" and "Russian forces" act for one side: one strike with two mentions; Ukraine's apart
    docs = sorted(sorted(m["doc"] for m in e["mentions"]) for e in assaults)
    assert docs == [["a", "b"], ["c"]]


def test_parse_repairs_dateline_appositive_and_finite_conjunct(nlp):
    ev = one(events_of(nlp, "SAO PAULO, May 3 - The federal police on Friday arrested a former governor."), "COERCE")
    assert ev.actor is not None and "police" in ev.actor.text and "PAULO" not in ev.actor.text
    evs = events_of(nlp, "Troops used tear gas to break up the march and detained 40 people, a lawyer said.")
    ev = next(e for e in evs if e.trigger and e.trigger.text == "detained")
    assert ev.type == "COERCE" and ev.actor.text == "Troops" and not ev.hypothetical


def test_more_ways_of_saying_it(nlp):
    ev = one(events_of(nlp, "The navy retaliated with missile strikes on three radar sites."), "ASSAULT")
    assert ev.actor.text == "The navy" and ev.target is not None and "radar sites" in ev.target.text
    assert one(events_of(nlp, "Rioters set fire to the town hall."), "ASSAULT").actor.text == "Rioters"
    assert [e.type for e in events_of(nlp, "The dockers ended their strike on Monday.")] == ["CONCEDE"]
    assert "THREATEN" not in [e.type for e in events_of(nlp, "The bank said it would fight the lawsuit.")]
