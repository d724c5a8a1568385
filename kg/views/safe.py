"""Escaping for the site: every string that came from an article passes through here.

Article text (organisation names, quotes, titles, URLs) is untrusted: a page must
show it as text, never run it. HTML goes through Jinja's autoescape (markupsafe),
JSON embedded in a ``<script>`` element is escaped so ``</script>`` cannot end the
element early, and only http(s) links become ``href`` values.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&'\u2028\u2029]")
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
MAX_FILE_STEM = 80


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">`` and HTML attributes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(_JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no ``javascript:``, no data)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\x00\n\r\t <>\"'`"):
        return None
    return url


def page_stem(node_id: str) -> str:
    """A file name stem for a node id: readable, unique and safe on any file system."""
    stem = _UNSAFE_FILE_CHARS.sub("_", node_id).strip("._") or "_"
    if stem != node_id or len(stem) > MAX_FILE_STEM:
        digest = hashlib.sha1(node_id.encode("utf-8")).hexdigest()[:8]
        stem = f"{stem[:MAX_FILE_STEM]}-{digest}"
    return stem
