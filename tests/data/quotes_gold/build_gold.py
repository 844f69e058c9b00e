"""Build articles.jsonl (text with exact offsets) from the marked-up articles.src.txt.

Run from anywhere: ``python tests/data/quotes_gold/build_gold.py``. The markup is described
in README.md; the JSONL is what tests and bench/quotes_eval.py read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
_MARK = re.compile(r"\[\[([dpis])\|([^|\]]*)\|([^|\]]*)\|([^\]]*)\]\]")
KINDS = {"d": "direct", "p": "partial", "i": "indirect", "s": "scare"}


def parse(src: str) -> list[dict]:
    """Articles from the source markup: ``=== id | style | title`` then the marked-up body."""
    articles = []
    for block in re.split(r"^=== ", src, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        art_id, style, title = (x.strip() for x in head.split("|", 2))
        body = body.strip("\n")
        text_parts: list[str] = []
        quotes = []
        pos = 0
        out_len = 0
        for m in _MARK.finditer(body):
            plain = body[pos:m.start()]
            text_parts.append(plain)
            out_len += len(plain)
            kind, speaker, speaker_text, content = m.groups()
            quotes.append(
                {
                    "kind": KINDS[kind],
                    "start": out_len,
                    "end": out_len + len(content),
                    "text": content,
                    "speaker": None if speaker.strip() in ("", "-") else speaker.strip(),
                    "speaker_text": None if speaker_text.strip() in ("", "-") else speaker_text.strip(),
                }
            )
            text_parts.append(content)
            out_len += len(content)
            pos = m.end()
        text_parts.append(body[pos:])
        text = "".join(text_parts)
        if "[[" in text or "]]" in text:
            raise ValueError(f"{art_id}: unparsed markup left in the text")
        for q in quotes:
            assert text[q["start"]:q["end"]] == q["text"]
        articles.append({"id": art_id, "style": style, "title": title, "text": text, "quotes": quotes})
    return articles


def main() -> None:
    src = (HERE / "articles.src.txt").read_text(encoding="utf-8")
    src = "\n".join(line for line in src.splitlines() if not line.startswith("#"))
    articles = parse(src)
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for a in articles:
        for q in a["quotes"]:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    attributions = sum(v for k, v in kinds.items() if k != "scare")
    print(f"{len(articles)} articles, {attributions} attributions, by kind: {kinds}")


if __name__ == "__main__":
    main()
