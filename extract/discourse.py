"""Article structure the relation readers share: datelines that name no actor, and
bodies whose name names their state.

"ABUJA, Nigeria, 22 May 2024 —" or "RIYADH, 3 December 2023 (Example Press
Agency) —" opens a story with where it was filed and who filed it; the names in
it are places and publishers, never a signatory or a partner.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from spacy.attrs import IDX
from spacy.tokens import Doc

from extract.syntax import group, prep_objects
from ontology.gazetteer import load_gazetteer, normalise

DASHES = {"—", "–", "-", "--", ":"}
MAX_DATELINE = 16
DATELINE_KEY = "cyberkg_dateline"


def line_starts(doc: Doc) -> list[int]:
    """Indices of the tokens that open a line: the first, and each after a line break."""
    if not len(doc):
        return []
    offsets = doc.to_array(IDX).tolist()
    starts = {0}
    for m in re.finditer("\n", doc.text):
        j = bisect_right(offsets, m.start())  # the first token after the break
        if j < len(doc):
            starts.add(j)
    return sorted(starts)


def dateline_mask(doc: Doc) -> list[bool]:
    """For each token, whether it lies in a line-opening dateline ending in a dash or colon.

    Computed once per document (the agreement and relation readers both ask)."""
    cached = doc.user_data.get(DATELINE_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    out = [False] * len(doc)
    for i in line_starts(doc):
        first = doc[i]
        if first.is_space or not (first.is_upper and first.is_alpha and len(first) > 1):
            continue
        window = doc[i : min(i + MAX_DATELINE, len(doc))]
        texts = [t.text for t in window]
        end = next(
            (j for j in range(1, len(texts)) if texts[j] in DASHES or "\n" in texts[j]),
            None,
        )
        if end is None or texts[end] not in DASHES:
            continue
        if not any(texts[j] == "," or window[j].like_num for j in range(1, end)):
            continue  # a dateline names a place and a date: "CITY, Country, date —"
        for t in range(i, i + end):
            out[t] = True
    doc.user_data[DATELINE_KEY] = out
    return out


@cache
def _state_forms(state: str) -> tuple[frozenset[str], frozenset[str]]:
    """A state's names, aliases and demonyms (folded), and its ISO codes (as written)."""
    entry = load_gazetteer().lookup(state)
    if entry is None or entry.type != "country":
        return frozenset(), frozenset()
    names = frozenset(normalise(n) for n in (entry.name, *entry.aliases, *entry.demonyms))
    codes = frozenset(c for c in (entry.country,) if c)
    return names, codes


def names_state(state: str, body: str, orgs: dict) -> bool:
    """'CERT NZ', 'Korean National Police Agency', 'Vanuatu CERT': a body whose name
    names a state belongs to it, and is never its partner."""
    if orgs[state]["type"] != "country" or orgs[body]["type"] == "country":
        return False
    names, codes = _state_forms(state)
    words = normalise(body).split()
    if any(w in codes for w in body.split()):
        return True
    for n in names:
        k = n.split()
        if any(words[i : i + len(k)] == k for i in range(len(words) - len(k) + 1)):
            return True
    return False


def along_with(members: set[int], mentions, doc: Doc, idx: list[int]) -> set[int]:
    """'A along with B, C and 12 other nations is a member', 'A, alongside B, signed':
    the bodies 'along with', 'together with', 'alongside' or 'as well as' a mention
    share its role."""
    out = set()
    for m in members:
        root = doc[mentions[m][0] : mentions[m][1]].root
        for c in root.children:
            if (
                c.dep_ == "prep"
                and c.lower_ == "with"
                and doc[c.i - 1].lower_ in ("along", "together")
            ):
                out |= prep_objects(root, idx, {"with"})
            if c.dep_ in ("prep", "advmod") and c.lower_ in ("along", "together"):
                out |= prep_objects(c, idx, {"with"})
            if c.dep_ == "prep" and c.lower_ == "alongside":
                out |= prep_objects(root, idx, {"alongside"})
            if c.dep_ == "cc" and c.lower_ == "as":
                out |= group(root, idx)
    return out
