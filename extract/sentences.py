"""Line breaks end sentences: titles, headings and list items are not run-on text.

Runs before the parser, which keeps sentence starts set earlier; without it a
headline and the first sentence of an article parse as one sentence.
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
    return doc
