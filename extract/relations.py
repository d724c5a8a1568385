"""Partnerships, memberships and areas of cooperation.

Partnerships come from agreements (every pair of parties) and from cooperation
predicates read off the parse: the subjects of "cooperate", "partner",
"support", "train", ... pair with each other and with their "with"/"to"/
object arguments ("X received training from Y": with the giver; "X and Y
established a partnership": with each other); a cooperation noun
("partnership with X", "the alliance, led by X and Y") pairs its arguments
the same way. A mention under a conflict
word (attack, blame, sanction, indictment, accusation, ban, ...) never takes
part: conflict is not cooperation. An organisation is never paired with the
state or body it is part of.

Memberships: "X is a member of Y", "X, a member of Y", "X joined Y",
"X, as (a) leader/chair of Y", "X elected to lead Y", "Y comprises N members
... The countries include A, B", "Y member states such as A, B".

Areas: trigger matches in the sentences of agreements (attached to them) and
in sentences that state cooperation.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.discourse import along_with, dateline_mask, names_state
from extract.syntax import (
    governing_verb,
    group,
    listed_with,
    mention_index,
    prep_objects,
    subjects,
)
from ontology import instruments
from ontology.cues import lexicon
from ontology.gazetteer import normalise

_CUES = lexicon("relations")
COOP_VERBS = _CUES["cooperation_verbs"]
OBJECT_NOT_PARTNER = _CUES["object_not_partner_verbs"]
COOP_NOUNS = _CUES["cooperation_nouns"]
SYMMETRIC = _CUES["symmetric_verbs"]
SHARED_NOUNS = _CUES["shared_nouns"]
PARTY_CLAUSE_VERBS = _CUES["party_clause_verbs"]
EVENT_NOUNS = _CUES["event_nouns"]
ORGANISE_VERBS = _CUES["organise_verbs"]
RECEIVING_VERBS = _CUES["receiving_verbs"]
SUPPORT_NOUNS = _CUES["support_nouns"]
FORMING_VERBS = _CUES["forming_verbs"]
CONFLICT = _CUES["conflict_words"]
HAVING_VERBS = _CUES["having_verbs"]
MEMBER_HEADS = _CUES["member_heads"]
MEMBER_KINDS = _CUES["member_kinds"]
JOINING_VERBS = _CUES["joining_verbs"]
MEMBER_PARTICIPLES = _CUES["member_participles"]
FOUNDING_VERBS = _CUES["founding_verbs"]
ADMITTING_VERBS = _CUES["admitting_verbs"]
HELPING_VERBS = _CUES["helping_verbs"]
COMPRISING_VERBS = _CUES["comprising_verbs"]
SUPERVISING_VERBS = _CUES["supervising_verbs"]
CRIMINAL_HEADS = _CUES["criminal_heads"]
SYMMETRIC_CORE = _CUES["core_cooperation_verbs"]
JOINT_WORDS = _CUES["joint_words"]
JOINT_OBJECTS = _CUES["joint_objects"]
CO_LEAD_VERBS = _CUES["co_lead_verbs"]
COMPOSING_VERBS = _CUES["composing_verbs"]
PARTNER_WORDS = _CUES["partner_words"]
ROSTER_NOUNS = _CUES["roster_nouns"]
SCOPE_VERBS = _CUES["scope_verbs"]
UNIT_HEADS = _CUES["unit_heads"]
INVOLVEMENT_NOUNS = _CUES["involvement_nouns"]
AGREEMENT_ACRONYMS = lexicon("agreements")["agreement_acronyms"]
ROSTER_KINDS = _CUES["roster_kinds"]
COLLECTIVE_HEADS = _CUES["collective_heads"]
CRIMINAL_TYPES = _CUES["criminal_types"]
OTHER_DOMAINS = lexicon("agreements")["other_domains"]
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
WORD_NUMBERS = {w: i for i, w in enumerate(_NUMBER_WORDS.split(" "))}


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# a conflict verb's circumstances, not its target: "X arrested 34 suspects during an
# operation coordinated by Y" sets X against the suspects, never against Y
CIRCUMSTANCE_PREPS = _CUES["circumstance_preps"]


def _conflicted(tok: Token, idx: list[int] | None = None) -> bool:
    """A mention under a conflict word within three heads ("blame China's ministry").

    The subject of a conflict verb is set against someone only when the verb has
    another named body as its target ("X sanctioned Y", "X accused Y's ministry");
    "X arrested 34 suspects" sets X against no partner it names.
    """
    t, prev = tok, tok
    for _ in range(4):
        if t.lemma_.lower() in CONFLICT and t is not tok:
            if idx is not None and t.pos_ == "VERB" and prev.dep_ in SUBJECT_DEPS:
                return _has_target(t, prev, idx)
            return True
        if t.head.i == t.i:
            return False
        prev, t = t, t.head
    return False


def _has_target(verb: Token, subj: Token, idx: list[int]) -> bool:
    """Whether a conflict verb names a body besides its subject, not reached through a
    circumstance ("during an operation coordinated by Y")."""
    todo = [c for c in verb.children if c.i != subj.i and c.dep_ not in SUBJECT_DEPS]
    while todo:
        c = todo.pop()
        if idx[c.i] >= 0:
            return True
        if c.dep_ == "prep" and c.lower_ in CIRCUMSTANCE_PREPS:
            continue
        todo.extend(c.children)
    return False


def _owner_in_apposition(tok: Token, idx: list[int]) -> bool:
    """'Afripol, the African Union's mechanism for police cooperation': the owner named in
    a description of another body is that body's parent, not a partner in the sentence."""
    head = tok.head
    return (
        tok.dep_ == "poss"
        and idx[head.i] < 0
        and head.dep_ == "appos"
        and idx[head.head.i] >= 0
        and idx[head.head.i] != idx[tok.i]
    )


def _sets_against(tok: Token, actor: set[int], idx: list[int]) -> bool:
    """A conflict word that names a body: its subject or a body in its phrase ("X
    sanctioned Y", "attacks by Y"). A threat that names none ("cooperation on ransomware",
    "an exercise simulating a ransomware attack") is what partners work against."""
    if tok.lemma_.lower() not in CONFLICT:
        return False
    if any(idx[t.i] in actor for t in tok.subtree):
        return True
    return tok.pos_ == "VERB" and bool(subjects(tok, idx) & actor)


PEOPLE_PREPS = _CUES["people_preps"]
PLACE_PREPS = _CUES["in_place_preps"]
HYPHEN_NAMED = _CUES["hyphen_named_heads"]
FUNDING_VERBS = _CUES["funding_verbs"]
PLACE_NOUNS = _CUES["in_place_nouns"]


def _actors_of(verb: Token, idx: list[int]) -> set[int]:
    """The bodies behind a verb's subject: 'Investigators from X worked with Y' -> X;
    'X supported the operation by sharing data with Y' -> X for 'sharing'."""
    out = subjects(verb, idx)
    # "the police chiefs of A and B agreed": the parse may hang B on the people noun
    people = set()
    hung = False  # a subject mention parsed as a conjunct of the people noun
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and idx[c.i] < 0:
            people |= prep_objects(c, idx, PEOPLE_PREPS)
            hung |= any(d.dep_ == "conj" and idx[d.i] >= 0 for d in c.children)
            for a in c.children:  # "SEOUL, The police chiefs of A and B agreed"
                if a.dep_ == "appos" and idx[a.i] < 0:
                    people |= prep_objects(a, idx, PEOPLE_PREPS)
                    hung |= any(d.dep_ == "conj" and idx[d.i] >= 0 for d in a.children)
    if out:
        return out | (people if hung and people else set())
    out = people
    for c in verb.children:
        if c.dep_ == "agent":  # "delivered by trainers from X"
            for p in c.children:
                if p.dep_ == "pobj" and idx[p.i] < 0:
                    out |= prep_objects(p, idx, PEOPLE_PREPS)
    if not out and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        out = subjects(verb.head.head, idx)
    return out


def _placed_between(verb: Token, idx: list[int]) -> tuple[set[int], set[int]]:
    """'(MoUs) are in place between A and several firms, including B and C': the body
    named first and the bodies after it between which the subject stands, through a
    place phrase of its verb (the listed firms are A's partners, not each other's)."""
    one: set[int] = set()
    others: set[int] = set()
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            for p in c.children:
                if p.dep_ != "pobj" or p.lemma_.lower() not in PLACE_NOUNS:
                    continue
                for b in p.children:
                    if b.dep_ != "prep" or b.lower_ not in ("between", "among"):
                        continue
                    for q in b.children:
                        if q.dep_ == "pobj" and idx[q.i] >= 0:
                            one.add(idx[q.i])
                            for d in q.conjuncts:
                                others |= group(d, idx)
    return one, others - one


COMPANY_NOUNS = lexicon("organisations")["company_nouns"]


def _company_meant(doc: Doc, tok: Token, idx: list[int], mentions) -> set[int]:
    """'In partnership with the tech company': the company named last before it."""
    orgs = doc._.cyberkg["orgs"]
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "with":
            continue
        for p in c.children:
            if (
                p.dep_ == "pobj"
                and idx[p.i] < 0
                and p.lemma_.lower() in COMPANY_NOUNS
                and any(d.lower_ in ("the", "this") for d in p.children)
            ):
                before = [
                    n
                    for n, m in enumerate(mentions)
                    if m[1] <= p.i and m[3] == "actor" and orgs[m[2]]["type"] == "company"
                ]
                return {before[-1]} if before else set()
    return set()


def _people_with(tok: Token, idx: list[int]) -> set[int]:
    """The bodies of the people a cooperation noun is with: 'in partnership with
    specialists from A, B and C' -> A, B and C."""
    out: set[int] = set()
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            for p in c.children:
                if p.dep_ == "pobj" and idx[p.i] < 0:
                    out |= prep_objects(p, idx, PEOPLE_PREPS)
    return out


def _operates_under(doc: Doc, p: int, owners: set[int], idx: list[int], mentions) -> bool:
    """'Y, which operates under X': Y is a unit of X, not its partner."""
    root = doc[mentions[p][0] : mentions[p][1]].root
    for c in root.children:
        if c.dep_ == "relcl":
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ in ("under", "within"):
                    names = {mentions[o][2] for o in owners}
                    for o in prep.children:
                        if o.dep_ == "pobj" and idx[o.i] >= 0 and mentions[idx[o.i]][2] in names:
                            return True
    return False


def _members_sign(doc: Doc, data: dict, orgs: dict) -> None:
    """The members of a call or accord presented as a body are its signatories: they are
    the parties of its agreement, which the article describes even when no sentence has
    a signing verb ('The list of companies includes: A, B, C')."""
    agreements = data.setdefault("agreements", [])
    for body in {b for _m, b, _ev in data["memberships"]}:
        inst = instruments.find(body)
        if inst is None or not inst.body:
            continue
        members = [(m, ev) for m, b, ev in data["memberships"] if b == body]
        ag = next((a for a in agreements if a.get("body") == body or a["name"] == inst.name), None)
        if ag is None:
            ag = {
                "type": inst.type,
                "name": inst.name,
                "parties": [],
                "sents": [],
                "date": None,
                "place": None,
                "body": body,
            }
            agreements.append(ag)
        for m, ev in members:
            if m not in ag["parties"]:
                ag["parties"].append(m)
            for e in ev:
                if list(e) not in ag["sents"]:
                    ag["sents"].append(list(e))


def _signatories(data: dict, orgs: dict, criminal: set[int], mentions) -> list[list]:
    """Signing a call, accord or charter the text presents as a body makes its signatories
    its members ('The US has signed up for the Paris Call')."""
    bad = {mentions[k][2] for k in criminal}
    have = {(a, b) for a, b, _ev in data["memberships"]}
    out = []
    for ag in data.get("agreements", []):
        body = ag.get("body")
        if not body:
            continue
        for p in ag["parties"]:
            if p != body and p not in bad and orgs[p]["actor"] and (p, body) not in have:
                out.append([p, body, [ag["sents"][0]]])
                have.add((p, body))
    return out


def _units(doc: Doc, idx: list[int], mentions, orgs: dict) -> set[tuple[str, str]]:
    """Pairs of a body and its unit, both ways: 'CERT-In under the Ministry', 'CISA's
    Stakeholder Engagement Division', 'the African Union Cybersecurity Centre' (a body
    named after another), 'the Ministry ... of the government of India'."""
    out: set[tuple[str, str]] = set()
    names = {m[2] for m in mentions}
    for s, e, name, _r in mentions:
        root = doc[s:e].root
        for c in root.children:
            at_unit = c.lower_ == "at" and name.split()[-1].lower() in UNIT_HEADS
            if c.dep_ == "prep" and (c.lower_ in ("under", "within") or at_unit):
                for p in c.children:
                    for k in group(p, idx):
                        out |= {(name, mentions[k][2]), (mentions[k][2], name)}
            if c.dep_ == "prep" and c.lower_ == "of":  # "... of the government of India"
                for p in c.children:
                    for t in p.subtree:
                        k = idx[t.i]
                        if k >= 0 and orgs[mentions[k][2]]["type"] == "country":
                            out |= {(name, mentions[k][2]), (mentions[k][2], name)}
        if name.split()[-1].lower() in UNIT_HEADS and e + 1 < len(doc):
            j = e + 2 if doc[e + 1].lower_ == "the" else e + 1  # "the Division at CISA"
            if doc[e].lower_ in ("at", "of", "within", "under") and j < len(doc) and idx[j] >= 0:
                owner = mentions[idx[j]][2]
                out |= {(name, owner), (owner, name)}
        if root.dep_ == "poss" and idx[root.head.i] >= 0:  # "CISA's ... Division"
            owned = mentions[idx[root.head.i]][2]
            if owned.split()[-1].lower() in UNIT_HEADS:
                out |= {(name, owned), (owned, name)}
    for a in names:
        for b in names:
            if a != b and orgs[b]["type"] != "country" and b.startswith(a + " "):
                out |= {(a, b), (b, a)}  # "African Union" and "African Union ... Centre"
    return out


def _negated(tok: Token) -> bool:
    """Whether a word is out of an agreement's scope: the object of a negated scope verb
    ('the agreement does not cover the exchange of personal data')."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX"):
            return t.lemma_.lower() in SCOPE_VERBS and any(c.dep_ == "neg" for c in t.children)
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _where(doc: Doc, words: frozenset[str] | set[str], attr: int = LOWER) -> list[int]:
    """Indices of the tokens whose lower-case form (or ``attr``) is one of the words:
    one array pass instead of a Python object per token."""
    strings = doc.vocab.strings
    keys = {strings.add(w) for w in words}
    return [i for i, k in enumerate(doc.to_array(attr).tolist()) if k in keys]


def _criminal(doc: Doc, mentions) -> set[str]:
    """Bodies the text calls criminal, never partners: a name followed by a criminal head
    ('the LockBit ransomware', 'the Maze gang'), the possessor of one ('Maze's ransomware
    syndicate'), or an organisation type of a criminal group."""
    orgs = doc._.cyberkg["orgs"]
    out = {name for _s, _e, name, _r in mentions if orgs[name]["type"] in CRIMINAL_TYPES}
    by_text: dict[str, str] = {}
    for s, e, name, _r in mentions:
        by_text.setdefault(doc[s:e].text, name)
        by_text.setdefault(name, name)
    heads = set(_where(doc, CRIMINAL_HEADS, LEMMA)) | set(_where(doc, CRIMINAL_HEADS))
    near = sorted({j for h in heads for j in range(max(0, h - 4), h)})
    for i in near:
        tok = doc[i]
        name = by_text.get(tok.text)
        if name is None or name in out:
            continue
        after = [t for t in doc[i + 1 : i + 4] if not t.is_punct or t.tag_ == "POS"]
        if after and after[0].tag_ == "POS":
            after = after[1:]
        if any(t.lemma_.lower() in CRIMINAL_HEADS for t in after[:2]):
            out.add(name)
    return out


def _rosters(doc: Doc, sents: list[Span], idx: list[int], mentions, orgs: dict) -> list:
    """'The list of companies includes: A, B, C' after a call or accord presented as a
    body with signatories: the listed bodies are its members."""
    out = []
    starts = [sent.start for sent in sents]
    for i in _where(doc, ROSTER_NOUNS, LEMMA):
        tok = doc[i]
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        kinds = {p.lemma_.lower() for c in tok.children if c.lower_ == "of" for p in c.children}
        if not kinds & ROSTER_KINDS or tok.head.lemma_.lower() not in ("include", "be", "comprise"):
            continue
        n = bisect_right(starts, i) - 1
        sent = sents[n]
        listed = {
            idx[t.i]
            for t in doc[tok.head.i : sent.end]
            if idx[t.i] >= 0 and mentions[idx[t.i]][3] == "actor"
        }
        body = _instrument_body_before(sents, n, idx, mentions)
        if listed and body:
            out.append((listed - body, body, sent))
    return out


def _instrument_body_before(sents: list[Span], n: int, idx: list[int], mentions) -> set[int]:
    """The last call or accord presented as a body, named in this or the 3 sentences before."""
    for sent in reversed(sents[max(0, n - 3) : n + 1]):
        for t in reversed(list(sent)):
            k = idx[t.i]
            if k >= 0 and (i := instruments.find(mentions[k][2])) is not None and i.body:
                return {k}
    return set()


def _part_of_collective(doc: Doc, idx: list[int], mentions, orgs: dict) -> list:
    """'ENISA is part of the EC3 Programme Board': part of a board, committee or group is a
    seat on it, a membership; part of an agency is a unit of it, left to part_of."""
    out = []
    for i in _where(doc, {"part"}):
        tok = doc[i]
        if tok.dep_ != "attr":
            continue
        body = {
            b
            for b in prep_objects(tok, idx, {"of"})
            if mentions[b][2].split()[-1].lower() in COLLECTIVE_HEADS
        }
        members = subjects(tok.head, idx)
        if body and members:
            out.append((members, body, tok.sent))
    return out


def _negated_name(doc: Doc, start: int) -> bool:
    """'non-US-led countries': a name after "non-" says who is not meant."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "non"


def _founders(doc: Doc, idx: list[int], mentions) -> list[tuple[set, set, Span]]:
    """'Y, founded by A and B', 'Founded in 2019 by A and B, Y ...', 'A and B founded Y':
    the founders of a body are its first members."""
    out = []
    for i in _where(doc, FOUNDING_VERBS, LEMMA):
        verb = doc[i]
        if verb.pos_ != "VERB":
            continue
        if verb.tag_ == "VBN":
            members = {
                m
                for c in verb.children
                if c.dep_ == "agent"
                for p in c.children
                for m in group(p, idx)
            }
            if verb.dep_ == "acl":
                body = group(verb.head, idx)  # "Y, founded by A and B"
            elif verb.dep_ == "advcl":
                body = subjects(verb.head, idx)  # "Founded by A and B, Y now counts ..."
            else:
                body = {
                    p for c in verb.children if c.dep_ == "nsubjpass" for p in group(c, idx)
                }  # "Y was founded by A and B"
        else:
            members = subjects(verb, idx)  # "A and B founded Y"
            body = {p for c in verb.children if c.dep_ == "dobj" for p in group(c, idx)}
        members = listed_with(members, doc, idx)
        if members and body:
            out.append((members, body, verb.sent))
    return out


def _composed_of(doc: Doc, idx: list[int], mentions, orgs: dict) -> list[tuple]:
    """'a Steering Committee comprised of A, B and C', 'a board made up of A and B': a
    named body and the bodies it is composed of, its members."""
    out = []
    for k, (s, e, name, role) in enumerate(mentions):
        if role != "actor" or orgs[name]["type"] == "country":
            continue
        root = doc[s:e].root
        for c in root.children:
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in COMPOSING_VERBS:
                members = prep_objects(c, idx, {"of"})
                for d in c.children:
                    if d.dep_ == "prt":
                        members |= prep_objects(d, idx, {"of"})
                members = listed_with(members, doc, idx) - {k}
                if members:
                    out.append((members, {k}, root.sent))
        verb = root.head
        if (
            root.dep_ == "nsubj"
            and verb.lemma_.lower() in COMPRISING_VERBS
            and verb.pos_ == "VERB"
            and not any(c.dep_ == "prt" or c.lemma_ == "member" for c in verb.children)
        ):  # "The Quad comprises Australia, India, Japan and the United States"
            members = {  # an object the parser may also read as "npadvmod"
                p
                for c in verb.children
                if c.dep_ in ("dobj", "npadvmod", "oprd")
                for p in group(c, idx)
            }
            members |= prep_objects(verb, idx, {"of"})  # "Y consists of A and B"
            members = listed_with(members, doc, idx) - {k}
            if members:
                out.append((members, {k}, root.sent))
    return out


def _stranded_conjuncts(found: set[int], doc: Doc, idx: list[int]) -> set[int]:
    """'The Ministry of X of Thailand and Ministry of Y of Japan': a body the parser hung
    as a conjunct of the first body's state is a second subject, not a part of the state."""
    mentions = doc._.cyberkg["mentions"]
    orgs = doc._.cyberkg["orgs"]
    out = set()
    for m in found:
        root = doc[mentions[m][0] : mentions[m][1]].root
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for p in prep.children:
                for c in p.conjuncts:
                    k = idx[c.i]
                    if k >= 0 and orgs[mentions[k][2]]["type"] not in ("country",):
                        out.add(k)
    return out


def _possessors(body: set[int], mentions, doc: Doc, idx: list[int]) -> set[int]:
    """Bodies written as the possessor of another body of the set ('NATO's Centre')."""
    out = set()
    for b in body:
        root = doc[mentions[b][0] : mentions[b][1]].root
        if root.dep_ == "poss" and idx[root.head.i] in body - {b}:
            out.add(b)
    return out


def _described_body(tok: Token, idx: list[int], mentions, orgs: dict) -> set[int]:
    """'a member of the organization FIRST (Forum of ...)': the body a generic noun
    introduces, in the noun's own phrase or in apposition to the member noun."""
    out = set()
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and idx[p.i] < 0:
                    out |= {idx[t.i] for t in p.subtree if idx[t.i] >= 0}
        if c.dep_ == "appos":
            out |= {idx[t.i] for t in c.subtree if idx[t.i] >= 0}
    return {b for b in out if orgs[mentions[b][2]]["type"] != "country"}


def _base(tok: Token) -> str:
    """A noun's lower-case base, also where the tagger reads it as a proper noun
    ('Member States' -> 'state')."""
    if tok.pos_ != "PROPN":
        return tok.lemma_.lower()
    low = tok.lower_
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else low


def _named_before(tok: Token, idx: list[int], mentions, orgs: dict) -> set[int]:
    """The body named in a noun's own modifiers: 'OAS Member States', 'the EU member
    nations' -> OAS, EU (never a state: 'Kenyan members')."""
    out = set()
    for c in tok.lefts:
        if c.dep_ == "poss" and c.pos_ == "PRON":
            continue
        for t in c.subtree:
            if idx[t.i] >= 0 and orgs[mentions[idx[t.i]][2]]["type"] != "country":
                out.add(idx[t.i])
    return out


def _own_with_objects(item: Token, first: Token, idx: list[int]) -> set[int]:
    """'a Joint Declaration on cybersecurity cooperation with Germany': the 'with' partner
    inside one item of a list of objects, not inside another item."""
    others = {c.i for c in first.conjuncts} | {first.i}
    out: set[int] = set()
    for t in item.subtree:
        if t.dep_ != "pobj" or t.head.lower_ != "with" or t.head.head.i == item.i:
            continue
        path = [a.i for a in t.ancestors]
        cut = path.index(item.i) if item.i in path else len(path)
        if not any(i in others and i != item.i for i in path[:cut]):
            out |= group(t, idx)
    return out


def _off_topic(tok: Token) -> bool:
    """A cooperation word whose object or 'on' topic belongs to another domain:
    'working on a trade deal', 'trade cooperation'."""
    topics = [c for c in tok.children if c.dep_ in ("dobj", "compound", "amod")]
    topics += [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "over")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    for t in topics:
        words = [t] + [c for c in t.children if c.dep_ in ("compound", "amod")]
        if any(w.lemma_.lower() in OTHER_DOMAINS for w in words):
            return True
    return False


def _author(ag: dict, name: str, orgs: dict) -> bool:
    """'Brazil acceded to the Council of Europe Convention': the body whose instrument it
    is (named in it, or its author in the instrument gazetteer) drafted it; acceding to it
    makes no partner of that body."""
    inst = instruments.find(ag["name"]) if ag.get("name") else None
    if inst is not None and inst.author and instruments.fold(inst.author) == instruments.fold(name):
        return True
    return bool(
        ag.get("name")
        and orgs[name]["type"] == "intergovernmental"
        and name.lower() in ag["name"].lower()
    )


def _own_state(name: str, orgs: dict) -> str | None:
    """The state a body belongs to: its country, or the state its name ends in ('... of Peru')."""
    if orgs[name]["type"] == "country":
        return None
    if orgs[name]["country"]:
        return orgs[name]["country"]
    head, sep, tail = name.rpartition(" of ")
    if sep and tail in orgs and orgs[tail]["type"] == "country":
        return tail
    return None


def _organ_of(body: str, organ: str, orgs: dict) -> bool:
    """'the Commonwealth Secretariat', 'the PaCSON Executive Committee': a body's name (or
    acronym) followed by a unit's or a board's head word names one of its organs."""
    if organ.split()[-1].lower() not in UNIT_HEADS | COLLECTIVE_HEADS:
        return False
    return any(organ.startswith(name + " ") for name in (body, *orgs[body]["aliases"]) if name)


def _possessed(doc: Doc, mentions, orgs: dict) -> set[tuple[str, str]]:
    """Pairs of a state and the body written as its possession ("Colombia's Ministry of
    ICT"), both ways: the body belongs to that state, whatever part_of made of it."""
    out: set[tuple[str, str]] = set()
    starts: dict[int, list[str]] = {}
    for m in mentions:
        starts.setdefault(m[0], []).append(m[2])
    for _s, e, name, _role in mentions:
        if orgs[name]["type"] != "country" or e + 1 >= len(doc):
            continue
        if doc[e].text in ("'s", "’s"):
            for body in starts.get(e + 1, []):
                out |= {(name, body), (body, name)}
    return out


def _supervised(doc: Doc, idx: list[int], mentions) -> set[tuple[str, str]]:
    """'the Ministry, which supervises NITDA': a parent body and the body it oversees,
    both ways; the two are one hierarchy, not partners."""
    out: set[tuple[str, str]] = set()
    for i in _where(doc, SUPERVISING_VERBS, LEMMA):
        tok = doc[i]
        if tok.pos_ != "VERB":
            continue
        below = set()
        for c in tok.children:
            if c.dep_ == "dobj":
                below |= group(c, idx)
        for a in subjects(tok, idx):
            for b in below:
                x, y = mentions[a][2], mentions[b][2]
                out |= {(x, y), (y, x)}
    return out


@Language.factory(
    "cyberkg_relations",
    assigns=["doc._.cyberkg"],
    requires=["doc._.cyberkg", "doc.spans"],
    default_config={"max_group": 8},
)
def make_relation_finder(nlp: Language, name: str, max_group: int) -> RelationFinder:
    return RelationFinder(name, max_group=max_group)


class RelationFinder:
    """Read partnerships, memberships and cooperation areas off the parse."""

    def __init__(self, name: str = "cyberkg_relations", *, max_group: int = 8) -> None:
        self.name = name
        self.max_group = max_group

    def __call__(self, doc: Doc) -> Doc:
        data = doc._.cyberkg
        idx = mention_index(doc)
        mentions, orgs = data["mentions"], data["orgs"]
        parents = {(a, b) for a, b in data["part_of"]} | {(b, a) for a, b in data["part_of"]}
        pairs: dict[tuple[str, str], list[list[int]]] = {}
        owned = _possessed(doc, mentions, orgs) | _supervised(doc, idx, mentions)
        owned |= _units(doc, idx, mentions, orgs)

        # a call or accord presented as a body relates to its signatories as their body
        bodies = {ag["body"] for ag in data.get("agreements", []) if ag.get("body")}
        bodies |= {n for n in orgs if (i := instruments.find(n)) is not None and i.body}

        def pair(a: str, b: str, sent: Span) -> None:
            if a == b or (a, b) in parents or {a, b} & (criminal | bodies):
                return
            if {normalise(a), normalise(b)} & AGREEMENT_ACRONYMS:
                return  # "the MoC" taken for a body
            if not (orgs[a]["actor"] and orgs[b]["actor"]):
                return
            if (
                _own_state(a, orgs) == b
                or _own_state(b, orgs) == a
                or (a, b) in owned
                or names_state(a, b, orgs)
                or names_state(b, a, orgs)
                or _organ_of(a, b, orgs)
                or _organ_of(b, a, orgs)
            ):
                return  # an agency and its own state: part_of, never a partnership
            key = tuple(sorted((a, b)))
            ev = pairs.setdefault(key, [])
            if [sent.start, sent.end] not in ev:
                ev.append([sent.start, sent.end])

        criminal = _criminal(doc, mentions)
        self._criminal = {k for k, (_s, _e, name, _r) in enumerate(mentions) if name in criminal}
        for ag in data.get("agreements", []):
            sent = doc[ag["sents"][0][0] : ag["sents"][0][1]]
            inst = instruments.find(ag["name"]) if ag.get("name") else None
            if inst is not None and inst.open:
                continue  # parties that accede one by one are not each other's partners
            for a, b in itertools.combinations(ag["parties"], 2):
                if _author(ag, a, orgs) or _author(ag, b, orgs):
                    continue
                pair(a, b, sent)
        coop_sents = set()
        self._events: dict[str, set[int]] = {}
        self._dateline = dateline_mask(doc)
        self._cands = self._candidates(doc)
        for sent in doc.sents:
            if self._cooperation(doc, sent, idx, mentions, pair):
                coop_sents.add(sent.start)
        data["partnerships"] = [[a, b, ev] for (a, b), ev in pairs.items()]
        parent_of = {a: b for a, b in data["part_of"]}
        data["memberships"] = self._memberships(doc, idx, mentions, orgs, parent_of)
        data["memberships"] += _signatories(data, orgs, self._criminal, mentions)
        _members_sign(doc, data, orgs)
        data["areas"] = self._areas(doc, data, coop_sents)
        if not (data["partnerships"] or data["memberships"] or data.get("agreements")) and (
            self._conflict_article(doc, idx, mentions)
        ):
            data["areas"] = {}  # an article about conflict that states no cooperation
        return doc

    def _conflict_article(self, doc: Doc, idx: list[int], mentions) -> bool:
        """Whether the article is about conflict: its headline or lead sets a body against
        another ('China hacked U.S. manufacturers group'), or it names criminal groups."""
        sents = [s for s in doc.sents if not all(t.is_space for t in s)][:2]
        actor = {i for i, m in enumerate(mentions) if m[3] in ("actor", "demonym")}
        return bool(self._criminal) or any(_sets_against(t, actor, idx) for s in sents for t in s)

    # ---------------------------------------------------------------- cooperation
    def _cooperation(self, doc: Doc, sent: Span, idx, mentions, pair) -> bool:
        found = False
        actor = {
            i
            for i in range(len(mentions))
            if mentions[i][3] in ("actor",)
            and sent.start <= mentions[i][0] < sent.end
            and not self._dateline[mentions[i][0]]
        }
        ok = {
            i
            for i in actor
            if i not in self._criminal
            and not _conflicted(doc[mentions[i][0] : mentions[i][1]].root, idx)
            and not _owner_in_apposition(doc[mentions[i][0] : mentions[i][1]].root, idx)
        }
        for i in self._cands[bisect_left(self._cands, sent.start) :]:
            if i >= sent.end:
                break
            tok = doc[i]
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in COOP_VERBS:
                if any(c.dep_ == "neg" for c in tok.children) or _off_topic(tok):
                    continue
                a = _actors_of(tok, idx)
                a = (a | along_with(a, mentions, doc, idx)) & ok  # "A, alongside B, signed"
                b = set()
                for c in tok.children:
                    # "X provides training", "X joined Y" (a membership): no partner object
                    if c.dep_ in ("dobj", "dative") and lemma not in OBJECT_NOT_PARTNER:
                        b |= group(c, idx)
                b |= prep_objects(tok, idx, {"with", "to", "between", "among"})
                if lemma in HELPING_VERBS:  # "X helped Y investigate": Y, the clause's subject
                    for c in tok.children:
                        if c.dep_ in ("ccomp", "xcomp") and not any(
                            t.lemma_.lower() in CONFLICT or t.lower_ == "against" for t in c.subtree
                        ):  # not "helped Ukraine defend itself against Russia"
                            b |= {p for d in c.children if d.dep_ == "nsubj" for p in group(d, idx)}
                if lemma in RECEIVING_VERBS:  # "X received training from Y"
                    b = self._givers(tok, idx)
                    if not a and self._definite_event_subject(tok):
                        a = (
                            self._protagonist(doc, mentions) - self._criminal
                        )  # "The operation received"
                for c in tok.children:
                    if c.dep_ == "dobj":  # "signed an MoU with A, a declaration with B"
                        for d in (c, *c.conjuncts):
                            b |= prep_objects(d, idx, {"with", "between", "among"})
                            b |= _own_with_objects(d, c, idx)
                b &= ok
                symmetric = lemma in SYMMETRIC or (
                    lemma in FORMING_VERBS
                    and any(
                        c.dep_ == "dobj" and c.lemma_.lower() in COOP_NOUNS for c in tok.children
                    )
                )  # "X and Y have established a partnership"
                if symmetric:  # "The Ministry of X of Thailand and Ministry of Y of Japan partner"
                    a |= _stranded_conjuncts(a, doc, idx) & ok
                if symmetric and len(a) >= 2:
                    found |= self._pairs(doc, sent, a, a, mentions, pair)
                found |= self._pairs(doc, sent, a, b, mentions, pair)
            elif (
                tok.pos_ in ("NOUN", "PROPN")
                and lemma in COOP_NOUNS
                and idx[tok.i] < 0  # "the EC3 Programme Board" names a body
                and not _off_topic(tok)
            ):
                inner = prep_objects(tok, idx, {"with", "between", "among", "by", "of", "from"})
                inner |= _people_with(tok, idx)  # "in partnership with experts from A and B"
                for c in tok.children:
                    if c.dep_ in ("poss", "compound", "amod") and idx[c.i] >= 0:
                        inner |= group(c, idx)
                    if c.dep_ in ("acl", "relcl") and c.lemma_ in PARTY_CLAUSE_VERBS:
                        inner |= prep_objects(c, idx, {"by", "of"}) | subjects(c, idx)
                inner &= ok
                # "with the tech company": the company named before, maybe sentences back
                inner |= _company_meant(doc, tok, idx, mentions) - self._criminal
                verb = governing_verb(tok)
                outer = (subjects(verb, idx) & ok) if verb is not None else set()
                if not outer and verb is not None and tok.dep_ == "pobj":
                    outer = _actors_of(verb, idx) & ok  # "given by trainers from X, in ..."
                if tok.dep_ in ("attr",) and verb is not None:
                    outer |= prep_objects(tok, idx, {"with"}) & ok
                between = any(c.lower_ in ("between", "among") for c in tok.children) or any(
                    c.dep_ in ("acl",) for c in tok.children
                )
                if tok.dep_ == "nsubj":  # "MoUs are in place between A and B"
                    one, others = _placed_between(tok.head, idx)
                    found |= self._pairs(doc, sent, one & ok, others & ok, mentions, pair)
                if between or (
                    not outer and len(inner) >= 2 and tok.dep_ in ("nsubj", "nsubjpass")
                ):
                    found |= self._pairs(doc, sent, inner, inner, mentions, pair)
                found |= self._pairs(doc, sent, outer, inner, mentions, pair)
                if not inner and len(outer) >= 2 and lemma in SHARED_NOUNS and tok.dep_ == "dobj":
                    # "X and Y discussed cooperation on ransomware": a joint subject
                    found |= self._pairs(doc, sent, outer, outer, mentions, pair)
            elif tok.pos_ == "NOUN" and lemma in EVENT_NOUNS:
                found |= self._event(doc, sent, tok, idx, ok, mentions, pair)
            elif tok.pos_ == "NOUN" and lemma in INVOLVEMENT_NOUNS:
                found |= self._involvement(doc, sent, tok, idx, ok, mentions, pair)
            elif _base(tok) in MEMBER_KINDS and any(
                _base(c) in PARTNER_WORDS and c.dep_ in ("compound", "amod") for c in tok.children
            ):  # "NATO partner nations (A, B, C)", "six partner nations (A, B)"
                found |= self._partner_kind(doc, sent, tok, idx, ok, mentions, pair)
            if tok.pos_ == "VERB" and not any(c.dep_ == "neg" for c in tok.children):
                found |= self._joint_action(doc, sent, tok, idx, ok, mentions, pair)
            elif tok.pos_ == "NOUN" and idx[tok.i] < 0:
                found |= self._joint_work(doc, sent, tok, idx, ok, mentions, pair)
                if tok.lemma_.lower() in HYPHEN_NAMED:
                    found |= self._hyphen_named(doc, sent, tok, idx, ok, mentions, pair)
        if not found:
            # two actors and a cooperation word, no conflict: "he led a Kenyan delegation to X"
            # "the FBI and India's CBI": a body's own state named with it is no third party
            names = {mentions[i][2] for i in ok}
            orgs = doc._.cyberkg["orgs"]
            names -= {_own_state(n, orgs) for n in names}
            if (
                len(names) == 2
                and len(ok) == len(actor)
                and any(
                    (
                        t.lemma_.lower() in COOP_NOUNS
                        and t.pos_ in ("NOUN", "PROPN")
                        and idx[t.i] < 0
                    )
                    or (t.lemma_.lower() in SYMMETRIC_CORE and t.pos_ == "VERB")
                    or (t.lower_ in JOINT_WORDS and t.pos_ in ("ADV", "ADP"))
                    for t in sent
                )
                and not any(_sets_against(t, actor, idx) for t in sent)
            ):
                a, b = sorted(names)
                pair(a, b, sent)
                found = True
        return found

    def _involvement(
        self, doc: Doc, sent: Span, tok: Token, idx, ok: set[int], mentions, pair
    ) -> bool:
        """'The involvement of companies such as A and B in Kenya's cybersecurity': the
        bodies involved, and the body whose field they are involved in."""
        inner: set[int] = set()
        outer: set[int] = set()
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                found = {idx[t.i] for t in p.subtree if idx[t.i] >= 0}
                if c.lower_ == "of":
                    inner |= found
                elif c.lower_ == "in":
                    outer |= found
        return self._pairs(doc, sent, outer & ok, (inner - outer) & ok, mentions, pair)

    def _partner_kind(
        self, doc: Doc, sent: Span, tok: Token, idx, ok: set[int], mentions, pair
    ) -> bool:
        """'NATO partner nations such as A and B', 'NATO member states, six partner nations
        (A, B, C)': states listed as a body's partner nations are its partners; the body is
        the one named in the phrase, else the last body named before it in the sentence."""
        orgs = doc._.cyberkg["orgs"]
        owner = _named_before(tok, idx, mentions, orgs)
        if not owner:
            before = [
                idx[t.i]
                for t in sent
                if t.i < tok.i
                and idx[t.i] >= 0
                and orgs[mentions[idx[t.i]][2]]["type"] != "country"
            ]
            owner = {before[-1]} if before else set()
        listed = set()
        for c in tok.children:
            if c.dep_ == "appos" or (
                c.dep_ == "prep" and c.lower_ in ("such", "including", "like", "as")
            ):
                listed |= {idx[t.i] for t in c.subtree if idx[t.i] >= 0}
        listed = listed_with(listed, doc, idx) - owner
        return self._pairs(doc, sent, owner & ok, listed & ok, mentions, pair)

    @staticmethod
    def _candidates(doc: Doc) -> list[int]:
        """The tokens a cooperation rule can start from, found by one array pass: the cue
        lemmas, member kinds, and the heads (up to three) of 'jointly' and 'joint'."""
        lemmas = (
            COOP_VERBS
            | COOP_NOUNS
            | EVENT_NOUNS
            | INVOLVEMENT_NOUNS
            | FORMING_VERBS
            | CO_LEAD_VERBS
            | MEMBER_KINDS
        )
        found = set(_where(doc, lemmas, LEMMA))
        found |= set(_where(doc, MEMBER_KINDS | {k + "s" for k in MEMBER_KINDS} | {"countries"}))
        found |= set(_where(doc, COOP_NOUNS))  # "MoUs": a capitalised lemma
        found |= set(_where(doc, HYPHEN_NAMED, LEMMA))
        for i in _where(doc, JOINT_WORDS | {"joint"}):
            t = doc[i]
            for _ in range(3):
                found.add(t.head.i)
                t = t.head
        return sorted(found)

    def _joint_action(
        self, doc: Doc, sent: Span, verb: Token, idx, ok: set[int], mentions, pair
    ) -> bool:
        """Bodies that do one thing together are partners: 'A and B launched a project',
        'A and B will jointly spearhead the initiative with C', 'A and B issued a joint
        advisory', 'the pillar is led by A and B', 'an initiative convened by A and B'."""
        lemma = verb.lemma_.lower()
        objs = [d for c in verb.children if c.dep_ == "dobj" for d in (c, *c.conjuncts)]
        if _off_topic(verb):
            return False
        joint = any(c.lower_ in JOINT_WORDS and c.dep_ == "advmod" for c in verb.children)
        forming = lemma in FORMING_VERBS and any(
            o.lemma_.lower() in COOP_NOUNS | JOINT_OBJECTS or _base(o) in JOINT_OBJECTS
            for o in objs
        )
        joint_object = any(  # "a joint advisory", "a joint security advisory"
            t.lower_ == "joint" for o in objs for c in o.lefts for t in c.subtree
        )
        agents: set[int] = set()
        if lemma in CO_LEAD_VERBS:  # "led by A and B", "convened by A and B"
            for c in verb.children:
                if c.dep_ == "agent":
                    agents |= {m for p in c.children if p.dep_ == "pobj" for m in group(p, idx)}
            agents = listed_with(agents, doc, idx) & ok
        found = len(agents) >= 2 and self._pairs(doc, sent, agents, agents, mentions, pair)
        if not (joint or forming or joint_object):
            return found
        subj = _actors_of(verb, idx)
        subj = (listed_with(subj, doc, idx) | _stranded_conjuncts(subj, doc, idx)) & ok
        if len(subj) >= 2:
            found |= self._pairs(doc, sent, subj, subj, mentions, pair)
        if joint:
            others = prep_objects(verb, idx, {"with"})
            for o in objs:
                others |= prep_objects(o, idx, {"with"})
            found |= self._pairs(doc, sent, subj, others & ok, mentions, pair)
        return found

    def _joint_work(
        self, doc: Doc, sent: Span, noun: Token, idx, ok: set[int], mentions, pair
    ) -> bool:
        """The authors of one joint piece of work are partners: 'the joint advisory by A,
        B and C warned', 'a joint report from A and B' (the parser may leave the later
        authors as subjects of the verb the work is the subject of)."""
        if _off_topic(noun) or not any(
            c.dep_ == "amod" and c.lower_ == "joint" for c in noun.children
        ):
            return False
        authors = prep_objects(noun, idx, {"by", "from"})
        if authors and noun.dep_ == "nsubj":
            authors |= {
                m
                for c in noun.head.children
                if c.dep_ == "nsubj" and c is not noun
                for m in group(c, idx)
            }
        authors = listed_with(authors, doc, idx) & ok
        return len(authors) >= 2 and self._pairs(doc, sent, authors, authors, mentions, pair)

    def _hyphen_named(
        self, doc: Doc, sent: Span, noun: Token, idx, ok: set[int], mentions, pair
    ) -> bool:
        """'The EU-ITU capacity building project funded by X': the bodies whose names
        join in the work's name run it together; its funder is their partner."""
        left = doc[noun.left_edge.i : noun.i]
        named: set[int] = set()
        for t in left:
            if t.text == "-" and t.i > 0 and t.i + 1 < len(doc):
                a, b = idx[t.i - 1], idx[t.i + 1]
                if a >= 0 and b >= 0 and t.i + 1 < noun.i:
                    named |= {a, b}
        named &= ok
        if len({mentions[m][2] for m in named}) < 2:
            return False
        found = self._pairs(doc, sent, named, named, mentions, pair)
        funders: set[int] = set()
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in FUNDING_VERBS:
                funders |= prep_objects(c, idx, {"by"})
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in FUNDING_VERBS:
            funders |= prep_objects(noun.head, idx, {"by"})
        funders = (funders & ok) - named
        return self._pairs(doc, sent, named, funders, mentions, pair) or found

    def _event(self, doc: Doc, sent: Span, tok: Token, idx, ok: set[int], mentions, pair) -> bool:
        """Organisers and co-organisers of one event: 'X arrested ... during an operation
        coordinated by Y' pairs X and Y; 'the meeting was co-organised with Y' pairs the
        meeting's organiser (named before: 'X held its meeting') with Y."""
        lemma = tok.lemma_.lower()
        hosted = False
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ORGANISE_VERBS:
            # "A and B will host a workshop", "A held an exercise with B"
            verb = tok.head
            hosts = listed_with(subjects(verb, idx), doc, idx) & ok
            withs = prep_objects(verb, idx, {"with"}) & ok
            if len(hosts) >= 2:
                hosted |= self._pairs(doc, sent, hosts, hosts, mentions, pair)
            if hosts and withs:
                hosted |= self._pairs(doc, sent, hosts, withs, mentions, pair)
        partners: set[int] = set()
        near = [tok] + [  # "an operation against fraud coordinated by Y"
            p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
        backers: set[int] = set()
        for n in near:  # "an operation coordinated by Y", "jointly organised by X and Y"
            for c in n.children:
                if c.dep_ == "acl" and c.lemma_.lower() in ORGANISE_VERBS:
                    partners |= prep_objects(c, idx, {"by", "with"})
                    backers |= self._backers(c, idx)
        partners &= ok
        backers &= ok
        owners = self._event_owner(doc, tok, idx) & ok
        if owners:
            self._events[lemma] = owners
        if partners or backers:
            verb = governing_verb(tok)
            outer = (subjects(verb, idx) & ok) if verb is not None else set()
            if not (outer | owners | partners) and self._definite(tok):
                owners = self._events.get(lemma, set())  # "The workshop, organised with ..."
            found = self._pairs(doc, sent, partners, partners, mentions, pair) or hosted
            found |= self._pairs(doc, sent, outer | owners | partners, backers, mentions, pair)
            return self._pairs(doc, sent, outer | owners, partners, mentions, pair) or found
        if tok.dep_ not in ("nsubj", "nsubjpass") or not self._definite(tok):
            return hosted
        owners = self._events.get(lemma, set())
        head = tok.head
        verbs = [head] + [c for c in head.children if c.dep_ in ("acomp", "conj", "xcomp")]
        verbs += [c for v in list(verbs) for c in v.children if c.dep_ == "conj"]
        for v in verbs:
            if v.lemma_.lower() in ORGANISE_VERBS | {"support", "sponsor", "fund"}:
                partners |= prep_objects(v, idx, {"by", "with"})
        partners = {p for p in partners & ok if not _operates_under(doc, p, owners, idx, mentions)}
        return self._pairs(doc, sent, owners, partners, mentions, pair) or hosted

    @staticmethod
    def _definite(tok: Token) -> bool:
        """'The workshop', 'this meeting': the event named before, not a new one."""
        return any(c.lower_ in ("the", "this") for c in tok.children)

    @staticmethod
    def _backers(verb: Token, idx: list[int]) -> set[int]:
        """Who an organiser works with on an event: 'organised with the support of Y and
        in partnership with Z' -> Y and Z (partners of the organiser, not of each other)."""
        out: set[int] = set()
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "in")]
        preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]
        for prep in preps:
            for noun in prep.children:
                lemma = noun.lemma_.lower()
                if noun.dep_ == "pobj" and lemma in SUPPORT_NOUNS | SHARED_NOUNS:
                    out |= prep_objects(noun, idx, {"of", "from", "with"})
        return out

    @staticmethod
    def _event_owner(doc: Doc, tok: Token, idx: list[int]) -> set[int]:
        """Who holds an event: its possessor ('its meeting': the body named just before),
        or the subject of 'hold', 'host', 'organise' ... it is the object of."""
        for c in tok.children:
            if c.dep_ == "poss":
                if idx[c.i] >= 0:
                    return group(c, idx)
                if c.lower_ in ("its", "their"):
                    before = [idx[t.i] for t in tok.sent if t.i < c.i and idx[t.i] >= 0]
                    return {before[-1]} if before else set()
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ORGANISE_VERBS | {"hold"}:
            return subjects(tok.head, idx)
        return set()

    @staticmethod
    def _definite_event_subject(verb: Token) -> bool:
        """'The operation received support': the subject is the article's own event."""
        return any(
            c.dep_ == "nsubj"
            and c.lemma_.lower() in EVENT_NOUNS | {"project", "programme", "program", "initiative"}
            and any(d.lower_ in ("the", "this") for d in c.children)
            for c in verb.children
        )

    @staticmethod
    def _protagonist(doc: Doc, mentions) -> set[int]:
        """The body the article is most about: the non-state body named most often
        (the first named on a tie); its events are 'the operation', 'the project'."""
        orgs = doc._.cyberkg["orgs"]
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for n, m in enumerate(mentions):
            if m[3] == "actor" and orgs[m[2]]["type"] != "country":
                counts[m[2]] = counts.get(m[2], 0) + 1
                first.setdefault(m[2], n)
        if not counts:
            return set()
        top = min(counts, key=lambda k: (-counts[k], first[k]))
        return {n for n, m in enumerate(mentions) if m[2] == top}

    @staticmethod
    def _givers(tok: Token, idx: list[int]) -> set[int]:
        """Who gives what a receiving verb's subject gets: only support-like objects count."""
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if tok.lemma_.lower() == "receive" and not any(
            o.lemma_.lower() in SUPPORT_NOUNS for o in objs
        ):
            return set()
        out = prep_objects(tok, idx, {"from"})
        for o in objs:
            out |= prep_objects(o, idx, {"from"})
        # "support from multiple firms, including A, B and C"
        for head in [tok, *objs]:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ != "from":
                    continue
                for p in prep.children:
                    for c in p.children:
                        if c.dep_ == "prep" and c.lower_ in ("including", "like", "as"):
                            out |= {
                                m for q in c.children if q.dep_ == "pobj" for m in group(q, idx)
                            }
        return out

    def _pairs(self, doc, sent, a: set[int], b: set[int], mentions, pair) -> bool:
        if not a or not b or len(a) > self.max_group or len(b) > self.max_group:
            return False
        done = False
        for x in a:
            for y in b:
                if mentions[x][2] != mentions[y][2]:
                    pair(mentions[x][2], mentions[y][2], sent)
                    done = True
        return done

    # ---------------------------------------------------------------- memberships
    def _memberships(self, doc: Doc, idx, mentions, orgs, parent_of: dict) -> list[list]:
        out: dict[tuple[str, str], list[int]] = {}

        def add(members: set[int], body: set[int], sent: Span) -> None:
            for b in body:
                bname = mentions[b][2]
                if orgs[bname]["type"] == "country" or b in self._criminal:
                    continue
                for m in members:
                    mname = mentions[m][2]
                    if _negated_name(doc, mentions[m][0]):
                        continue  # "the non-US-led countries"
                    if mname != bname and orgs[mname]["actor"] and m not in self._criminal:
                        out.setdefault((mname, bname), [sent.start, sent.end])

        sents = list(doc.sents)
        pending: set[int] = set()  # a body said to have members, waiting for the list
        last_body: tuple[int, set[int]] = (-10, set())  # (sentence number, body)
        for n, sent in enumerate(sents):
            for tok in sent:
                lemma = tok.lemma_.lower()
                if (lemma in MEMBER_HEADS and tok.pos_ == "NOUN") or (
                    _base(tok) in MEMBER_KINDS
                    and any(_base(c) == "member" and c.dep_ == "compound" for c in tok.children)
                ):  # "member states", "OAS Member States", read as "members"
                    body = prep_objects(tok, idx, {"of", "in"})
                    body = {b for b in body if orgs[mentions[b][2]]["type"] != "country"}
                    body -= _possessors(body, mentions, doc, idx)  # "of NATO's Centre"
                    if not body:  # "a member of the organization FIRST (Forum of ...)"
                        body = _described_body(tok, idx, mentions, orgs)
                    if not body:  # "OAS Member States", "the GCC member nations"
                        body = _named_before(tok, idx, mentions, orgs)
                    if not body and tok.dep_ == "dobj" and tok.head.lemma_ in HAVING_VERBS:
                        body = {  # "Y has 22 members", "Y comprises 17 members"
                            b
                            for b in subjects(tok.head, idx)
                            if orgs[mentions[b][2]]["type"] != "country"
                        }
                    if (
                        not body
                        and tok.head.lemma_ == "as"
                        and tok.head.head.lemma_.lower() in HAVING_VERBS
                    ):  # "Y has attracted A and B as members"; "it has attracted": Y before
                        verb = tok.head.head
                        body = {
                            b
                            for b in subjects(verb, idx)
                            if orgs[mentions[b][2]]["type"] != "country"
                        }
                        if not body and any(
                            c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children
                        ):
                            body = self._last_body(doc, sents, n, idx, mentions, orgs)
                    if not body and any(
                        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children
                    ):  # "Its member nations include A, B": the body named just before
                        body = self._last_body(doc, sents, n, idx, mentions, orgs)
                    if (
                        not body
                        and tok.dep_ == "pobj"
                        and tok.head.lower_ in ("from", "of", "for")
                        and (verb := governing_verb(tok))
                    ):
                        body = self._parent_bodies(  # "Y trained officials of 8 member states"
                            subjects(verb, idx), mentions, orgs, parent_of
                        )
                    titled = tok.dep_ == "compound" and idx[tok.head.i] >= 0  # "founders A and B"
                    if not body and (tok.dep_ != "compound" or titled) and n - last_body[0] <= 2:
                        body = set(last_body[1])  # "A and B were admitted as full members"
                    if body:
                        last_body = (n, body)
                    before = len(out)
                    # "A and B are founding members of Y": the parser takes "founding" for a verb
                    misread = (
                        tok.dep_ == "dobj"
                        and tok.head.tag_ == "VBG"
                        and tok.head.lower_ in MEMBER_PARTICIPLES
                        and any(c.lemma_ == "be" for c in tok.head.children)
                    )
                    if tok.dep_ in ("attr", "appos") or misread or tok.head.lemma_ == "as":
                        head = tok.head if tok.dep_ != "pobj" else tok.head.head
                        if tok.dep_ == "appos":
                            members = group(tok.head, idx) - group(tok, idx)
                        elif tok.head.lemma_ == "as":
                            members = (
                                group(tok.head.head, idx)
                                if tok.head.head.pos_ != "VERB"
                                else subjects(tok.head.head, idx)
                            )
                        else:
                            members = subjects(head, idx)
                            if not members:  # "Both countries are members of Y"
                                members = self._group_subject(head, mentions, orgs)
                            if not members:  # "A along with B is a member": a broken parse
                                members = {
                                    idx[t.i] for t in doc[sent.start : head.i] if idx[t.i] >= 0
                                }
                        if tok.head.lemma_ == "as" and tok.head.head.pos_ == "VERB":
                            # "Y has attracted A and B as members"; "Y was launched, with
                            # A and B as its founding members"
                            for c in tok.head.head.children:
                                if c.dep_ == "dobj":
                                    members = group(c, idx) or members
                                elif c.dep_ == "prep" and c.lower_ == "with":
                                    members = prep_objects(tok.head.head, idx, {"with"}) or members
                        add(members | along_with(members, mentions, doc, idx), body, sent)
                    elif titled and body:
                        # "A joined Y, following the original co-founders B and C"
                        add(group(tok.head, idx), body, sent)
                    elif tok.head.lower_ == "among" and (verb := governing_verb(tok)):
                        # "A, B and C were among the Y members present"
                        add(listed_with(subjects(verb, idx), doc, idx), body, sent)
                    if body and len(out) == before:
                        # "welcomed three new members: A, B and C, along with D"
                        listed = self._members_listed(doc, sents, n, tok, idx, mentions, orgs)
                        if listed:  # "... members: A and B, along with C": on the noun
                            listed |= along_with(listed, mentions, doc, idx) | {
                                p
                                for c in tok.children
                                if c.dep_ == "prep" and c.lower_ in ("along", "together")
                                for p in prep_objects(c, idx, {"with"})
                            }
                        add(listed, body, sent)
                    # "Y member states such as A and B", "members of Y include A, B"
                    owners = {
                        idx[c.i]
                        for c in tok.children
                        if c.dep_ in ("compound", "poss") and idx[c.i] >= 0
                    }
                    body |= owners
                    # "Y, whose members are A and B": the relative clause's antecedent
                    if (
                        tok.head.dep_ == "relcl"
                        and any(c.lower_ == "whose" for c in tok.children)
                        and idx[tok.head.head.i] >= 0
                    ):
                        body.add(idx[tok.head.head.i])
                    listed = set()
                    for c in tok.children:
                        if c.dep_ == "prep" and c.lower_ in ("such", "including", "like"):
                            listed |= group(tok, idx) - body
                        if c.dep_ == "prep" and c.lower_ == "from" and body:
                            listed |= prep_objects(tok, idx, {"from"}) - body  # "members from A, B"
                        if c.lower_ == "among" or (
                            c.dep_ in ("appos", "npadvmod") and c.lower_ == "them"
                        ):  # "22 members, among them A, B and C"
                            for p in c.subtree:
                                if idx[p.i] >= 0:
                                    listed.add(idx[p.i])
                    if tok.dep_ in ("nsubj",) and tok.head.lemma_ in ("include", "be", "comprise"):
                        for c in tok.head.children:
                            if c.dep_ in ("dobj", "attr"):
                                listed |= group(c, idx)
                    add(listed, body, sent)
                    if tok.dep_ == "dobj" and tok.head.lemma_ in HAVING_VERBS - {"number"}:
                        pending = subjects(tok.head, idx)
                elif lemma in ADMITTING_VERBS and tok.pos_ == "VERB":
                    # "Y admitted A and B as members", "A and B were admitted to Y"
                    if any(c.dep_ == "nsubjpass" for c in tok.children):
                        add(subjects(tok, idx), prep_objects(tok, idx, {"to", "into"}), sent)
                    else:
                        objs = {p for c in tok.children if c.dep_ == "dobj" for p in group(c, idx)}
                        add(listed_with(objs, doc, idx), subjects(tok, idx), sent)
                elif lemma in JOINING_VERBS and tok.pos_ == "VERB":
                    body = set()
                    for c in tok.children:
                        if c.dep_ == "dobj":
                            body |= group(c, idx) or self._antecedent(c, idx, mentions)
                    add(subjects(tok, idx), body, sent)
                    if body:  # "A joined Y, following the original co-founders B and C"
                        last_body = (n, body)
                elif (
                    lemma in ("lead", "chair") and tok.pos_ == "VERB" and tok.head.lemma_ == "elect"
                ):
                    body = set()
                    for c in tok.children:
                        if c.dep_ == "dobj":
                            body |= group(c, idx)
                    add(subjects(tok.head, idx), body, sent)
                elif (
                    lemma in ("include", "comprise", "be")
                    and pending
                    and tok.pos_ in ("VERB", "AUX")
                ):
                    subj = [c for c in tok.children if c.dep_ == "nsubj"]
                    if subj and subj[0].lemma_ in ("country", "member", "state", "nation"):
                        listed = set()
                        for c in tok.children:
                            if c.dep_ in ("dobj", "attr"):
                                listed |= group(c, idx)
                        add(listed, pending, sent)
                        pending = set()
            if (
                n > 0
                and pending
                and not any(sent.start <= mentions[p][0] < sent.end for p in pending)
            ):
                pending = pending if n == 0 else pending
        for members, body, sent in _founders(doc, idx, mentions):
            add(members, body, sent)
        for members, body, sent in self._kind_listed(doc, idx, mentions, orgs):
            add(members, body, sent)
        for members, body, sent in _composed_of(doc, idx, mentions, orgs):
            add(members, body, sent)
        for members, body, sent in _rosters(doc, sents, idx, mentions, orgs):
            add(members, body, sent)
        for members, body, sent in _part_of_collective(doc, idx, mentions, orgs):
            add(members, body, sent)
        return [[a, b, [ev]] for (a, b), ev in out.items()]

    def _kind_listed(self, doc: Doc, idx, mentions, orgs) -> list[tuple[set, set, Span]]:
        """'other Commonwealth countries such as A and B', 'EU states, including A': states
        of a kind a body names are its members."""
        out = []
        kinds = MEMBER_KINDS | {k + "s" for k in MEMBER_KINDS} | {"countries"}
        for i in _where(doc, kinds):
            tok = doc[i]
            if _base(tok) not in MEMBER_KINDS or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            body = _named_before(tok, idx, mentions, orgs)
            if not body:
                continue
            listed = set()
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("such", "including", "like", "as"):
                    if c.lower_ == "as" and doc[c.i - 1].lower_ != "such":
                        continue
                    listed |= {idx[t.i] for t in c.subtree if idx[t.i] >= 0}
            listed = {m for m in listed if orgs[mentions[m][2]]["type"] == "country"}
            if listed:
                out.append((listed, body, tok.sent))
        return out

    @staticmethod
    def _parent_bodies(found: set[int], mentions, orgs, parent_of: dict) -> set[int]:
        """Bodies among the mentions, each replaced by the body it is a unit of."""
        out = set()
        for b in found:
            name = mentions[b][2]
            if orgs[name]["type"] == "country":
                continue
            parent = parent_of.get(name)
            if parent and orgs.get(parent, {}).get("type") not in (None, "country"):
                k = next((i for i, m in enumerate(mentions) if m[2] == parent), None)
                out.add(k if k is not None else b)
            else:
                out.add(b)
        return out

    @staticmethod
    def _last_body(doc: Doc, sents, n: int, idx, mentions, orgs) -> set[int]:
        """The body a possessive pronoun stands for: the subject of this sentence or the
        one before when it is a body, else the last body named before it."""
        for sent in (sents[n], sents[n - 1] if n else None):
            if sent is None:
                continue
            for t in sent:
                if t.dep_ in ("nsubj", "nsubjpass") and idx[t.i] >= 0:
                    m = mentions[idx[t.i]]
                    if m[3] == "actor" and orgs[m[2]]["type"] != "country":
                        return {idx[t.i]}
        for k in range(len(mentions) - 1, -1, -1):
            m = mentions[k]
            if m[0] < sents[n].start and m[3] == "actor" and orgs[m[2]]["type"] != "country":
                return {k}
        return set()

    @staticmethod
    def _group_subject(verb: Token, mentions, orgs) -> set[int]:
        """'Both countries', 'the two nations': the two states the article is most about."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_.lower() not in ("country", "nation", "state", "both"):
            return set()
        if subj.lemma_.lower() != "both" and not any(
            c.lower_ in ("both", "two") for c in subj.children
        ):
            return set()
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for n, m in enumerate(mentions):
            if m[3] == "actor" and orgs[m[2]]["type"] == "country" and m[0] < verb.i:
                counts[m[2]] = counts.get(m[2], 0) + 1
                first.setdefault(m[2], n)
        top = sorted(counts, key=lambda k: (-counts[k], first[k]))[:2]
        if len(top) < 2 or (
            len(counts) > 2
            and counts[top[1]] == counts[sorted(counts, key=lambda k: -counts[k])[2]]
        ):
            return set()
        return {first[k] for k in top}

    @staticmethod
    def _members_listed(doc: Doc, sents, n: int, tok: Token, idx, mentions, orgs) -> set[int]:
        """Members named apart from the noun: after a colon, by their count, or as the next
        sentence's subjects ("The member states of Y issued a statement. In it, A, B and C ...")."""

        def states(span_start: int, span_end: int) -> set[int]:
            return {
                i
                for i, m in enumerate(mentions)
                if span_start <= m[0] < span_end
                and m[3] == "actor"
                and orgs[m[2]]["type"] == "country"
            }

        sent = sents[n]
        colon = next((t.i for t in doc[tok.i : sent.end] if t.text in (":", "—", "–")), None)
        if colon is not None:
            found = states(colon, sent.end)
            if len(found) >= 2:
                return found
        count = (
            next(
                (int(c.text) if c.text.isdigit() else WORD_NUMBERS.get(c.lower_))
                for c in tok.children
                if c.dep_ == "nummod"
            )
            if any(c.dep_ == "nummod" for c in tok.children)
            else None
        )
        if count and count >= 2:  # "eight member states" ... later "A, B, ... and H"
            for later in sents[n : n + 8]:
                for m in states(later.start, later.end):
                    group_ = listed_with({m}, doc, idx)
                    if abs(len(group_) - count) <= 1 and all(
                        orgs[mentions[g][2]]["type"] == "country" for g in group_
                    ):
                        return group_
        subj_side = tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.head.dep_ == "nsubj" and tok.dep_ == "compound"
        )
        if subj_side and n + 1 < len(sents):
            nxt = sents[n + 1]
            for t in nxt:
                if t.pos_ == "VERB":
                    subj = subjects(t, idx)
                    if len(subj) >= 3 and all(
                        orgs[mentions[g][2]]["type"] == "country" for g in subj
                    ):
                        return subj
        return set()

    @staticmethod
    def _antecedent(tok: Token, idx: list[int], mentions: list) -> set[int]:
        """'joined the network': the last body named earlier whose name ends in that noun."""
        if idx[tok.i] >= 0 or not any(c.lower_ in ("the", "this") for c in tok.children):
            return set()
        head = tok.lemma_.lower()
        for n in range(len(mentions) - 1, -1, -1):
            m = mentions[n]
            if m[0] < tok.i and m[2].split()[-1].lower() == head and len(m[2].split()) > 1:
                return {n}
        return set()

    # ---------------------------------------------------------------- areas
    @staticmethod
    def _areas(doc: Doc, data: dict, coop_sents: set[int]) -> dict:
        by_sent: dict[int, list[Span]] = {}
        for span in doc.spans.get("cyberkg_areas", []):
            if not _negated(span.root):  # "the agreement does not cover personal data"
                by_sent.setdefault(span.sent.start, []).append(span)
        out: dict[str, list[list[int]]] = {}
        for ag in data.get("agreements", []):
            ag["areas"] = []
            for s, e in ag["sents"]:
                for span in by_sent.get(s, []):
                    if span.label_ not in ag["areas"]:
                        ag["areas"].append(span.label_)
                    out.setdefault(span.label_, [])
                    if [s, e] not in out[span.label_]:
                        out[span.label_].append([s, e])
            if "named" in ag:  # "A and B establish a Capacity Building Centre"
                start, end = ag["named"]
                s, e = ag["sents"][0]
                for span in doc.spans.get("cyberkg_areas_in_names", []):
                    if start <= span.start and span.end <= end:
                        if span.label_ not in ag["areas"]:
                            ag["areas"].append(span.label_)
                        if [s, e] not in out.setdefault(span.label_, []):
                            out[span.label_].append([s, e])
        idx = mention_index(doc)
        mentions = data["mentions"]
        actor = {i for i, m in enumerate(mentions) if m[3] in ("actor", "demonym")}
        for sent in doc.sents:
            lemmas = {t.lemma_.lower() for t in sent}
            if (
                sent.start in coop_sents
                or lemmas & (COOP_VERBS | COOP_NOUNS)
                or not lemmas & CONFLICT
                # "a platform to counter ransomware": a threat that names no body
                or not any(_sets_against(t, actor, idx) for t in sent)
            ):
                for span in by_sent.get(sent.start, []):
                    out.setdefault(span.label_, [])
                    if [sent.start, sent.end] not in out[span.label_]:
                        out[span.label_].append([sent.start, sent.end])
        return out
