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
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from extract.records import ArticleMeta
from kg.dates import PRECISION
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


@dataclass
class Found:
    """Article files under some paths, with the root each id is relative to.

    ``files`` holds (path, stat or None, root or None); ``errors`` the links it
    could not follow (dangling, or a loop), one line each, skipped.
    """

    files: list[tuple[str, os.stat_result | None, str | None]] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)


def walk_articles(paths: Iterable[Path]) -> Found:
    """Article files under files and folders: sorted per folder, one stat a file.

    Symbolic links are followed, so a corpus may link in a folder kept elsewhere;
    a link to nothing and a link back into a folder being walked are reported
    and skipped instead of failing the scan.
    """
    found = Found()

    def walk(folder: str, root: str, seen: frozenset[tuple[int, int]]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    st = entry.stat(follow_symlinks=True)
                except OSError:
                    if entry.is_symlink():
                        target = os.readlink(entry.path)
                        found.errors.append(
                            ArticleError(
                                entry.path,
                                f"a symbolic link to {target}, which does not exist "
                                "(skipped; remove the link or restore its target)",
                            )
                        )
                    continue
                if stat.S_ISDIR(st.st_mode):
                    key = (st.st_dev, st.st_ino)
                    if key in seen:
                        found.errors.append(
                            ArticleError(
                                entry.path,
                                "a symbolic link back into a folder it is in (a loop; skipped)",
                            )
                        )
                        continue
                    walk(entry.path, root, seen | {key})
                elif stat.S_ISREG(st.st_mode) and entry.name.endswith(SUFFIXES):
                    found.files.append((entry.path, st, root))

    for path in paths:
        path = Path(path)
        if path.is_dir():
            root = str(path)
            st = os.stat(root)
            start = len(found.files)
            walk(root, root, frozenset({(st.st_dev, st.st_ino)}))
            found.files[start:] = sorted(found.files[start:], key=lambda f: f[0])
        elif path.is_file():
            found.files.append((str(path), None, None))
        elif path.is_symlink():
            found.errors.append(ArticleError(path, "a symbolic link to a file that does not exist"))
        else:
            raise ArticleError(path, "no such file or folder")
    return found


def find_articles(paths: Iterable[Path], errors: list[ArticleError] | None = None) -> list[Path]:
    """Expand files and folders into article files, sorted, skipping sidecars.

    Links that lead nowhere or in a loop go to ``errors`` when given, else are skipped.
    """
    found = walk_articles(paths)
    if errors is not None:
        errors.extend(found.errors)
    return [Path(path) for path, _, _ in found.files]


def article_id(path: Path | str, root: Path | str | None = None) -> str:
    """The id of the article in a file: its path relative to the corpus, without suffix.

    A file at the top of the corpus keeps its plain stem (``kenya-romania-mou``);
    one in a sub-folder keeps the folder (``sub1/same``), so two files of one
    name in two folders are two articles.
    """
    # string operations first: a scan of 100,000 files calls this once a file, and
    # pathlib's parsing cost most of a rebuild's time
    text = os.fspath(path)
    name = os.path.basename(text).removesuffix(".meta.json")
    stem, suffix = os.path.splitext(name)
    name = stem if suffix in SUFFIXES else name
    if root is None:
        return name
    parent, top = os.path.dirname(text), os.fspath(root).rstrip("/")
    if parent == top:
        return name
    if parent.startswith(top + "/") and "/." not in parent and "//" not in parent:
        return f"{parent[len(top) + 1 :]}/{name}"
    path = Path(path)
    try:
        folder = path.parent.relative_to(root)
    except ValueError:
        return name
    return name if folder == Path(".") else f"{folder.as_posix()}/{name}"


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


# ---------------------------------------------------------------- publication dates
MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH = r"(?P<month>(?i:" + "|".join(m[:3] for m in MONTH_NAMES) + r")[a-z]*\.?)"
# "July 12, 2017", "12 July 2017", "July 2017", "2017-07-12"
TEXT_DATE = (
    rf"(?:{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH.replace('month', 'month2')},?\s+"
    r"(?P<year2>(?:19|20)\d\d)"
    rf"|{MONTH.replace('month', 'month3')},?\s+(?P<year3>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))"
)
URL_DATES = (  # (pattern over the URL's path, precision)
    (re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)(?=/|$)"), "day"),
    (re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"), "day"),
    (re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"), "day"),
    (re.compile(r"/((?:19|20)\d\d)/(\d\d?)(?=/)"), "month"),
    (re.compile(r"/((?:19|20)\d\d)(?=/[^/]*[a-z])"), "year"),
)
# "NAIROBI, July 12, 2017 —", "GENEVA, Switzerland, 12 July 2017 -": a capitalised place first
DATELINE = re.compile(
    rf"^[ \t*_]*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]+)?,?\s*\(?{TEXT_DATE}\)?\s*(?:[—–:-]|--)",
    re.MULTILINE,
)
PUBLISHED_LINE = re.compile(
    rf"^[ \t*_#>]*(?:published|posted|date)(?:\s+on)?\s*:?[ \t*_]*{TEXT_DATE}",
    re.MULTILINE | re.IGNORECASE,
)
TOP = 1500  # characters of the text where a dateline or a "Published" line may stand
SOURCES = ("front-matter", "url", "published-line", "dateline")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """The ISO date to the given precision, or None if it is no date of the calendar."""
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if year > dt.date.today().year + 1:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _month(name: str | None) -> int | None:
    return [m[:3] for m in MONTH_NAMES].index(name[:3].lower()) + 1 if name else None


def _text_date(match: re.Match) -> str | None:
    g = match.groupdict()
    if g["iso"]:
        return _iso(*(int(x) for x in g["iso"].split("-")))
    for month, day, year in (("month", "day", "year"), ("month2", "day2", "year2")):
        if g[month] and g[year]:
            return _iso(int(g[year]), _month(g[month]), int(g[day]))
    return _iso(int(g["year3"]), _month(g["month3"]))


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path
    for pattern, _ in URL_DATES:
        for match in pattern.finditer(path):
            found = _iso(*(int(x) for x in match.groups()))
            if found:
                return found
    return None


def publication_date(
    published: str | None, url: str | None, text: str
) -> tuple[str, str, str] | None:
    """The article's publication date, its precision and where it came from.

    The front matter wins; without it the URL's path (``/2017/07/``,
    ``/2017-07-12/``, ``20170712``), a "Published: …" line or a dateline
    ("NAIROBI, July 12, 2017 —") near the top give it: the most precise of
    them, in that order on a tie. Relative dates in the text are read against it.
    """
    if published:
        return published, PRECISION.get(len(published), "day"), "front-matter"
    top = text[:TOP]
    found = {
        "url": _url_date(url),
        "published-line": next(
            (d for m in PUBLISHED_LINE.finditer(top) if (d := _text_date(m))), None
        ),
        "dateline": next((d for m in DATELINE.finditer(top) if (d := _text_date(m))), None),
    }
    best = max(
        ((date, source) for source, date in found.items() if date),
        key=lambda pair: (len(pair[0]), -SOURCES.index(pair[1])),
        default=None,
    )
    if best is None:
        return None
    return best[0], PRECISION[len(best[0])], best[1]


def read_article(path: Path, root: Path | str | None = None) -> Article:
    """Read one article; every problem is an ArticleError naming the file.

    ``root`` is the corpus folder the article's id is relative to (see ``article_id``).
    """
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
    found = publication_date(meta.get("published"), meta.get("url"), text)
    if found is not None:
        meta["published"], precision, source = found
    else:
        precision = source = None
    return Article(
        meta=ArticleMeta(
            id=article_id(path, root),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            path=str(path),
            published_precision=precision,
            published_source=source,
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
    ids: dict[str, str] = {}
    found = walk_articles(paths)
    if errors is not None:
        errors.extend(found.errors)
    for path, _, root in found.files:
        try:
            article = read_article(Path(path), root)
            first = ids.setdefault(article.meta.id, path)
            if first != path:
                raise ArticleError(path, same_id(article.meta.id, first))
            first = seen.setdefault(normalised_hash(article.text), path)
            if first != path:
                raise ArticleError(path, f"same text as {first} (a duplicate; remove one)")
            yield article
        except ArticleError as err:
            if errors is None:
                raise
            errors.append(err)


def same_id(article: str, first: str) -> str:
    """Why a file is refused whose article id another file has already."""
    return f"same article id {article!r} as {first} (rename one of the two files)"
