"""Quote extraction: marks, kinds, speakers and coreference, on sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.extract.quote_marks import find_quote_pieces
from dossier.extract.quotes import extract_quotes
from dossier.nlp.model import load_model
from dossier.records import EntityMention, QuoteMention

GOLD = Path(__file__).parent / "data" / "quotes_gold" / "articles.jsonl"
MARKS = set("\"“”„«»")


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def run(nlp, text: str) -> list[QuoteMention]:
    """Quotes with entities taken straight from the model's NER (keeps this test independent
    of the entity stage's own rules)."""
    doc = nlp(text)
    ents = [
        EntityMention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
    ]
    quotes = extract_quotes(doc, ents)
    for q in quotes:  # the invariants every quote must keep
        assert q.text == doc.text[q.start:q.end]
        assert q.kind in ("direct", "partial", "indirect")
        assert not (q.text[0] in MARKS or q.text[-1] in MARKS)
        for sp in (q.speaker, q.speaker_ref):
            if sp is not None:
                assert sp.text == doc.text[sp.start:sp.end]
    return quotes


def who(q: QuoteMention) -> str | None:
    sp = q.speaker_ref or q.speaker
    return sp.text if sp else None


def find(quotes: list[QuoteMention], words: str) -> QuoteMention:
    hits = [q for q in quotes if words in q.text]
    assert hits, f"no quote containing {words!r} in {[q.text for q in quotes]}"
    return hits[0]


# --------------------------------------------------------------------------- marks, no model


def test_marks_multi_paragraph_split_and_british_single():
    text = (
        'She said: "We will rebuild the bridge.\n\n'
        '"It will take two years.\n\n'
        '"And it will cost more than we hoped." Then she left.\n'
        "The mayor's 'final offer', said Jones, was 'not good enough'. Don't panic."
    )
    pieces = find_quote_pieces(text)
    inner = [text[p.start:p.end] for p in pieces]
    assert inner[:3] == ["We will rebuild the bridge.", "It will take two years.", "And it will cost more than we hoped."]
    assert len({p.group for p in pieces[:3]}) == 1  # one quote over three paragraphs
    assert "final offer" in inner and "not good enough" in inner
    assert not any("Don" in s or "mayor" in s for s in inner)  # apostrophes are not marks


# --------------------------------------------------------------------------- direct


def test_direct_postposed_and_colon_speakers(nlp):
    qs = run(
        nlp,
        '"The harvest is the worst in living memory," said Amara Okoye, who farms near Kano.\n\n'
        'Agriculture minister Femi Adeyemi told reporters: "Imports will cover the gap this winter."',
    )
    a = find(qs, "harvest")
    assert a.kind == "direct" and "Okoye" in who(a) and a.cue == "said"
    b = find(qs, "Imports")
    assert b.kind == "direct" and "Adeyemi" in who(b)


def test_split_quote_gives_both_pieces_the_same_speaker(nlp):
    qs = run(nlp, 'Coach Maria Lopez was blunt. "We defended badly," she said, "and we deserved to lose."')
    first, second = find(qs, "defended"), find(qs, "deserved")
    assert first.kind == second.kind == "direct"
    assert first.speaker.text == second.speaker.text == "she"
    assert "Lopez" in who(first) and "Lopez" in who(second)


def test_multi_paragraph_quote_attributed_in_every_paragraph(nlp):
    qs = run(
        nlp,
        'Union leader Derek Walsh said: "Our members have had enough.\n\n'
        '"They have waited three years for a fair offer.\n\n'
        '"The strike starts on Monday."\n\nThe company declined to comment.',
    )
    parts = [find(qs, w) for w in ("had enough", "three years", "starts on Monday")]
    assert all(p.kind == "direct" and "Walsh" in who(p) for p in parts)


# --------------------------------------------------------------------------- partial / scare


def test_partial_quotes_go_to_the_subject_of_the_naming_verb(nlp):
    qs = run(
        nlp,
        'Senator Ruth Calloway called the bill "a gift to polluters". '
        'The Treasury described the forecast as "broadly unchanged".',
    )
    a = find(qs, "gift to polluters")
    assert a.kind == "partial" and "Calloway" in who(a)
    b = find(qs, "broadly unchanged")
    assert b.kind == "partial" and "Treasury" in who(b)


def test_scare_quotes_without_a_speaker_are_left_out(nlp):
    qs = run(nlp, 'Residents of the so-called "red zone" were moved to a "temporary" camp on Friday.')
    assert not any("red zone" in q.text or q.text == "temporary" for q in qs if q.speaker is not None)


def test_mostly_quoted_clause_is_a_partial_only_but_a_longer_one_is_also_indirect(nlp):
    qs = run(
        nlp,
        'Ivanova said the plan was "doomed from the start". '
        'Petrov said he was "worried" about the cost of the new stadium and the delays to the metro line.',
    )
    assert [q.kind for q in qs if "doomed" in q.text] == ["partial"]
    kinds = {q.kind for q in qs if "worried" in q.text}
    assert kinds == {"partial", "indirect"}


# --------------------------------------------------------------------------- indirect


def test_indirect_content_clause_and_according_to(nlp):
    qs = run(
        nlp,
        "The port authority warned that shipping would be delayed for at least a week. "
        "Thirty containers fell overboard in the storm, according to the coastguard.",
    )
    a = find(qs, "shipping would be delayed")
    assert a.kind == "indirect" and not a.text.startswith("that") and a.cue == "warned"
    b = find(qs, "Thirty containers")
    assert b.kind == "indirect" and "according" not in b.text and "coastguard" in who(b)


def test_writer_inference_is_no_indirect_quote(nlp):
    qs = run(nlp, "The figures suggest that the recovery is stalling.")
    assert not qs


# --------------------------------------------------------------------------- coreference


def test_pronoun_agrees_in_gender_with_its_antecedent(nlp):
    qs = run(
        nlp,
        "Helen Park met the new ambassador, John Reeves, on Tuesday. "
        "She said the meeting had been productive.",
    )
    q = find(qs, "productive")
    assert q.speaker.text == "She" and q.speaker_ref is not None and "Park" in q.speaker_ref.text


def test_role_description_resolves_to_the_named_holder(nlp):
    qs = run(
        nlp,
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Friday. "
        "The spokesman added that no date had been set for the summit.",
    )
    q = find(qs, "no date had been set")
    assert q.speaker.text == "The spokesman" and q.speaker_ref is not None and "Peskov" in q.speaker_ref.text


def test_unnamed_speakers_stay_unresolved(nlp):
    qs = run(nlp, '"The water rose in minutes," said one resident, who asked not to be named.')
    q = find(qs, "water rose")
    assert q.speaker is not None and q.speaker_ref is None


def test_name_set_off_after_a_prepositional_phrase_is_the_speaker(nlp):
    qs = run(
        nlp,
        'The Red Cross head of delegation in Yemen, Sofia Marchetti, called the shortages "alarming".\n\n'
        '"Clinics have run out of insulin," she said.',
    )
    a = find(qs, "alarming")
    assert a.kind == "partial" and "Marchetti" in who(a)
    b = find(qs, "insulin")
    assert b.speaker.text == "she" and "Marchetti" in who(b)


def test_unnamed_spokesperson_speaks_for_the_body_in_question(nlp):
    qs = run(
        nlp,
        "The Financial Conduct Authority fined the bank 12 million pounds on Monday. "
        "A spokeswoman for the regulator said customers would be refunded within a month.\n\n"
        "British Airways cancelled 40 flights on Sunday. A spokesman said the cancellations were due to staff shortages.\n\n"
        "Dozens of fans waited outside the stadium. A spokesman said the gates would open at noon.",
    )
    a = find(qs, "customers would be refunded")
    assert a.speaker_ref is not None and "Financial Conduct Authority" in a.speaker_ref.text
    b = find(qs, "staff shortages")
    assert b.speaker_ref is not None and "British Airways" in b.speaker_ref.text
    c = find(qs, "gates would open")  # no body named just before: nobody to speak for
    assert c.speaker_ref is None


def test_opening_description_is_the_person_named_next(nlp):
    qs = run(
        nlp,
        "A retired engineer who spent two decades inspecting bridges told a parliamentary committee "
        "on Wednesday that the crossing should have been closed years ago.\n\n"
        "Graham Whitley, 68, said he had written to the council three times.",
    )
    q = find(qs, "crossing should have been closed")
    assert q.speaker_ref is not None and "Whitley" in q.speaker_ref.text


def test_opening_description_stays_unresolved_when_nobody_is_named_next(nlp):
    qs = run(nlp, "A retired engineer told a committee on Wednesday that the crossing was unsafe.")
    q = find(qs, "crossing was unsafe")
    assert q.speaker_ref is None


def test_partial_in_a_clause_beside_another_verb_belongs_to_the_reporter(nlp):
    qs = run(
        nlp,
        'The coach, Marta Silva, said that her captain had asked to play and had been "furious with everyone" '
        "when she was dropped.",
    )
    q = find([q for q in qs if q.kind == "partial"], "furious with everyone")
    assert "Silva" in who(q)


def test_and_that_clause_is_a_second_content_without_its_that(nlp):
    qs = run(
        nlp,
        "The governor said her office had approved the funding in March and that work on the "
        "new bridge would start before the end of the year.",
    )
    a, b = find(qs, "approved the funding"), find(qs, "work on the new bridge")
    assert a is not b and a.kind == b.kind == "indirect"
    assert not b.text.startswith("that") and "work on the new bridge" not in a.text


def test_bare_quote_after_narration_about_someone_else(nlp):
    qs = run(
        nlp,
        'Councillor Ann Reid shook her head. "We were promised a new roof," she said.\n\n'
        "Her neighbour Mary Doyle, 80, has lived on the street for sixty years. She sits by the window. "
        '"I have seen three councils come and go."',
    )
    a = find(qs, "new roof")
    assert "Reid" in who(a)
    b = find(qs, "three councils")
    assert b.kind == "direct" and b.speaker_ref is not None and "Doyle" in b.speaker_ref.text


def test_findings_are_no_speaker_and_remind_reports(nlp):
    qs = run(
        nlp,
        "The findings added to evidence that sleep protects memory. "
        "Judge Alan Fisk reminded the jury that the burden of proof lay with the prosecution.",
    )
    assert not any("sleep protects memory" in q.text for q in qs)
    q = find(qs, "burden of proof")
    assert q.kind == "indirect" and "Fisk" in who(q)


def test_name_in_a_run_of_appositives_before_a_subjectless_verb(nlp):
    qs = run(
        nlp,
        "In the town of Ixtepec, Marco Ortega, a 45-year-old mechanic, said the river had risen "
        "two metres in an hour.",
    )
    q = find(qs, "river had risen")
    assert q.kind == "indirect" and "Ortega" in who(q)


def test_participle_between_name_and_verb_and_dateline_left_out(nlp):
    qs = run(
        nlp,
        "BOGOTA, May 3 (Reuters) - Flooding has closed the main highway to the coast, officials said.\n\n"
        "Mr. Castillo, asked about the delays, said the road would reopen on Friday.",
    )
    a = find(qs, "highway to the coast")
    assert a.text.startswith("Flooding")
    b = find(qs, "reopen on Friday")
    assert b.kind == "indirect" and "Castillo" in who(b)
    assert not any("asked about" in q.text for q in qs)


def test_role_with_its_modifier_finds_the_right_holder_far_back(nlp):
    filler = " ".join(f"Talks continued on day {n} without result." for n in range(2, 11))
    qs = run(
        nlp,
        "Kremlin spokesman Dmitry Peskov said on Monday that talks would go on. "
        "Ukraine's foreign ministry spokesman, Oleh Nikolenko, said Kyiv had seen no proposal. "
        f"{filler} The Kremlin spokesman said the president would not travel.",
    )
    q = find(qs, "president would not travel")
    assert q.speaker_ref is not None and "Peskov" in q.speaker_ref.text


def test_second_reporting_verb_misparsed_into_the_content_keeps_the_reporter(nlp):
    qs = run(
        nlp,
        'The ministry said on Friday that no decision had been taken and dismissed a report that '
        'troops were being withdrawn as "pure speculation".',
    )
    q = find(qs, "pure speculation")
    assert q.kind == "partial" and q.speaker is not None and "ministry" in q.speaker.text.lower()


def test_aged_surname_is_a_person_and_possessors_are_not_antecedents(nlp):
    qs = run(
        nlp,
        "Maria Lind beat Sofia Berg in the final on Sunday.\n\n"
        "Berg, 29, had won her previous two events. She admitted she had been tired.\n\n"
        'Lind\'s coach, Alex Novak, watched from the stands. "I could not breathe," she said.',
    )
    a = find(qs, "had been tired")
    assert a.speaker_ref is not None and "Berg" in a.speaker_ref.text
    b = find(qs, "could not breathe")
    assert b.speaker_ref is not None and "Novak" in b.speaker_ref.text


def test_first_name_only_set_off_by_commas(nlp):
    qs = run(
        nlp,
        "Outside the station, a commuter who gave only his first name, Dario, said he had waited an hour.",
    )
    q = find(qs, "waited an hour")
    assert q.speaker_ref is not None and q.speaker_ref.text == "Dario"


def test_regulator_is_the_organisation_that_acted_not_the_nearest(nlp):
    qs = run(
        nlp,
        "The Financial Conduct Authority has fined Barclays and Lloyds a combined 40 million pounds. "
        "The regulator said the banks had failed to protect vulnerable customers.",
    )
    q = find(qs, "failed to protect")
    assert q.speaker_ref is not None and "Financial Conduct Authority" in q.speaker_ref.text


def test_relative_named_beside_a_person_and_a_family_surname_has_no_gender(nlp):
    qs = run(
        nlp,
        "Elena Marsh, the painter, has died at 90. Her death was announced by her son, Robert Marsh, "
        "who said she had died peacefully.\n\n"
        "Marsh moved to Lisbon in 1970. She once said painting was a way of arguing with the light.\n\n"
        "Her son said she would be buried in Porto.",
    )
    a = find(qs, "way of arguing")
    assert a.speaker_ref is not None and "Elena" in a.speaker_ref.text
    b = find(qs, "buried in Porto")
    assert b.speaker_ref is not None and "Robert Marsh" in b.speaker_ref.text


def test_company_spokesperson_and_the_statement_find_their_body(nlp):
    qs = run(
        nlp,
        "Brightwater, the water supply company, said on Monday that it would raise bills by 8%. "
        "Customers will be told by letter, a company spokesperson said.\n\n"
        "The road was closed overnight, according to a statement from the Highways Agency. "
        "Repairs will take a week, the statement said.",
    )
    a = find(qs, "told by letter")
    assert a.speaker_ref is not None and a.speaker_ref.text == "Brightwater"
    b = find(qs, "Repairs will take")
    assert b.speaker_ref is not None and "Highways Agency" in b.speaker_ref.text


def test_national_body_is_the_whole_phrase_not_the_adjective(nlp):
    qs = run(nlp, "The Ukrainian army said it had repelled 14 attacks near the town overnight.")
    q = find(qs, "repelled 14 attacks")
    assert q.speaker_ref is not None and q.speaker_ref.text.lower() == "ukrainian army"


def test_second_that_clause_hung_deep_or_on_the_verb_is_its_own_quote(nlp):
    qs = run(
        nlp,
        "The navy said it had stopped a tanker that was sailing without lights near the coast and that "
        "its crew had been detained.\n\n"
        'The coach, Ana Ruiz, said the team was "delighted" but that the season was far from over.',
    )
    a, b = find(qs, "stopped a tanker"), find(qs, "crew had been detained")
    assert a is not b and "crew" not in a.text
    c = find(qs, "season was far from over")
    assert c.kind == "indirect" and "Ruiz" in who(c) and "delighted" not in c.text


def test_age_inside_a_description_and_courts_rule(nlp):
    qs = run(
        nlp,
        "Tomas Berg announced his retirement from football on Monday.\n\n"
        "The 34-year-old defender said his knees had made the decision for him.\n\n"
        "The High Court ruled that the council had acted unlawfully.",
    )
    a = find(qs, "knees had made")
    assert a.speaker_ref is not None and "Berg" in a.speaker_ref.text
    b = find(qs, "acted unlawfully")
    assert b.kind == "indirect" and "High Court" in who(b)


def test_tabloid_capitalised_opening_description_is_no_name(nlp):
    qs = run(
        nlp,
        "A DUSTMAN who scooped 3 million pounds on the Euromillions says he will keep working.\n\n"
        "Dean Marsh, 47, checked his numbers in the cab of his lorry.",
    )
    q = find(qs, "keep working")
    assert q.speaker_ref is not None and "Dean Marsh" in q.speaker_ref.text


def test_body_named_by_its_modifier_keeps_the_whole_phrase(nlp):
    qs = run(nlp, "The U.N. refugee agency said more than 20,000 people had crossed the border since Friday.")
    q = find(qs, "crossed the border")
    assert q.speaker_ref is not None and "refugee agency" in q.speaker_ref.text


def test_spokesperson_for_the_bank_is_the_bank_named_earlier(nlp):
    filler = " ".join(f"Analysts raised their forecasts for the {n}th time." for n in range(4, 12))
    qs = run(
        nlp,
        "Northgate Bank reported a 20% rise in profit on Thursday. "
        f"{filler} Unite, the trade union, said the bank should reopen branches. "
        "A spokesperson for the bank said the closures reflected falling footfall.",
    )
    q = find(qs, "falling footfall")
    assert q.speaker_ref is not None and "Northgate Bank" in q.speaker_ref.text


def test_company_the_model_missed_is_an_organisation_for_a_company_spokeswoman(nlp):
    doc = nlp(
        "GridWest Energy says 40,000 homes are without power. A company spokeswoman said crews "
        "would start repairs when the wind dropped."
    )
    quotes = extract_quotes(doc, [])  # as if the entity stage had found nothing
    q = find(quotes, "start repairs")
    assert q.speaker_ref is not None and q.speaker_ref.text == "GridWest Energy"


def test_dateline_agency_is_no_antecedent_and_a_firm_taken_for_a_person_is_a_firm(nlp):
    doc = nlp(
        "LONDON, May 2 (Reuters) - About 300 flights were cancelled on Friday, the airline said.\n\n"
        "The ship's manager, Piraeus-based Kestrel Shipping, said the crew was safe. "
        '"We have no link to the conflict," the company said.'
    )
    k0 = doc.text.index("Kestrel Shipping")
    k1 = k0 + len("Kestrel Shipping")
    ents = [EntityMention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.end_char <= k0 or e.start_char >= k1]
    ents.append(EntityMention(k0, k1, "Kestrel Shipping", "PERSON"))  # as the NER sometimes has it
    qs = extract_quotes(doc, sorted(ents, key=lambda m: m.start))
    a = find(qs, "300 flights")
    assert a.speaker_ref is None or "Reuters" not in a.speaker_ref.text
    b = find(qs, "no link to the conflict")
    assert b.speaker_ref is not None and b.speaker_ref.text == "Kestrel Shipping"


# --------------------------------------------------------------------------- gold set


def test_gold_set_is_well_formed():
    arts = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(arts) >= 30
    real = [q for a in arts for q in a["quotes"] if q["kind"] != "scare"]
    assert len(real) >= 250
    for a in arts:
        for q in a["quotes"]:
            assert a["text"][q["start"]:q["end"]] == q["text"]
    kinds = {q["kind"] for q in real}
    assert kinds == {"direct", "partial", "indirect"}


@pytest.mark.parametrize("split", ["heldout1", "heldout2", "heldout3", "heldout4"])
def test_held_out_split_is_well_formed_and_marked(split):
    path = GOLD.parent / f"{split}.jsonl"
    arts = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(arts) >= 10 and {a["split"] for a in arts} == {split}
    real = [q for a in arts for q in a["quotes"] if q["kind"] != "scare"]
    assert len(real) >= 100
    for a in arts:
        for q in a["quotes"]:
            assert a["text"][q["start"]:q["end"]] == q["text"]
