"""Reading articles: Markdown or text files, with optional YAML front matter."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from extract.records import ArticleMeta
from kg.errors import ArticleError

SUFFIXES = (".md", ".txt")
MAX_BYTES = 5_000_000
META_FIELDS = ("title", "url", "published", "publisher", "language")


@dataclass
class Article:
    """An article's metadata and its text (front matter removed)."""

    meta: ArticleMeta
    text: str


def find_articles(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into article files, sorted, skipping sidecars."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix in SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise ArticleError(path, "no such file or folder")
    return found


def _sidecar_meta(path: Path) -> dict:
    """Metadata from a ``NAME.meta.json`` beside a plain-text article, if there is one."""
    side = path.with_suffix(".meta.json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ArticleError(side, f"not valid JSON: {err}") from err
    if "date" in data and "published" not in data:
        data["published"] = data.pop("date")
    return data


def read_article(path: Path) -> Article:
    """Read one article; every problem is an ArticleError naming the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ArticleError(path, f"cannot read: {err.strerror}") from err
    if len(raw) > MAX_BYTES:
        raise ArticleError(path, f"too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in raw[:8192]:
        raise ArticleError(path, "binary file, not text")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ArticleError(path, f"not UTF-8 text (byte {err.start})") from err
    try:
        post = frontmatter.loads(content)
    except yaml.YAMLError as err:
        raise ArticleError(path, f"malformed front matter: {str(err).splitlines()[0]}") from err
    meta = {**_sidecar_meta(path), **post.metadata}
    text = post.content.strip() + "\n"
    if not text.strip():
        raise ArticleError(path, "empty article")
    return Article(
        meta=ArticleMeta(
            id=path.name.removesuffix(path.suffix),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            path=str(path),
            **{k: (str(meta[k]) if meta.get(k) is not None else None) for k in META_FIELDS},
        ),
        text=text,
    )


def iter_articles(
    paths: Iterable[Path], errors: list[ArticleError] | None = None
) -> Iterator[Article]:
    """Articles under the paths; with ``errors``, bad files are reported there and skipped."""
    for path in find_articles(paths):
        try:
            yield read_article(path)
        except ArticleError as err:
            if errors is None:
                raise
            errors.append(err)
