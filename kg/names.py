"""Names as keys: the folding that makes one id of the spellings of one name.

Shared by the resolver (node ids) and the corrections file (the keys its entries
name organisations by), so both fold names the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata


def normalise(name: str) -> str:
    """Fold case, quotes, a leading 'the' and a possessive, as the eval scorer does."""
    s = unicodedata.normalize("NFKC", name).lower().strip().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def slug(name: str) -> str:
    """A readable key part: ascii, lower case, hyphens."""
    s = unicodedata.normalize("NFKD", normalise(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or hashlib.sha1(name.encode()).hexdigest()[:12]


# Spelling variants that name the same body: folded in node ids, never in names.
_KEY_VARIANTS = (
    (re.compile(r"\bcyber-(?=(security|crime|space|defen))"), "cyber"),
    (re.compile(r"(?<=[a-z])is(ation|ing|e)\b"), r"iz\1"),
    (re.compile(r"\bcentre\b"), "center"),
    (re.compile(r"\bdefence\b"), "defense"),
    (re.compile(r"\bprogramme\b"), "program"),
    (re.compile(r"(?<=[a-z]{3})(?<![su])s\b"), ""),  # plural: cybercrimes -> cybercrime
)


def node_key(name: str) -> str:
    """The id part for a name: its slug with spelling variants and plurals folded.

    So "Cybercrimes Coordination Committee" in one article and "Cybercrime
    Coordination Committee" in another become one node.
    """
    key = slug(name)
    for pattern, repl in _KEY_VARIANTS:
        key = pattern.sub(repl, key)
    return key


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
