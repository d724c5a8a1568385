"""Adding an article to the corpus: one file in ``corpus/`` with complete front matter.

Maintainers hold articles as they found them: plain text, Markdown, a saved HTML
page or a PDF. Each becomes Markdown text with the front matter every build
needs (title, url, published, publisher, language); the options win over the
file's own front matter, which wins over the document's metadata. Nothing is
written when anything is wrong, and nothing is ever written outside the corpus.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from kg.corpus import (
    LANGUAGE_NAMES,
    MAX_BYTES,
    META_FIELDS,
    check_date,
    check_url,
    detect_language,
    find_articles,
    is_english,
    normalised_hash,
    split_front_matter,
)
from kg.errors import ArticleError

MAX_INPUT_BYTES = 20_000_000  # a saved page with inline images or a long PDF; text stays < 5 MB
MAX_SLUG = 80
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_HTML_WORDS = 25  # less than this is a page of menus, not an article


@dataclass
class Added:
    """What ``add_article`` wrote, for the CLI to print and tests to check."""

    path: Path
    kind: str
    meta: dict[str, str | None]
    words: int


@dataclass
class _Document:
    kind: str
    text: str
    meta: dict


# ---------------------------------------------------------------- reading the input
def read_source(source: Path) -> bytes:
    """The bytes of a file to add, refusing oversized files before reading them."""
    try:
        size = source.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ArticleError(source, _too_large(size))
        with source.open("rb") as stream:
            raw = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as err:
        raise ArticleError(source, f"cannot read: {err.strerror}") from err
    if len(raw) > MAX_INPUT_BYTES:
        raise ArticleError(source, _too_large(len(raw)))
    return raw


def _too_large(size: int) -> str:
    return f"too large ({size:,} bytes; the limit is {MAX_INPUT_BYTES:,})"


def _is_html(raw: bytes, suffix: str) -> bool:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html"))


def _read_text(raw: bytes, label: str) -> _Document:
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ArticleError(label, f"not UTF-8 text (byte {err.start}); save it as UTF-8") from err
    meta, body = split_front_matter(content, label)
    kind = "markdown" if meta or label.endswith(".md") else "text"
    return _Document(kind, body, meta)


def _read_html(raw: bytes, label: str) -> _Document:
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise ArticleError(
            label, "no article text in the HTML page (only menus, links or a footer?)"
        )
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    meta = {
        "title": getattr(doc, "title", None),
        "published": getattr(doc, "date", None),
        "publisher": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
    }
    return _Document("html", text, {k: v for k, v in meta.items() if v})


def _pdf_date(value: object) -> str | None:
    """The date of a PDF's CreationDate (pypdf gives a datetime, or raises on garbage)."""
    return value.date().isoformat() if hasattr(value, "date") else None


def _reflow(text: str) -> str:
    """Join a PDF's hard line breaks into paragraphs, so sentences are whole."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text.replace("\r", ""))
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", p).strip() for p in paragraphs if p.strip())


def _read_pdf(raw: bytes, label: str) -> _Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise ArticleError(label, "an encrypted PDF: save an unencrypted copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ArticleError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ArticleError(label, f"a corrupt PDF ({reason})") from err
    text = _reflow("\n\n".join(pages))
    if not text.strip():
        raise ArticleError(label, "the PDF has no text layer (a scan?): nothing to extract")
    meta: dict = {}
    if info is not None:
        try:
            meta["title"] = (info.title or "").strip() or None
            meta["published"] = _pdf_date(info.creation_date)
        except (ValueError, TypeError):
            pass  # unreadable metadata: the options or the text give the title
    return _Document("pdf", text, {k: v for k, v in meta.items() if v})


def read_document(raw: bytes, label: str, suffix: str = "") -> _Document:
    """Text and metadata of a text, Markdown, HTML or PDF document given as bytes."""
    if not raw.strip():
        raise ArticleError(label, "empty file")
    if raw.startswith(b"%PDF-"):
        return _read_pdf(raw, label)
    if suffix == ".pdf":
        raise ArticleError(label, "not a PDF (no %PDF- header): a corrupt or mislabelled file")
    if b"\x00" in raw[:8192]:
        raise ArticleError(label, "a binary file, not text, HTML or PDF")
    if _is_html(raw, suffix):
        return _read_html(raw, label)
    return _read_text(raw, label)


# ---------------------------------------------------------------- checks
def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


class DuplicateArticle(ArticleError):
    """The article is in the corpus already: ``existing`` is the file that has it."""

    def __init__(self, label: object, existing: Path, why: str = "same text") -> None:
        super().__init__(label, f"already in the corpus as {existing} ({why})")
        self.existing = existing
        self.why = why


class CorpusIndex:
    """The texts and URLs of the corpus, read once, so adding many articles reads it once.

    ``kg add`` with a hundred sources, or a feed update, would otherwise scan the
    whole corpus once per article. With ``cache`` (a JSON file under var/), what
    each file holds is remembered by its size and modification time, so a later
    ``kg add`` reads only the files that changed since: one ``stat`` per article
    instead of one read, which is what keeps adding to 100,000 articles quick.
    """

    def __init__(self, corpus: Path, cache: Path | None = None) -> None:
        from kg.cache import Manifest

        self.texts: dict[str, Path] = {}
        self.urls: dict[str, Path] = {}
        self.cache = cache
        known: dict[str, dict] = {}
        if cache is not None:
            try:
                known = json.loads(cache.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                known = {}
        self._entries: dict[str, dict] = {}
        if not corpus.is_dir():
            return
        for path in find_articles([corpus]):
            stamp = Manifest.stamp(str(path))
            entry = known.get(str(path))
            if entry is None or entry.get("stamp") != stamp:
                try:
                    content = path.read_bytes()[: MAX_BYTES + 1].decode("utf-8")
                    meta, body = split_front_matter(content, path)
                except (OSError, UnicodeDecodeError, ArticleError):
                    continue  # a bad file is reported by the build, not here
                entry = {"stamp": stamp, "text": normalised_hash(body), "urls": _urls(meta)}
            self._remember(path, entry)

    def _remember(self, path: Path, entry: dict) -> None:
        self._entries[str(path)] = entry
        self.texts.setdefault(entry["text"], path)
        for url in entry["urls"]:
            self.urls.setdefault(url, path)

    def save(self) -> None:
        """Keep what was read for the next ``kg add`` (if the index has a cache file)."""
        if self.cache is None:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self._entries, separators=(",", ":")), encoding="utf-8")
        tmp.replace(self.cache)

    def add(self, path: Path, text: str, meta: dict) -> None:
        from kg.cache import Manifest

        stamp = Manifest.stamp(str(path))
        self._remember(path, {"stamp": stamp, "text": normalised_hash(text), "urls": _urls(meta)})

    def by_text(self, text: str) -> Path | None:
        return self.texts.get(normalised_hash(text))

    def by_url(self, url: str | None) -> Path | None:
        return self.urls.get(url_key(url)) if url else None


def _urls(meta: dict) -> list[str]:
    return [url_key(meta[k]) for k in ("url", "fetched_from") if isinstance(meta.get(k), str)]


def url_key(url: str) -> str:
    """A URL as compared for duplicates: scheme and host in lower case, no fragment."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def find_duplicate(text: str, corpus: Path) -> Path | None:
    """The corpus file whose text is the same as ``text`` (case and spacing aside)."""
    want = normalised_hash(text)
    if not corpus.is_dir():
        return None
    for path in find_articles([corpus]):
        try:
            content = path.read_bytes()[: MAX_BYTES + 1].decode("utf-8")
            _, body = split_front_matter(content, path)
        except (OSError, UnicodeDecodeError, ArticleError):
            continue  # a bad file is reported by the build, not here
        if normalised_hash(body) == want:
            return path
    return None


def safe_slug(name: str) -> str:
    """A file name part that cannot leave the folder: ascii letters, digits and hyphens."""
    from kg.names import slug

    cleaned = name.replace("\x00", " ")
    s = slug(cleaned) if re.search(r"\w", cleaned) else ""
    s = re.sub(r"[^a-z0-9-]+", "-", s).strip("-")
    if len(s) > MAX_SLUG:
        s = s[:MAX_SLUG].rsplit("-", 1)[0] or s[:MAX_SLUG]
    return s or "article"


def _target(corpus: Path, stem: str) -> Path:
    """A free ``corpus/<stem>.md`` (or ``<stem>-2.md`` …), proved to be inside the corpus."""
    root = corpus.resolve()
    for n in range(1, 1000):
        candidate = root / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        if os.path.lexists(candidate):
            continue  # taken, by a file or a symlink: never written through
        if candidate.resolve().parent != root:
            raise ArticleError(candidate, "would be written outside the corpus folder")
        return candidate
    raise ArticleError(root / f"{stem}.md", "no free file name (1,000 articles with this title)")


def _write_new(path: Path, content: str) -> None:
    """Write a new file atomically, never replacing an existing one."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    with open(tmp, "x", encoding="utf-8") as out:
        out.write(content)
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile
    except FileExistsError as err:
        raise ArticleError(path, "already exists") from err
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- the command
def add_article(
    raw: bytes,
    corpus: Path,
    *,
    label: str = "<stdin>",
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    name: str | None = None,
    sidecar: dict | None = None,
    suffix: str | None = None,
    extra: dict | None = None,
    index: CorpusIndex | None = None,
) -> Added:
    """Write ``raw`` (text, Markdown, HTML or PDF bytes) as a new article of ``corpus``.

    ``label`` names the input in errors (its path, URL or ``<stdin>``); ``name``
    is the file name to use instead of one made from the title; ``sidecar`` is
    metadata from a ``NAME.meta.json`` beside the file (the file's own wins);
    ``suffix`` says how to read the bytes when the label does not (a URL's
    content type); ``extra`` adds front matter fields (how it was fetched);
    ``index`` is the corpus read once, for adding many articles.
    """
    if len(raw) > MAX_INPUT_BYTES:
        raise ArticleError(label, _too_large(len(raw)))
    doc = read_document(raw, label, suffix or Path(label).suffix.lower())
    doc.meta = {**(sidecar or {}), **doc.meta}
    text = _clean_text(doc.text)
    if not text.strip():
        raise ArticleError(label, "no text after the front matter")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ArticleError(label, f"the text is too large (the limit is {MAX_BYTES:,} bytes)")
    given = {
        "title": title,
        "url": url,
        "published": published,
        "publisher": publisher,
        "language": language,
    }
    meta: dict = {k: v for k, v in doc.meta.items() if k not in META_FIELDS} | (extra or {})
    for key in META_FIELDS:
        value = given[key] if given[key] not in (None, "") else doc.meta.get(key)
        meta[key] = None if value in (None, "") else value
    try:
        meta["published"] = check_date(meta["published"])
        meta["url"] = check_url(meta["url"])
    except ValueError as err:
        raise ArticleError(label, str(err)) from err
    for key in ("title", "publisher", "language"):
        if meta[key] is not None:
            meta[key] = re.sub(r"\s+", " ", str(meta[key])).strip() or None
    meta["title"] = meta["title"] or _first_line(text)
    meta["language"] = _language(label, meta["language"], text)
    duplicate = index.by_text(text) if index is not None else find_duplicate(text, corpus)
    if duplicate is not None:
        raise DuplicateArticle(label, duplicate)
    if index is not None and (same_url := index.by_url(meta["url"])) is not None:
        raise DuplicateArticle(label, same_url, "same url")
    corpus.mkdir(parents=True, exist_ok=True)
    path = _target(corpus, safe_slug(name or meta["title"] or "article"))
    ordered = {k: meta[k] for k in META_FIELDS} | {
        k: v for k, v in meta.items() if k not in META_FIELDS
    }
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000)
    content = f"---\n{front}---\n\n{text}"
    if len(content.encode("utf-8")) > MAX_BYTES:  # the build reads the whole file against it
        raise ArticleError(label, f"the text is too large (the limit is {MAX_BYTES:,} bytes)")
    _write_new(path, content)
    if index is not None:
        index.add(path, text, meta)
    return Added(path=path, kind=doc.kind, meta=meta, words=len(text.split()))


def _language(label: str, declared: str | None, text: str) -> str:
    """The article's language: as declared, else English unless it clearly is not."""
    if declared is not None:
        return declared
    found = detect_language(text)
    if found in (None, "en"):
        return "en"
    if is_english(found):
        return found
    name = LANGUAGE_NAMES.get(found, found)
    raise ArticleError(
        label,
        f"looks like {name}, not English: CyberKG extracts English articles only "
        f"(to keep it in corpus/ without extracting it, add it with --language {found})",
    )
