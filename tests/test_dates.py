"""Date expressions: found in sentences written for these tests, resolved against a
publication date. 2025-05-21 is a Wednesday."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.extract.dates import extract_dates, resolve_date
from dossier.nlp.model import load_model

PUB = "2025-05-21"
PUB_DATE = date(2025, 5, 21)


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def dates(nlp, text: str, published: str | None = PUB):
    doc = nlp(text)
    found = extract_dates(doc, published)
    for d in found:
        assert doc.text[d.start : d.end] == d.text, "offsets must point at the text"
    return found


def value_of(nlp, text: str, words: str, published: str | None = PUB) -> str | None:
    """Value of the one date mention whose text contains ``words``."""
    hits = [d for d in dates(nlp, text, published) if words in d.text]
    assert len(hits) == 1, [(d.text, d.value) for d in dates(nlp, text, published)]
    return hits[0].value


# ----------------------------------------------------------------------------- resolution alone


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("Wednesday", "2025-05-21"),  # the publication day itself
        ("Monday", "2025-05-19"),
        ("late Tuesday", "2025-05-20"),
        ("Thursday", "2025-05-15"),  # a bare weekday looks back by default
        ("next Friday", "2025-05-23"),
        ("last Wednesday", "2025-05-14"),
        ("yesterday", "2025-05-20"),
        ("tomorrow", "2025-05-22"),
        ("earlier this month", "2025-05"),
        ("last month", "2025-04"),
        ("next year", "2026"),
        ("this week", "2025-05-19/2025-05-25"),
        ("last week", "2025-05-12/2025-05-18"),
        ("the end of August", "2025-08"),
        ("February 2022", "2022-02"),
        ("June 24-25", "2025-06-24/2025-06-25"),
        ("24 February 2022", "2022-02-24"),
        ("March 3", "2025-03-03"),
        ("December", "2024-12"),  # the nearest December is the previous one
        ("August", "2025-08"),  # and the nearest August the coming one
        ("2024", "2024"),
        ("the 1990s", "1990/1999"),
        ("2022-23", "2022/2023"),
        ("three weeks ago", "2025-04-30"),
        ("two years ago", "2023"),
        ("recent days", "2025-05-14/2025-05-21"),
        ("the past 24 hours", "2025-05-20/2025-05-21"),
        ("the next few weeks", "2025-05-21/2025-06-11"),
        ("this summer", "2025-06/2025-08"),
        ("winter 2023", "2023-12/2024-02"),
        ("2024-11-05", "2024-11-05"),
    ],
)
def test_resolve_against_publication_date(expr, expected):
    assert resolve_date(expr, PUB_DATE) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("February 2022", "2022-02"),
        ("5 June 2023", "2023-06-05"),
        ("2024", "2024"),
        ("the 1980s", "1980/1989"),
        ("Wednesday", None),
        ("earlier this month", None),
        ("June 24-25", None),
        ("three days ago", None),
    ],
)
def test_without_publication_date_only_absolute_dates_resolve(expr, expected):
    assert resolve_date(expr, None) == expected


def test_impossible_dates_stay_unresolved():
    assert resolve_date("February 30, 2023", PUB_DATE) is None


def test_other_numeric_shapes_fall_back_to_dateparser():
    assert resolve_date("16/05/2024", PUB_DATE) == "2024-05-16"


# ----------------------------------------------------------------------------- finding them in text


def test_weekdays_months_and_relative_expressions_are_found(nlp):
    text = (
        "The ceasefire, agreed on Wednesday after talks earlier this month, must hold "
        "by the end of August, officials said late Tuesday."
    )
    found = {d.text: d.value for d in dates(nlp, text)}
    assert found.get("Wednesday") == "2025-05-21"
    assert found.get("earlier this month") == "2025-05"
    assert any("end of August" in t and v == "2025-08" for t, v in found.items())
    assert found.get("late Tuesday") == "2025-05-20"


def test_years_after_words_of_time(nlp):
    assert value_of(nlp, "The airline has lost money since 2019.", "2019") == "2019"
    assert value_of(nlp, "Prices doubled in February 2022, analysts said.", "February 2022") == "2022-02"
    assert value_of(nlp, "The plant will close by 2030.", "2030") == "2030"


def test_in_recent_days_and_ago(nlp):
    assert value_of(nlp, "Floods in recent days have cut roads in Kerala.", "recent days") == "2025-05-14/2025-05-21"
    assert value_of(nlp, "The coach was sacked two weeks ago.", "ago") == "2025-05-07"


def test_day_ranges_with_a_month(nlp):
    assert value_of(nlp, "The summit is scheduled for June 24-25 in The Hague.", "June") == "2025-06-24/2025-06-25"


def test_future_clause_points_a_weekday_forward(nlp):
    assert value_of(nlp, "The board will vote on Friday.", "Friday") == "2025-05-23"
    assert value_of(nlp, "The board voted on Friday.", "Friday") == "2025-05-16"


def test_unresolved_relative_dates_are_kept_with_no_value(nlp):
    found = dates(nlp, "The striker scored twice on Saturday.", published=None)
    assert [(d.text, d.value) for d in found] == [("Saturday", None)]


def test_absolute_dates_resolve_without_publication_date(nlp):
    assert value_of(nlp, "Russia invaded Ukraine in February 2022.", "February", published=None) == "2022-02"


@pytest.mark.parametrize(
    "text",
    [
        "The ceasefire held for 50 days.",
        "The war has lasted three-and-a-half years.",
        "A 45-year-old man was arrested.",
        "The paper is published daily.",
        "Prices may rise again, the bank warned.",
        "Theresa May led the Conservative Party.",
        "Call 555-1234 for tickets.",
        "The meeting started at 3 p.m. sharp.",
    ],
)
def test_durations_ages_frequencies_and_look_alikes_are_not_dates(nlp, text):
    assert dates(nlp, text) == []


def test_bad_publication_date_is_ignored(nlp):
    found = dates(nlp, "The vote took place on Sunday.", published="not a date")
    assert [(d.text, d.value) for d in found] == [("Sunday", None)]


# ----------------------------------------------------------------------------- tense, ranges, vague


@pytest.mark.parametrize(
    ("expr", "tense", "expected"),
    [
        ("March", "past", "2025-03"),
        ("March", "future", "2026-03"),
        ("September 3", "past", "2024-09-03"),
        ("September 3", "future", "2025-09-03"),
        ("last February", "", "2025-02"),
        ("next February", "", "2026-02"),
        ("May of last year", "", "2024-05"),
        ("Tuesday to Friday", "", "2025-05-20/2025-05-23"),
        ("2008 to 2016", "", "2008/2016"),
        ("a few weeks ago", "", "2025-04-30"),
        ("nearly five years ago", "", "2020"),
        ("early this year", "", "2025"),
        ("Friday, June 6", "future", "2025-06-06"),
    ],
)
def test_tense_ranges_and_qualified_expressions(expr, tense, expected):
    assert resolve_date(expr, PUB_DATE, tense) == expected


def test_since_points_a_month_back(nlp):
    assert value_of(nlp, "The mine has been closed since September.", "September") == "2024-09"


def test_a_month_in_a_future_clause_points_forward(nlp):
    assert value_of(nlp, "The new stadium will open in March.", "March") == "2026-03"


def test_house_numbers_after_of_are_not_years(nlp):
    found = dates(nlp, "Police searched the home of a man, 29, of 1909 Maple Drive on Monday.")
    assert [d.text for d in found] == ["Monday"]


# ----------------------------------------------------------------------------- held-out shapes


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("the next six months", "2025-05-21/2025-11-21"),  # calendar months, not 180 days
        ("the past two years", "2023-05-21/2025-05-21"),
        ("the next three months", "2025-05-21/2025-08-21"),
        ("the end of the year", "2025-12"),
        ("the start of the year", "2025-01"),
        ("the beginning of next year", "2026-01"),
    ],
)
def test_whole_months_and_year_ends(expr, expected):
    assert resolve_date(expr, PUB_DATE) == expected


def test_an_infinitive_takes_the_tense_of_expected(nlp):
    text = "Storms are expected to continue until Friday, forecasters said."
    assert value_of(nlp, text, "Friday") == "2025-05-23"
    # a wish looks forward but gives no past: the nearest June
    assert value_of(nlp, "She hoped to sign the deal by the end of June.", "June") == "2025-06"


def test_a_month_without_year_follows_the_year_of_a_past_story(nlp):
    text = "The siege began in November 2022. In March, troops recaptured the bridge."
    found = {d.text: d.value for d in dates(nlp, text)}
    assert found["November 2022"] == "2022-11"
    assert found["March"] == "2023-03"


def test_a_present_or_future_month_keeps_the_publication_year(nlp):
    found = {d.text: d.value for d in dates(nlp, "The war began in February 2022. The summit is in June.")}
    assert found["June"] == "2025-06"



def test_a_forecast_weekday_looks_forward(nlp):
    assert value_of(nlp, "Heavy rain is forecast through Saturday.", "Saturday") == "2025-05-24"


def test_possessive_is_trimmed_and_a_year_carries_within_its_sentence(nlp):
    text = "Last year's worst storm, Storm Ida, struck the coast in October."
    found = {d.text: d.value for d in dates(nlp, text)}
    assert found.get("Last year") == "2024"
    assert found.get("October") == "2024-10"
    # a year alone does not carry into the next sentence
    found = {d.text: d.value for d in dates(nlp, "The firm was founded in 1998. In March, it cut 200 jobs.")}
    assert found["March"] == "2025-03"


def test_a_scheduling_verb_in_the_past_tells_of_a_past_act(nlp):
    # published on a Wednesday: the act happened on the Monday before
    assert value_of(nlp, "The insurer forecast a loss for the year on Monday.", "Monday") == "2025-05-19"
    assert value_of(nlp, "The committee set new targets on Monday.", "Monday") == "2025-05-19"
    # the day scheduled is still ahead
    assert value_of(nlp, "The judge scheduled a hearing for Monday.", "Monday") == "2025-05-26"
    assert value_of(nlp, "A decision is set for Monday.", "Monday") == "2025-05-26"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("the 13 weeks to May 3", "2025-02-02/2025-05-03"),
        ("the three months to March", "2025-01/2025-03"),
        ("the 12 months ending March 31", "2024-04-01/2025-03-31"),
        ("the 10 days to May 18", "2025-05-09/2025-05-18"),
    ],
)
def test_a_stretch_ending_on_a_date(expr, expected):
    assert resolve_date(expr, PUB_DATE, "") == expected


def test_a_start_or_deadline_in_a_clause_without_tense_lies_ahead(nlp):
    assert value_of(nlp, "The plan includes a 4% rise in child benefit from January.", "January") == "2026-01"
    assert value_of(nlp, "Like-for-like sales fell 3% from January.", "January") == "2025-01"


def test_a_stretch_ending_on_a_date_in_text(nlp):
    assert value_of(nlp, "Sales slipped 2.3% in the 13 weeks to May 3, the retailer said.", "May 3") == "2025-02-02/2025-05-03"


def test_fixed_holidays(nlp):
    assert value_of(nlp, "Rain has fallen every day since Christmas Eve.", "Christmas Eve") == "2024-12-24"
    assert value_of(nlp, "The museum will reopen on Boxing Day.", "Boxing Day") == "2025-12-26"
    assert value_of(nlp, "The bridge opened on New Year's Day 2020.", "New Year") == "2020-01-01"


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("next winter", date(2026, 2, 25), "2026-12/2027-02"),
        ("this winter", date(2026, 1, 10), "2025-12/2026-02"),
        ("next summer", date(2026, 2, 25), "2026-06/2026-08"),
        ("last summer", date(2026, 2, 25), "2025-06/2025-08"),
    ],
)
def test_seasons_relative_to_the_one_under_way(expr, published, expected):
    assert resolve_date(expr, published, "") == expected
