"""Extraction records cached by article content hash and pipeline version.

A rebuild after adding one article re-extracts one article; upgrading the model
or the pipeline changes the version and so re-extracts everything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from extract.records import Record


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
