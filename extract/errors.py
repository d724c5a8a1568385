"""Error texts of the extractor, each with a code and the offending value."""

from __future__ import annotations


class Errors:
    """Message templates; format them with the offending value."""

    E001 = "[E001] No gazetteer patterns found in {path}: expected a patterns.jsonl file."
    E002 = "[E002] Unknown commitment area {area!r}: it is not in ontology/cyberkg.ttl."
    E003 = "[E003] spaCy model {name!r} is not installed: pip install it or set CYBERKG_MODEL."
    E004 = "[E004] Component {name!r} needs {needs!r} earlier in the pipeline."


class ExtractError(ValueError):
    """A problem a user can fix (missing model, bad reference data)."""
