"""Bad input: each kind gets one line naming the file and the reason; the graph loses nothing.

The reader tests need no database; the build test runs a real build on the real
server, adds every kind of bad file and builds again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.records import Agreement, ArticleMeta, Evidence, Organisation, Record, Relation
from kg.add import add_article
from kg.corpus import MAX_BYTES, iter_articles, read_article
from kg.errors import ArticleError
from kg.store.load import Loader, graph_counts

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV = Path("/work/shared/eval/dev")
ENGLISH = (
    "Ghana and Rwanda signed a memorandum of understanding on cyber security on Monday. "
    "The two countries agreed to share information on threats, to train experts and to "
    "respond together to incidents that affect the critical infrastructure of the region.\n"
)
FIFTY_MB = 50 * 1024 * 1024


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """One file per kind of bad input, and the reason the reader must give."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, tuple[bytes | None, str, str]] = {
        "empty": (b"", "empty.md", "empty article"),
        "front matter only": (b"---\ntitle: Nothing\n---\n\n", "blank.md", "empty article"),
        "binary": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "image.md",
            "binary file, not text",
        ),
        "corrupt pdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj <<", "report.txt", "a PDF, not text"),
        "not utf-8": ("Coopération numérique".encode("latin-1"), "latin1.md", "not UTF-8 text"),
        "html page": (
            (FIXTURES / "maint_navigation.html").read_bytes(),
            "page.md",
            "an HTML page, not text",
        ),
        "non-english": (
            (FIXTURES / "maint_french.md").read_bytes().split(b"---\n", 2)[2],
            "french.md",
            "looks like French, not English",
        ),
        "declared non-english": (
            b"---\nlanguage: sw\n---\n" + ENGLISH.encode(),
            "swahili.md",
            "language 'sw': only English articles are extracted",
        ),
        "malformed front matter": (
            b"---\ntitle: [unclosed\npublished: 2024-01-01\n---\n" + ENGLISH.encode(),
            "yaml.md",
            "malformed front matter (line 3)",
        ),
        "front matter not a mapping": (
            b"---\n- a list\n- not fields\n---\n" + ENGLISH.encode(),
            "list.md",
            "malformed front matter: a mapping of fields expected, not list",
        ),
        "front matter not closed": (
            b"---\ntitle: Open\n" + ENGLISH.encode(),
            "open.md",
            "malformed front matter: no closing '---' line",
        ),
        "bad date": (
            b"---\npublished: 31/12/2023\n---\n" + ENGLISH.encode(),
            "date.md",
            "front matter: published '31/12/2023' is not an ISO 8601 date",
        ),
        "bad url": (
            b"---\nurl: ftp://example.org/x\n---\n" + ENGLISH.encode(),
            "url.md",
            "front matter: url 'ftp://example.org/x' is not an http:// or https://",
        ),
        "50 MB": (None, "huge.md", f"too large ({FIFTY_MB:,} bytes; the limit is {MAX_BYTES:,})"),
    }
    out = {}
    for kind, (data, name, reason) in cases.items():
        path = folder / name
        if data is None:
            with path.open("wb") as f:  # sparse: 50 MB on paper, nothing on disk
                f.truncate(FIFTY_MB)
        else:
            path.write_bytes(data)
        out[kind] = (path, reason)
    return out


def test_each_bad_file_is_one_line_naming_the_file_and_the_reason(tmp_path):
    for kind, (path, reason) in bad_files(tmp_path).items():
        with pytest.raises(ArticleError) as err:
            read_article(path)
        line = str(err.value)
        assert line == f"[E200] {path}: {err.value.reason}", kind
        assert "\n" not in line, kind
        assert reason in err.value.reason, (kind, line)


def test_a_duplicate_in_the_corpus_is_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.md").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: B\n---\n" + ENGLISH.upper(), encoding="utf-8")
    (tmp_path / "c.md").write_text("Something else entirely. " + ENGLISH, encoding="utf-8")
    errors: list[ArticleError] = []
    ids = [a.meta.id for a in iter_articles([tmp_path], errors)]
    assert ids == ["a", "c"]
    assert [str(e) for e in errors] == [
        f"[E200] {tmp_path / 'b.md'}: same text as {tmp_path / 'a.md'} (a duplicate; remove one)"
    ]


@pytest.mark.parametrize(
    ("data", "label", "reason"),
    [
        (b"", "empty.txt", "empty file"),
        (b"  \n\t\n", "blank.txt", "empty file"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(200), "prog.md", "a binary file, not text"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj << /Type /Catalog", "broken.pdf", "a corrupt PDF ("),
        (b"PK\x03\x04 a zip, renamed", "policy.pdf", "not a PDF (no %PDF- header)"),
        ("Coopération".encode("latin-1") * 20, "latin1.txt", "not UTF-8 text (byte 4)"),
        ((FIXTURES / "maint_navigation.html").read_bytes(), "nav.html", "no article text in"),
        (b"---\ntitle: [x\n---\nText", "fm.md", "malformed front matter (line 3)"),
    ],
)
def test_kg_add_rejects_bad_input_with_one_line(tmp_path, data, label, reason):
    with pytest.raises(ArticleError) as err:
        add_article(data, tmp_path / "corpus", label=label)
    assert str(err.value).startswith(f"[E200] {label}: ")
    assert reason in err.value.reason
    assert "\n" not in str(err.value)
    assert not (tmp_path / "corpus").exists()


def test_kg_add_refuses_a_50_mb_file_without_reading_it(tmp_path):
    from kg.add import MAX_INPUT_BYTES, read_source

    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(FIFTY_MB)
    with pytest.raises(ArticleError) as err:
        read_source(big)
    assert str(err.value) == (
        f"[E200] {big}: too large ({FIFTY_MB:,} bytes; the limit is {MAX_INPUT_BYTES:,})"
    )


# ------------------------------------------------------------------ on the real server
NASTY = [
    "Robert'); MATCH (n) DETACH DELETE n; //",
    'Evil "Corp" } RETURN 1 UNION MATCH (n) SET n.name = "pwned" //',
    "<script>alert('x')</script> & Partners <b>Ltd</b>",
    "`backtick` Agency $param {curly} \\u0000 \\\\ Backslash",
    "Ünïcödé — Cyber‐Agentur «Test» 🛡️",
]


def nasty_record() -> Record:
    quote = 'They said: \'); DROP DATABASE neo4j; // <img src=x onerror=alert(1)> & "$rows"'
    ev = [Evidence(quote + " " + n, 0, len(quote)) for n in NASTY[:1]]
    return Record(
        article=ArticleMeta(
            id="evil'); MATCH (n) DETACH DELETE n; //",
            title="<h1>Title</h1> {x} $y",
            url="https://example.org/?q=') OR 1=1 --",
            sha256="f" * 64,
        ),
        organisations=[Organisation(n, "company", evidence=ev) for n in NASTY],
        agreements=[Agreement("mou", name=NASTY[1], parties=NASTY[:2], evidence=ev)],
        partnerships=[Relation(NASTY[2], NASTY[3], ev)],
    )


@pytest.mark.neo4j
def test_cypher_and_html_metacharacters_load_verbatim(clean_db, neo4j_settings):
    db = neo4j_settings.neo4j_database
    good = Record(
        article=ArticleMeta(id="good", sha256="0" * 64),
        organisations=[Organisation("Kenya", "country", evidence=[Evidence("Kenya.", 0, 6)])],
    )
    loader = Loader(clean_db, database=db)
    loader.load([good])
    loader.load([nasty_record()])
    records, _, _ = clean_db.execute_query(
        "MATCH (o:Organisation) RETURN o.name AS name", database_=db
    )
    names = {r["name"] for r in records}
    assert set(NASTY) <= names
    assert "Kenya" in names and "pwned" not in names
    records, _, _ = clean_db.execute_query(
        "MATCH (e:Evidence) WHERE e.quote STARTS WITH 'They said' RETURN e.quote AS q, "
        "e.article AS a",
        database_=db,
    )
    assert records[0]["q"].startswith("They said: '); DROP DATABASE neo4j; // <img src=x")
    assert records[0]["a"] == "evil'); MATCH (n) DETACH DELETE n; //"
    records, _, _ = clean_db.execute_query(
        "MATCH (a:Article {id: $id}) RETURN a.title AS t, a.url AS u",
        id="evil'); MATCH (n) DETACH DELETE n; //",
        database_=db,
    )
    assert records[0]["t"] == "<h1>Title</h1> {x} $y"
    assert records[0]["u"] == "https://example.org/?q=') OR 1=1 --"


def seed_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("11-ghana-rwanda-mozambique-mou", "12-nitda-kaspersky-mou"):
        shutil.copy(DEV / f"{name}.txt", folder / f"{name}.txt")
        shutil.copy(DEV / f"{name}.meta.json", folder / f"{name}.meta.json")
    return folder


@pytest.mark.neo4j
@pytest.mark.skipif(not DEV.is_dir(), reason="needs the shared dev articles")
def test_bad_files_leave_the_graph_as_it_was(clean_db, neo4j_settings, tmp_path, monkeypatch):
    from kg.build import build_graph

    corpus = seed_corpus(tmp_path / "corpus")
    monkeypatch.setenv("CYBERKG_CORPUS", str(corpus))
    first = build_graph(neo4j_settings, clean_db, paths=[corpus])
    assert first.errors == [] and first.articles == 2
    before = graph_counts(clean_db, neo4j_settings.neo4j_database)
    assert before["node:Article"] == 2 and before["node:Organisation"] > 2

    bad = bad_files(corpus)
    report = build_graph(neo4j_settings, clean_db, paths=[corpus])
    assert graph_counts(clean_db, neo4j_settings.neo4j_database) == before
    lines = sorted(str(e) for e in report.errors)
    assert len(lines) == len(bad)
    for kind, (path, reason) in bad.items():
        assert any(line.startswith(f"[E200] {path}: ") and reason in line for line in lines), kind
