"""The top of an article: section labels, the headline (perhaps repeated) and lead-image alt text.

Pages put a section label ("World", "news", "Home > Business") above the headline, often
print the headline twice (page title and article heading), and put the lead image's alt
text between headline and body. Below that the story begins. An article whose first line
is already a sentence of the story has no headline, and nothing is taken from it.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from dossier.clean.captions import is_alt_text
from dossier.clean.paragraphs import is_heading, word_count

MAX_LABEL_WORDS = 3
TOP_WINDOW = 4  # paragraphs after the headline still looked at for alt text / a repeated title
_ENDS_SENTENCE = re.compile(r"[.,;:]['\"”’)]?$")
_BREADCRUMB = re.compile(r"[\w&'’ .\-]{1,30}(?:\s*[>»›|/•]\s*[\w&'’ .\-]{1,30}){1,5}")
_KEY = re.compile(r"\w+")
# "KYIV, Ukraine" / "BAAR, SWITZERLAND (Reuters) -": where the story was filed, not a headline
_DATELINE = re.compile(r"[A-Z][A-Z.'’\- ]+,\s*[A-Za-z.'’\- ]{2,30}(\s*\([^)]{1,30}\))?\s*[-–—]?")


def _key(text: str) -> str:
    return " ".join(_KEY.findall(text.lower()))


def is_dateline(text: str) -> bool:
    return _DATELINE.fullmatch(text) is not None


def is_label(text: str) -> bool:
    """A section label or breadcrumb trail: a few words, no sentence punctuation."""
    if _BREADCRUMB.fullmatch(text) and word_count(text) <= 8 and not _ENDS_SENTENCE.search(text):
        return True
    # a comma marks a dateline ("BAAR, SWITZERLAND"), which says where the story happened
    return word_count(text) <= MAX_LABEL_WORDS and len(text) <= 30 and not re.search(r"[.!?,]", text)


def same_title(text: str, title: str) -> bool:
    """Same headline, allowing a site-name suffix on either side ("Headline | Site")."""
    a, b = _key(text), _key(title)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(short) >= 0.6 * len(long_) and len(short.split()) >= 3:
        return True
    return fuzz.ratio(a, b) >= 92


def detect_top(texts: list[str], title_hint: str | None) -> tuple[str | None, dict[int, str]]:
    """Classify the first paragraphs of an article.

    ``texts`` are the article's paragraphs still kept, in order. Returns the title (the hint
    when one is given) and ``{position: removal kind}`` for the positions to drop.
    """
    drop: dict[int, str] = {}
    n = len(texts)
    i = 0
    # section labels above the headline; a very short line straight above the body too
    while i < n - 1 and is_label(texts[i]) and not (title_hint and same_title(texts[i], title_hint)):
        if is_heading(texts[i + 1]) or word_count(texts[i]) <= 2:
            drop[i] = "boilerplate"
            i += 1
        else:
            break
    title = title_hint
    if title_hint:
        j = i
        while j < min(n, i + TOP_WINDOW):
            if is_heading(texts[j]) and same_title(texts[j], title_hint):
                drop[j] = "title"
            elif not is_heading(texts[j]):
                break
            j += 1
        i = j if any(drop.get(k) == "title" for k in range(i, j)) else i
    elif (
        i < n - 1
        and is_heading(texts[i])
        and word_count(texts[i]) >= 2
        and not is_dateline(texts[i])
        and _body_follows(texts, i + 1)
    ):
        title = texts[i]
        drop[i] = "title"
        i += 1
        while i < n and same_title(texts[i], title):
            drop[i] = "title"
            i += 1
    # alt text of the lead image, before the first story paragraph
    for j in range(i, min(n - 1, i + TOP_WINDOW)):
        if j in drop:
            continue
        if is_alt_text(texts[j]):
            drop[j] = "caption"
        elif not is_heading(texts[j]):
            break
    # the headline printed again further down (a footer, a "related" list linking to itself)
    if title:
        key = _key(title)
        for j in range(i, n):
            if j not in drop and is_heading(texts[j]) and _key(texts[j]) == key:
                drop[j] = "title"
    return title, drop


def _body_follows(texts: list[str], start: int) -> bool:
    return any(not is_heading(t) for t in texts[start:])
