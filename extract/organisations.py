"""Organisations named as actors: whole names, canonical names, types, countries.

Takes the model's entities and the gazetteer's matches and decides, with
general rules, which spans are organisations and what each is called:

- whole names: adjacent ORG entities joined by "and"/"of"/"for" merge when the
  second ends in an organisation head noun; a name ending in such a head
  ("Department", "Ministry") extends over "of the Treasury";
- possessives ("Kenya's Committee") and country or demonym prefixes and
  "of <country>" suffixes give the organisation's country and a part_of link;
- acronyms defined in parentheses become aliases and are found again later;
- demonyms ("the Kenyan delegation") stand for their country when they modify
  a noun for a state actor (government, delegation, minister, ...);
- events, programmes, agreements, products, people and places are not
  organisations; a country whose every mention is locative ("offices in X",
  "Bucharest, Romania") is a place, not an actor;
- types come from the gazetteer, then from the ontology's head-noun cues,
  then from context ("a cybersecurity firm").

The result is plain data in ``doc._.cyberkg`` (so it survives multiprocessing)
and the mention spans in ``doc.spans["cyberkg_orgs"]``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import ontology
from extract.discourse import line_starts
from ontology.gazetteer import Entry, Gazetteer, load_gazetteer, normalise
from ontology.patterns import load_patterns

DEFAULT_SPANS_KEY = "cyberkg_orgs"
DATELINE_ENDS = {":", "—", "–", "-", "("}
# the word lists live in ontology/patterns/organisations.yaml
P = load_patterns("organisations")
CONNECTORS = P["connectors"]
EVENT_HEADS = P["event_heads"]
NON_ORG_HEADS = P["non_org_heads"]
STATE_NOUNS = P["state_nouns"]
COMPANY_NOUNS = P["company_nouns"]
ORGISH_NOUNS = COMPANY_NOUNS | P["orgish_nouns"]
NAMING_VERBS = P["naming_verbs"]
LOC_PREPS = P["locative_preps"]
AGENCY_HEADS = P["agency_heads"]
HONORIFICS = P["honorifics"]
ROLE_NOUNS = P["role_nouns"]
ORG_HEADS = ORGISH_NOUNS | P["org_heads"]
TITLE_HEADS = P["titled_thing_heads"]
AGREEMENT_HEADS = P["agreement_heads"]
TITLES = P["titles"]
TITLE_WORDS = P["titles"] | P["title_modifiers"]
GENERIC_WORDS = P["generic_words"]
DESCRIPTIVE_WORDS = P["descriptive_words"]
UNNAMED_OPENERS = P["unnamed_body_openers"]
SHORT_NAME_SUFFIXES = P["short_name_suffixes"]
STATE_BODY_TYPES = P["state_body_types"]
GOVERNMENT_NOUNS = P["government_nouns"]
_GOV = "|".join(map(re.escape, P.seq("government_nouns")))
_GOV_OF = re.compile(
    rf"^(?:the )?(?:federal |national |central |royal )?(?:{_GOV}) of (?:the )?(.+)$", re.I
)
_X_GOV = re.compile(rf"^(?:the )?(.+?) (?:federal |national |central )?(?:{_GOV})$", re.I)
CUT_AT = ("for", "of")
_INITIALS_SKIP = {"of", "and", "the", "for", "on", "in", "&", "to"}
# dependency roles in which a name acts: subject, agent, possessor, partner of "with"
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "appos"}
ACTOR_PREPS = P["actor_preps"]
TYPE_ORDER = P.seq("type_order")
_PUB_WORDS = "|".join(map(re.escape, P.seq("publisher_words")))
_PUB_HEADS = "|".join(map(re.escape, P.seq("publisher_heads")))
_PUB_NAMES = "|".join(map(re.escape, P.seq("publisher_names")))
PUBLISHER = re.compile(rf"\b(?:{_PUB_WORDS})\b.*\b(?:{_PUB_HEADS})$|^(?:{_PUB_NAMES})$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-\.]*[A-Z0-9][A-Za-z0-9\-\.]*$")
# a word that carries CERT/CSIRT/CIRT is a team's name ("FijiCERT", "Rw-CSIRT", "CERT-MX"),
# and so is "CERT <Country>"; the bare word alone is the generic noun
_CERT_WORD = re.compile(
    r"(?<![\w-])(?:[A-Za-z]{1,12}-?)?(?:CERT|CSIRT|CIRT)(?:-[A-Z][A-Za-z]{1,5})?(?![\w-])"
)
_CERT_COUNTRY = re.compile(r"\b(?:CERT|CSIRT|CIRT) ((?:[A-Z][a-z]+ ?){1,3})")
_BARE_TEAM = {"cert", "csirt", "cirt"}


def _cues() -> list[tuple[str, list[str]]]:
    types = ontology.load().org_types
    return [(t, [c.lower() for c in types[t].cues]) for t in TYPE_ORDER if t in types]


def cue_type(name: str, cues: list[tuple[str, list[str]]]) -> str | None:
    """The organisation type a name's words signal, by the ontology's cues."""
    words = re.findall(r"[\w\-\.]+", name)
    lower = " ".join(w.lower() for w in words)
    lw = set(lower.split())
    for org_type, cue_list in cues:
        for cue in cue_list:
            if (" " in cue and f" {cue} " in f" {lower} ") or cue.rstrip(".") in lw:
                if cue in ("cert", "csirt", "cirt", "soc") and cue.upper() not in name:
                    continue
                return org_type
            if cue in ("cert", "csirt") and any(cue.upper() in w for w in words):
                return org_type
    return None


def _before_title(doc: Doc, j: int, m: int) -> int:
    """End of capitalised words j..m before a title among them ("Security Permanent Secretary")."""
    for k in range(j, m):
        low = doc[k].lower_.rstrip(".")
        nxt = doc[k + 1].lower_ if k + 1 < m else ""
        if low in TITLES or low in TITLE_WORDS and nxt in TITLE_WORDS:
            return k
    return m


def _initials(name: str) -> str:
    """ "Authority of Information Security" -> "AIS"; the letters an acronym of it would have."""
    words = re.findall(r"[\w']+", name)
    return "".join(w[0] for w in words if w.lower() not in _INITIALS_SKIP).upper()


def _ministry_variant(name: str) -> set[str] | None:
    """ "Foreign Ministry" -> {"ministry of foreign affairs", "ministry of foreign"}: the forms
    of one ministry's name, for short names written as "<Portfolio> Ministry"."""
    m = re.fullmatch(r"(?:the )?(\w+) (ministry|department|office)", name, re.I)
    if m is None:
        return None
    what, head = m.group(1).lower(), m.group(2).lower()
    return {f"{head} of {what} affairs", f"{head} of {what}", f"{head} for {what} affairs"}


def _office_head(doc: Doc, i: int, end: int) -> bool:
    """Token i is a body's head noun ending the span ("… General's Office")."""
    return i + 1 == end and doc[i].lower_ in AGENCY_HEADS and doc[i - 2].lower_ in TITLE_WORDS


def _has_head(span: Span) -> bool:
    """ "Dutch Ministry of Foreign Affairs": the span already names a body by its head noun."""
    return any(t.lower_ in AGENCY_HEADS for t in span)


def _headed_by_body(span: Span) -> bool:
    """'Agency for Information Systems Security': a body's head noun before "for"/"of"."""
    for t in span[1:]:
        if t.lower_ in ("for", "of", "on"):
            return any(u.lower_ in AGENCY_HEADS for u in span[: t.i - span.start])
    return False


def _in_titled_thing(doc: Doc, i: int) -> bool:
    """'Rewards for Justice programme': a word in a programme's or award's capitalised
    name is part of that name, not a short mention of a body ending in the same word."""
    k = i + 1
    while k < len(doc) and (doc[k].is_title or doc[k].is_upper) and k < i + 6:
        k += 1
    return k < len(doc) and doc[k].lower_ in TITLE_HEADS


def is_heading(sent: Span) -> bool:
    """A title or section heading: a short line without closing punctuation."""
    if len(sent) > 16:
        return False  # before joining the text: most sentences are longer
    text = sent.text.strip()
    return bool(text) and text[-1] not in '.!?"”’:;)'


def _clean(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split at line breaks and possessives, strip articles and punctuation."""
    pieces: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        t = doc[i]
        possessive = t.tag_ == "POS" or t.text in ("'s", "’s")
        if possessive and i + 1 < end and _office_head(doc, i + 1, end):
            continue  # "Prosecutor General's Office": the office of an office is one body
        dash = (  # "Gaborone, Botswana - The Ministry …": a dateline, then the sentence
            t.text in ("-", "–", "—")
            and t.whitespace_
            and i + 1 < end
            and doc[i + 1].lower_ in ("the", "a", "an")
        )
        if (t.is_space and "\n" in t.text) or possessive or dash:
            pieces.append((s, i))
            s = i + 1
    pieces.append((s, end))
    out = []
    for s, e in pieces:
        while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct or doc[s].is_space):
            s += 1
        while e > s and (
            doc[e - 1].is_punct and doc[e - 1].text not in (".",) or doc[e - 1].is_space
        ):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


@Language.factory(
    "cyberkg_organisations",
    assigns=["doc.spans", "doc._.cyberkg"],
    requires=["doc.ents", "token.dep"],
    default_config={"spans_key": DEFAULT_SPANS_KEY},
)
def make_organisation_finder(nlp: Language, name: str, spans_key: str) -> OrganisationFinder:
    return OrganisationFinder(nlp, name, spans_key=spans_key)


class OrganisationFinder:
    """Decide which spans are organisations and name them; see the module docstring."""

    def __init__(
        self,
        nlp: Language,
        name: str = "cyberkg_organisations",
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.gaz: Gazetteer = load_gazetteer()
        self.cues = _cues()
        self.bare = self._bare_names()
        if not Doc.has_extension("cyberkg"):
            Doc.set_extension("cyberkg", default=None)

    # ------------------------------------------------------------------ spans
    def _team_spans(self, doc: Doc) -> list[Span]:
        """Names of response teams, which the model often takes for people or places."""
        out: list[Span] = []
        text = doc.text  # joined from the tokens at every access
        for m in _CERT_WORD.finditer(text):
            if m.group(0).lower() in _BARE_TEAM:
                continue
            sp = doc.char_span(m.start(), m.end(), label="ORG", alignment_mode="expand")
            if sp is not None:
                out.append(sp)
        for m in _CERT_COUNTRY.finditer(text):
            words = m.group(1).strip().split()
            for k in range(len(words), 0, -1):  # "CERT Vanuatu", "CERT Papua New Guinea"
                entry = self.gaz.lookup(" ".join(words[:k]))
                if entry is not None and entry.type == "country":
                    end = m.start(1) + len(" ".join(words[:k]))
                    sp = doc.char_span(m.start(), end, label="ORG", alignment_mode="expand")
                    if sp is not None:
                        out.append(sp)
                    break
        return out

    def _model_spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        teams = self._team_spans(doc)
        ents = []
        for e in doc.ents:
            if any(t.start < e.end and e.start < t.end for t in teams):
                continue  # the team's own span replaces the model's reading
            if e.label_ == "ORG" and e.text.lower() in _BARE_TEAM:
                k = e.end
                if k + 1 < len(doc) and doc[k].lower_ == "of" and doc[k + 1].ent_type_ == "GPE":
                    k += 1
                    while k < len(doc) and doc[k].ent_iob_ == "I" or doc[k].i == e.end + 1:
                        k += 1
                    e = Span(doc, e.start, k, label="ORG")  # "the CERT of Fiji"
                else:
                    continue
            ents.append(e)
        for t in teams:
            if not any(e.start < t.end and t.start < e.end for e in ents):
                ents.append(t)
        ents = [self._state_body(doc, self._owned_body(doc, e, ents), ents) for e in ents]
        ents.sort(key=lambda e: e.start)
        spans: list[tuple[int, int, str]] = []
        gaz = {g.start: g.end for g in doc.spans.get("cyberkg_gazetteer", [])}
        i = 0
        while i < len(ents):
            e = ents[i]
            start, end, label = e.start, e.end, e.label_
            # "The National Agency for" + "the Prohibition …": the name goes on below
            while label == "ORG" and end - start > 1 and doc[end - 1].lower_ in CUT_AT:
                end -= 1
            # "National Computer" + "and" + "Cybercrimes Coordination Committee"
            while (
                label == "ORG"
                and i + 1 < len(ents)
                and ents[i + 1].label_ == "ORG"
                and ents[i + 1].start == end + 1
                and doc[end].lower_ in CONNECTORS
                and ents[i + 1][-1].lower_ in AGENCY_HEADS
                and doc[end - 1].lower_ not in AGENCY_HEADS
                and ents[i + 1][0].lower_ != "the"
                and not (doc[end].lower_ in ("and", "&") and _has_head(doc[start:end]))
                and self.gaz.lookup(doc[end - 1].text) is None
                and self.gaz.lookup(doc[start:end].text) is None
            ):
                end = ents[i + 1].end
                i += 1
            # "Foreign, Commonwealth and" + "Development Office": a portfolio list before the head
            if label == "ORG" and doc[end - 1].lower_ in AGENCY_HEADS:
                start = self._leading_portfolio(doc, start)
            # "the U.S. Department" + "of the Treasury"
            if (
                label == "ORG"
                and doc[end - 1].lower_ in AGENCY_HEADS
                and end + 1 < len(doc)
                and doc[end].lower_ in ("of", "for")
            ):
                j = end + 1
                if j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                k = j
                while k < len(doc) and (doc[k].is_title or doc[k].is_upper) and not doc[k].is_punct:
                    k += 1
                if k > j:
                    end = k
                    while i + 1 < len(ents) and ents[i + 1].start < end:
                        i += 1
            # "National Agency for the Prohibition" + "of Trafficking in Persons": a body's name
            # runs on over "of/in" and capitalised words that name no place and no other body
            if label == "ORG" and _headed_by_body(doc[start:end]):
                end = self._complement_end(doc, end)
                while i + 1 < len(ents) and ents[i + 1].start < end:
                    i += 1
            # "Ministry of Foreign Affairs" + ", European Union and Cooperation": a portfolio list
            if label == "ORG" and _headed_by_body(doc[start:end]):
                end = self._portfolio_end(doc, end)
                while i + 1 < len(ents) and ents[i + 1].start < end:
                    nxt = ents[i + 1]
                    k = end
                    while k < nxt.end and doc[k].lower_ in ("and", ",", "the", "&"):
                        k += 1
                    if k < nxt.end and nxt.end > end:  # "Sport and Home Office": the rest is a body
                        ents[i + 1] = Span(doc, k, nxt.end, label=nxt.label_)
                        break
                    i += 1
            # "Centre (AJCCBC)": the acronym is read as a definition, not part of the name
            paren = next((t.i for t in doc[start + 1 : end] if t.text == "("), None)
            if label == "ORG" and paren is not None:
                end = paren
            spans.extend(self._split_list(doc, start, end, label, gaz))
            i += 1
        return spans

    @staticmethod
    def _owned_body(doc: Doc, e: Span, ents: list[Span]) -> Span:
        """ "Portugal's Judiciary Police": a state's possessive before capitalised words
        ending in a body's head noun names that body even when the model tags none."""
        k = e.end + 1
        if e.label_ != "GPE" or k >= len(doc) or doc[e.end].text not in ("'s", "’s"):
            return e
        while (
            k < len(doc) and doc[k].is_title and doc[k].ent_type_ in ("", "ORG") and k < e.end + 6
        ):
            k += 1
        last = doc[k - 1]
        if k == e.end + 1 or not (last.lower_ in AGENCY_HEADS or last.lemma_.lower() in ORG_HEADS):
            return e
        if any(o is not e and o.start < k and e.end < o.end for o in ents):
            return e
        return Span(doc, e.start, k, label="ORG")

    @staticmethod
    def _state_body(doc: Doc, e: Span, ents: list[Span]) -> Span:
        """ "The Federal Police of Brazil": capitalised words the model left untagged, ending
        in a body's head noun, before "of <state>" name that state's body."""
        j = e.start - 1
        if e.label_ != "GPE" or j < 1 or doc[j].lower_ != "of":
            return e
        k = j
        while (
            k > 0
            and doc[k - 1].is_title
            and doc[k - 1].is_alpha
            and doc[k - 1].ent_type_ == ""
            and doc[k - 1].pos_ in ("PROPN", "ADJ", "NOUN")
            and j - k < 4
        ):
            k -= 1
        last = doc[j - 1]
        if k == j or not (last.lower_ in AGENCY_HEADS or last.lemma_.lower() in ORG_HEADS):
            return e
        if any(o is not e and o.start < j and k < o.end for o in ents):
            return e
        return Span(doc, k, e.end, label="ORG")

    def _portfolio_end(self, doc: Doc, end: int) -> int:
        """End of ", B, C and D" continuing a ministry's name: capitalised items, the last
        after "and", nothing capitalised after it. An item that is a body of its own ("…, and
        Federal High Court"), a title ("… and Director") or a country ends the name before it."""
        if doc[end - 1].lower_ == "and":  # the model stopped at the last "and"
            m = end
            while m < len(doc) and (doc[m].is_title or doc[m].is_upper) and doc[m].is_alpha:
                m += 1
            return end - 1 if self._body_or_title(doc, end, m) else m
        k, seen_and = end, False
        while k < len(doc) and doc[k].text == "," or (k < len(doc) and doc[k].lower_ == "and"):
            j = k + 1
            if doc[k].lower_ == "and":
                seen_and = True
            elif j < len(doc) and doc[j].lower_ == "and":
                seen_and, j = True, j + 1
            m = j
            while m < len(doc) and (doc[m].is_title or doc[m].is_upper) and doc[m].is_alpha:
                m += 1
            title = _before_title(doc, j, m)  # "… and Security Permanent Secretary X"
            if title < m and all(t.is_upper for t in doc[j:title]):
                return end  # "… and ANCA Chairman": the office of another body
            m = title
            if (
                m == j
                or doc[j].ent_type_ in ("PERSON", "DATE")
                or self._is_country(doc[j:m].text)
                or (seen_and or doc[j].lower_ in AGENCY_HEADS)
                and self._body_or_title(doc, j, m, run_on=False)
            ):  # a middle item may be a body's name: "…, European Union and Cooperation"
                return end
            k = m
            if seen_and:
                return k
        return end

    def _complement_end(self, doc: Doc, end: int) -> int:
        """End of "of Trafficking in Persons" continuing a body's name after its last
        capitalised word; a place ("in Addis Ababa"), a state or another body stops it."""
        while (
            end + 1 < len(doc)
            and doc[end - 1].is_title
            and doc[end].lower_ in ("of", "in", "and")
            and doc[end + 1].is_title
        ):
            k = end + 1
            while k < len(doc) and doc[k].is_title and doc[k].is_alpha:
                k += 1
            run = doc[end + 1 : k]
            if (
                any(t.ent_type_ in ("GPE", "LOC", "FAC", "PERSON", "DATE") for t in run)
                or self._is_country(run.text)
                or self.gaz.lookup(run.text) is not None
                or self._body_or_title(doc, end + 1, k, run_on=False)
            ):
                break
            end = k
        return end

    @staticmethod
    def _body_or_title(doc: Doc, j: int, m: int, *, run_on: bool = True) -> bool:
        """Capitalised words j..m (and, with run_on, an "and <Capitalised>" run after them) that
        end in a body's head noun or hold a title: a second body or an office, not a portfolio."""
        while run_on and m + 1 < len(doc) and doc[m].lower_ in ("and", "&") and doc[m + 1].is_title:
            m += 1
            while m < len(doc) and (doc[m].is_title or doc[m].is_upper) and doc[m].is_alpha:
                m += 1
        words = [t.lower_ for t in doc[j:m]]
        return bool(words) and (
            words[-1] in AGENCY_HEADS or words[-1] in ORG_HEADS or any(w in TITLES for w in words)
        )

    def _leading_portfolio(self, doc: Doc, start: int) -> int:
        """Start of "A, B and" before a body's name: short capitalised items, none of them a
        named entity or a country, at least one comma; otherwise the name starts where it did.
        """
        if start < 4 or doc[start - 1].lower_ != "and":
            return start
        k, commas = start - 1, 0
        while True:
            j = k
            while (
                j > 0
                and k - j < 3
                and doc[j - 1].is_title
                and doc[j - 1].is_alpha
                and doc[j - 1].ent_iob_ == "O"
                and not self._is_country(doc[j - 1].text)
            ):
                j -= 1
            if j == k:
                return start
            if j > 0 and doc[j - 1].text == ",":
                commas, k = commas + 1, j - 1
                continue
            return j if commas else start

    def _is_country(self, text: str) -> bool:
        entry = self.gaz.lookup(text) or self.gaz.demonym(text)
        return entry is not None and entry.type == "country"

    def _split_list(self, doc: Doc, start: int, end: int, label: str, gaz: dict) -> list:
        """'Kaspersky and Group-IB', 'Antigua and Barbuda, Barbados': one entity, several names.

        A span that lists names (commas or "and") and has no body head noun or
        type cue is split; known names (the gazetteer's) are kept whole.
        """
        seps = [t for t in doc[start + 1 : end - 1] if t.lower_ in ("and", ",")]
        if label != "ORG" or not seps or (start > 0 and doc[start - 1].lower_ in CONNECTORS):
            return [(start, end, label)]  # "Convention on X and Y": a topic, not a list
        text = doc[start:end].text
        if (
            self.gaz.lookup(text) is not None
            or any(
                t.lower_ in AGENCY_HEADS or t.lower_ in CONNECTORS - {"and"} for t in doc[start:end]
            )
            or cue_type(text, self.cues) is not None
        ):
            return [(start, end, label)]
        out, i, s = [], start, start
        while i < end:
            if i in gaz and gaz[i] <= end and i == s:
                out.append((i, gaz[i], label))
                i = s = gaz[i]
            elif doc[i].lower_ in ("and", ","):
                if i > s:
                    out.append((s, i, label))
                i += 1
                s = i
            else:
                i += 1
        if s < end:
            out.append((s, end, label))
        if any(not doc[a].text[:1].isupper() for a, _, _ in out):
            return [(start, end, label)]
        return out

    def _bare_names(self) -> dict[tuple[str, str], Entry]:
        """(name without its state, state code) -> body: "Home Office" of GB is the UK Home
        Office, "CSA" of GH the Cyber Security Authority of Ghana; the key to resolving a short
        or generic name within its article's states first."""
        forms: dict[str, list[str]] = {}
        for e in self.gaz.entries:
            if e.type == "country" and e.country:
                names = (e.name, *e.aliases, *e.demonyms)
                forms[e.country] = [normalise(n) for n in names if "," not in n]
        out: dict[tuple[str, str], Entry] = {}
        for e in self.gaz.entries:
            if e.type == "country" or not e.country or e.country not in forms:
                continue
            for n in map(normalise, (e.name, *e.aliases)):
                for f in forms[e.country]:
                    bare = None
                    if n.startswith(f + " "):
                        bare = n[len(f) + 1 :]
                    elif n.endswith(" of the " + f):
                        bare = n[: -len(f) - 8]
                    elif n.endswith(" of " + f):
                        bare = n[: -len(f) - 4]
                    elif n.endswith(" " + f):
                        bare = n[: -len(f) - 1]
                    if bare:
                        out.setdefault((bare, e.country), e)
        return out

    def _government(self, span: Span) -> Entry | None:
        """ "Government of Fiji", "the UAE Government", "German Federal Government": the state."""
        text = span.text.strip()
        m = _GOV_OF.match(text) or _X_GOV.match(text)
        if m is None:
            return None
        entry = self.gaz.lookup(m.group(1)) or self.gaz.demonym(m.group(1))
        return entry if entry is not None and entry.type == "country" else None

    def _name(
        self, span: Span, context: list[Entry] = ()
    ) -> tuple[str, str | None, list[str], Entry | None]:
        """Canonical name, country (by prefix/suffix), aliases and known entry of an org span.

        A known body keeps its name; a name the gazetteer knows only with its state ("Home
        Office", "CSA") is that state's body when the span names the state or, failing that,
        when one of the article's states (``context``) has a body of that name."""
        text = span.text.strip()
        entry = self.gaz.lookup(text)
        if entry:
            return entry.name, entry.country, [text] if text != entry.name else [], entry
        for k in range(1, min(len(span), 5)):
            # "U.S. Cybersecurity and Infrastructure Security Agency", "United Nations
            # International Telecommunication Union": a known body after its state or parent
            lead = self.gaz.lookup(span[:k].text) or self.gaz.demonym(span[:k].text)
            if lead is None or lead.type not in ("country", "intergovernmental"):
                continue
            rest = self.gaz.lookup(span[k:].text)
            if rest is None or rest.type == "country":
                continue
            if lead.type == "country" and rest.country and rest.country != lead.country:
                break  # "Czech National Security Agency": the Czech body, not the US one
            own = lead.country if lead.type == "country" else None
            return rest.name, rest.country or own, [text], rest
        k = len(span)
        while k > 1 and span[k - 1].lower_ in SHORT_NAME_SUFFIXES:
            k -= 1  # "Conti group", "PaCSON Community": the body and a word for its members
        known = self.gaz.lookup(span[:k].text) if k < len(span) else None
        if known is not None and known.type != "country":
            return known.name, known.country, [text], known
        aliases = []
        country = None
        first = span[0]
        dem = self.gaz.demonym(first.text)
        pre = self.gaz.lookup(first.text) if first.ent_type_ in ("GPE", "NORP", "ORG", "") else None
        if len(span) >= 3 and (dem or (pre and pre.type == "country")):
            # a national body keeps its demonym or country ("Australian Signals Directorate",
            # "Ghana Cyber Security Authority"); the rest is an alias for later short mentions
            country = (dem or pre).name
            aliases.append(span[1:].text)
        m = re.search(r"\bof (?:the )?([A-Z][\w ]+)$", text) or _CERT_COUNTRY.fullmatch(text)
        if m and (e := self.gaz.lookup(m.group(1))) and e.type == "country":
            country = e.name
        states = [self.gaz.lookup(country)] if country else list(context)
        keys = {normalise(text), *(normalise(a) for a in aliases)}
        found = {
            known.name: known
            for state in states
            if state is not None
            for key in keys
            if (known := self.bare.get((key, state.country))) is not None
        }
        if len(found) == 1:  # two of the article's states with such a body: left as written
            known = next(iter(found.values()))
            # where another of the article's states has a body of that name, the words are no
            # alias of this one: they would join the two states' bodies
            shared = any(
                (key, st.country) in self.bare
                for st in context
                if st.country != known.country
                for key in keys
            )
            # the article's wording stays the name; the known name is an alias by which the
            # resolver finds the one node of that body across articles
            if shared:  # "National Cyber Security Centre" of the UK and of the Netherlands
                return known.name, known.country, [], known
            return text, known.country, [known.name], known
        return text, country, aliases, None

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        gaz_spans = list(doc.spans.get("cyberkg_gazetteer", []))
        heading = [False] * len(doc)
        for sent in doc.sents:
            if is_heading(sent):
                heading[sent.start : sent.end] = [True] * len(sent)
        orgs: dict[str, dict] = {}
        mentions: list[list] = []  # [start, end, canonical, role]
        part_of: list[list[str]] = []
        taken = [False] * len(doc)
        places: list[list] = []

        def add(
            start: int,
            end: int,
            name: str,
            org_type: str,
            country: str | None,
            aliases: list[str],
            role: str = "actor",
        ) -> None:
            key = name
            org = orgs.setdefault(
                key,
                {"name": name, "type": org_type, "aliases": [], "country": country, "actor": False},
            )
            for a in aliases:
                if a != org["name"] and a not in org["aliases"]:
                    org["aliases"].append(a)
            org["country"] = org["country"] or country
            mentions.append([start, end, key, role])
            for t in range(start, end):
                taken[t] = True

        dateline = self._datelines(doc)
        person = [e for e in doc.ents if e.label_ == "PERSON"]
        model = self._model_spans(doc)
        context = self._context_states(doc, gaz_spans)
        defined = self._defined_acronyms(doc)
        # gazetteer matches not inside a person's name
        surnames = {p[-1].text for p in person if len(p) > 1}
        surname_at: set[int] = set()
        for g in gaz_spans:
            if any(
                p.start <= g.start
                and g.end <= p.end
                and len(p) > len(g)
                # "Botswana Governments" read as a person: no person's name ends so
                and p[-1].lower_ not in GOVERNMENT_NOUNS
                for p in person
            ):
                surname_at.add(g.start)  # not found again below as "inside an org name"
                continue
            if len(g) == 1 and (
                g.text in surnames or (g.start > 0 and doc[g.start - 1].ent_type_ == "PERSON")
            ):
                surname_at.add(g.start)
                continue  # "Lisa Monaco said", later "Monaco": a person's surname, not a state
            inside = [
                (s, e)
                for s, e, lab in model
                if s <= g.start and g.end <= e and (s, e) != (g.start, g.end) and lab == "ORG"
            ]
            if inside:
                continue  # handled with the larger name
            entry = self.gaz.lookup(g.kb_id_)
            if self._redefined(defined, g.text, entry):
                surname_at.add(g.start)
                continue  # "Space Climate Observatory (SCO)": the article's own acronym wins
            if entry.type == "country" and any(
                e.label_ == "LOC" and e.start <= g.start and g.end <= e.end and len(e) > len(g)
                for e in doc.ents
            ):
                surname_at.add(g.start)
                continue  # "Latin America": a region the model reads whole, not the state
            # "Romania's National Cyber Security Directorate": the words after the state's
            # possessive are the article's own name for the body
            owned = re.split(r"['’]s ", g.text, maxsplit=1)[1:] if entry.type != "country" else []
            add(g.start, g.end, entry.name, entry.type, entry.country, [g.text, *owned])
        # model ORG names
        acronyms: dict[str, str] = {}
        for start, end, label in model:
            if label != "ORG":
                continue
            pieces = _clean(doc, start, end)
            for n, (s, e) in enumerate(pieces):
                if any(taken[t] for t in range(s, e)):
                    continue
                span = doc[s:e]
                if span.text in acronyms:
                    name = acronyms[span.text]
                    add(s, e, name, orgs[name]["type"], None, [])
                    continue
                g = self.gaz.lookup(span.text)
                if g is not None and self._redefined(defined, span.text, g):
                    local = defined[span.text]  # "Space Climate Observatory (SCO)", not the SCO
                    add(s, e, local, cue_type(local, self.cues) or "other", None, [span.text])
                    continue
                if g is None:
                    office = self._office_cut(span)
                    if office is None:  # "U.S. Permanent Representative": a person's office
                        own = (span.text + "'s", span.text + "’s")
                        holder = [n for n in orgs if n.startswith(own)]
                        if len(holder) == 1:  # "the Prosecutor General" of the office named before
                            add(s, e, holder[0], orgs[holder[0]]["type"], None, [])
                        continue
                    span = doc[office[0] : office[1]]
                    s, e = office
                    g = self.gaz.lookup(span.text)
                if g is None:
                    generic = self._generic(span, orgs)
                    if generic is False:
                        continue  # "a private Computer Emergency Response Team", "the AGM"
                    if isinstance(generic, str):  # "the Executive Committee" named before in full
                        add(s, e, generic, orgs[generic]["type"], None, [])
                        continue
                    if isinstance(generic, tuple):  # "Vanuatu's new Computer Emergency … Team"
                        name, country = generic
                        known = self.gaz.lookup(name)
                        if known is not None:
                            name, country = known.name, known.country
                        add(s, e, name, cue_type(name, self.cues) or "other", country, [span.text])
                        continue
                if all(dateline[s:e]):
                    places.append([s, e, span.text])
                    continue
                if (
                    g is None
                    and not self._plausible(span, heading)
                    and not (self._orgish_context(span) in COMPANY_NOUNS and not heading[s])
                ):  # "Acme Innovations, a security firm": plural-looking, still a company
                    # a country or body inside a non-organisation name still counts
                    continue
                if g is None and (self._person_like(span) or self._publisher(span)):
                    continue
                state = self._government(span) if g is None else None
                if state is not None:  # "Government of Fiji", "the UAE Government": the state
                    add(s, e, state.name, "country", state.country, [span.text])
                    continue
                states = context
                if (
                    mentions
                    and mentions[-1][1] < s
                    and all(doc[t].lower_ in ("and", "&", ",") for t in range(mentions[-1][1], s))
                ):
                    # "the Dutch Ministry … and National … Centre", "UK Cabinet Office, National …"
                    prev = orgs[mentions[-1][2]]
                    own = self.gaz.lookup(prev["country"]) if prev["country"] else None
                    if own is not None and prev["type"] != "country":
                        states = [own]
                name, country, aliases, known = self._name(span, states)
                g = g or known
                if g is None and len(span) == 1 and span[0].lower_ in AGENCY_HEADS | {"treasury"}:
                    continue  # "Board", "Treasury": resolved below if a full name has it
                head_part = re.split(r" (?:of|for) ", name)[0]  # "Ministry of ..., European Union"
                org_type = (
                    (g.type if g else None)
                    or (cue_type(head_part, self.cues) if head_part != name else None)
                    or cue_type(name, self.cues)
                    or self._context_type(span)
                )
                if g is None and org_type == "other" and not self._substantive(span):
                    continue
                # possessor: "Kenya's X" -> X part of Kenya
                owner = None
                if n > 0 and pieces[n - 1][1] + 1 == s:
                    ps, pe = pieces[n - 1]
                    owner = self.gaz.lookup(doc[ps:pe].text) or self.gaz.capital(doc[ps:pe].text)
                    owner_name = owner.name if owner else doc[ps:pe].text
                    if owner is None and (
                        not self._plausible(doc[ps:pe], heading)
                        or doc[ps].ent_type_ in ("GPE", "LOC", "FAC")
                    ):  # "Seoul's National Intelligence Service": a city names no body
                        owner_name = None
                    if owner_name:
                        add(
                            ps,
                            pe,
                            owner_name,
                            owner.type if owner else (cue_type(owner_name, self.cues) or "other"),
                            owner.country if owner else None,
                            [],
                        )
                        if owner and owner.type == "country":
                            country = country or owner.name
                        else:
                            part_of.append([name, owner_name])
                add(s, e, name, org_type, country, aliases)
                # defined acronym: "Name (ACR)"
                if e + 2 < len(doc) and doc[e].text == "(":
                    k = e + 1
                    while k < len(doc) and doc[k].text != ")" and k < e + 5:
                        k += 1
                    acr = doc[e + 1 : k].text
                    if k < len(doc) and doc[k].text == ")" and _ACRONYM.match(acr.replace(" ", "")):
                        acronyms[acr] = name
                        if acr not in orgs[name]["aliases"]:
                            orgs[name]["aliases"].append(acr)
                        for t in range(e + 1, k):
                            taken[t] = True
        # gazetteer matches inside org names give that org's country
        for g in gaz_spans:
            if not taken[g.start] and g.start not in surname_at:
                entry = self.gaz.lookup(g.kb_id_)
                add(g.start, g.end, entry.name, entry.type, entry.country, [g.text])
        # acronyms used again later, and single-word heads of known names ("Treasury")
        words = {}
        for org in list(orgs.values()):
            if len(org["name"].split()) > 1:
                words.setdefault(org["name"].split()[-1], org["name"])
        for t in doc:
            if taken[t.i]:
                continue
            if t.text in acronyms:
                add(t.i, t.i + 1, acronyms[t.text], orgs[acronyms[t.text]]["type"], None, [])
            elif (
                t.ent_type_ == "ORG"
                and t.text in words
                and t.is_title
                and t.ent_iob_ == "B"
                and (t.i + 1 == len(doc) or doc[t.i + 1].ent_iob_ != "I")
                and not _in_titled_thing(doc, t.i)
            ):
                add(t.i, t.i + 1, words[t.text], orgs[words[t.text]]["type"], None, [])
        # other entity labels that are organisations by context
        org_firsts = {
            o["name"].split()[0]: o["name"] for o in orgs.values() if o["type"] != "country"
        }
        for e in doc.ents:
            if e.label_ in ("ORG", "NORP", "DATE", "CARDINAL", "MONEY", "PERCENT") or any(
                taken[t] for t in range(e.start, e.end)
            ):
                continue
            s, e2 = (
                _clean(doc, e.start, e.end)[0] if _clean(doc, e.start, e.end) else (e.start, e.end)
            )
            span = doc[s:e2]
            if e.label_ == "PERSON" and span[0].text in org_firsts and len(span) <= 2:
                add(
                    s,
                    e2,
                    org_firsts[span[0].text],
                    orgs[org_firsts[span[0].text]]["type"],
                    None,
                    [span.text],
                )
                continue
            ctx = self._orgish_context(span)
            if ctx and not heading[s]:
                org_type = "company" if ctx in COMPANY_NOUNS else "other"
                add(s, e2, span.text, cue_type(span.text, self.cues) or org_type, None, [])
            elif (
                e.label_ == "GPE"
                and (state := self.gaz.capital(span.text)) is not None
                and span.root.dep_ in ("nsubj", "nsubjpass")
                and not heading[s]
                and not (e2 < len(doc) and doc[e2].text == ",")  # "Addis Ababa, April 18 –"
            ):  # "Seoul sought to join the centre": the capital acts for its state
                add(s, e2, state.name, "country", state.country, [span.text])
            elif e.label_ in ("GPE", "LOC", "FAC"):
                places.append([s, e2, span.text])
        # demonyms standing for the state
        for t in doc:
            if taken[t.i] or t.ent_type_ != "NORP":
                continue
            span = doc[t.i : t.i + 1]
            if t.ent_iob_ == "B" and t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I":
                span = doc[t.i : t.i + 2]  # "Costa Rican"
            entry = self.gaz.demonym(span.text)
            if entry is None:
                continue
            head = span.root.head
            role = (
                "actor" if head.lower_ in STATE_NOUNS or head.lemma_ in STATE_NOUNS else "demonym"
            )
            add(span.start, span.end, entry.name, "country", entry.country, [], role)
        # locative countries
        for m in mentions:
            if (
                orgs[m[2]]["type"] == "country"
                and m[3] == "actor"
                and (self._locative(doc, m[0], m[1]) or all(dateline[m[0] : m[1]]))
            ):
                m[3] = "location"
                places.append([m[0], m[1], doc[m[0] : m[1]].text])
        # "offices in A, B and C": the rest of a list of places are places
        located = {t for m in mentions if m[3] == "location" for t in range(m[0], m[1])}
        for m in sorted(mentions):
            if m[3] == "actor" and orgs[m[2]]["type"] == "country":
                i, sep = m[0] - 1, False
                while i >= 0 and doc[i].lower_ in (",", "and", "the", "or"):
                    sep = sep or doc[i].lower_ != "the"
                    i -= 1
                if sep and i in located and doc[m[0] : m[1]].root.dep_ != "nsubj":
                    m[3] = "location"
                    located.update(range(m[0], m[1]))
                    places.append([m[0], m[1], doc[m[0] : m[1]].text])
        for m in mentions:
            if (
                m[3] == "actor"
                and not heading[m[0]]
                or m[3] == "actor"
                and heading[m[0]]
                and self.gaz.lookup(orgs[m[2]]["name"])
            ):
                orgs[m[2]]["actor"] = True
        for org in orgs.values():
            if (
                org["type"] != "country"
                and org["country"]
                and [org["name"], org["country"]] not in part_of
            ):
                part_of.append([org["name"], org["country"]])
        # possessors found by the parse: "Kenya's National ... Committee"
        idx = [-1] * len(doc)
        for n, m in enumerate(mentions):
            for t in range(m[0], m[1]):
                idx[t] = n
        for m in mentions:
            for c in doc[m[0] : m[1]].root.children:
                if c.dep_ == "poss" and idx[c.i] >= 0 and mentions[idx[c.i]][2] != m[2]:
                    owner = orgs[mentions[idx[c.i]][2]]
                    org = orgs[m[2]]
                    if org["type"] == "country":
                        continue
                    if owner["type"] == "country":
                        org["country"] = org["country"] or owner["name"]
                    if [m[2], owner["name"]] not in part_of:
                        part_of.append([m[2], owner["name"]])
        home = self._home_state(doc, gaz_spans)
        for org in orgs.values():
            # a state body the text gives no state of belongs to the state the article is about
            if (
                home
                and org["type"] in STATE_BODY_TYPES
                and not org["country"]
                and self.gaz.lookup(org["name"]) is None
            ):
                org["country"] = home.name
        for org in orgs.values():  # countries by canonical name, not ISO code
            if org["country"] and len(org["country"]) == 2 and org["country"].isupper():
                org["country"] = self.gaz.country_name(org["country"]) or org["country"]
        for org in orgs.values():
            if (
                org["type"] != "country"
                and org["country"] in orgs
                and [org["name"], org["country"]] not in part_of
            ):
                part_of.append([org["name"], org["country"]])
        self._merge_variants(orgs, mentions, part_of)
        mentions.sort()
        doc.spans[self.spans_key] = [
            Span(doc, s, e, label=orgs[k]["type"], kb_id=k) for s, e, k, _ in mentions
        ]
        doc._.cyberkg = {"orgs": orgs, "mentions": mentions, "part_of": part_of, "places": places}
        return doc

    def _context_states(self, doc: Doc, gaz_spans: list[Span]) -> list[Entry]:
        """The article's states, most named first: where a short or generic name is resolved."""
        return [e for e, _ in self._state_counts(doc, gaz_spans)]

    def _home_state(self, doc: Doc, gaz_spans: list[Span]) -> Entry | None:
        """The state the article is about: named at least twice as often as any other."""
        ranked = self._state_counts(doc, gaz_spans)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            return ranked[0][0]
        return None

    def _state_counts(self, doc: Doc, gaz_spans: list[Span]) -> list[tuple[Entry, int]]:
        """The article's states and how often each is named, directly or by its bodies."""
        count: dict[str, int] = {}
        first: dict[str, int] = {}
        for g in gaz_spans:
            if g.label_ == "country":
                count[g.kb_id_] = count.get(g.kb_id_, 0) + 1
                first.setdefault(g.kb_id_, g.start)
            elif (known := self.gaz.lookup(g.kb_id_)) is not None and known.country:
                state = self.gaz.country_name(known.country)  # a state's known body names it
                if state:
                    count[state] = count.get(state, 0) + 1
                    first.setdefault(state, g.start)
        for t in doc:
            if t.ent_type_ == "NORP" and (dem := self.gaz.demonym(t.text)) is not None:
                count[dem.name] = count.get(dem.name, 0) + 1
                first.setdefault(dem.name, t.i)
        ranked = sorted(count, key=lambda n: (-count[n], first[n]))
        return [
            (e, count[n]) for n in ranked if (e := self.gaz.lookup(n)) is not None and e.country
        ]

    def _redefined(self, defined: dict[str, str], acronym: str, entry: Entry) -> bool:
        """The article defines ``acronym`` as a name of another body than the gazetteer's."""
        local = defined.get(acronym, "").split()
        return bool(local) and all(
            self.gaz.lookup(" ".join(local[i:])) is not entry for i in range(len(local))
        )

    @staticmethod
    def _defined_acronyms(doc: Doc) -> dict[str, str]:
        """Acronyms the article defines: "Space Climate Observatory (SCO)" -> SCO."""
        out: dict[str, str] = {}
        for t in doc:
            if t.text != "(" or t.i + 2 >= len(doc) or doc[t.i + 2].text != ")" or t.i < 2:
                continue
            acr = doc[t.i + 1].text
            if not (acr.isupper() and 2 <= len(acr) <= 8):
                continue
            words, k = [], t.i - 1
            while k >= 0 and (doc[k].is_title or doc[k].lower_ in _INITIALS_SKIP) and k > t.i - 13:
                words.insert(0, doc[k].text)
                k -= 1
            while words and words[0].lower() in _INITIALS_SKIP:
                words.pop(0)
            if words and _initials(" ".join(words)).endswith(acr.replace("-", "")[-2:]):
                out.setdefault(acr, " ".join(words))
        return out

    def _merge_variants(self, orgs: dict, mentions: list[list], part_of: list[list[str]]) -> None:
        """'Ghana Cyber Security Authority' and 'Cyber Security Authority' are one body,
        named by the fuller name, whose aliases list the short one."""
        by_norm = {normalise(k): k for k in orgs}
        target: dict[str, str] = {}
        for key, org in orgs.items():
            if org["type"] == "country":
                continue
            low = key.lower()
            variant = _ministry_variant(key)
            if self.gaz.lookup(key) is not None:
                longer = []  # a known body is nobody's short name
            elif variant is not None:  # "Foreign Ministry" and "Ministry of Foreign Affairs"
                longer = [k for k in orgs if k != key and k.lower() in variant]
            elif len(key.split()) >= 2:
                # "CCB Coordination Committee" after "Africa CCB Coordination Committee",
                # "National CERT" after "National CERT of the Republic of Serbia"
                longer = [
                    k
                    for k, o in orgs.items()
                    if k != key
                    and o["type"] != "country"
                    and (
                        k.lower().endswith(" " + low)
                        and not set(k.lower()[: -len(low)].split()) & _INITIALS_SKIP
                        or k.lower().startswith(low + " of ")
                    )
                ]
            elif key.isupper() and len(key) >= 2:
                # "AIS" for "Authority of Information Security" named in the same article
                longer = [k for k in orgs if k != key and " " in k and _initials(k) == key]
            else:
                longer = []
            if len(longer) == 1 and longer[0] not in target and key not in target.values():
                extra = longer[0][: -len(key)].strip()
                if extra and self._is_country(extra) and longer[0] not in target.values():
                    target[longer[0]] = key  # "Colombia Ministry of X" is the "Ministry of X"
                else:
                    target[key] = longer[0]
                continue
            for alias in org["aliases"]:
                other = by_norm.get(normalise(alias))
                if (
                    other
                    and other != key
                    and orgs[other]["type"] == org["type"]
                    and other not in target
                    and key not in target
                    and other not in target.values()
                ):
                    target[other] = key
        for key, other in target.items():
            src, dst = orgs.pop(key), orgs[other]
            for a in [src["name"], *src["aliases"]]:
                if a != dst["name"] and a not in dst["aliases"]:
                    dst["aliases"].append(a)
            dst["country"] = dst["country"] or src["country"]
            for m in mentions:
                if m[2] == key:
                    m[2] = other
            for p in part_of:
                p[:] = [other if x == key else x for x in p]

    # ------------------------------------------------------------------ rules
    @staticmethod
    def _person_like(span: Span) -> bool:
        """'Dr Aminu Bello', 'Jane Roe, Secretary-General of ...': a person the model took
        for an organisation (an honorific before, a role noun in apposition after)."""
        doc = span.doc
        before = [doc[i].lower_.rstrip(".") for i in range(max(0, span.start - 2), span.start)]
        if span[0].lower_.rstrip(".") in HONORIFICS or (
            before and (before[-1] in HONORIFICS or before[-1] == "" and before[0] in HONORIFICS)
        ):
            return True
        k = span.start - 1
        if k >= 0 and doc[k].text == ",":
            k -= 1
        if (
            k >= 0
            and doc[k].lower_ in TITLE_WORDS | ROLE_NOUNS
            and len(span) <= 4
            and not any(t.lower_ in AGENCY_HEADS or t.lemma_.lower() in ORG_HEADS for t in span)
        ):
            return True  # "German Ambassador, Birgitt ORY", "Russian national Aleksandr Ermakov"
        if any(
            p.label_ == "PERSON"
            and len(p) > len(span)
            and f" {span.text} " in f" {p.text} "
            and not (p.start <= span.start and span.end <= p.end)
            for p in doc.ents
        ):
            return True  # "Saifuddin Nasution": part of a person's name the text gave in full
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            for t in doc[span.end + 1 : span.end + 4]:
                if t.lower_ in ROLE_NOUNS:
                    return True
                if not (t.is_title or t.is_upper) or t.lower_ in ("of", "for"):
                    break
        return False

    def _office_cut(self, span: Span) -> tuple[int, int] | None:
        """A person's office is no body: None for "U.S. Permanent Representative", "Lieutenant
        General", "Director General of America", "National Security Coordinator of India"; a
        body's name running on into an office ends before it: "U.S. Department of State
        Coordinator", "Authority of Ghana and ANCA Chairman", "Committee … and Director"."""
        doc = span.doc
        cut = next(
            (t.i for t in span if t.i > span.start and t.lower_ in ("of", "for", "to")), span.end
        )
        head = [t for t in doc[span.start : cut] if not self._is_country(t.text)]
        words = [t.lower_.rstrip(".") for t in head]
        if words and (
            all(w in TITLE_WORDS for w in words)
            and any(w in TITLES for w in words)
            or words[-1] in TITLES
            and not any(w in AGENCY_HEADS or w in ORG_HEADS for w in words)
        ):
            return None
        seen_head = False
        for t in span:
            low = t.lower_.rstrip(".")
            nxt = doc[t.i + 1].lower_ if t.i + 1 < span.end else ""
            if seen_head and (low in TITLES or low in TITLE_WORDS and nxt in TITLE_WORDS):
                k = t.i
                j = k
                while j > span.start and doc[j - 1].is_upper and doc[j - 1].is_alpha:
                    j -= 1  # "… and ANCA Chairman": the office of another body
                if j < k and doc[j - 1].lower_ in ("and", ","):
                    k = j
                while k > span.start and doc[k - 1].lower_ in ("and", ",", "the", "&"):
                    k -= 1
                return (span.start, k) if k > span.start else None
            seen_head = seen_head or low in AGENCY_HEADS or low in ORG_HEADS
        return (span.start, span.end)

    def _generic(self, span: Span, orgs: dict) -> bool | str | tuple[str, str] | None:
        """A name made only of generic words names no one body by itself.

        - only institutional words ("Executive Committee", "AGM", "Working Group"): the short
          mention of a body named before in full (its name returned), else nothing (False);
        - descriptive words without a body's head noun ("Communications Technology"): False;
        - descriptive words after a determiner or an adjective, or before the noun they
          modify ("a private Computer Emergency Response Team", "… Team staff"): a common
          noun, False; after a state's possessive ("Vanuatu's new Computer Emergency
          Response Team"): that state's body, (name, country);
        - otherwise None: a name like any other ("National Cyber Security Centre")."""
        doc = span.doc
        words = [t.lower_ for t in span]
        if all(w in GENERIC_WORDS for w in words):
            ends = [n for n in orgs if n.lower().endswith(" " + span.text.lower())]
            if ends:
                return ends[-1]
            # "National Police Agency", "Steering Committee": a name in its article's context;
            # "Joint Committee", "Working Group", "the AGM": no one body
            return False if len(words) == 1 or words[0] in UNNAMED_OPENERS else None
        if not all(w in GENERIC_WORDS | DESCRIPTIVE_WORDS for w in words):
            return None
        if not any(w in AGENCY_HEADS or w in ORG_HEADS or w in GENERIC_WORDS for w in words):
            return False
        for k in range(span.start - 1, max(span.start - 5, 0) - 1, -1):
            t = doc[k]
            if (
                t.text in ("'s", "’s")
                and k < span.start - 1  # "Norway's National Security Authority": a name
                and k > 0
                and self._is_country(doc[k - 1].text)
            ):
                country = self.gaz.lookup(doc[k - 1].text) or self.gaz.demonym(doc[k - 1].text)
                return f"{doc[k - 1].text} {span.text}", country.name
            if not (t.is_lower or t.text in ("'s", "’s")):
                break
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if prev is not None and (
            prev.lower_ in ("a", "an", "its", "their", "his", "her", "our", "each", "every")
            or prev.is_lower
            and prev.pos_ in ("ADJ", "VERB")
        ):
            return False
        return False if nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN" else None

    @staticmethod
    def _publisher(span: Span) -> bool:
        """The news agency of a dateline '(Example Press Agency) —' or a byline 'By X'."""
        doc = span.doc
        if PUBLISHER.search(span.text):
            return True
        if (
            span.start > 0
            and doc[span.start - 1].text == "("
            and span.end + 1 < len(doc)
            and doc[span.end].text == ")"
            and doc[span.end + 1].text in DATELINE_ENDS
        ):
            return True
        return (
            span.start > 0
            and doc[span.start - 1].lower_ == "by"
            and (span.start == 1 or "\n" in doc[span.start - 2].text)
        )

    @staticmethod
    def _substantive(span: Span) -> bool:
        """A name of unknown type must show it names a body: a body's head noun, an acronym
        defined after it, or an actor's place in the parse (subject, agent, possessor, the
        object of "with"/"between"); "a Digital Economy", "an open Indo-Pacific" show none."""
        doc = span.doc
        if any(t.lower_ in AGENCY_HEADS or t.lemma_.lower() in ORG_HEADS for t in span):
            return True
        if span.end < len(doc) and doc[span.end].text == "(":
            return True
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ in ACTOR_DEPS or root.dep_ == "agent":
            return True
        return root.dep_ == "pobj" and root.head.lower_ in ACTOR_PREPS

    def _plausible(self, span: Span, heading: list[bool]) -> bool:
        """An ORG entity that really names an organisation (not an event, programme, ...)."""
        text = span.text
        if _CERT_WORD.fullmatch(text) and text.lower() not in _BARE_TEAM:
            return not heading[span.start]  # "bwCSIRT", "ngCERT": a team's own name
        if not text[:1].isupper() or ":" in text or "\n" in text:
            return False
        if heading[span.start]:
            return False
        if any(t.like_num and not t.is_alpha for t in span) or any(t.is_digit for t in span):
            return False
        # "Ministry of ... Technologies": a body's head noun names it, whatever the parse's root
        plural = span.root.tag_ in ("NNS", "NNPS") and not _headed_by_body(span)
        if plural or any(
            t.is_lower
            and t.lower_ not in ("and", "of", "for", "the", "on", "in", "de", "-", "'s", "’s")
            for t in span
        ):
            return False  # "Computer Emergency Response Teams", "Chair this Network"
        if len(span) == 1 and any(
            p.label_ == "PERSON" and p[-1].text == span.text and len(p) > 1 for p in span.doc.ents
        ):
            return False  # "Gitau said": the surname of a person named earlier
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        if nxt is not None and nxt.is_digit and len(nxt) == 4:
            return False  # "GITEX Nigeria 2025": an event and its year
        root = span.root
        lowers = {t.lower_ for t in span}
        if lowers & EVENT_HEADS:
            return False
        if (
            span[-1].lower_ in NON_ORG_HEADS or root.lower_ in NON_ORG_HEADS
        ) and not _headed_by_body(span):
            return False
        if self._agreement_head(span):
            return False
        # a product or attribute: "Microsoft Exchange servers"
        return not (
            root.dep_ in ("compound", "amod", "nmod")
            and root.head.i >= span.end
            and root.head.pos_ == "NOUN"
            and cue_type(text, self.cues) is None
        )

    @staticmethod
    def _agreement_head(span: Span) -> bool:
        words = AGREEMENT_HEADS
        return span[-1].lower_ in words or span.root.lower_ in words

    @staticmethod
    def _orgish_context(span: Span) -> str | None:
        """'cybersecurity firm Serianu', 'Safetech, a firm', 'a group dubbed Hafnium'."""
        root = span.root
        head = root.head
        if (
            root.dep_ in ("appos", "compound")
            and head.lemma_ in ORGISH_NOUNS
            and head.i < span.start
        ):
            return head.lemma_
        for c in root.children:
            if c.dep_ in ("compound", "appos") and c.lemma_ in ORGISH_NOUNS and c.i < span.start:
                return c.lemma_
            if (
                c.dep_ == "appos"
                and c.lemma_ in ORGISH_NOUNS
                and c.i >= span.end
                and any(d.lower_ in ("a", "an") for d in c.children)
            ):
                return c.lemma_  # "Acme, a cybersecurity firm"
        if root.dep_ in ("oprd", "dobj", "attr", "xcomp", "pobj") and head.lemma_ in NAMING_VERBS:
            h = head.head if head.lemma_ != "know" else head.head
            if h.lemma_ in ORGISH_NOUNS:
                return h.lemma_
            if head.dep_ == "acl" and head.head.lemma_ in ORGISH_NOUNS:
                return head.head.lemma_
        return None

    @staticmethod
    def _context_type(span: Span) -> str:
        ctx = OrganisationFinder._orgish_context(span)
        if ctx in COMPANY_NOUNS:
            return "company"
        sent = span.sent
        for t in sent:
            if t.lemma_ in COMPANY_NOUNS and abs(t.i - span.start) <= 6:
                return "company"
        return "other"

    def _datelines(self, doc: Doc) -> list[bool]:
        """Tokens of 'ABU DHABI, UAE:' or 'Lagos, Nigeria —' opening a line: places, not bodies."""
        out = [False] * len(doc)
        texts = [t.text for t in doc]
        for i in line_starts(doc):
            comma = next((j for j in range(i + 1, min(i + 4, len(doc))) if texts[j] == ","), None)
            if comma is not None and self.gaz.capital(doc[i:comma].text) is not None:
                for t in range(i, comma):  # "SEOUL, Feb. 10 (Yonhap) --": a capital's dateline
                    out[t] = True
            k = next(
                (j for j in range(i + 1, min(i + 9, len(doc))) if texts[j] in DATELINE_ENDS),
                None,
            )
            comma = next((j for j in range(i + 1, k or i) if texts[j] == ","), None)
            if k is None or comma is None:
                continue
            country = self.gaz.lookup(doc[comma + 1 : k].text)
            if country is not None and country.type == "country":
                for t in range(i, k):
                    out[t] = True
        return out

    def _locative(self, doc: Doc, start: int, end: int) -> bool:
        """A country named as where something is, not as an actor."""
        tok: Token = doc[start:end].root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            head = tok.head
            whole = next((e.text for e in doc.ents if e.start <= head.i < e.end), head.text)
            if (
                head.ent_type_ in ("GPE", "LOC", "FAC")
                and self.gaz.lookup(whole) is None  # "New Zealand", not "Zealand"
                and tok.dep_ == "appos"
            ):
                return True
            tok = head
        if tok.dep_ == "pobj" and tok.head.lower_ in LOC_PREPS:
            return True
        # "Bucharest, Romania": a place name and a comma just before
        if (
            start >= 2
            and doc[start - 1].text == ","
            and doc[start - 2].ent_type_ in ("GPE", "LOC", "FAC")
        ):
            prev = next((e for e in doc.ents if e.start <= start - 2 < e.end), None)
            if prev is not None and self.gaz.lookup(prev.text) is None:
                return True
        if tok.dep_ != "npadvmod" or tok.head.ent_type_ not in ("GPE", "LOC"):
            return False
        # "Nairobi, Kenya": in a place; "Sri Lanka, Azerbaijan": a list of states
        whole = next((e.text for e in doc.ents if e.start <= tok.head.i < e.end), tok.head.text)
        known = self.gaz.lookup(whole)
        return known is None or known.type != "country"
