"""Line breaks end sentences: titles, headings and list items are not run-on text.

Runs before the parser, which keeps sentence starts set earlier; without it a
headline and the first sentence of an article parse as one sentence. The word
after a line's first word never starts a sentence: the small model otherwise
cuts "SamCERT | and CERT NZ have signed ..." after a line's opening name. A run
of MAX_RUN tokens with neither a line break nor a full stop (a text without
punctuation) is cut too: no news sentence is that long, and the components
after the parser do work per sentence that grows with its square.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 150
STOPS = frozenset({".", "!", "?", ";"})


@Language.component("cyberkg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break (or after MAX_RUN unstopped tokens) a sentence start."""
    run = 0
    for tok in doc[:-1]:
        run += 1
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text) or run >= MAX_RUN:
            doc[tok.i + 1].is_sent_start = True
            run = 0
            second = tok.i + 2
            if (
                second < len(doc)
                and not doc[tok.i + 1].is_space
                and "\n" not in doc[tok.i + 1].whitespace_
                and not doc[second].is_space
                and doc[second].text not in (".", "!", "?", ":", "•", "-", "–", "—")
            ):
                doc[second].is_sent_start = False
        elif tok.text in STOPS:
            run = 0
    return doc
