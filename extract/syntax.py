"""Dependency-parse helpers shared by the agreement and relation components."""

from __future__ import annotations

from spacy.tokens import Doc, Token

LIST_PREPS = {"with", "between", "among", "amongst", "by", "of", "including", "to", "from"}
SUCH_AS = {"such", "including", "include", "namely", "like"}


def mention_index(doc: Doc) -> list[int]:
    """For each token, the index of the organisation mention covering it, or -1."""
    idx = [-1] * len(doc)
    for n, (s, e, _key, _role) in enumerate(doc._.cyberkg["mentions"]):
        for t in range(s, e):
            idx[t] = n
    return idx


def group(tok: Token, idx: list[int], depth: int = 0) -> set[int]:
    """Mentions that a noun phrase stands for: itself, its conjuncts, possessors and lists.

    "Kenya's Committee and Romania's Directorate" gives all four mentions;
    "partners, namely the ITU and Oxford" gives the ITU and Oxford.
    """
    out: set[int] = set()
    if depth > 40:
        return out
    if idx[tok.i] >= 0:
        out.add(idx[tok.i])
    for c in tok.children:
        if (
            c.dep_ in ("conj", "appos")
            or (c.dep_ == "poss" and idx[c.i] >= 0)
            or c.dep_ == "compound"
            and idx[c.i] >= 0
            and idx[tok.i] < 0
        ):
            out |= group(c, idx, depth + 1)
        elif c.dep_ == "amod" and idx[c.i] >= 0 and idx[tok.i] < 0:
            out.add(idx[c.i])
        elif c.dep_ == "prep" and c.lower_ in SUCH_AS | {"as"}:
            for p in c.children:
                if p.dep_ in ("pobj", "prep", "amod"):
                    out |= group(p, idx, depth + 1)
                    for q in p.children:
                        if q.dep_ == "pobj":
                            out |= group(q, idx, depth + 1)
        elif c.dep_ in ("advmod", "npadvmod") and c.lower_ in SUCH_AS:
            for p in c.children:
                out |= group(p, idx, depth + 1)
    # "namely X and Y" attached as appos/npadvmod of the head
    return out


def subjects(verb: Token, idx: list[int]) -> set[int]:
    """Mentions that are the subject (or passive agent) of a verb."""
    out: set[int] = set()
    v = verb
    for _ in range(3):
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                out |= group(c, idx)
            elif c.dep_ == "agent":
                for p in c.children:
                    out |= group(p, idx)
        if v.dep_ in ("relcl", "acl") and not out:
            out |= group(v.head, idx)
        if out or v.dep_ not in ("xcomp", "conj", "ccomp", "advcl", "relcl", "acl"):
            break
        v = v.head
    return out


def prep_objects(tok: Token, idx: list[int], preps: set[str]) -> set[int]:
    """Mentions in "with X", "between X and Y", ... attached to a token."""
    out: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    out |= group(p, idx)
        elif c.dep_ in ("dative",):
            out |= group(c, idx)
    return out


def governing_verb(tok: Token) -> Token | None:
    """The verb a noun is an argument of, through at most two prepositions."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") and t is not tok:
            return t
        if t.head.i == t.i:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None
