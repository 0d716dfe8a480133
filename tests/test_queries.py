"""Every competency query is pinned by a case: the query, the seed graph, and rows read by hand.

The contract columns come from COMPETENCY.md; a query may return more, never fewer.
"""

import pytest

from conftest import EXPECTED, read_expected
from gongbao import query as queries

CONTRACT = {
    "cq01": ["number", "title", "issuer", "date", "startYear", "endYear", "page"],
    "cq02": ["number", "path", "kind", "title"],
    "cq03": ["number", "path", "role", "unit", "agency"],
}
# Where the text itself fixes the order (document order), the rows must come in it.
ORDERED = {"cq01", "cq02", "cq03"}


def test_every_query_has_a_case():
    missing = [name for name in queries.available() if not (EXPECTED / f"{name}.tsv").exists()]
    assert missing == []
    assert set(queries.available()) == set(CONTRACT)


def _as_text(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_query_answers_what_the_text_says(store, name):
    variables, rows = queries.rows(store, queries.load_query(name))
    columns = CONTRACT[name]
    assert [c for c in columns if c not in variables] == []
    got = [tuple(_as_text(row[c]) for c in columns) for row in rows]
    expected = [tuple(r[c] for c in columns) for r in read_expected(name)]
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
