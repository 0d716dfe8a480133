"""Named SPARQL queries from queries/, run against the store, printed as a table or a standard format."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryResultsFormat, Store

from . import paths
from .errors import QueryError

FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV,
           "json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML}


def available(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or paths.QUERIES).glob("*.rq"))


def load_query(name: str, directory: Path | None = None) -> str:
    """A query by name (cq03) from queries/, or from a path to an .rq file."""
    path = Path(name)
    if not (path.suffix == ".rq" and path.exists()):
        path = (directory or paths.QUERIES) / f"{name}.rq"
    if not path.exists():
        raise QueryError(f"unknown query {name!r}; available: {', '.join(available(directory))}")
    return path.read_text(encoding="utf-8")


_LITERAL = r'"(?:[^"\\]|\\.)*"(?:@[A-Za-z-]+)?'
_ROW = re.compile(r"(VALUES\s*\()([^)]*)(\)\s*\{\s*\()((?:\s*" + _LITERAL + r")+)(\s*\)\s*\})")


# A query declares a typed parameter in its header, `# parameter ?inForceOn xsd:date`: its value is
# checked and typed, since a SPARQL cast of a bad value fails silently and the filter on it vanishes.
_DECLARED = re.compile(r"^#\s*parameter\s+\?(\w+)\s+xsd:(date)\b", re.M)


def _typed(query: str, name: str, value: str) -> str | None:
    declared = dict(_DECLARED.findall(query)).get(name)
    if declared is None:
        return None
    try:
        date.fromisoformat(value)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
    except ValueError:
        raise QueryError(f"?{name} expects a date as YYYY-MM-DD, got {value!r}") from None
    return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#date>'


def bind_parameters(query: str, params: dict[str, str]) -> str:
    """Replace the default of a parameter with the given value, keeping its language tag, on every
    VALUES line that binds it: `VALUES ?name { … }`, or one row of `VALUES (?a ?name) { ( … ) }`
    (a query that repeats its parameters in a subquery and outside it gets them in both)."""
    for name, value in params.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        typed = _typed(query, name, value)

        def literal(old: str) -> str:
            if typed:
                return typed
            lang = re.search(r'"@([A-Za-z-]+)$', old)
            return f'"{escaped}"' + (f"@{lang.group(1)}" if lang else "")

        single = re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)\s*([^}]*)(\})")

        def one(m: re.Match) -> str:
            return f"{m.group(1)} {literal(m.group(2).strip())} {m.group(3)}"

        def row(m: re.Match) -> str:
            names = re.findall(r"\?(\w+)", m.group(2))
            if name not in names:
                return m.group(0)
            values = re.findall(_LITERAL, m.group(4))
            values[names.index(name)] = literal(values[names.index(name)])
            return f"{m.group(1)}{m.group(2)}{m.group(3)}{' '.join(values)}{m.group(5)}"

        rows = [m for m in _ROW.finditer(query) if name in re.findall(r"\?(\w+)", m.group(2))]
        if not single.search(query) and not rows:
            raise QueryError(f"the query has no parameter ?{name} (no `VALUES ?{name} {{ … }}` line)")
        query = _ROW.sub(row, single.sub(one, query))
    return query


def run(store: Store, query: str):
    try:
        return store.query(query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    except OSError as error:
        raise QueryError(f"query failed: {error}") from error


def rows(store: Store, query: str) -> tuple[list[str], list[dict[str, object]]]:
    """Variables and rows, with literals as Python values where the datatype has one."""
    solutions = run(store, query)
    variables = [v.value for v in solutions.variables]
    result = []
    for solution in solutions:
        result.append({name: python_value(solution[name]) for name in variables})
    return variables, result


def python_value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith("#integer"):
            return int(term.value)
        if datatype.endswith("#decimal"):
            from decimal import Decimal
            return Decimal(term.value)
        return term.value
    if isinstance(term, NamedNode):
        return term.value
    return str(term)


def serialize(store: Store, query: str, fmt: str) -> bytes:
    return run(store, query).serialize(format=FORMATS[fmt])


def table(variables: list[str], result: list[dict[str, object]], columns: list[str] | None = None) -> str:
    """A plain-text table that lines up Chinese (double-width) characters."""
    columns = columns or variables
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in result]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(result)} row{'s' if len(result) != 1 else ''})")
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
