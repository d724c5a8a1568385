"""Line breaks end sentences: titles, headings and list items are not run-on text.

Runs before the parser, which keeps sentence starts set earlier; without it a
headline and the first sentence of an article parse as one sentence. The word
after a line's first word never starts a sentence: the small model otherwise
cuts "SamCERT | and CERT NZ have signed ..." after a line's opening name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("cyberkg_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start."""
    for tok in doc[:-1]:
        if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
            second = tok.i + 2
            if (
                second < len(doc)
                and not doc[tok.i + 1].is_space
                and "\n" not in doc[tok.i + 1].whitespace_
                and not doc[second].is_space
                and doc[second].text not in (".", "!", "?", ":", "•", "-", "–", "—")
            ):
                doc[second].is_sent_start = False
    return doc
