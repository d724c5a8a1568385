"""What a build remembers between runs, so a rebuild does only the work that changed.

- ``RecordCache``: extraction records by article text hash, under the pipeline
  version. A rebuild after adding one article re-extracts one article; upgrading
  the model or editing the extractor or the ontology changes the version and so
  re-extracts everything.
- ``pipeline_fingerprint``: that version, computed without importing spaCy or
  loading the model, so a build with nothing to extract never pays for either.
- ``Manifest``: each article file's size and modification time beside its
  metadata and text hash, so a rebuild reads only files that changed on disk
  (like git's index) instead of parsing 10,000 files' front matter.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import orjson

from extract.records import ArticleMeta, Record

ROOT = Path(__file__).resolve().parent.parent
# What extraction depends on besides the model: the extractor's code and the
# ontology it takes its triggers, cues and gazetteer from.
PIPELINE_SOURCES = ("extract", "ontology")
SOURCE_SUFFIXES = {".py", ".ttl", ".yaml", ".yml", ".json", ".txt", ".jsonl"}
MANIFEST_VERSION = 2


def _model_version(model: str) -> str:
    """The installed version of a model package, or a digest of a model folder's meta.json."""
    path = Path(model)
    if path.is_dir():
        meta = path / "meta.json"
        return hashlib.sha256(meta.read_bytes()).hexdigest()[:12] if meta.exists() else "dir"
    try:
        return metadata.version(model)
    except metadata.PackageNotFoundError:
        return "?"


def pipeline_fingerprint(model: str, root: Path = ROOT) -> str:
    """The version records are cached and loaded under: model, its version, pipeline sources.

    Every source file of the extractor and the ontology is hashed, so any change
    to them re-extracts; this takes milliseconds and needs neither spaCy nor the model.
    """
    digest = hashlib.sha256()
    for folder in PIPELINE_SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if (
                path.suffix in SOURCE_SUFFIXES
                and path.is_file()
                and "__pycache__" not in path.parts
            ):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    name = Path(model).name if Path(model).is_dir() else model
    return f"{name}-{_model_version(model)}+{digest.hexdigest()[:16]}"


class RecordCache:
    """One JSON file per (pipeline version, article text hash, article id)."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = Path(folder) / version.replace("/", "_")
        self.version = version

    def _path(self, article_id: str, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}-{article_id}.json"

    def get(self, article_id: str, sha256: str) -> Record | None:
        path = self._path(article_id, sha256)
        try:
            return Record.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, record: Record) -> None:
        meta = record.article
        path = self._path(meta.id, meta.sha256 or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record.to_dict(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


class Manifest:
    """Article file → (size, mtime, metadata incl. text hash) as of the last build.

    Entries hold only for the corpus reader they were made with: a change to
    ``kg/corpus.py`` (how text is hashed, what front matter means) drops them all.
    """

    def __init__(self, path: Path, reader: Path = ROOT / "kg" / "corpus.py") -> None:
        self.path = Path(path)
        try:
            self.reader = hashlib.sha256(reader.read_bytes()).hexdigest()[:16]
        except OSError:
            self.reader = "?"
        self.entries: dict[str, dict] = {}
        self.changed = False  # nothing to write back when a rebuild found nothing new
        try:
            # orjson: 100,000 entries are read and written on every rebuild
            data = orjson.loads(self.path.read_bytes())
            if data.get("version") == MANIFEST_VERSION and data.get("reader") == self.reader:
                self.entries = data["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    @staticmethod
    def stamp(path: str, st: os.stat_result | None = None) -> list[int] | None:
        """Size and mtime of the file, and of a plain-text article's metadata sidecar."""
        try:
            st = st or os.stat(path)
        except OSError:
            return None
        out = [st.st_size, st.st_mtime_ns]
        if path.endswith(".txt"):
            try:
                side = os.stat(path[:-4] + ".meta.json")
                out += [side.st_size, side.st_mtime_ns]
            except OSError:
                pass
        return out

    def get(self, path: str, stamp: list[int] | None) -> ArticleMeta | None:
        """The recorded metadata of an article file, if the file has the same stamp."""
        entry = self.entries.get(path)
        if entry is None or stamp is None or entry["stamp"] != stamp:
            return None
        return ArticleMeta(**entry["meta"], path=path)

    def put(self, path: str, stamp: list[int] | None, meta: ArticleMeta) -> None:
        if stamp is not None:
            # the path is the entry's key: not stored twice (100,000 entries add up)
            fields = {k: v for k, v in asdict(meta).items() if k != "path"}
            self.entries[path] = {"stamp": stamp, "meta": fields}
            self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        if len(paths) != len(self.entries) or any(k not in paths for k in self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in paths}
            self.changed = True

    def save(self) -> None:
        """Write the manifest back, if anything changed (a no-op rebuild writes nothing)."""
        if not self.changed and self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        data = {"version": MANIFEST_VERSION, "reader": self.reader, "files": self.entries}
        tmp.write_bytes(orjson.dumps(data))
        tmp.replace(self.path)
        self.changed = False
