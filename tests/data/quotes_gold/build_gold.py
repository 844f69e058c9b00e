"""Build articles.jsonl (text with exact offsets) from the marked-up articles.src.txt.

Run from anywhere: ``python tests/data/quotes_gold/build_gold.py [NAME ...]`` (default: every
``*.src.txt`` here). ``NAME.src.txt`` becomes ``NAME.jsonl``; each article records its
``split``: "tuned" for ``articles`` (the set rules were developed on), else NAME (a held-out
split, scored once before any change). The markup is described in README.md; the JSONL is
what tests and bench/quotes_eval.py read.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
KINDS = {"d": "direct", "p": "partial", "i": "indirect", "s": "scare"}


_OPEN = re.compile(r"(\[\[|\{\{)([dpis])\|([^|\]}]*)\|([^|\]}]*)\|")


def _strip(body: str) -> tuple[str, list[dict]]:
    """Plain text and quotes from a marked-up body; ``{{...}}`` may enclose ``[[...]]``."""
    out: list[str] = []
    quotes: list[dict] = []
    stack: list[tuple[str, dict]] = []
    n = 0  # characters written so far
    i = 0
    while i < len(body):
        m = _OPEN.match(body, i)
        if m:
            kind, speaker, speaker_text = m.group(2), m.group(3).strip(), m.group(4).strip()
            q = {
                "kind": KINDS[kind],
                "start": n,
                "end": n,
                "text": "",
                "speaker": None if speaker in ("", "-") else speaker,
                "speaker_text": None if speaker_text in ("", "-") else speaker_text,
            }
            stack.append(("]]" if m.group(1) == "[[" else "}}", q))
            i = m.end()
            continue
        if stack and body.startswith(stack[-1][0], i):
            _, q = stack.pop()
            q["end"] = n
            quotes.append(q)
            i += 2
            continue
        out.append(body[i])
        n += 1
        i += 1
    if stack:
        raise ValueError("unclosed annotation")
    text = "".join(out)
    for q in quotes:
        q["text"] = text[q["start"]:q["end"]]
    quotes.sort(key=lambda q: (q["start"], -q["end"]))
    return text, quotes


def parse(src: str, split: str = "tuned") -> list[dict]:
    """Articles from the source markup: ``=== id | style | title`` then the marked-up body."""
    articles = []
    for block in re.split(r"^=== ", src, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        art_id, style, title = (x.strip() for x in head.split("|", 2))
        text, quotes = _strip(body.strip("\n"))
        if any(x in text for x in ("[[", "]]", "{{", "}}")):
            raise ValueError(f"{art_id}: unparsed markup left in the text")
        articles.append(
            {"id": art_id, "split": split, "style": style, "title": title, "text": text, "quotes": quotes}
        )
    return articles


def build(name: str) -> None:
    src = (HERE / f"{name}.src.txt").read_text(encoding="utf-8")
    src = "\n".join(line for line in src.splitlines() if not line.startswith("#"))
    articles = parse(src, "tuned" if name == "articles" else name)
    with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for a in articles:
        for q in a["quotes"]:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    attributions = sum(v for k, v in kinds.items() if k != "scare")
    print(f"{name}: {len(articles)} articles, {attributions} attributions, by kind: {kinds}")


def main() -> None:
    names = sys.argv[1:] or sorted(p.name[: -len(".src.txt")] for p in HERE.glob("*.src.txt"))
    for name in names:
        build(name)


if __name__ == "__main__":
    main()
