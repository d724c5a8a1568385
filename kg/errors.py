"""Errors a user can cause, each with a code, so the CLI prints one clear line."""

from __future__ import annotations


class CyberKGError(Exception):
    """Base error: its message is one line naming the file or value at fault."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ServerError(CyberKGError):
    code = "E100"


class DatabaseUnavailable(CyberKGError):
    code = "E101"


class BuildLocked(CyberKGError):
    """Another build holds the lock: the message says who."""

    code = "E102"


class DatabaseLost(CyberKGError):
    """Neo4j stopped answering in the middle of a command."""

    code = "E103"


class ArticleError(CyberKGError):
    """A bad article: the message names the file and the problem."""

    code = "E200"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class IdClash(ArticleError):
    """Two files that would be one article: the build refuses the second."""


class OntologyError(CyberKGError):
    code = "E300"


class QueryError(CyberKGError):
    code = "E400"


class ParameterError(QueryError):
    code = "E401"
