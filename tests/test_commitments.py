"""Targets over time: commitments, their histories (cq16) and their changes (cq09).

Each row of mappings/indicators.csv reads its examples to its label, and each row of
mappings/counting-words.csv compares its two examples as one number; the rules of a change each
have a case; the seed's histories are typed by hand from its text (tests/expected/cq16.tsv); and
three issues of our own (tests/fixtures/cq-gazette-2024-0{2,4,6}.txt) set one target, restate it
in other words, raise it and lower it (tests/expected/fixture-2024/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_expected
from gongbao import paths
from gongbao import query as queries
from gongbao import reference
from gongbao.build import compile_sources, run_build
from gongbao.commitments import (change, commitment_key, commitment_quads, histories, revision, statement_iri, tails,
                                 tails_from_json, tails_json)
from gongbao.errors import QueryError
from gongbao.mapping.iris import Minter
from gongbao.mapping.vocab import GB
from gongbao.mapping.targets import statement_fact
from gongbao.parse.paragraph import Para
from gongbao.parse.targets import TargetReader
from gongbao.store import current_generation, open_read_only, read_dump

FIXTURES = Path(__file__).parent / "fixtures"
THREE_ISSUES = [FIXTURES / f"cq-gazette-2024-0{n}.txt" for n in (2, 4, 6)]
CQ16 = ["indicator", "scope", "year", "number", "date", "path", "value", "unit", "change", "quote"]
CQ09 = ["indicator", "year", "numberA", "pathA", "valueA", "numberB", "pathB", "valueB", "unit", "unitB"]


def _read(sentence: str):
    reader = TargetReader(list(reference.scope_names()))
    reader.read(Para(sentence, list(range(len(sentence))), 1))
    return reader.targets


def _fact(target, document="d", date="2024-01-01", number="n"):
    label = reference.indicators().canonical(target.indicator)
    fact = statement_fact(target, f"t/{document}/{target.span.start}", f"indicator/{label}", label, "一")
    return {**fact, "jurisdiction": "500000", "document": document, "number": number, "date": date}


def _examples(table: str):
    return [(row, example) for row in reference.read_table(paths.MAPPINGS / table, ["examples"])
            for example in row["examples"].split("|")]


@pytest.mark.parametrize("row, example", _examples("indicators.csv"), ids=lambda v: v if isinstance(v, str) else "")
def test_each_example_of_the_indicator_table_reads_to_its_label(row, example):
    table = reference.indicators()
    labels = [table.canonical(t.indicator) for t in _read(example)]
    if row["kind"] == "generic-measure":
        # A measure that needs an owner is read with it (科技服务业营业收入), and alone compares nothing.
        assert any(label.endswith(row["label"]) and label != row["label"] for label in labels), labels
        assert not table.comparable(row["label"])
    else:
        assert row["label"] in labels, labels


@pytest.mark.parametrize("row", reference.read_table(paths.MAPPINGS / "counting-words.csv", ["examples"]),
                         ids=lambda r: r["word"])
def test_each_counting_word_counts_what_its_twin_counts(row):
    (a,), (b,) = (_read(example) for example in row["examples"].split("|"))
    assert {a.base_unit, b.base_unit} == {row["word"], row["counts_as"]}
    assert change(_fact(a), _fact(b)) == "restated"


def _one(sentence: str, **where):
    [target] = _read(sentence)
    return _fact(target, **where)


@pytest.mark.parametrize("before, after, expected", [
    ("到2027年，技术合同成交额超过1100亿元。", "到2027年，技术合同成交额达到0.11万亿元。", "restated"),
    ("到2027年，技术合同成交额达到1100亿元。", "到2027年，技术合同成交额1100亿元左右。", "restated"),
    ("到2027年，技术合同成交额超过1100亿元。", "到2027年，技术合同成交额超过1300亿元。", "raised"),
    ("到2027年，技术合同成交额超过1300亿元。", "到2027年，技术合同成交额达到1200亿元。", "lowered"),
    ("到2027年，高新技术企业数量达到1.27万家。", "到2027年，高新技术企业数量达到12700家。", "restated"),
])
def test_what_a_later_statement_does_to_the_value(before, after, expected):
    assert change(_one(before), _one(after)) == expected


def _bounded(comparator, base, base_max=None, unit="元"):
    return {"comparator": comparator, "base": base, "base_max": base_max, "base_unit": unit}


@pytest.mark.parametrize("before, after, expected", [
    # A size class spans one order of magnitude: 千亿级 is 10^11 up to 10^12 元.
    (_bounded("class", "100000000000"), _bounded("class", "100000000000"), "restated"),
    (_bounded("class", "100000000000"), _bounded("class", "1000000000000"), "raised"),
    (_bounded(">=", "1200000000000"), _bounded("class", "100000000000"), "lowered"),
    (_bounded(">=", "500000000000"), _bounded("class", "100000000000"), "changed"),  # 5000亿 is inside 千亿级
    # A range by its bounds: the same bounds restate, wholly above raises, an overlap changes.
    (_bounded("range", "2", "3", "个"), _bounded("range", "2", "3", "个"), "restated"),
    (_bounded("range", "2", "3", "个"), _bounded("range", "3", "5", "个"), "raised"),
    (_bounded("range", "2", "4", "个"), _bounded("range", "3", "5", "个"), "changed"),
    (_bounded("range", "3", "5", "个"), _bounded("=", "2", unit="个"), "lowered"),
    # Another kind of number, or another unit, has no order with the first.
    (_bounded(">=", "10", unit="%"), _bounded("<=", "20", unit="%"), "changed"),
    (_bounded("=", "10", unit="%"), _bounded("=", "10", unit="个"), "changed"),
    (_bounded("<=", "10", unit="%"), _bounded("<=", "8", unit="%"), "lowered"),
])
def test_bounds_order_ranges_classes_and_kinds(before, after, expected):
    assert change(before, after) == expected


def test_two_numbers_of_one_document_are_each_compared_with_the_earlier_document():
    first = _one("到2027年，智能工厂数量达到50个。", document="a", number="1号", date="2024-01-01")
    later = [_one("到2027年，智能工厂数量达到50个。", document="b", number="2号", date="2024-02-01"),
             _one("到2027年，智能工厂数量达到20个。", document="b", number="2号", date="2024-02-01")]
    later[1]["start"] += 100
    after = _one("到2027年，智能工厂数量达到30个。", document="c", number="3号", date="2024-03-01")
    [(_, history)] = histories([after, *later, first])
    assert [r["change"] for r in history] == ["first", "restated", "lowered", "raised"]
    assert [r["previous"]["target"] if r["previous"] else None for r in history] == \
        [None, first["target"], first["target"], later[1]["target"]]
    assert [r["until"] for r in history] == ["2024-02-01", "2024-02-01", "2024-03-01", None]


def _cq16(store, **params):
    text = queries.load_query("cq16")
    if params:
        text = queries.bind_parameters(text, params)
    _, rows = queries.rows(store, text)
    return rows


def _as_text(value) -> str:
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _table(rows, columns):
    return [tuple(_as_text(r[c]) for c in columns) for r in rows]


def _expected(name, columns):
    return [tuple(r[c] for c in columns) for r in read_expected(name)]


def test_cq16_gives_the_seeds_histories_as_the_text_does(store):
    rows = _cq16(store)
    counts = {}
    for r in rows:
        key = (r["jurisdiction"], r["indicator"], r["scope"], r["year"])
        counts[key] = counts.get(key, 0) + 1
    shared = [r for r in rows if counts[(r["jurisdiction"], r["indicator"], r["scope"], r["year"])] > 1]
    assert _table(shared, CQ16) == _expected("cq16", CQ16)
    # Both revisions of the seed raise the value: 1.27万家 to 1.28万家, 1100亿元 to 1300亿元.
    assert sorted((r["indicator"], r["number"]) for r in shared if r["change"] == "raised") == [
        ("技术合同成交额", "渝府办发〔2023〕26号"), ("高新技术企业数量", "渝府办发〔2023〕26号")]
    assert {r["change"] for r in rows if counts[(r["jurisdiction"], r["indicator"], r["scope"], r["year"])] == 1} \
        == {"first"}


def test_cq16_keeps_the_statement_in_force_at_a_date(store):
    def technology_contracts(on):
        return [(r["number"], _as_text(r["value"])) for r in _cq16(store, inForceOn=on)
                if r["indicator"] == "技术合同成交额" and r["year"] == 2027]

    assert technology_contracts("2023-03-09") == []  # before 渝府发〔2023〕8号
    assert technology_contracts("2023-03-10") == [("渝府发〔2023〕8号", "1100")]
    assert technology_contracts("2023-03-28") == [("渝府发〔2023〕8号", "1100")]
    assert technology_contracts("2023-03-29") == [("渝府办发〔2023〕26号", "1300")]
    assert technology_contracts("2030-01-01") == [("渝府办发〔2023〕26号", "1300")]
    # Of one document's two numbers under one label, the later in its text is the one in force.
    [factories] = [r for r in _cq16(store, inForceOn="2023-06-30") if r["indicator"] == "智能工厂数量"]
    assert (factories["path"], _as_text(factories["value"])) == ("二/（七）/35", "20")


@pytest.mark.parametrize("value", ["2023-3-10", "2023-02-30", "yesterday", "2023-03-10T00:00:00"])
def test_a_date_that_is_no_date_is_refused(value):
    with pytest.raises(QueryError, match="inForceOn expects a date as YYYY-MM-DD"):
        queries.bind_parameters(queries.load_query("cq16"), {"inForceOn": value})


@pytest.fixture(scope="module")
def three_issues(tmp_path_factory):
    graph_dir = tmp_path_factory.mktemp("commitments")
    run_build(THREE_ISSUES, graph_dir)
    return open_read_only(graph_dir)


def test_a_target_first_set_restated_raised_and_lowered(three_issues):
    assert _table(_cq16(three_issues), CQ16) == _expected("fixture-2024/cq16", CQ16)


def test_cq09_gives_exactly_the_two_changes(three_issues):
    _, rows = queries.rows(three_issues, queries.load_query("cq09"))
    assert _table(rows, CQ09) == _expected("fixture-2024/cq09", CQ09)
    assert [r["change"] for r in rows] == ["raised", "lowered"]


def test_in_force_across_three_issues(three_issues):
    def in_force(on):
        return [(r["number"], _as_text(r["value"]), r["unit"]) for r in _cq16(three_issues, inForceOn=on)
                if r["indicator"] == "技术合同成交额"]

    assert in_force("2024-02-19") == [("渝府办发〔2024〕5号", "1100", "亿元")]
    assert in_force("2024-02-20") == [("渝府办发〔2024〕20号", "0.11", "万亿元")]
    assert in_force("2024-03-10") == [("渝府办发〔2024〕30号", "1300", "亿元")]
    assert in_force("2024-12-31") == [("渝府办发〔2024〕35号", "1200", "亿元")]


def _commitments(graph_dir) -> set[str]:
    graph = Minter(None).graph("commitments")
    store = open_read_only(graph_dir)
    return {str(q) for q in store.quads_for_pattern(None, None, None, graph)}


@pytest.mark.parametrize("order", [-1, 1], ids=["latest-first", "in-date-order"])
def test_issues_added_one_at_a_time_in_any_order_give_the_same_commitments(three_issues, tmp_path, order):
    # The latest issue first: the earlier ones, added after it, move its statements' positions;
    # in date order, each issue continues the histories.
    graph_dir = tmp_path / "one-by-one"
    for count in range(1, 4):
        build = run_build(THREE_ISSUES[::order][:count], graph_dir)
    assert build.reused == 2
    at_once = tmp_path / "at-once"
    run_build(THREE_ISSUES, at_once)
    assert _commitments(graph_dir) == _commitments(at_once)
    assert len(_commitments(at_once)) > 0


def test_an_issue_that_continues_every_history_is_appended_from_the_tails_alone(tmp_path):
    # The third issue's documents come after the first two's, so each commitment it states is
    # appended to: the build reads its statements and the published tails, no earlier shard's.
    graph_dir = tmp_path / "appended"
    run_build(THREE_ISSUES[:2], graph_dir)
    earlier = sorted((graph_dir / "shards").glob("*/statements.json"))
    assert len(earlier) == 2
    for path in earlier:
        path.unlink()
    run_build(THREE_ISSUES, graph_dir)
    at_once = tmp_path / "at-once"
    run_build(THREE_ISSUES, at_once)
    assert read_dump(graph_dir) == read_dump(at_once)
    assert (current_generation(graph_dir) / "commitments.json").read_bytes() == \
        (current_generation(at_once) / "commitments.json").read_bytes()


@pytest.mark.parametrize("added", [2, 0], ids=["the-latest-continues", "the-earliest-comes-before"])
def test_a_revision_turns_the_earlier_commitments_into_those_of_every_statement(added):
    statements = [summary["statements"] for summary in compile_sources(THREE_ISSUES).sources]
    earlier = [f for i, facts in enumerate(statements) if i != added for f in facts]
    asked = []

    def earlier_of(keys):
        asked.append(keys)
        return [f for f in earlier if commitment_key(f) in keys]

    revised = revision(tails(earlier), statements[added], earlier_of)
    kept = {q for q in commitment_quads(earlier) if q.subject not in revised.subjects
            and not (q.subject in revised.counts and q.predicate == GB.statementCount)}
    assert kept | set(revised.quads) == set(commitment_quads(earlier + statements[added]))
    every = tails(earlier + statements[added])
    assert {**tails(earlier), **revised.tails} == every
    earlier_statements = {statement_iri(Minter(None), f["target"]) for f in earlier}
    if added == 2:  # appended to from the tails: no earlier statement is read or computed again, one is superseded
        assert revised.counts and not earlier_statements & revised.subjects and not asked
        assert any(q.subject in earlier_statements and q.predicate == GB.supersededOn for q in revised.quads)
    else:
        assert earlier_statements & revised.subjects and asked


def test_a_commitments_tail_is_its_count_and_its_last_statement():
    statements = [f for summary in compile_sources(THREE_ISSUES).sources for f in summary["statements"]]
    found = tails(statements)
    key = next(k for k in found if "技术合同成交额" in next(f["label"] for f in statements if commitment_key(f) == k)
               and k[3] == 2027)
    # 技术合同成交额 for 2027 is stated four times; the last is the third issue's later document
    # (渝府办发〔2024〕35号, 2024年3月20日): 达到1200亿元
    assert found[key].count == 4
    last = found[key].last
    assert (last["number"], last["value"], last["unit"], last["comparator"]) == ("渝府办发〔2024〕35号", "1200", "亿元", "=")
    assert tails_from_json(tails_json(found)) == found


def test_each_commitment_counts_the_statements_that_state_it(three_issues):
    # The shapes judge a commitment on its own triples, its count among them: the count is what
    # says it has statements, so it must be their number.
    query = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
    SELECT ?commitment ?count (COUNT(?statement) AS ?statements) WHERE {
      ?commitment a gb:Commitment ; gb:statementCount ?count .
      OPTIONAL { ?statement gb:statementOf ?commitment }
    } GROUP BY ?commitment ?count"""
    rows = [(int(r["count"].value), int(r["statements"].value))
            for r in three_issues.query(query, use_default_graph_as_union=True)]
    assert all(count == statements for count, statements in rows)
    # 技术合同成交额 for 2027: 超过1100亿元, 达到0.11万亿元, then 超过1300亿元 and 达到1200亿元 in the
    # last issue; R&D 投入强度 达到2.6% in the first two
    assert sorted(statements for _, statements in rows) == [2, 4]
