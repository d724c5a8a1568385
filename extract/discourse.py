"""Article structure the relation readers share: datelines that name no actor.

"ABUJA, Nigeria, 22 May 2024 —" or "RIYADH, 3 December 2023 (Example Press
Agency) —" opens a story with where it was filed and who filed it; the names in
it are places and publishers, never a signatory or a partner.
"""

from __future__ import annotations

from spacy.tokens import Doc

DASHES = {"—", "–", "-", "--", ":"}
MAX_DATELINE = 16


def dateline_mask(doc: Doc) -> list[bool]:
    """For each token, whether it lies in a line-opening dateline ending in a dash or colon."""
    out = [False] * len(doc)
    for i in range(len(doc)):
        if doc[i].is_space or (i > 0 and "\n" not in doc[i - 1].whitespace_ + doc[i - 1].text):
            continue
        first = doc[i]
        if not (first.is_upper and first.is_alpha and len(first) > 1):
            continue
        end = next(
            (
                j
                for j in range(i + 1, min(i + MAX_DATELINE, len(doc)))
                if doc[j].text in DASHES or "\n" in doc[j].text
            ),
            None,
        )
        if end is None or doc[end].text not in DASHES:
            continue
        if not any(doc[j].text == "," or doc[j].like_num for j in range(i + 1, end)):
            continue  # a dateline names a place and a date: "CITY, Country, date —"
        for t in range(i, end):
            out[t] = True
    return out
