"""Quantity extraction on sentences written for these tests, in many beats and shapes."""

from __future__ import annotations

import pytest

from dossier.extract.quantities import extract_quantities
from dossier.nlp.model import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def quantities(nlp, text: str):
    doc = nlp(text)
    found = extract_quantities(doc)
    for q in found:
        assert doc.text[q.start : q.end] == q.text, "offsets must point at the text"
    return found


def one(nlp, text: str):
    found = quantities(nlp, text)
    assert len(found) == 1, [(q.text, q.value, q.unit) for q in found]
    return found[0]


# ----------------------------------------------------------------------------- counts and units


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Rebels shot down 71 drones near the airport.", 71, "drone"),
        ("Aid reached four different regions of the country.", 4, "region"),
        ("Both sides agreed to release 1,200 prisoners each.", 1200, "prisoner"),
        ("The clashes caused 28 fatalities in the capital.", 28, "fatality"),
        ("Police detained eight individuals after the raid.", 8, "individual"),
        ("The strike left 14 Sudanese civilians dead.", 14, "civilian"),
        ("Engineers laid 200 miles of new track.", 200, "mile"),
        ("The fund has run for 50 days without a loss.", 50, "day"),
        ("The drought lasted three-and-a-half years.", 3.5, "year"),
        ("The navy sank a dozen fast boats.", 12, "boat"),
        ("The squad won twenty-five matches in a row.", 25, "match"),
        ("The army moved 90 Ukrainian and 90 Russian prisoners of war.", 90, "prisoner"),
        ("The bakery sold three hundred and forty loaves.", 340, "loaf"),
        ("Half a million pilgrims gathered in Mecca.", 500000, "pilgrim"),
        ("The airline ordered 30 Airbus A321 jets.", 30, "jet"),
        ("Firefighters saved 12 policemen trapped in the station.", 12, "policeman"),
    ],
)
def test_counted_thing_is_the_singular_head_noun(nlp, text, value, unit):
    q = [q for q in quantities(nlp, text) if q.value == value]
    assert q, f"no quantity {value} in {text!r}"
    assert q[0].unit == unit


def test_two_counts_joined_by_and_are_two_quantities(nlp):
    found = quantities(nlp, "Overnight the army launched 574 drones and 40 missiles at the port.")
    assert [(q.value, q.unit) for q in found] == [(574, "drone"), (40, "missile")]


def test_hundreds_and_thousands_of_are_vague_counts(nlp):
    q = one(nlp, "Thousands of North Korean soldiers crossed the river.")
    assert (q.value, q.unit, q.approximate) == (1000, "soldier", True)
    assert q.text == "Thousands of North Korean soldiers"
    q = one(nlp, "Tens of thousands of fans filled the streets of Buenos Aires.")
    assert (q.value, q.unit, q.approximate) == (10000, "fan", True)
    q = one(nlp, "Hundreds of shops stayed shut during the strike.")
    assert (q.value, q.unit, q.approximate) == (100, "shop", True)


# ----------------------------------------------------------------------------- money, percent, measures


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The bloc froze €7.4 million of party funds.", 7_400_000, "EUR"),
        ("The startup raised $1.5bn from investors.", 1_500_000_000, "USD"),
        ("The club was sold for £300m last spring.", 300_000_000, "GBP"),
        ("Moscow fined the firm 2 billion rubles.", 2_000_000_000, "RUB"),
        ("The city budget grew to 40 billion hryvnias.", 40_000_000_000, "UAH"),
        ("Congress approved sixty billion dollars in aid.", 60_000_000_000, "USD"),
        ("The bank lent US$250 million to the utility.", 250_000_000, "USD"),
        ("Unemployment fell to 4.2% in June.", 4.2, "percent"),
        ("Shares dropped 3 per cent after the warning.", 3, "percent"),
        ("Her lead widened to six percentage points.", 6, "percentage point"),
        ("Gusts reached 90 mph on the coast.", 90, "mile per hour"),
        ("The convoy drove 35 km to the border crossing.", 35, "kilometre"),
        ("The thermometer showed 41C in the shade.", 41, "degree Celsius"),
        ("The ship carried 500 tonnes of grain.", 500, "tonne"),
    ],
)
def test_money_percent_and_measures(nlp, text, value, unit):
    q = one(nlp, text)
    assert q.value == value
    assert q.unit == unit


def test_money_text_covers_sign_and_scale(nlp):
    q = one(nlp, "Investigators say €7.4 million intended for schools went missing.")
    assert q.text == "€7.4 million"


def test_pounds_are_money_only_with_a_scale_or_sign(nlp):
    assert one(nlp, "Divers found 500 pounds of cocaine.").unit == "pound"
    assert one(nlp, "The charity raised five million pounds.").unit == "GBP"


# ----------------------------------------------------------------------------- ranges and approximations


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("A pause of 24 to 48 hours was proposed.", 24, 48, "hour"),
        ("The truce should last between 24 and 48 hours.", 24, 48, "hour"),
        ("Delivery takes 24-48 hours inside the EU.", 24, 48, "hour"),
        ("Analysts expect growth of 2-3% next year.", 2, 3, "percent"),
        ("The merger could cost $3-4 billion.", 3_000_000_000, 4_000_000_000, "USD"),
        ("Repairs will take two or three weeks.", 2, 3, "week"),
        ("Forecasters expect 3 to 4 million visitors.", 3_000_000, 4_000_000, "visitor"),
    ],
)
def test_ranges(nlp, text, low, high, unit):
    q = one(nlp, text)
    assert q.value == [low, high]
    assert q.unit == unit


def test_a_change_is_two_values_not_a_range(nlp):
    found = quantities(nlp, "Revenue rose from $3.1 billion to $3.4 billion.")
    assert [q.value for q in found] == [3_100_000_000, 3_400_000_000]


@pytest.mark.parametrize(
    "word", ["around", "about", "over", "more than", "nearly", "almost", "some", "up to", "at least", "roughly", "an estimated"]
)
def test_approximators_set_approximate_and_open_the_text(nlp, word):
    q = one(nlp, f"The ministry said {word} 50,000 troops were on the move.")
    assert q.approximate
    assert q.value == 50000 and q.unit == "troop"
    assert q.text == f"{word} 50,000 troops"


def test_exact_counts_are_not_approximate(nlp):
    assert not one(nlp, "The ministry said 50,000 troops were on the move.").approximate


def test_over_as_a_preposition_of_place_is_no_approximation(nlp):
    found = quantities(nlp, "Air defences shot down 41 drones over five regions.")
    assert [(q.value, q.approximate) for q in found] == [(41, False), (5, False)]


def test_plus_after_the_number_is_approximate(nlp):
    q = one(nlp, "A 50,000-plus crowd watched the final.")
    assert q.approximate and q.value == 50000


# ----------------------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    "text",
    [
        "In 2022, the court ruled against the ban.",
        "Since 2024 the plant has been idle.",
        "The 1994 Budapest Memorandum was signed by three states.",
        "Allies discussed Article 5 at length.",
        "Leaders of the G7 met in Italy.",
        "The COVID-19 pandemic closed schools.",
        "Pilots trained on F-16 jets in Denmark.",
        "The vote is set for June 24-25 in Brussels.",
        "Talks open on 12 March in Doha.",
        "The market opens at 9 a.m. and the session ends at 17:30.",
        "Call 0800 555 0199 for details.",
        "The second meeting was cancelled.",
        "He is one of the richest men in Asia.",
        "United beat Chelsea 3-1 at home.",
        "Resolution 2231 remains in force.",
        "The 21st century has been turbulent.",
        "No one was injured in the fire.",
        "The S&P 500 closed at a record.",
        "The Boeing 737 Max returned to service.",
        "The index of the 1990s boom is gone.",
        "Roughly one in four voters is undecided.",
    ],
)
def test_years_dates_labels_names_times_and_ordinals_are_not_quantities(nlp, text):
    found = quantities(nlp, text)
    # "three states" in the memorandum sentence is a real count; nothing else may appear
    assert [q.text for q in found if q.text != "three states"] == []


def test_duration_anchored_in_time_is_a_date_not_a_quantity(nlp):
    assert quantities(nlp, "Three years ago the border was open.") == []
    assert [q.value for q in quantities(nlp, "The border was shut for three years.")] == [3]


def test_a_count_beside_a_year_is_kept(nlp):
    found = quantities(nlp, "In 2021 the company hired 2,000 engineers.")
    assert [(q.value, q.unit) for q in found] == [(2000, "engineer")]


def test_empty_and_number_free_documents(nlp):
    assert quantities(nlp, "") == []
    assert quantities(nlp, "The minister declined to comment.") == []


# ----------------------------------------------------------------------------- counted thing from context


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Gunmen stormed the church and killed 14 before fleeing.", 14, "person"),
        ("At least 30 were injured when the stand collapsed.", 30, "person"),
        ("Coastguards said 48 had been rescued from the sinking ferry.", 48, "person"),
        ("The blast left 6 dead and 40 injured in the market.", 6, "person"),
        ("The death toll from the landslide has risen to 112.", 112, "death"),
        ("The official toll stood at 73 on Friday morning.", 73, "death"),
        ("The number of confirmed dengue infections climbed to 3,400.", 3400, "infection"),
        ("A crowd of 62,000 watched the final.", 62000, "person"),
        ("Labour now holds 40 seats, up from 31.", 31, "seat"),
        ("The amendment passed by 61 votes to 39.", 39, "vote"),
        ("The index rose 3 percent, its biggest gain since 2008, and turnout was 71 percent, down from 74.", 74, "percent"),
        ("Of the 52 passengers on board, 11 survived.", 11, "passenger"),
        ("Among the arrested, more than 200 were students.", 200, "student"),
        ("Officials said 19 remain in hospital, four of them in intensive care.", 4, "person"),
    ],
)
def test_a_count_with_no_noun_takes_the_counted_thing_from_its_context(nlp, text, value, unit):
    hits = [q for q in quantities(nlp, text) if q.value == value]
    assert len(hits) == 1, [(q.text, q.value, q.unit) for q in quantities(nlp, text)]
    assert hits[0].unit == unit


def test_parallel_counts_share_a_noun_only_across_verbs_of_one_kind(nlp):
    found = {q.value: q.unit for q in quantities(nlp, "The raid killed 9 policemen and wounded 17 near the depot.")}
    assert found == {9: "policeman", 17: "policeman"}
    found = {q.value: q.unit for q in quantities(nlp, "Floods covered 2,000 hectares of farmland, and 35 were evacuated by boat.")}
    assert found == {2000: "hectare", 35: "person"}


def test_a_level_is_not_given_its_subject_as_counted_thing(nlp):
    found = {q.value: q.unit for q in quantities(nlp, "Shares in the miner rose to 245 after the results.")}
    assert found.get(245) is None


def test_death_toll_bound_after_a_verb_of_change_is_approximate(nlp):
    q = one(nlp, "Dengue cases soared past 5,000 in the capital.")
    assert (q.value, q.unit, q.approximate) == (5000, "case", True)


# ----------------------------------------------------------------------------- European separators


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The EU approved €3,6 million in emergency aid.", 3600000, "EUR"),
        ("The utility lost 2,75 billion zlotys last year.", 2750000000, "PLN"),
        ("Border guards counted 1.450 migrants at the crossing.", 1450, "migrant"),
        ("Rescuers reached 2.300 stranded Afghan workers.", 2300, "worker"),
        ("The census recorded 1.320.500 residents.", 1320500, "resident"),
        ("Nearly 2 500 volunteers joined the search.", 2500, "volunteer"),
        ("The new line is 1.250 km long.", 1.25, "kilometre"),
        ("A 2.5 percent rise was forecast.", 2.5, "percent"),
    ],
)
def test_european_separators(nlp, text, value, unit):
    q = one(nlp, text)
    assert (q.value, q.unit) == (value, unit)


def test_numbers_written_with_separators_are_never_years(nlp):
    q = one(nlp, "Officials counted 1,987 ballots in the recount.")
    assert (q.value, q.unit) == (1987, "ballot")
    assert quantities(nlp, "The treaty was signed in 1987.") == []


# ----------------------------------------------------------------------------- shapes found on held-out articles


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Forecasters expect the mercury to top 41C.", 41, "degree Celsius"),
        ("It was 38C.", 38, "degree Celsius"),
        ("Inspectors closed 9 of the city's 40 markets.", 9, "market"),
        ("Firefighters answered 310 storm-related calls.", 310, "call"),
        ("The navy fired two Kalibr-M cruise missiles.", 2, "missile"),
        ("Some 4 million Venezuelans have left the country.", 4000000, "Venezuelan"),
        ("Clinics gave out 12,000 doses in a week.", 12000, "dose"),
        ("The contract is worth 900 million Swedish crowns.", 900000000, "SEK"),
    ],
)
def test_shapes_from_held_out_articles(nlp, text, value, unit):
    hits = [q for q in quantities(nlp, text) if q.value == value]
    assert len(hits) == 1, [(q.text, q.value, q.unit) for q in quantities(nlp, text)]
    assert hits[0].unit == unit


def test_approximator_before_every(nlp):
    q = one(nlp, "Buses leave roughly every 20 minutes.")
    assert (q.value, q.unit, q.approximate) == (20, "minute", True)


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("The club paid a £62million fee for the winger.", 62000000, "GBP", False),
        ("Spending on the project has reached £310m.", 310000000, "GBP", False),
        ("The peso weakened past 20 per dollar.", 20, None, True),
        ("At least 40 feared dead after a bus plunged into a ravine.", 40, "person", True),
        ("Dozens presumed missing after the ferry sank.", 12, "person", True),
    ],
)
def test_glued_scales_full_stops_and_bounds(nlp, text, value, unit, approximate):
    q = one(nlp, text)
    assert (q.value, q.unit, q.approximate) == (value, unit, approximate)
    assert not q.text.endswith("."), "a sentence's full stop is no part of the quantity"


def test_past_is_no_approximator_in_a_stretch_of_time(nlp):
    found = quantities(nlp, "Prices have tripled over the past three years.")
    assert found == [], [(q.text, q.value, q.unit) for q in found]


# ----------------------------------------------------------------------------- held-4 shapes


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("The comet was moving at roughly 40 kilometres per second.", 40, "kilometre per second", True),
        ("The lorry hit the bridge at 55 miles an hour.", 55, "mile per hour", False),
        ("Arrests rose to just over a quarter of a million.", 250000, "arrest", True),
        ("The fund had lost three quarters of a billion euros by June.", 750000000, "EUR", False),
        ("Fines cost motorists fifty quid each.", 50, "GBP", False),
        ("Only 2.000 were rehoused before winter.", 2000, None, False),
        ("Bankruptcies fell to 812 in the second quarter.", 812, "bankruptcy", False),
    ],
)
def test_speeds_shares_of_scales_slang_money_and_capitalised_subjects(nlp, text, value, unit, approximate):
    q = next(q for q in quantities(nlp, text) if q.value == value)
    assert (q.unit, q.approximate) == (unit, approximate)


def test_minor_units_of_money(nlp):
    found = quantities(nlp, "The chain paid €1.10 a share last year and will pay 95 cents this year.")
    assert [(q.value, q.unit) for q in found] == [(1.1, "EUR"), (0.95, "EUR")]
    found = quantities(nlp, "The dividend was raised to 31 cents from 28 cents.")
    assert [(q.value, q.unit) for q in found] == [(0.31, "USD"), (0.28, "USD")]
    assert one(nlp, "A loaf now costs 140 pence.").value == 1.4


def test_percent_written_at_both_ends_of_a_range(nlp):
    q = one(nlp, "The bank sees inflation of 2.5% to 3% next year.")
    assert (q.value, q.unit) == ([2.5, 3], "percent")
    # a move and a level, not a range
    found = quantities(nlp, "Turnout fell 4% to 61%.")
    assert [(q.value, q.unit) for q in found] == [(4, "percent"), (61, "percent")]


def test_counted_thing_carried_to_a_bare_subject_and_after_with(nlp):
    found = quantities(nlp, "The council promised 9,000 school places, but only 6,200 were delivered.")
    assert [(q.value, q.unit) for q in found] == [(9000, "school place"), (6200, "school place")] or \
        [(q.value, q.unit) for q in found] == [(9000, "place"), (6200, "place")]
    found = quantities(nlp, "Kenya hosts 820,000 refugees, followed by Uganda with 1,6 million.")
    assert [(q.value, q.unit) for q in found] == [(820000, "refugee"), (1600000, "refugee")]
    found = quantities(nlp, "Each vacancy drew 40 applicants last spring, compared with 17 a year before.")
    assert found[1].unit == "applicant"
    # money, measures and time are not carried to a bare subject
    found = quantities(nlp, "The state spent $3 million on roads, and 12 were resurfaced.")
    assert found[-1].unit is None


def test_age_in_apposition_after_a_common_noun(nlp):
    found = quantities(nlp, "A local teacher, 52, was among the injured.")
    assert found == []


def test_number_of_people_as_clausal_subject(nlp):
    q = one(nlp, "The number of people forced from their homes by floods has climbed to a record 3,4 million.")
    assert (q.value, q.unit) == (3400000, "person")


def test_shared_currency_words_take_the_country_named(nlp):
    q = one(nlp, "Officials in Manila put the losses at 3 billion pesos.")
    assert q.unit == "PHP"
    q = one(nlp, "The Mexican central bank expects 40 billion pesos in new lending.")
    assert q.unit == "MXN"
    # with no country named, no code is guessed
    q = one(nlp, "The repairs will cost 900 million pesos.")
    assert q.unit == "peso"


def test_a_difference_told_of_that_counts_what_came_before(nlp):
    found = quantities(nlp, "Applications to the scheme reached 52,000 families. That is 9,000 more than last spring.")
    assert [(q.value, q.unit) for q in found] == [(52000, "family"), (9000, "family")]
    # a percent before is no counted thing
    found = quantities(nlp, "Turnout was 64%. That is 3 more than before.")
    assert found[-1].unit is None


def test_causative_verbs_bound_and_carry_measures(nlp):
    q = one(nlp, "The deal took the club's spending past £300m.")
    assert (q.value, q.unit, q.approximate) == (300000000, "GBP", True)
    q = one(nlp, "Aftershocks pushed the death toll over 250.")
    assert (q.value, q.unit, q.approximate) == (250, "death", True)
    q = one(nlp, "Inspectors raised the number of contaminated wells to 1,130.")
    assert (q.value, q.unit) == (1130, "well")


# ----------------------------------------------------------------------------- held-5 shapes


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The state has released Rs 1,200 crore for the new highway.", 12000000000, "INR"),
        ("Nearly 3.2 lakh people were evacuated from the coast.", 320000, "person"),
        ("Floods affected 18 lakh across the region.", 1800000, "person"),
    ],
)
def test_lakh_and_crore(nlp, text, value, unit):
    q = one(nlp, text)
    assert (q.value, q.unit) == (value, unit)


def test_a_point_in_time_after_a_bare_number_is_no_counted_thing(nlp):
    found = quantities(nlp, "Some 41,000 visitors came this year, up from 38,500 last year.")
    assert [(q.value, q.unit) for q in found] == [(41000, "visitor"), (38500, "visitor")]


def test_a_text_with_decimal_commas_groups_thousands_with_dots(nlp):
    found = quantities(nlp, "Output grew 3,4% to 612.000 tonnes, and the price fell by €1.250.")
    assert [(q.value, q.unit) for q in found] == [(3.4, "percent"), (612000, "tonne"), (1250, "EUR")]
    # an English text keeps the decimal point
    assert one(nlp, "The index closed at 4.250 after the vote.").value == 4.25


def test_between_two_percentages(nlp):
    q = one(nlp, "The bank expects to take between 11% and 13% of the market.")
    assert (q.value, q.unit) == ([11, 13], "percent")


def test_multipliers_and_ratios_are_no_counts(nlp):
    assert quantities(nlp, "Rents are now three times higher than in the suburbs.") == []
    assert quantities(nlp, "Roughly 1 in 50 patients reported headaches.") == []
    q = one(nlp, "The victim was stabbed 14 times.")
    assert (q.value, q.unit) == (14, "time")


def test_fronted_group_before_a_passive_count(nlp):
    found = quantities(nlp, "Of the 2,300 pupils who sat the test, 410 were awarded top marks.")
    assert [(q.value, q.unit) for q in found] == [(2300, "pupil"), (410, "pupil")]


def test_a_legal_maximum_is_a_bound(nlp):
    q = one(nlp, "The offence carries a maximum of 14 years.")
    assert (q.value, q.unit, q.approximate) == (14, "year", True)


def test_a_causative_verb_is_no_change_for_a_range(nlp):
    q = one(nlp, "The crossing takes from 40 to 55 minutes.")
    assert (q.value, q.unit) == ([40, 55], "minute")
