"""Dependency-parse helpers shared by the agreement and relation components."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

from ontology.cues import lexicon

# "Agency(BSSN)": a bracket glued to a word opens an acronym, not part of the word
GLUED_BRACKET = r"(?<=[A-Za-z])\((?=[A-Za-z])"


def split_glued_brackets(nlp: Language) -> None:
    """Make the tokenizer split "Agency(BSSN)" into "Agency ( BSSN )" (idempotent), so the
    acronym after a name is read as its definition, as it is when a space precedes it."""
    infixes = list(nlp.Defaults.infixes or [])
    if GLUED_BRACKET not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex([*infixes, GLUED_BRACKET]).finditer


# "the governments of A and B": people or offices that stand for the bodies they are of
REPRESENTING_HEADS = lexicon("relations")["representing_heads"]

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
        elif c.dep_ == "prep" and c.lower_ == "of":
            out |= _of_bodies(tok, c, idx, depth)
    # "namely X and Y" attached as appos/npadvmod of the head
    return out


def _of_bodies(tok: Token, of: Token, idx: list[int], depth: int) -> set[int]:
    """The bodies an "of" phrase adds to a noun phrase's group.

    "The governments of A and B" stands for A and B. In "the Ministry of X of A and the
    Agency of Y of B" the parser hangs the second body on the first one's country: it
    is a body of the list too, though the country it conjoins is only a possessor.
    """
    out: set[int] = set()
    orgs = tok.doc._.cyberkg["orgs"]
    mentions = tok.doc._.cyberkg["mentions"]
    for p in of.children:
        if p.dep_ != "pobj":
            continue
        if idx[tok.i] < 0 and tok.tag_ == "NNS" and tok.lemma_.lower() in REPRESENTING_HEADS:
            out |= group(p, idx, depth + 1)
        elif idx[tok.i] >= 0 and idx[p.i] >= 0:
            for q in p.children:
                if (
                    q.dep_ == "conj"
                    and idx[q.i] >= 0
                    and idx[q.i] != idx[p.i]
                    and orgs.get(mentions[idx[q.i]][2], {}).get("type") != "country"
                ):
                    out |= group(q, idx, depth + 1)
    return out


LIST_GLUE = {",", "and", "&", "the"}


def _glue_end(doc: Doc, i: int, step: int, idx: list[int]) -> int:
    """From token i, skip list glue (commas, "and", "the", a bracketed acronym) in one direction.

    The index of the next token that is no glue, or -1 when no comma or "and" was crossed.
    """
    sent = doc[i].sent if 0 <= i < len(doc) else None
    sep = False
    while sent is not None and sent.start <= i < sent.end and idx[i] < 0:
        t = doc[i]
        if t.lower_ in LIST_GLUE or t.is_space:
            sep = sep or t.lower_ != "the"
            i += step
        elif t.text == (")" if step == 1 else "(") and not sep and idx[i - step] >= 0:
            i += step  # "(AX) and B": the bracket closes around the mention itself
        elif t.text in ("(", ")"):  # "(CSA)": the acronym just defined
            j = i + step
            while sent.start <= j < sent.end and doc[j].text not in ("(", ")") and abs(j - i) < 4:
                if not (doc[j].is_upper or doc[j].is_punct):
                    return -1
                j += step
            if not (sent.start <= j < sent.end) or doc[j].text not in ("(", ")"):
                return -1
            i = j + step
        else:
            return -1
    return i if sep and sent is not None and sent.start <= i < sent.end else -1


def listed_with(found: set[int], doc: Doc, idx: list[int]) -> set[int]:
    """Mentions written in one list with found ones ("A (AA), B and C"), however it parsed.

    A bracketed date or acronym breaks the small model's parse of a coordination;
    the surface list does not care. A name after a preposition ("in Kenya, ...")
    does not join the list.
    """
    mentions = doc._.cyberkg["mentions"]
    out = set(found)
    todo = list(found)
    while todo:
        n = todo.pop()
        s, e = mentions[n][0], mentions[n][1]
        for i, step in ((s - 1, -1), (e, 1)):
            if not (0 <= i < len(doc)) or doc[i].lower_ not in LIST_GLUE | {"(", ")"}:
                continue
            j = _glue_end(doc, i, step, idx)
            if j < 0 or idx[j] < 0 or idx[j] in out:
                continue
            m = idx[j]
            root = doc[mentions[m][0] : mentions[m][1]].root
            if root.dep_ == "pobj" or (step == 1 and doc[mentions[m][1]].tag_ == "POS"):
                continue
            out.add(m)
            todo.append(m)
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
