"""Cleaning rules on hand-written articles in several beats and page shapes."""

from __future__ import annotations

import re

import pytest

from dossier.clean import Cleaned, clean_text
from dossier.records import Removal

SUDAN_BODY = [
    "Fighting between the army and the Rapid Support Forces spread to two more towns in North Darfur on Sunday, forcing thousands of families to flee toward the Chadian border.",
    "The United Nations refugee agency said at least 14,000 people had crossed into Chad since Thursday, most of them women and children.",
    "Talks in Jeddah, brokered by Saudi Arabia and the United States, were suspended last month after both sides accused each other of violating a short truce.",
    "\u201cWe are running out of everything, even water,\u201d said Amina Yousif, a nurse at the only working clinic in El Fasher.",
]

FOOTBALL_BODY = [
    "Northfield United came from two goals down to beat Harbour City 3-2 on Saturday, with striker Leo Marsh scoring twice in the final ten minutes.",
    "The win lifts United to fourth in the table, three points behind the promotion places with six games left.",
    "Manager Carla Diaz said her side had \u201cnever stopped believing\u201d and praised the travelling supporters.",
]

COUNCIL_BODY = [
    "The Millbrook town council voted 5-2 on Tuesday night to close the Elm Street bridge for repairs starting in April, a decision that will add up to 20 minutes to some commutes.",
    "Engineers told the council that corrosion on the bridge's steel supports had worsened since an inspection two years ago, and that a full closure was the cheapest safe option.",
    "Residents on the east side of town, who rely on the bridge to reach the hospital, asked the council to run a free shuttle bus during the closure.",
    "Council member Joan Petrakis said the town would apply for a state grant to cover part of the $4.2 million repair bill, but warned that the money was not guaranteed.",
]


def sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in re.split(r"(?<=[.!?\u201d])\s+(?=[A-Z\u201c])", p)]


def assert_story_kept(cleaned: Cleaned, body: list[str]) -> None:
    for sentence in sentences(body):
        assert sentence in cleaned.text, f"story sentence lost: {sentence!r}"


def assert_offsets(raw: str, removed: list[Removal]) -> None:
    for r in removed:
        assert raw[r.raw_start : r.raw_end] == r.text
        assert r.text.strip() == r.text and r.text


def kinds(cleaned: Cleaned) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in cleaned.removed:
        out.setdefault(r.kind, []).append(" ".join(r.text.split()))
    return out


# --------------------------------------------------------------------------- titles


def test_section_label_repeated_headline_and_web_noise():
    raw = "\n\n".join(
        [
            "Africa",
            "Darfur fighting spreads as Jeddah talks stall",
            "Darfur fighting spreads as Jeddah talks stall",
            "Photo: Displaced families queue for water near Adre. (Jane Okafor/Reuters)",
            *SUDAN_BODY[:2],
            "See also: Chad appeals for aid as refugee camps overflow",
            *SUDAN_BODY[2:],
            "Related Stories",
            "Leave a comment",
            "Your email address will not be published. Required fields are marked *",
            "12",
            "Share on Facebook",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Darfur fighting spreads as Jeddah talks stall"
    got = kinds(cleaned)
    assert got["title"] == [cleaned.title, cleaned.title]
    assert "Africa" in got["boilerplate"]
    assert got["caption"] == ["Photo: Displaced families queue for water near Adre. (Jane Okafor/Reuters)"]
    for noise in ("See also", "Related Stories", "Leave a comment", "email address", "Share on", "\n\n12"):
        assert noise not in cleaned.text
    assert cleaned.text == "\n\n".join(SUDAN_BODY)
    assert_offsets(raw, cleaned.removed)


def test_article_without_title_keeps_its_first_sentence():
    body = [
        "Shares in Halvorsen Shipping fell 11 per cent on Wednesday after the company cut its profit forecast for the third time this year, blaming weak freight rates.",
        "Chief executive Mette Lund told analysts that demand from Asian exporters had not recovered as quickly as expected.",
        "The company also said it would delay delivery of four new container ships until 2027.",
    ]
    raw = "\n".join(body)
    cleaned = clean_text(raw)
    assert cleaned.title is None
    assert cleaned.text.startswith(body[0])
    assert not cleaned.removed
    assert cleaned.text == "\n\n".join(body)


def test_short_first_line_sentence_is_not_a_title():
    body = ["Markets closed higher on Friday.", *COUNCIL_BODY[:2]]
    cleaned = clean_text("\n\n".join(body))
    assert cleaned.title is None
    assert_story_kept(cleaned, body)


def test_title_hint_removes_matching_headline_only():
    raw = "Bridge to close for repairs\n" + "\n".join(COUNCIL_BODY)
    cleaned = clean_text(raw, title_hint="Bridge to close for repairs | Millbrook Gazette")
    assert kinds(cleaned)["title"] == ["Bridge to close for repairs"]
    assert cleaned.title == "Bridge to close for repairs | Millbrook Gazette"
    assert_story_kept(cleaned, COUNCIL_BODY)
    assert_offsets(raw, cleaned.removed)


def test_title_hint_equal_to_lede_sentence_does_not_remove_it():
    raw = "\n".join(COUNCIL_BODY)
    cleaned = clean_text(raw, title_hint=COUNCIL_BODY[0])
    assert cleaned.removed == []
    assert_story_kept(cleaned, COUNCIL_BODY)


def test_headline_repeated_at_the_foot_is_removed():
    title = "Northfield stage late comeback to beat Harbour City"
    raw = "\n\n".join([title, *FOOTBALL_BODY, "Back to top", title])
    cleaned = clean_text(raw)
    assert kinds(cleaned)["title"] == [title, title]
    assert cleaned.text == "\n\n".join(FOOTBALL_BODY)


# --------------------------------------------------------------------------- captions


def test_alt_text_caption_between_headline_and_body():
    raw = "\n\n".join(
        [
            "Northfield stage late comeback to beat Harbour City",
            "A packed stadium pictured from the stands, with floodlights and blue tones in the background.",
            *FOOTBALL_BODY,
        ]
    )
    cleaned = clean_text(raw)
    assert kinds(cleaned)["caption"] == [
        "A packed stadium pictured from the stands, with floodlights and blue tones in the background."
    ]
    assert cleaned.text == "\n\n".join(FOOTBALL_BODY)


def test_story_sentence_with_picture_words_is_kept():
    first = "A painting depicting the siege of the city sold for $2 million at auction in London on Tuesday."
    body = [first, *COUNCIL_BODY[1:3]]
    cleaned = clean_text("Auction record for war painting\n\n" + "\n\n".join(body))
    assert "caption" not in kinds(cleaned)
    assert_story_kept(cleaned, body)


def test_credit_lines_anywhere_are_captions():
    raw = "\n\n".join(
        [
            COUNCIL_BODY[0],
            "The Elm Street bridge, seen from the river bank. (AP Photo/Sam Reed)",
            COUNCIL_BODY[1],
            "Image: Millbrook Gazette",
            COUNCIL_BODY[2],
        ]
    )
    cleaned = clean_text(raw)
    assert len(kinds(cleaned)["caption"]) == 2
    assert_story_kept(cleaned, COUNCIL_BODY[:3])


# --------------------------------------------------------------------------- publisher line


def test_original_source_line_becomes_a_domain():
    raw = "\n\n".join([*FOOTBALL_BODY, "Original Source: https://www.sportsdesk-example.co.uk/football/123"])
    cleaned = clean_text(raw)
    assert cleaned.original_source == "sportsdesk-example.co.uk"
    assert kinds(cleaned)["source_line"] == ["Original Source: https://www.sportsdesk-example.co.uk/football/123"]
    assert cleaned.text == "\n\n".join(FOOTBALL_BODY)
    assert_offsets(raw, cleaned.removed)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("This article originally appeared on The Conversation.", "The Conversation"),
        ("Source: www.kyivherald-example.com", "kyivherald-example.com"),
    ],
)
def test_publisher_line_forms(line, expected):
    cleaned = clean_text("\n".join([*COUNCIL_BODY[:2], line]))
    assert cleaned.original_source == expected
    assert line not in cleaned.text


def test_source_in_prose_is_not_a_publisher_line():
    line = "Source: a senior official said the talks had stalled."
    cleaned = clean_text("\n".join([COUNCIL_BODY[0], line]))
    assert cleaned.original_source is None
    assert line in cleaned.text


# --------------------------------------------------------------------------- duplicates


def test_page_that_repeats_every_paragraph():
    raw = "\n".join(p for para in COUNCIL_BODY for p in (para, para))
    cleaned = clean_text(raw)
    assert cleaned.text == "\n\n".join(COUNCIL_BODY)
    dups = [r for r in cleaned.removed if r.kind == "duplicate_paragraph"]
    assert [d.text for d in dups] == COUNCIL_BODY
    # each removed copy is the second occurrence, not the first
    for d, para in zip(dups, COUNCIL_BODY, strict=True):
        assert d.raw_start == raw.index(para, raw.index(para) + 1)
    assert_offsets(raw, cleaned.removed)


def test_story_printed_twice_as_a_block():
    raw = "\n\n".join(SUDAN_BODY + SUDAN_BODY[1:])
    cleaned = clean_text(raw)
    assert cleaned.text == "\n\n".join(SUDAN_BODY)
    assert len(kinds(cleaned)["duplicate_paragraph"]) == 3


def test_near_duplicate_paragraph_with_small_edit():
    edited = COUNCIL_BODY[1].replace("two years ago", "2 years ago").replace("cheapest", "cheapest,")
    raw = "\n\n".join([*COUNCIL_BODY, edited])
    cleaned = clean_text(raw)
    assert kinds(cleaned)["duplicate_paragraph"] == [edited]
    assert cleaned.text == "\n\n".join(COUNCIL_BODY)


def test_near_copy_that_adds_a_sentence_is_kept():
    extended = COUNCIL_BODY[1] + " A second inspection is due in May."
    raw = "\n\n".join([*COUNCIL_BODY, extended])
    cleaned = clean_text(raw)
    assert "A second inspection is due in May." in cleaned.text


def test_repeated_short_list_items_are_kept():
    raw = "\n".join(
        [
            COUNCIL_BODY[0],
            "Monday",
            "- Bridge open to pedestrians only",
            "Tuesday",
            "- Bridge open to pedestrians only",
            COUNCIL_BODY[1],
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.text.count("- Bridge open to pedestrians only") == 2


# --------------------------------------------------------------------------- keep the story


def test_prose_that_looks_like_furniture_is_kept():
    body = [
        "Shares in the utility fell 4 per cent after the regulator rejected its price plan.",
        "Related issues, including the cost of new pipes, will be discussed at the next meeting.",
        "Copyright law was not part of the reform, the minister said.",
        "Subscribers who sign up for the water company's text alerts will be told when supply returns, the company said.",
        "By Tuesday evening, crews had restored water to 3,000 homes.",
        "Recommended changes to the billing system were rejected by the board.",
        "Published figures show leaks cost the company $12 million in 2023.",
    ]
    cleaned = clean_text("\n".join(body))
    assert cleaned.removed == []
    assert_story_kept(cleaned, body)


def test_subheadings_inside_the_body_stay():
    raw = "\n\n".join(
        [
            "Millbrook bridge to close in April",
            COUNCIL_BODY[0],
            "Residents Ask for Shuttle",
            *COUNCIL_BODY[1:],
        ]
    )
    cleaned = clean_text(raw)
    assert "Residents Ask for Shuttle" in cleaned.text
    assert_story_kept(cleaned, COUNCIL_BODY)


def test_dateline_line_is_not_a_section_label():
    raw = "\n\n".join(["KYIV, Ukraine", *SUDAN_BODY[:2]])
    cleaned = clean_text(raw)
    assert cleaned.text.startswith("KYIV, Ukraine")


# --------------------------------------------------------------------------- text shape


def test_whitespace_is_normalised_and_paragraphs_joined_by_blank_lines():
    raw = "  Northfield\u00a0 United   came from two goals down.\u00a0 \r\n\n\nThe win lifts United to fourth.\u00a0\u00a0\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "Northfield United came from two goals down.\n\nThe win lifts United to fourth."


def test_hard_wrapped_lines_are_joined():
    raw = (
        "The council voted on Tuesday night to close the\n"
        "bridge for repairs starting in April, officials\n"
        "said.\n\n"
        "Engineers found corrosion on the supports."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "The council voted on Tuesday night to close the bridge for repairs starting in April, "
        "officials said.\n\nEngineers found corrosion on the supports."
    )


def test_cleaning_is_deterministic_and_offsets_hold():
    raw = "\n\n".join(
        ["World", "Darfur fighting spreads", *SUDAN_BODY, *SUDAN_BODY[:2], "Back to top", "0"]
    )
    first, second = clean_text(raw), clean_text(raw)
    assert first == second
    assert_offsets(raw, first.removed)
    assert_story_kept(first, SUDAN_BODY)
    assert [r.raw_start for r in first.removed] == sorted(r.raw_start for r in first.removed)


def test_empty_input_gives_empty_text():
    cleaned = clean_text("  \n\n \u00a0\n")
    assert cleaned.text == "" and cleaned.title is None and cleaned.removed == []


def test_related_links_after_a_related_header_go_with_it():
    links = [
        "Harbour City sack manager after five straight defeats",
        "- Marsh signs new three-year deal with Northfield",
    ]
    raw = "\n".join([*FOOTBALL_BODY, "Related Stories", *links, "Back to top"])
    cleaned = clean_text(raw)
    assert cleaned.text == "\n\n".join(FOOTBALL_BODY)
    assert kinds(cleaned)["boilerplate"] == ["Related Stories", *links, "Back to top"]


def test_link_list_stops_at_story_text():
    raw = "\n".join([FOOTBALL_BODY[0], "Read more:", "Cup draw", *FOOTBALL_BODY[1:]])
    cleaned = clean_text(raw)
    assert "Cup draw" in cleaned.text
    assert_story_kept(cleaned, FOOTBALL_BODY)


def test_byline_and_timestamp_lines_go_but_bare_times_stay():
    raw = "\n".join(
        [
            "Harbour City fined over crowd trouble",
            "By Priya Natarajan and Tom Wells",
            "Published: 14 March 2025, 09:12 GMT",
            FOOTBALL_BODY[0],
            "10:45",
            FOOTBALL_BODY[1],
        ]
    )
    cleaned = clean_text(raw)
    assert kinds(cleaned)["boilerplate"] == [
        "By Priya Natarajan and Tom Wells",
        "Published: 14 March 2025, 09:12 GMT",
    ]
    assert "10:45" in cleaned.text
    assert_story_kept(cleaned, FOOTBALL_BODY[:2])


def test_quote_headline_and_speech_after_see_also_kept():
    body = [
        "See also the warning from the central bank, the minister said in a statement on Monday.",
        *COUNCIL_BODY[:2],
    ]
    raw = "\n".join(["\u201cWe are not leaving\u201d: residents defy evacuation order", *body])
    cleaned = clean_text(raw)
    assert cleaned.title == "\u201cWe are not leaving\u201d: residents defy evacuation order"
    assert_story_kept(cleaned, body)
