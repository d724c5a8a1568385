"""No Cypher is built from article text or user input: only ontology names are interpolated.

Every f-string in ``kg/`` and ``ontology/`` that holds Cypher may interpolate
labels, relationship types and keys taken from the ontology, nothing else;
values travel as ``$parameters``. A new interpolation fails this test until it
is shown to be an ontology name (and added below) or turned into a parameter.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DELETE|REMOVE|SET|CALL|WHERE)\b")
# Names that hold labels, relationship types or keys read from ontology/*.ttl.
ONTOLOGY_NAMES = re.compile(
    r"^(?:"
    r"(?:self\.)?L\[[^\]]+\]|(?:self\.)?ont\.(?:rel|label)\('[A-Za-z]+'\)"
    r"|(?:rel|r)\.(?:type|iri)|c\.(?:label|key)|rtype|types|label|labels|src|dst|coop|ev|org"
    r"|stated_in|prop|props|remove|add|match"
    r")(?:\.lower\(\))?$"
)


def interpolations() -> list[tuple[str, int, str]]:
    found = []
    for folder in ("kg", "ontology"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if not CYPHER.search(literal):
                    continue
                for value in node.values:
                    if isinstance(value, ast.FormattedValue):
                        found.append(
                            (str(path.relative_to(ROOT)), node.lineno, ast.unparse(value.value))
                        )
    return found


def test_cypher_f_strings_interpolate_only_ontology_names():
    found = interpolations()
    assert found, "the scan found no Cypher at all: the pattern is broken"
    bad = [
        f"{path}:{line}: {{{expr}}}" for path, line, expr in found if not ONTOLOGY_NAMES.match(expr)
    ]
    assert bad == [], "Cypher built from values (use $parameters):\n" + "\n".join(bad)


def test_the_scan_catches_a_value_in_a_query(tmp_path):
    tree = ast.parse("q = f\"MATCH (o:Organisation {{name: '{name}'}}) RETURN o\"")
    (value,) = [v for v in ast.walk(tree) if isinstance(v, ast.FormattedValue)]
    assert not ONTOLOGY_NAMES.match(ast.unparse(value.value))
