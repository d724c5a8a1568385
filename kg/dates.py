"""ISO 8601 dates of any precision, as articles give them: '2015', '2017-04', '2022-10-03'."""

from __future__ import annotations

PRECISION = {4: "year", 7: "month", 10: "day"}


def precision(date: str | None) -> str | None:
    """'year', 'month' or 'day' for an ISO 8601 date of that precision; None without one."""
    return PRECISION.get(len(date)) if date else None
