"""`kg add`: text, Markdown, HTML and PDF become corpus files with complete front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.add import add_article, safe_slug
from kg.cli.maint import add as add_cmd
from kg.corpus import read_article
from kg.errors import ArticleError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGLISH = (
    "Kenya and Romania have signed a memorandum of understanding on cyber security. "
    "The agreement was signed in Bucharest by the two ministers, who said that it would "
    "strengthen the exchange of information on threats and the training of experts in both "
    "countries. The partnership is part of a wider plan to protect critical infrastructure.\n"
)


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def run(tmp_path: Path, *args: str, stdin: bytes | None = None):
    env = {"CYBERKG_CORPUS": str(tmp_path / "corpus"), "CYBERKG_VAR": str(tmp_path / "var")}
    return CliRunner().invoke(add_cmd, list(args), env=env, input=stdin)


def test_plain_text_with_options_gets_complete_front_matter(tmp_path):
    src = tmp_path / "kenya.txt"
    src.write_text(ENGLISH, encoding="utf-8")
    result = run(
        tmp_path,
        str(src),
        "--title",
        "Kenya and Romania sign an MoU",
        "--url",
        "https://example.org/news/kenya-romania",
        "--published",
        "2024-05-31",
        "--publisher",
        "Example News",
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "corpus" / "kenya-and-romania-sign-an-mou.md"
    assert result.output == f"Added {path} (text, 54 words): Kenya and Romania sign an MoU\n"
    assert front(path) == {
        "title": "Kenya and Romania sign an MoU",
        "url": "https://example.org/news/kenya-romania",
        "published": "2024-05-31",
        "publisher": "Example News",
        "language": "en",
    }
    article = read_article(path)  # the build reads it back as it was given
    assert article.text == "\n" + ENGLISH  # the body as written after the front matter
    assert article.meta.published == "2024-05-31"


def test_markdown_front_matter_is_kept_and_options_win(tmp_path):
    src = tmp_path / "a.md"
    src.write_text(
        "---\ntitle: From the file\npublished: 2023-01-02\nsource: a press release\n---\n"
        + ENGLISH,
        encoding="utf-8",
    )
    added = add_article(
        src.read_bytes(), tmp_path / "corpus", label=str(src), publisher="Given Publisher"
    )
    assert added.kind == "markdown"
    meta = front(added.path)
    assert meta["title"] == "From the file"
    assert meta["published"] == "2023-01-02"
    assert meta["publisher"] == "Given Publisher"
    assert meta["url"] is None
    assert meta["source"] == "a press release"
    assert list(meta)[:5] == ["title", "url", "published", "publisher", "language"]


def test_html_page_keeps_the_article_and_drops_menus_and_footer(tmp_path):
    src = FIXTURES / "maint_article.html"
    added = add_article(src.read_bytes(), tmp_path / "corpus", label=str(src))
    assert added.kind == "html"
    meta = front(added.path)
    assert meta["title"] == "NITDA partners with Kaspersky to bolster Nigeria's cybersecurity"
    assert meta["published"] == "2025-09-08"
    assert meta["publisher"] == "Tech Watch Africa"
    assert meta["url"] == "https://techwatch.example.com/2025/09/08/nitda-kaspersky"
    text = read_article(added.path).text
    assert "signed a memorandum of understanding with Kaspersky" in text
    for chrome in ("Subscribe", "Privacy policy", "Copyright", "Contact us"):
        assert chrome not in text


def test_pdf_text_and_metadata(tmp_path):
    src = FIXTURES / "maint_policy.pdf"
    added = add_article(src.read_bytes(), tmp_path / "corpus", label=str(src))
    assert added.kind == "pdf"
    meta = front(added.path)
    assert meta["title"] == "Ghana and Rwanda sign a cyber security MoU"
    assert meta["published"] == "2022-10-07"
    text = read_article(added.path).text
    # hard line breaks of the PDF are joined: whole sentences for the extractor
    assert "the National Cyber Security Authority of Rwanda agreed to share" in text


def test_stdin(tmp_path):
    result = run(tmp_path, "-", "--title", "From stdin", stdin=ENGLISH.encode())
    assert result.exit_code == 0, result.output
    assert (tmp_path / "corpus" / "from-stdin.md").is_file()


def test_title_defaults_to_first_line_and_names_do_not_collide(tmp_path):
    a = add_article(("# Cyber pact\n\n" + ENGLISH).encode(), tmp_path / "corpus")
    b = add_article(("# Cyber pact\n\nAnother text. " + ENGLISH).encode(), tmp_path / "corpus")
    assert a.path.name == "cyber-pact.md"
    assert b.path.name == "cyber-pact-2.md"
    assert front(b.path)["title"] == "Cyber pact"


def test_duplicate_is_refused_naming_the_file_that_has_it(tmp_path):
    first = run(tmp_path, "-", "--title", "One", stdin=ENGLISH.encode())
    assert first.exit_code == 0
    shouting = ENGLISH.upper().replace(" ", "   \n ")
    again = run(tmp_path, "-", "--title", "Two", stdin=shouting.encode())
    assert again.exit_code == 1
    existing = tmp_path / "corpus" / "one.md"
    assert again.output == (
        f"Error: [E200] <stdin>: already in the corpus as {existing} (same text)\n"
    )
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["one.md"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--published", "31/05/2024", "published '31/05/2024' is not an ISO 8601 date"),
        ("--published", "2024-02-30", "published '2024-02-30' is not a valid date"),
        ("--published", "yesterday", "published 'yesterday' is not an ISO 8601 date"),
        ("--url", "example.org/news", "url 'example.org/news' is not an http:// or https://"),
        ("--url", "javascript:alert(1)", "url 'javascript:alert(1)' is not an http:// or"),
        ("--url", "https://", "url 'https://' is not an http:// or https:// address with a host"),
        ("--url", "https://exa mple.org/", "contains spaces or control characters"),
    ],
)
def test_bad_date_or_url_is_one_clear_line_and_writes_nothing(tmp_path, option, value, message):
    result = run(tmp_path, "-", option, value, stdin=ENGLISH.encode())
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E200] <stdin>: ")
    assert message in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "corpus").exists() or not any((tmp_path / "corpus").iterdir())


@pytest.mark.parametrize(
    "name",
    [
        "../../escape",
        "/etc/passwd",
        "..",
        "a/../../b",
        "nul\x00byte",
        "x" * 5000,
        "..\\..\\windows",
        "~/home",
        "",
    ],
)
def test_file_names_with_path_tricks_stay_inside_the_corpus(tmp_path, name):
    corpus = tmp_path / "inner" / "corpus"
    added = add_article(ENGLISH.encode(), corpus, title="T", name=name or None)
    assert added.path.parent == corpus.resolve()
    assert added.path.suffix == ".md"
    assert len(added.path.name) <= 83
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [added.path.name]


def test_a_symlink_in_the_corpus_is_never_followed_or_replaced(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "outside.md"
    (corpus / "t.md").symlink_to(outside)  # dangling: writing through it would create outside
    added = add_article(ENGLISH.encode(), corpus, title="T")
    assert added.path.name == "t-2.md"
    assert not outside.exists()


def test_safe_slug():
    assert safe_slug("Kenya & Romania: a new MoU!") == "kenya-romania-a-new-mou"
    assert safe_slug("../../etc/passwd") == "etc-passwd"
    assert safe_slug("\x00\x00") == "article"
    assert len(safe_slug("word " * 100)) <= 80


def test_non_english_is_rejected_unless_its_language_is_given(tmp_path):
    src = FIXTURES / "maint_french.md"
    result = run(tmp_path, str(src))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: [E200] {src}: looks like French, not English: CyberKG extracts English "
        "articles only (to keep it in corpus/ without extracting it, add it with --language fr)\n"
    )
    kept = run(tmp_path, str(src), "--language", "fr")
    assert kept.exit_code == 0
    assert "Note: language 'fr': kept in corpus/ but not extracted." in kept.output
    path = next((tmp_path / "corpus").iterdir())
    assert front(path)["language"] == "fr"
    with pytest.raises(ArticleError, match="language 'fr': only English articles are extracted"):
        read_article(path)


def test_help_has_an_example():
    result = CliRunner().invoke(add_cmd, ["--help"])
    assert "Example: kg add" in result.output


def test_a_meta_json_beside_a_text_file_gives_its_metadata(tmp_path):
    src = tmp_path / "story.txt"
    src.write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        '{"title": "From the sidecar", "url": "https://example.org/s", "date": "2022-10-07"}',
        encoding="utf-8",
    )
    result = run(tmp_path, str(src), "--publisher", "P")
    assert result.exit_code == 0, result.output
    meta = front(tmp_path / "corpus" / "from-the-sidecar.md")
    assert meta["url"] == "https://example.org/s"
    assert meta["published"] == "2022-10-07"
    assert meta["publisher"] == "P"


def test_what_the_corpus_holds_is_remembered_by_file_stamp(tmp_path):
    """A later `kg add` reads only the corpus files that changed, and sees the change."""
    import json

    assert run(tmp_path, "-", "--title", "One", stdin=ENGLISH.encode()).exit_code == 0
    other = "Chile and Japan agreed to train their experts together. " * 6
    assert run(tmp_path, "-", "--title", "Two", stdin=other.encode()).exit_code == 0
    cache = json.loads((tmp_path / "var" / "cache" / "corpus-index.json").read_text())
    assert sorted(Path(p).name for p in cache) == ["one.md", "two.md"]
    one = tmp_path / "corpus" / "one.md"
    edited = "Ghana and Estonia will exchange information on threats every month. " * 5
    one.write_text(one.read_text().split("---\n\n")[0] + "---\n\n" + edited, "utf-8")
    again = run(tmp_path, "-", "--title", "Three", stdin=edited.encode())
    assert again.exit_code == 1
    assert f"already in the corpus as {one} (same text)" in again.output
