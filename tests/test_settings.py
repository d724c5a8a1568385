"""Settings come from the environment, checked before anything uses them."""

from __future__ import annotations

import pytest

from kg.errors import ServerError
from kg.settings import get_settings
from kg.store import neo4j_server


def test_memory_of_the_managed_server_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CYBERKG_NEO4J_HEAP", "2G")
    monkeypatch.setenv("CYBERKG_NEO4J_PAGECACHE", "512m")
    conf = neo4j_server.render_conf(get_settings())
    assert "server.memory.heap.max_size=2g" in conf
    assert "server.memory.pagecache.size=512m" in conf


def test_a_bad_memory_size_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERKG_NEO4J_PAGECACHE", "half")
    with pytest.raises(ServerError, match="CYBERKG_NEO4J_PAGECACHE='half'"):
        get_settings()


def test_neo4j_uri_means_an_external_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example.org:7687")
    settings = get_settings()
    assert not settings.managed
    assert settings.uri == "neo4j://db.example.org:7687"
