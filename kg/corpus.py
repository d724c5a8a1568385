"""Reading articles: Markdown or text files, with optional YAML front matter.

Every problem with a file is an ``ArticleError`` naming the file and the reason,
so a build can report it in one line and go on with the rest of the corpus:
empty, binary, not UTF-8, too large, malformed front matter, a bad date or URL,
an article in another language than English, or the same text as another file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from extract.records import ArticleMeta
from kg.errors import ArticleError

SUFFIXES = (".md", ".txt")
MAX_BYTES = 5_000_000
META_FIELDS = ("title", "url", "published", "publisher", "language")
ENGLISH = ("en", "eng", "english")
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# The commonest function words of a few languages: enough to tell English from
# them cheaply (spaCy's English model would happily find "organisations" in French).
STOPWORDS = {
    "en": "the of and to in a is that for on with as by it was are be this from at an has "
    "have which its will their or were been not said",
    "fr": "le la les de des du et en un une est que qui dans pour par sur au aux avec ce "
    "cette son sa ses pas sont ont été il elle",
    "de": "der die das und den dem des ein eine einen ist mit von zu im auf für nicht sich "
    "auch es wird werden wurde als bei nach aus zum zur dass",
    "es": "el la los las de del y en un una que es por para con se su sus al lo como más "
    "pero ha han fue este esta entre sobre",
    "pt": "o a os as de do da dos das e em no na um uma que para com por se não ao aos mais "
    "foi é seu sua pelo pela",
    "it": "il lo la i gli le di del della e è un una che per con non sono nel nella da al "
    "alla si come anche più ha dei",
    "nl": "de het een en van in is dat op te met voor niet zijn die er aan ook als bij door "
    "om wordt naar uit maar nog werd",
    "sw": "na ya wa kwa za la ni katika cha vya kuwa hiyo huo hii pia lakini kama ambayo "
    "ambao wao yake zao hizo kwamba alisema serikali",
    "ro": "și de la în a cu pe din pentru care este o un că să nu mai sunt fost prin sau "
    "ale al lui acest această",
}
STOPWORDS_SETS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}
LANGUAGE_NAMES = {
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "sw": "Swahili",
    "ro": "Romanian",
    "und": "a non-Latin script",
}
MIN_WORDS = 30


@dataclass
class Article:
    """An article's metadata and its body: the file's text after the front matter, as written.

    Evidence offsets index this body, so ``text[start:end] == quote`` holds both for
    ``text`` and for the file read with its front matter cut off: leading blank lines
    are kept (``kg add`` writes one after the closing ``---``), only trailing
    whitespace is normalised to one newline.
    """

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


def sidecar_meta(path: Path) -> dict:
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


# ---------------------------------------------------------------- checks shared with kg add
def check_date(value: object) -> str | None:
    """An ISO 8601 date of any precision ('2015', '2017-04', '2022-10-03'), or ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if ISO_DATE.fullmatch(text):
        try:
            dt.date.fromisoformat(text + "-01-01"[len(text) - 4 :] if len(text) < 10 else text)
        except ValueError:
            raise ValueError(f"published {text!r} is not a valid date") from None
        return text
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise ValueError(f"published {text!r} is not an ISO 8601 date (like 2024-05-31)") from None


def check_url(value: object) -> str | None:
    """An http(s) URL with a host, or ValueError."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url {text!r} is not an http:// or https:// address with a host")
    if any(c.isspace() or unicodedata.category(c) == "Cc" for c in text):
        raise ValueError(f"url {text!r} contains spaces or control characters")
    return text


def detect_language(text: str) -> str | None:
    """'en', another language code, 'und' (a non-Latin script) or None (too short to tell).

    Counts the commonest function words of a few languages: cheap, and enough to
    keep an article CyberKG cannot read out of the graph.
    """
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if letters and sum(c > "\u024f" for c in letters) > len(letters) / 2:
        return "und"
    words = re.findall(r"[^\W\d_]+", sample.lower())[:3000]
    if len(words) < MIN_WORDS:
        return None
    ratio = {
        lang: sum(w in stop for w in words) / len(words) for lang, stop in STOPWORDS_SETS.items()
    }
    best = max(ratio, key=lambda lang: ratio[lang])
    if best != "en" and ratio[best] >= 0.1 and ratio[best] > 2 * ratio["en"]:
        return best
    return "en"


def is_english(language: str | None) -> bool:
    return language is None or language.lower().split("-")[0].split("_")[0] in ENGLISH


def normalised_hash(text: str) -> str:
    """The hash of a text with case and whitespace folded: what makes two articles the same."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def split_front_matter(content: str, path: Path | str = "<text>") -> tuple[dict, str]:
    """The YAML front matter (a mapping) and the text after it."""
    match = FRONT_MATTER.match(content)
    if match is None:
        if content.lstrip("\ufeff").startswith("---") and re.match(
            r"\A\ufeff?---[ \t]*\r?\n\w+:", content
        ):
            raise ArticleError(path, "malformed front matter: no closing '---' line")
        return {}, content.lstrip("\ufeff")
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ArticleError(path, f"malformed front matter{where}: {problem}") from err
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleError(
            path, f"malformed front matter: a mapping of fields expected, not {type(meta).__name__}"
        )
    return meta, content[match.end() :]


def clean_meta(meta: dict, path: Path | str) -> dict[str, str | None]:
    """The front matter fields CyberKG uses, as checked strings."""
    out: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = meta.get(key)
        if isinstance(value, (list, dict)):
            raise ArticleError(path, f"front matter: {key} must be a single value, not a list")
        out[key] = None if value is None or value == "" else str(value).strip()
    try:
        out["published"] = check_date(meta.get("published"))
        out["url"] = check_url(meta.get("url"))
    except ValueError as err:
        raise ArticleError(path, f"front matter: {err}") from err
    return out


def read_article(path: Path) -> Article:
    """Read one article; every problem is an ArticleError naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(path, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as err:
        raise ArticleError(path, f"cannot read: {err.strerror}") from err
    if len(raw) > MAX_BYTES:
        raise ArticleError(path, f"too large (more than {MAX_BYTES:,} bytes)")
    if raw.startswith(b"%PDF-"):
        raise ArticleError(path, "a PDF, not text: add it with `kg add` to convert it")
    if b"\x00" in raw[:8192]:
        raise ArticleError(path, "binary file, not text")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ArticleError(path, f"not UTF-8 text (byte {err.start})") from err
    front, body = split_front_matter(content, path)
    meta = clean_meta({**sidecar_meta(path), **front}, path)
    text = body.rstrip() + "\n"  # leading blank lines stay: offsets count from the file's body
    if not text.strip():
        raise ArticleError(path, "empty article")
    if re.match(r"\s*<(!doctype html|html)\b", text, re.IGNORECASE):
        raise ArticleError(path, "an HTML page, not text: add it with `kg add` to convert it")
    _check_language(path, meta.get("language"), text)
    return Article(
        meta=ArticleMeta(
            id=path.name.removesuffix(path.suffix),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            path=str(path),
            **meta,
        ),
        text=text,
    )


def _check_language(path: Path, declared: str | None, text: str) -> None:
    if declared is not None:
        if not is_english(declared):
            raise ArticleError(
                path, f"language {declared!r}: only English articles are extracted (not loaded)"
            )
        return
    found = detect_language(text)
    if found not in (None, "en"):
        raise ArticleError(
            path,
            f"looks like {LANGUAGE_NAMES.get(found, found)}, not English: only English articles "
            "are extracted (set `language: en` in its front matter if it is English)",
        )


def iter_articles(
    paths: Iterable[Path], errors: list[ArticleError] | None = None
) -> Iterator[Article]:
    """Articles under the paths; with ``errors``, bad files are reported there and skipped.

    A file with the same text as an earlier one (case and spacing aside) is an
    error too: it would count every fact twice.
    """
    seen: dict[str, str] = {}
    for path in find_articles(paths):
        try:
            article = read_article(path)
            first = seen.setdefault(normalised_hash(article.text), str(path))
            if first != str(path):
                raise ArticleError(path, f"same text as {first} (a duplicate; remove one)")
            yield article
        except ArticleError as err:
            if errors is None:
                raise
            errors.append(err)
