"""Agreements: MoUs, treaties, frameworks, partnerships, declarations.

A lemma PhraseMatcher built from the ontology's agreement triggers marks
candidate mentions. A mention introduces an agreement when it is named
("EAC Cybersecurity Framework"), or when it is singular and is signed,
announced, launched, ... or introduced with its parties ("a partnership with
X", "an alliance made up of X, Y"). A definite mention ("the MoU", "this
agreement") refers back to the latest agreement and adds evidence and areas.
Parties come from the parse: subjects of the signing verb and their
conjuncts and possessors, "with"/"between"/"by"/"made up of" objects, and the
names inside an agreement's own name, and the rest of any written list they
stand in ("A (AA), B and C signed, Monday (May 5), ..." however it parsed); a
signing agency's possessor ("Peru's Secretariat") is not a signatory itself.
"The two governments", "the government signed with X" refer back to the
countries of the preceding sentences. A headline's unnamed agreement is merged
with the body's first agreement of its type. Date text and place
come from the sentence (or a following "signing" sentence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

import ontology
from extract.areas import lemma_matcher
from extract.discourse import along_with, dateline_mask, names_state
from extract.organisations import is_heading
from extract.syntax import (
    _glue_end,
    governing_verb,
    group,
    listed_with,
    mention_index,
    prep_objects,
    subjects,
)
from ontology import instruments
from ontology.cues import lexicon
from ontology.gazetteer import load_gazetteer

DEFAULT_SPANS_KEY = "cyberkg_agreements"
_CUES = lexicon("agreements")
CREATE_VERBS = _CUES["create_verbs"]
ANAPHORIC = _CUES["anaphoric"]
PARTY_PREPS = _CUES["party_preps"]
MEMBER_VERBS = _CUES["member_verbs"]
PLURAL_NOUNS = _CUES["plural_nouns"]
PLURAL_HEADS = _CUES["plural_heads"]
STATUS_HEADS = _CUES["status_heads"]
COUNT_WORDS = _CUES["count_words"]
SHARED_NOUNS = _CUES["shared_nouns"]
AGREEMENT_ACRONYMS = _CUES["agreement_acronyms"]
LEGISLATURE_HEADS = _CUES["legislature_heads"]
REQUEST_VERBS = _CUES["request_verbs"]
NOT_DATE_WORDS = _CUES["not_date_words"]
CALENDAR_WORDS = _CUES["calendar_words"]
MONTHS3 = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
GENERIC_NAME_WORDS = _CUES["generic_name_words"]
CYBER_CUES = _CUES["cyber_cues"]
OTHER_DOMAINS = _CUES["other_domains"]
TREATY_VERBS = _CUES["treaty_verbs"]
SIGNING_NOUNS = _CUES["signing_nouns"]
# what two parties make together, and the verbs of making it, are the relation reader's
JOINT_HEADS = lexicon("relations")["joint_objects"]
JOINT_VERBS = _CUES["joint_verbs"] | CREATE_VERBS | lexicon("relations")["core_cooperation_verbs"]
MAKING_NOUNS = _CUES["making_nouns"]


@Language.factory(
    "cyberkg_agreements",
    assigns=["doc.spans", "doc._.cyberkg"],
    requires=["doc._.cyberkg", "token.lemma", "token.dep"],
    default_config={"spans_key": DEFAULT_SPANS_KEY},
)
def make_agreement_finder(nlp: Language, name: str, spans_key: str) -> AgreementFinder:
    return AgreementFinder(nlp, name, spans_key=spans_key)


class AgreementFinder:
    """Find agreements with type, name, parties, date text, place and sentences."""

    def __init__(
        self, nlp: Language, name: str = "cyberkg_agreements", *, spans_key: str = DEFAULT_SPANS_KEY
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.vocab = nlp.vocab
        self._nlp = nlp
        self.matcher = None

    def initialize_matcher(self) -> None:
        """Build the trigger matcher once the lemmatiser is in the pipeline."""
        types = ontology.load().agreement_types
        self.matcher = lemma_matcher(self._nlp, {t.id: t.triggers for t in types.values()})
        self.instruments = PhraseMatcher(self.vocab, attr="LOWER")
        forms: dict[str, list[str]] = {}
        for inst in instruments.load().values():
            forms.setdefault(inst.type, []).extend((inst.name, *inst.aliases))
        for type_, names in forms.items():
            self.instruments.add(type_, [self._nlp.make_doc(n) for n in dict.fromkeys(names)])

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize_matcher()
        data = doc._.cyberkg
        idx = mention_index(doc)
        mentions = data["mentions"]
        orgs = data["orgs"]
        dateline = dateline_mask(doc)
        named = {
            (s, e): inst
            for k, s, e in self.instruments(doc)
            if (inst := instruments.find(doc[s:e].text)) is not None
        }
        ends = {e for _s, e in named}
        spans = filter_spans(
            [
                Span(doc, s, e, label=self.vocab.strings[k])
                for k, s, e in self.matcher(doc)
                if s not in ends  # "the Paris Call initiative": the instrument's own head
            ]
            + [Span(doc, s, e, label=inst.type) for (s, e), inst in named.items()]
        )
        doc.spans[self.spans_key] = spans
        agreements: list[dict] = []
        heads: dict[int, str] = {}  # id(agreement) -> its trigger's last word, "statement"
        refs_start = next(
            (
                t.i
                for t in doc
                if t.is_sent_start
                and t.lower_ in ("references", "sources")
                and t.i + 1 < len(doc)
                and "\n" in doc[t.i].whitespace_ + doc[t.i + 1].text
            ),
            len(doc),
        )
        for span in spans:
            trig = span.root
            sent = trig.sent
            if span.start > 0 and doc[span.start - 1].text == "(":
                continue  # "(MoU)": the acronym of the mention just before
            known = named.get((span.start, span.end))
            if trig.pos_ in ("VERB", "AUX") and not known:
                continue  # "according to", "deal with": a verb, not an agreement
            if idx[trig.i] >= 0 and not known:
                continue  # "the EC3 Programme Board": a body's name, not an agreement
            if trig.dep_ == "compound" and trig.head.lemma_.lower() in STATUS_HEADS:
                continue  # "dialogue partners": a status, not an agreement
            if trig.dep_ == "appos" and any(
                sp.start <= trig.head.i < sp.end for sp in spans if sp is not span
            ):
                continue  # "the EAC Framework, a collaborative initiative": the same one
            plural = _plural(trig) and trig.lower_ != "accords" and not known
            # "signed three MoUs" (with no list of partners): one set, one record
            counted = plural and _counted(trig) and not _bilateral_set(trig, idx)
            if plural and not (counted or _bilateral_set(trig, idx)):
                continue  # generic plurals: "partnerships", "Cybersecurity Initiatives"
            if sent.start >= refs_start:
                break  # a references list names documents, not agreements
            sent = trig.sent
            name_span = span if known else self._name(doc, span)
            if name_span is not None and is_heading(sent) and not known:
                # a headline's title case names nothing: "A, B Sign Cyber Pact"; a heading
                # that is nothing but the name does: "b) The A-B Cyber Partnership"
                name_span = name_span if _only_name(sent, name_span) else None
            if name_span is None and plural and not (counted or _bilateral_set(trig, idx)):
                continue
            if (
                name_span is None
                and trig.is_title
                and trig.i + 1 < len(doc)
                and doc[trig.i + 1].is_title
            ):
                continue  # part of another name ("Framework WG")
            dets = {c.lower_ for c in trig.children if c.dep_ in ("det", "poss")}
            verb = governing_verb(trig)
            if verb is None or verb.lemma_ not in CREATE_VERBS:
                # a parse broken by parentheses or a headline: the sentence's signing verb
                headline = is_heading(sent)  # "A, B sign cyber MoU": verbs parse as nouns
                verb = next(
                    (
                        t
                        for t in sent
                        if t.lemma_ in CREATE_VERBS
                        and t.pos_ in ("VERB", "NOUN")
                        and (headline or t.tag_ not in ("NN", "NNS"))
                    ),
                    verb,
                )
                if headline and (verb is None or verb.lemma_ not in CREATE_VERBS):
                    verb = _title_verb(sent, trig) or verb
            creates = verb is not None and (
                verb.lemma_.lower() in CREATE_VERBS
                or (is_heading(sent) and _verb_form(verb.lower_) in CREATE_VERBS)
            )
            creates = creates or _signing_of(trig)  # "the signature of the MoU between"
            parties = self._parties(doc, span, verb, idx, name_span)
            if is_heading(sent) and verb is not None and verb.i < trig.i:
                # "A, B Sign Cyber Pact": the bodies before the title's verb
                parties |= {idx[t.i] for t in doc[sent.start : verb.i] if idx[t.i] >= 0}
            parties = {
                p
                for p in parties
                if (mentions[p][3] in ("actor", "demonym") or name_span)
                and not dateline[mentions[p][0]]
            }
            names = list(dict.fromkeys(mentions[p][2] for p in parties))
            names = [
                n for n in names if orgs[n]["type"] != "country" or mentions_actor(mentions, n)
            ]
            if creates:  # "the government signed an MoU with X": the state named before
                names += self._refer_back(doc, trig, mentions, orgs, names, idx)
            ag = None
            if name_span is not None:
                key = known.name if known else _canonical(name_span.text)
                ag = next((a for a in agreements if a["name"] and _same_name(a["name"], key)), None)
                # a name no verb makes and no party is named in ("advises on the yearly
                # Work Programme") is a body's own document, not an agreement
                own = known or creates
                own = own or any(idx[t.i] >= 0 or _glued_pair(doc, t) for t in name_span)
                own = own or any(c.dep_ == "poss" for c in trig.children)
                if ag is None and names and own:
                    ag = self._new(span.label_, key, sent)
                    agreements.append(ag)
            elif dets & ANAPHORIC or not (creates or len(names) >= 2):
                if agreements and (dets & ANAPHORIC or trig.lower_ in ("agreement", "mou")):
                    # "the statement": the latest agreement of its type, else the latest
                    ag = next(
                        (a for a in reversed(agreements) if a["type"] == span.label_),
                        agreements[-1],
                    )
                    if (creates and verb == governing_verb(trig)) or (
                        name_span is None and _under(trig)
                    ):
                        for n in names:
                            if n not in ag["parties"] and len(names) >= 2:
                                ag["parties"].append(n)
                    names = []
                elif creates and len(names) >= 2:
                    ag = self._new(span.label_, None, sent)
                    agreements.append(ag)
            elif len(names) >= 2 or (creates and names):
                ag = self._new(span.label_, None, sent)
                agreements.append(ag)
            if ag is None:
                continue
            if plural and not counted:  # "X signed MoUs with A, B and C": one with each
                found = subjects(verb, idx) if verb else set()
                found |= along_with(found, mentions, doc, idx)
                subj = [mentions[p][2] for p in sorted(found)]
                subj = [n for n in dict.fromkeys(subj) if n in ag["parties"] or n in names]
                objs = {mentions[p][2] for p in _with_objects(trig, verb, idx)}
                objs = {n for n in objs if n in ag["parties"] or n in names}
                if len(subj) >= 2 and len(objs) == 1:  # "A, B and C signed statements with X"
                    subj = list(objs)
                ag["hub"] = subj
            heads.setdefault(id(ag), span[-1].lemma_.lower())
            for n in names:
                if n not in ag["parties"]:
                    ag["parties"].append(n)
            if [sent.start, sent.end] not in ag["sents"]:
                ag["sents"].append([sent.start, sent.end])
            if ag["date"] is None:
                own = creates and (governing_verb(trig) == verb or is_heading(sent))
                ag["date"] = _event_date(sent, verb if own else None, trig)
            if ag["place"] is None:
                ag["place"] = self._place(doc, sent, data["places"])
        self._issuers(doc, agreements, heads, spans, idx, mentions, dateline)
        self._joint_works(doc, agreements, spans, idx, mentions, dateline)
        agreements = _merge_headline(
            doc, _merge_aliases([a for a in agreements if a["parties"]]), orgs
        )
        agreements = _split_sets(agreements)
        for a in agreements:  # "the Counter Ransomware Initiative (CRI)" is not its own party
            a["parties"] = [p for p in a["parties"] if not _names_it(a, p)]
        agreements = [a for a in agreements if a["parties"]]
        agreements = [a for a in agreements if a["name"] or _on_topic(doc, a)]
        for a in agreements:
            a["parties"] = _ratifying_state(doc, a["parties"], mentions, orgs)
        agreements = _merge_mentions(agreements, orgs)
        for a in agreements:
            a["type"] = _type(doc, a, orgs)
            if a["name"] and _generic_name(a["name"]):
                a["name"] = None  # "the Memorandum of Understanding" names no instrument
            if a["place"] is None:
                a["place"] = self._signing_place(doc, a, data["places"])
        _register_bodies(doc, named, agreements, data)
        data["agreements"] = agreements
        return doc

    @staticmethod
    def _issuers(doc: Doc, agreements: list[dict], heads: dict, spans, idx, mentions, dateline):
        """'A joint statement ... In the statement, A, B and C affirmed': a later definite
        mention by the last word of an agreement's trigger names its issuers."""
        if not agreements:
            return
        covered = {t for sp in spans for t in range(sp.start, sp.end)}
        for tok in doc:
            if tok.i in covered or tok.pos_ != "NOUN" or tok.tag_ != "NN" or not _under(tok):
                continue
            ag = next(
                (
                    a
                    for a in reversed(agreements)
                    if heads.get(id(a)) == tok.lemma_.lower() and a["sents"][0][0] < tok.i
                ),
                None,
            )
            if ag is None:
                continue
            found = listed_with(subjects(tok.head.head, idx), doc, idx)
            names = list(
                dict.fromkeys(
                    mentions[p][2]
                    for p in found
                    if mentions[p][3] == "actor" and not dateline[mentions[p][0]]
                )
            )
            if len(names) < 2:
                continue
            for n in names:
                if n not in ag["parties"]:
                    ag["parties"].append(n)
            sent = tok.sent
            if [sent.start, sent.end] not in ag["sents"]:
                ag["sents"].append([sent.start, sent.end])

    @staticmethod
    def _joint_works(doc: Doc, agreements: list[dict], spans, idx, mentions, dateline) -> None:
        """'A and B will establish a Cyber Policy Working Group', 'A and B rolled out a
        platform', 'A and B are partnering for the establishment of a Centre': a body or
        facility that two or more parties make together is a partnership between them."""
        covered = {t for sp in spans for t in range(sp.start, sp.end)}
        for tok in doc:
            if (
                tok.lemma_.lower() not in JOINT_HEADS
                or tok.pos_ not in ("NOUN", "PROPN")
                or tok.i in covered
            ):
                continue
            m = idx[tok.i]
            if m >= 0 and doc[mentions[m][0] : mentions[m][1]].root.i != tok.i:
                continue  # "the Working Group's chair": not the body's own head
            making = None
            if tok.dep_ == "pobj" and tok.head.lower_ == "of":
                making = tok.head.head  # "the establishment of a Centre"
                if making.lemma_.lower() not in MAKING_NOUNS:
                    continue
            arg = making or tok
            if arg.dep_ in ("dobj", "nsubjpass"):
                verb = arg.head  # "A and B established a group", "a fund was created"
            elif making is not None and making.dep_ == "pobj":
                verb = making.head.head  # "A and B are partnering for the establishment of"
            else:
                continue
            if verb.lemma_.lower() not in JOINT_VERBS:
                continue
            found = subjects(verb, idx)
            found |= along_with(found, mentions, doc, idx) | prep_objects(verb, idx, PARTY_PREPS)
            if verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_.lower() in JOINT_VERBS:
                # "A has partnered with B and C to create a fund"
                found |= prep_objects(verb.head, idx, PARTY_PREPS)
            found = listed_with(found, doc, idx) - {m}
            names = list(
                dict.fromkeys(
                    mentions[p][2]
                    for p in sorted(found)
                    if mentions[p][3] in ("actor", "demonym") and not dateline[mentions[p][0]]
                )
            )
            if len(names) < 2:
                continue
            name = mentions[m][2] if m >= 0 else None
            sent = tok.sent
            ag = next((a for a in agreements if name and a["name"] == name), None)
            if ag is None:
                ag = AgreementFinder._new("partnership", name, sent)
                if name is None and not _on_topic(doc, {"sents": [[sent.start, sent.end]]}):
                    continue
                agreements.append(ag)
            ag["parties"] += [n for n in names if n not in ag["parties"] and n != name]
            if m >= 0:  # the body's name: the areas it names are the partnership's
                ag["named"] = mentions[m][:2]
            if [sent.start, sent.end] not in ag["sents"]:
                ag["sents"].append([sent.start, sent.end])
            if ag["date"] is None:
                ag["date"] = _event_date(sent, verb, tok)

    @staticmethod
    def _new(type_: str, name: str | None, sent: Span) -> dict:
        return {
            "type": type_,
            "name": name,
            "parties": [],
            "sents": [],
            "date": None,
            "place": None,
        }

    @staticmethod
    def _name(doc: Doc, span: Span) -> Span | None:
        """The proper name an agreement trigger heads ("EAC Cybersecurity Framework")."""
        trig = span[-1]
        if not trig.is_title and not trig.is_upper:
            return None
        s = span.start
        while (
            s > 0
            and (
                doc[s - 1].is_title
                or doc[s - 1].is_upper
                or doc[s - 1].text in ("-", "’s", "'s")
                or (doc[s - 1].like_num and not doc[s - 1].is_lower)
            )
            and not doc[s - 1].is_sent_start
            and doc[s - 1].lower_ not in ("the", "a", "an")
            and "\n" not in doc[s - 1].text
        ):
            s -= 1
        if (
            s > 0
            and doc[s - 1].is_sent_start
            and doc[s - 1].is_title
            and doc[s - 1].lower_ not in ("the", "a", "an")
        ):
            s -= 1
        # "the Council of Europe Convention": a body's whole name, not "Europe Convention"
        s = next((m[0] for m in doc._.cyberkg["mentions"] if m[0] < s < m[1]), s)
        e = span.end
        # "Convention on Cyber Security and Personal Data Protection"
        if e + 1 < len(doc) and doc[e].lower_ in ("on", "for", "of") and doc[e + 1].is_title:
            k = e + 1
            while k < len(doc) and (
                doc[k].is_title
                or doc[k].is_upper
                or (
                    doc[k].lower_ in ("and", "of", "the")
                    and k + 1 < len(doc)
                    and doc[k + 1].is_title
                )
            ):
                k += 1
            e = k
        while s < span.start and doc[s].text in ("’s", "'s", "-"):
            s += 1
        if e - s < 2:
            return None
        return doc[s:e]

    @staticmethod
    def _parties(doc: Doc, span: Span, verb, idx: list[int], name_span: Span | None) -> set[int]:
        trig = span.root
        out: set[int] = set()
        if name_span is not None:
            out |= {idx[t.i] for t in name_span if idx[t.i] >= 0}
            out |= {m for t in name_span if idx[t.i] < 0 for m in _glued_pair(doc, t)}
        for c in trig.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and idx[c.i] >= 0):
                out |= group(c, idx)
        for t in span:  # "a memorandum of understanding with X": the phrase's last word
            out |= prep_objects(t, idx, PARTY_PREPS)
        for t in trig.subtree:  # "an MoU (...) on cooperation, signed between X and Y"
            if t.dep_ == "acl" and t.lemma_ in CREATE_VERBS:
                out |= prep_objects(t, idx, PARTY_PREPS)
        out |= _purpose_parties(trig, verb, idx)
        for c in trig.children:  # "an alliance made up of X, Y", "led by X and Y"
            if c.dep_ in ("acl", "relcl") and c.lemma_ in MEMBER_VERBS:
                out |= prep_objects(c, idx, {"of", "by"}) | subjects(c, idx)
                for d in c.children:
                    if d.dep_ in ("dobj", "prt"):
                        out |= group(d, idx) | prep_objects(d, idx, {"of"})
        if verb is not None:
            subj = subjects(verb, idx)  # "A, alongside B, signed": B signs too
            out |= subj | along_with(subj, doc._.cyberkg["mentions"], doc, idx)
            out |= prep_objects(verb, idx, PARTY_PREPS)
        if name_span is None and _under(trig):  # "Under the agreement, A and B will ..."
            out |= subjects(trig.head.head, idx)
        out = {p for p in out if p >= 0}
        # "between the Agency for X of Y (AX) and Z": the list goes on after the acronym
        acronyms = _acronyms_in(doc, out, idx) - out
        out = listed_with(out | acronyms, doc, idx) - acronyms
        out = _possessed_listed(doc, out, idx)
        return {p for p in out if not _possessor_of_party(doc, p, out, idx)}

    @staticmethod
    def _refer_back(
        doc: Doc, trig, mentions: list[list], orgs: dict, named: list[str], idx: list[int]
    ) -> list[str]:
        """'The two governments signed', 'the government signed with X': the countries
        of the preceding sentences that the subject stands for."""
        verb = governing_verb(trig)
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb else []
        if not subj or subj[0].lemma_ not in PLURAL_NOUNS | {"they", "we"}:
            return []
        head = subj[0]
        if head.pos_ == "PRON" and named:
            return []
        if head.pos_ == "NOUN" and (
            any(idx[t.i] >= 0 for t in head.subtree)
            or not any(c.lower_ in ANAPHORIC | {"both", "two"} for c in head.children)
        ):
            return []  # "the Kenyan government" is a mention; "a government" refers to none
        want = 2 if head.tag_ in ("NNS", "PRP") else 1
        before = [
            m
            for m in mentions
            if m[1] <= trig.sent.start
            and m[3] == "actor"
            and orgs[m[2]]["type"] == "country"
            and m[2] not in named
        ]
        out: list[str] = []
        for m in reversed(before):
            if m[2] not in out:
                out.append(m[2])
            if len(out) == want:
                break
        return out

    @staticmethod
    def _place(doc: Doc, sent: Span, places: list[list]) -> str | None:
        for s, _e, text in places:
            if (
                sent.start <= s < sent.end
                and doc[s].head.lower_ in ("in", "at")
                and doc[s].ent_type_ != ""
            ):
                return text
        return None

    def _signing_place(self, doc: Doc, ag: dict, places: list[list]) -> str | None:
        start = ag["sents"][0][0] if ag["sents"] else 0
        for sent in doc[start:].sents:
            if sent.start - start > 120:
                break
            if any(t.lemma_ in ("sign", "signing", "formalise", "formalize") for t in sent):
                place = self._place(doc, sent, places)
                if place:
                    return place
        return None


def _merge_aliases(agreements: list[dict]) -> list[dict]:
    """'the Council of Europe Convention on Cybercrime, known as the Budapest Convention':
    two mentions of one type opened in one sentence, one's parties among the other's."""
    out: list[dict] = []
    for ag in agreements:
        same = next(
            (
                a
                for a in out
                if a["type"] == ag["type"]
                and a["sents"][0] == ag["sents"][0]
                and (
                    set(a["parties"]) <= set(ag["parties"])
                    or set(ag["parties"]) <= set(a["parties"])
                )
            ),
            None,
        )
        if same is None:
            out.append(ag)
            continue
        for key in ("parties", "sents"):
            same[key] += [x for x in ag[key] if x not in same[key]]
        for key in ("name", "date", "place"):
            same[key] = same[key] or ag[key]
    return out


def _states_of(parties: list[str], orgs: dict) -> set[str]:
    """The parties and the states they belong to: by country, or named in their name."""
    out = set(parties) | {orgs[p]["country"] for p in parties if orgs.get(p, {}).get("country")}
    return out | {s for s in orgs if any(names_state(s, p, orgs) for p in parties if p in orgs)}


def _merge_headline(doc: Doc, agreements: list[dict], orgs: dict) -> list[dict]:
    """A headline's unnamed agreement is the one the body then describes: merge them.

    "A, B and C sign cyber MoU" names the states; the body's "the agencies of A, B
    and C signed a memorandum" names their agencies: one MoU with all of them. The
    body's agreement is the first that shares a party (or a party's state) with the
    headline's, of the headline's type if there is one.
    """

    def states(ag: dict) -> set[str]:
        return _states_of(ag["parties"], orgs)

    out: list[dict] = []
    for ag in agreements:
        s, e = ag["sents"][0]
        if ag["name"] is None and is_heading(doc[s:e]):
            related = [
                b
                for b in agreements
                if b is not ag
                and not is_heading(doc[b["sents"][0][0] : b["sents"][0][1]])
                and states(b) & states(ag)
            ]
            body = next((b for b in related if b["type"] == ag["type"]), None)
            body = body or next(iter(related), None)
            if body is not None:
                body["parties"] += [p for p in ag["parties"] if p not in body["parties"]]
                body["sents"] += [x for x in ag["sents"] if x not in body["sents"]]
                body["date"] = body["date"] or ag["date"]
                if body["type"] == "other":
                    body["type"] = ag["type"]
                continue
        out.append(ag)
    return out


def _acronyms_in(doc: Doc, found: set[int], idx: list[int]) -> set[int]:
    """Bracketed acronyms inside the phrases of found mentions: 'the Agency for X of
    the Republic of Y (AX)'; a list that a long name broke in the parse goes on after them."""
    mentions = doc._.cyberkg["mentions"]
    out: set[int] = set()
    for p in found:
        root = doc[mentions[p][0] : mentions[p][1]].root
        for t in root.subtree:
            if idx[t.i] >= 0 and t.i > 0 and doc[t.i - 1].text == "(" and t.is_upper:
                out.add(idx[t.i])
    return out


def _signing_of(trig) -> bool:
    """'The signature of the MoU between A and B': a noun of signing makes its
    'of' object an agreement as a signing verb would."""
    return (
        trig.dep_ == "pobj"
        and trig.head.lower_ == "of"
        and trig.head.head.lemma_.lower() in SIGNING_NOUNS
    )


def _verb_form(word: str) -> str:
    """The base of a title's verb: 'signs' -> 'sign', 'ratifies' -> 'ratify'."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _title_verb(sent: Span, trig) -> object:
    """A headline verb the tagger read as a proper noun ('A, B Sign Cyber Pact')."""
    return next(
        (t for t in sent if t.i < trig.i and _verb_form(t.lower_) in CREATE_VERBS and t.is_title),
        None,
    )


def _register_bodies(doc: Doc, named: dict, agreements: list[dict], data: dict) -> None:
    """An instrument the gazetteer presents as a body with signatories ('the Paris Call',
    'the Tech Accord') is also an organisation: its mentions become its mentions, and each
    agreement of it records the body's name, whose parties are its members."""
    mentions, orgs = data["mentions"], data["orgs"]
    taken = {t for m in mentions for t in range(m[0], m[1])}
    bodies: dict[str, str] = {}
    for (s, e), inst in named.items():
        if not inst.body:
            continue
        covering = next((m for m in mentions if m[0] <= s and e <= m[1]), None)
        if covering is not None:
            bodies.setdefault(inst.name, covering[2])
            continue
        if any(t in taken for t in range(s, e)):
            continue
        if inst.name not in orgs:
            orgs[inst.name] = {
                "name": inst.name,
                "type": inst.body,
                "aliases": [],
                "country": None,
                "actor": True,
            }
        text = doc[s:e].text
        if text != inst.name and text not in orgs[inst.name]["aliases"]:
            orgs[inst.name]["aliases"].append(text)
        mentions.append([s, e, inst.name, "actor"])
        taken.update(range(s, e))
        bodies.setdefault(inst.name, inst.name)
    mentions.sort(key=lambda m: (m[0], m[1]))
    for ag in agreements:
        if ag["name"] in bodies:
            ag["body"] = bodies[ag["name"]]


def _names_it(ag: dict, party: str) -> bool:
    """Whether an organisation's name is the agreement's own name, an alias of it, an
    organ named after it ('Cybercrime Convention Committee'), or an instrument's acronym
    ('MoC') taken for a body."""
    if instruments.fold(party) in AGREEMENT_ACRONYMS:
        return True
    if not ag["name"]:
        return False
    inst = instruments.find(party)
    if (inst is not None and inst.name == ag["name"]) or instruments.fold(
        party
    ) == instruments.fold(ag["name"]):
        return True
    known = instruments.find(ag["name"])
    forms = (known.name, *known.aliases) if known else (ag["name"],)
    folded = f" {instruments.fold(party)} "
    return any(f" {instruments.fold(f)} " in folded for f in forms if len(f.split()) > 1)


def _canonical(name: str) -> str:
    """The instrument gazetteer's name for a name it knows, else the text's own."""
    inst = instruments.find(name)
    return inst.name if inst else name


def _generic_name(name: str) -> bool:
    """A title-case head with nothing of its own: "Memorandum of Understanding",
    "Joint Declaration" describe an instrument without naming it."""
    words = instruments.fold(name).split()
    return all(w in GENERIC_NAME_WORDS or w in COUNT_WORDS or w.isdigit() for w in words)


def _glued_pair(doc: Doc, tok) -> list[int]:
    """'the U.S.-Kenya Cybersecurity Partnership': the tokenizer keeps a pair glued after an
    abbreviation as one word; each half that the article mentions elsewhere is a body."""
    halves = [h for h in tok.text.replace("–", "-").split("-") if h]
    if len(halves) != 2 or not all(h[0].isupper() for h in halves):
        return []
    mentions = doc._.cyberkg["mentions"]
    gaz = load_gazetteer()
    out = []
    for half in halves:
        entry = gaz.lookup(half)
        names = {half, entry.name} if entry else {half}
        m = next(
            (n for n, (s, e, k, _r) in enumerate(mentions) if k in names or doc[s:e].text in names),
            None,
        )
        if m is None or mentions[m][3] != "actor":
            return []
        out.append(m)
    return out


DETS = ("the", "a", "an")


def _only_name(sent: Span, name: Span) -> bool:
    """A heading whose words are all the name's, besides articles, list marks, numbers
    and a bracketed acronym: "a) The A-B Cybersecurity Partnership", "Cyber Pact (CP)"."""
    for t in sent:
        if name.start <= t.i < name.end:
            continue
        bracketed = t.is_upper and t.i > 0 and t.nbor(-1).text == "("
        marker = t.tag_ == "LS" or (  # "b)", "iv."
            len(t.text) <= 3 and t.i + 1 < len(t.doc) and t.nbor(1).text in (")", ".")
        )
        if not (t.is_punct or t.is_space or t.like_num or bracketed or marker or t.lower_ in DETS):
            return False
    return True


def _plural(tok) -> bool:
    """A plural head, also where the tagger reads a title-case plural as a proper noun
    ('Memoranda of Understanding')."""
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in PLURAL_HEADS


def _counted(trig) -> bool:
    """'three Memorandums of Understanding': a counted set the same parties sign at once,
    which the text then treats as one ('the first MOU', 'this MOU')."""
    return any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in trig.children)


def _bilateral_set(trig, idx: list[int]) -> bool:
    """'CSA signed Memoranda of Understanding with A, B and C': a plural instrument
    made with a named list, one instrument per partner."""
    verb = governing_verb(trig)
    if verb is None or verb.lemma_ not in CREATE_VERBS:
        return False
    heads = [verb, trig, *(t for t in trig.subtree if t.i > trig.i and t.pos_ == "PROPN")]
    return any(prep_objects(h, idx, {"with"}) for h in heads)


def _calendar(ent: Span) -> bool:
    """A date on the calendar ('8 June 2015', 'March 2022', 'Tuesday', 'today'), not a
    frequency or a span of time ('every day', 'the past two years')."""
    words = {t.lower_ for t in ent}
    if words & NOT_DATE_WORDS:
        return False
    return any(
        t.like_num and len(t.text) == 4 or t.lower_ in CALENDAR_WORDS or t.lower_[:3] in MONTHS3
        for t in ent
    )


def _clause_verb(tok):
    """The verb a token's clause hangs from (itself when it is one)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _other_relative(verb, trig) -> bool:
    """A relative clause ('which was launched in 2013') on a noun other than the
    agreement: it dates that noun's event."""
    return (
        verb.dep_ == "relcl"
        and verb.head.i != (trig.i if trig is not None else -1)
        and any(c.tag_ in ("WDT", "WP") for c in verb.children)
    )


def _event_date(sent: Span, verb, trig=None) -> str | None:
    """The date of the agreement's event: a calendar date in the clause of the verb that
    signs, adopts or launches it; never one of a request or an invitation ('accession,
    requested in 2014'). Without a signing verb, the sentence's first calendar date."""
    dates = [e for e in sent.ents if e.label_ == "DATE" and _calendar(e)]
    if not dates:
        return None
    if verb is not None:
        same = [e for e in dates if _clause_verb(e.root) in (verb, *verb.conjuncts)]
        if same:
            return max(same, key=len).text  # "December 29, 2020" over "2020"
    kept = [
        e
        for e in dates
        if _clause_verb(e.root).lemma_.lower() not in REQUEST_VERBS
        and not _other_relative(_clause_verb(e.root), trig)  # "EC3, which was launched in 2013"
    ]
    return kept[0].text if kept else None


def _purpose_parties(trig, verb, idx: list[int]) -> set[int]:
    """'an MoU to strengthen cooperation in cybersecurity between X and Y': the bodies
    'between' which a purpose clause's cooperation is, on the trigger or its verb."""
    clauses = [c for c in trig.children if c.dep_ in ("acl", "relcl")]
    if verb is not None:
        clauses += [c for c in verb.children if c.dep_ in ("advcl", "xcomp")]
    out: set[int] = set()
    for c in clauses:
        if not any(a.lower_ == "to" for a in c.children):
            continue
        sub = list(c.subtree)
        if not any(t.lemma_.lower() in SHARED_NOUNS for t in sub):
            continue
        for t in sub:
            if t.dep_ == "prep" and t.lower_ in ("between", "among"):
                for p in t.children:
                    if p.dep_ == "pobj":
                        out |= group(p, idx)
    return out


def _ratifying_state(doc: Doc, parties: list[str], mentions, orgs: dict) -> list[str]:
    """'Nicaragua's National Assembly ratified an agreement signed with Russia': the
    legislature ratifies for its state; the state is the party."""
    out: list[str] = []
    for p in parties:
        words = p.lower().split()
        state = None
        if words and words[-1] in LEGISLATURE_HEADS:
            state = orgs[p]["country"] or _possessor(doc, p, mentions, orgs)
        name = state if state and state in orgs else p
        if name not in out:
            out.append(name)
    return out


def _possessor(doc: Doc, name: str, mentions, orgs: dict) -> str | None:
    """The state written as the possessor of a body's mention ('Nicaragua's Assembly')."""
    starts = {m[1]: m[2] for m in mentions}
    for s, _e, n, _r in mentions:
        if n == name and s >= 2 and doc[s - 1].tag_ == "POS":
            owner = starts.get(s - 1)
            if owner and orgs[owner]["type"] == "country":
                return owner
    return None


def _merge_mentions(agreements: list[dict], orgs: dict) -> list[dict]:
    """Every mention of one unnamed agreement is one agreement: a later one of the same
    type (or 'other') whose parties share two with an earlier one, or whose single party
    (or that party's state) is among its parties, and whose date does not differ."""

    def states(ag: dict) -> set[str]:
        return _states_of(ag["parties"], orgs)

    out: list[dict] = []
    for ag in agreements:
        same = None
        if ag["name"] is None:
            for a in out:
                if a["name"] is not None or ag.get("set") or a.get("set"):
                    continue
                if not (a["type"] == ag["type"] or "other" in (a["type"], ag["type"])):
                    continue
                if a["date"] and ag["date"] and a["date"] != ag["date"]:
                    continue
                shared = set(a["parties"]) & set(ag["parties"])
                single = len(ag["parties"]) == 1 and (set(ag["parties"]) | states(ag)) & states(a)
                if len(shared) >= 2 or single:
                    same = a
                    break
        if same is None:
            out.append(ag)
            continue
        same["parties"] += [p for p in ag["parties"] if p not in same["parties"]]
        same["sents"] += [x for x in ag["sents"] if x not in same["sents"]]
        same["date"] = same["date"] or ag["date"]
        if same["type"] == "other":
            same["type"] = ag["type"]
    return out


def _with_objects(trig, verb, idx: list[int]) -> set[int]:
    """The 'with' partners of a plural instrument, on its verb or its own phrase."""
    heads = [verb, trig, *(t for t in trig.subtree if t.i > trig.i and t.pos_ == "PROPN")]
    out: set[int] = set()
    for h in heads:
        out |= prep_objects(h, idx, {"with"})
    return out


def _split_sets(agreements: list[dict]) -> list[dict]:
    """One instrument per partner of a plural set: 'X signed two MoUs with A and B' is
    an MoU of X and A and an MoU of X and B."""
    out: list[dict] = []
    for ag in agreements:
        hub = [p for p in ag.pop("hub", None) or () if p in ag["parties"]]
        others = [p for p in ag["parties"] if p not in hub]
        if not hub or len(others) < 2:
            out.append(ag)
            continue
        for p in others:
            out.append({**ag, "parties": [*hub, p], "sents": list(ag["sents"]), "set": True})
    return out


def _on_topic(doc: Doc, ag: dict) -> bool:
    """An unnamed agreement belongs to cyber matters unless its sentences are about
    another domain ("a trade deal to end a trade war") and name no cyber matter."""
    other = False
    for s, e in ag["sents"]:
        sent = doc[s:e]
        lemmas = {t.lemma_.lower() for t in sent}
        if any("cyber" in t.lower_ for t in sent) or lemmas & CYBER_CUES:
            return True
        if any(sp.start >= s and sp.end <= e for sp in doc.spans.get("cyberkg_areas", [])):
            return True
        other |= bool(lemmas & OTHER_DOMAINS)
    return not other


def _type(doc: Doc, ag: dict, orgs: dict) -> str:
    """An 'agreement' between governments, or one a parliament ratifies, is a treaty."""
    if ag["type"] != "other" or ag["name"] and instruments.find(ag["name"]):
        return ag["type"]
    for s, e in ag["sents"]:
        sent = doc[s:e]
        if any(t.lemma_.lower() in TREATY_VERBS for t in sent):
            return "treaty"
        if (
            any(t.lower_ == "government" for t in sent)
            and len(ag["parties"]) >= 2
            and all(orgs[p]["type"] == "country" for p in ag["parties"])
        ):
            return "treaty"
    return ag["type"]


def _under(trig) -> bool:
    """'Under the agreement, ...': the clause's subjects act as its parties."""
    return (
        trig.dep_ == "pobj"
        and trig.head.lower_ in ("under", "through", "in")
        and trig.head.head.pos_ in ("VERB", "AUX")
        and any(c.lower_ in ANAPHORIC for c in trig.children)
    )


def _possessed_listed(doc: Doc, found: set[int], idx: list[int]) -> set[int]:
    """'by X's A (AA) and Y's B': the next list item is a possessed name, whatever the parse."""
    mentions = doc._.cyberkg["mentions"]
    out = set(found)
    todo = list(found)
    while todo:
        n = todo.pop()
        e = mentions[n][1]
        if e >= len(doc) or doc[e].lower_ not in (",", "and", "("):
            continue
        j = _glue_end(doc, e, 1, idx)
        if j < 0 or idx[j] < 0 or idx[j] in out:
            continue
        end = mentions[idx[j]][1]
        if end + 1 < len(doc) and doc[end].tag_ == "POS" and idx[end + 1] >= 0:
            for m in (idx[j], idx[end + 1]):
                if m not in out:
                    out.add(m)
                    todo.append(m)
    return out


def _possessor_of_party(doc: Doc, p: int, parties: set[int], idx: list[int]) -> bool:
    """'Morocco's Directorate': the state owns the signing agency; it is not a signatory itself."""
    mentions = doc._.cyberkg["mentions"]
    end = mentions[p][1]
    if end >= len(doc) or doc[end].tag_ != "POS":
        return False
    owner = doc[mentions[p][0] : end].root
    return owner.dep_ == "poss" and idx[owner.head.i] in parties - {p}


def mentions_actor(mentions: list[list], name: str) -> bool:
    """True when the organisation has at least one actor mention."""
    return any(m[2] == name and m[3] == "actor" for m in mentions)


def _same_name(a: str, b: str) -> bool:
    """'African Union Convention on Cyber Security' is the full convention's short name."""
    a, b = a.lower().replace("’s", ""), b.lower().replace("’s", "")
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")
