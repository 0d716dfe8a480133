"""Every competency query is pinned by a case: the query, the seed graph, and rows read by hand.

The contract columns come from COMPETENCY.md; a query may return more, never fewer.
"""

from decimal import Decimal, InvalidOperation

import pytest

from conftest import EXPECTED, read_expected
from gongbao import query as queries

CONTRACT = {
    "cq01": ["number", "title", "issuer", "date", "startYear", "endYear", "page"],
    "cq02": ["number", "path", "kind", "title"],
    "cq03": ["number", "path", "role", "unit", "agency"],
    "cq04": ["official", "post", "relation", "object"],
    "cq05": ["number", "path", "role", "agency", "official", "post"],
    "cq06": ["number", "path", "quote", "official"],
    "cq07": ["number", "path", "quote"],
    "cq10": ["agency", "number", "path"],
    "cq11": ["region", "kind", "code", "number", "path"],
    "cq12": ["fromNumber", "fromPath", "relation", "toNumber", "quote", "basis", "confidence"],
    "cq14": ["agency", "number", "path", "role", "title"],
    "cq15": ["number", "path", "quote", "called", "answerNumber", "answerTitle", "confidence"],
    "cq08": ["number", "path", "indicator", "scope", "comparator", "value", "valueMax", "unit", "baseValue",
             "baseUnit", "year", "quote"],
    "cq09": ["indicator", "year", "numberA", "pathA", "valueA", "numberB", "pathB", "valueB", "unit"],
    "cq13": ["entity", "type", "number", "quote", "start", "end", "page"],
    "cq16": ["indicator", "scope", "year", "number", "date", "path", "value", "unit", "change", "quote"],
}
# Where the text itself fixes the order (document order), the rows must come in it.
ORDERED = {"cq01", "cq02", "cq03", "cq09", "cq04", "cq06", "cq07", "cq12", "cq14"}
# Queries whose expected rows are checked in their own tests below, not row for row here.
# cq15: tests/test_calls.py (its quotes may cross a page break); cq16: tests/test_commitments.py (the
# expected rows are the commitments stated more than once).
OWN_TESTS = {"cq08", "cq13", "cq15", "cq16"}


def test_every_query_has_a_case():
    missing = [name for name in queries.available() if not (EXPECTED / f"{name}.tsv").exists()]
    assert missing == []
    assert set(queries.available()) == set(CONTRACT)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1100.0 and 1100 are one number
    return str(value)


def _expected_text(value):
    try:
        return format(Decimal(value).normalize(), "f")
    except InvalidOperation:
        return value


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_query_returns_the_contract_columns(store, name):
    variables, _ = queries.rows(store, queries.load_query(name))
    assert [c for c in CONTRACT[name] if c not in variables] == []


@pytest.mark.parametrize("name", sorted(set(CONTRACT) - OWN_TESTS))
def test_query_answers_what_the_text_says(store, name):
    variables, rows = queries.rows(store, queries.load_query(name))
    columns = CONTRACT[name]
    got = [tuple(_as_text(row[c]) for c in columns) for row in rows]
    expected = [tuple(_expected_text(r[c]) for c in columns) for r in read_expected(name)]
    if name in ORDERED:
        assert got == expected
    else:
        assert sorted(got) == sorted(expected)


def test_typed_literals(store):
    _, rows = queries.rows(store, queries.load_query("cq01"))
    first = rows[0]
    assert isinstance(first["startYear"], int) and isinstance(first["page"], int)
    solution = next(iter(store.query(queries.load_query("cq01"), use_default_graph_as_union=True)))
    assert solution["date"].datatype.value == "http://www.w3.org/2001/XMLSchema#date"


def test_parameter_binding_replaces_values_line():
    text = 'SELECT * WHERE { VALUES ?agency { "市科技局"@zh } ?x ?y ?agency }'
    bound = queries.bind_parameters(text, {"agency": "市发展改革委"})
    assert 'VALUES ?agency { "市发展改革委"@zh }' in bound
    with pytest.raises(queries.QueryError):
        queries.bind_parameters(text, {"nope": "x"})


def test_cq13_spans_select_their_quotes(store, seed_source):
    _, rows = queries.rows(store, queries.load_query("cq13"))
    for row in rows:
        assert seed_source.text[row["start"]:row["end"]] == row["quote"]
    # 85 numbered items and the 6 groups of 26号 三 that carry unit lists are the tasks.
    assert sum(1 for r in rows if r["type"] == "task") == 91
    _, targets = queries.rows(store, queries.load_query("cq08"))
    assert sum(1 for r in rows if r["type"] == "target") == len(targets)
    for expected in read_expected("cq13"):
        assert any(r["type"] == expected["type"] and r["number"] == expected["number"] and r["path"] == expected["path"]
                   and expected["quote"] in r["quote"] for r in rows), expected
