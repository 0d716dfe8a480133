"""The CLI in-process with click's CliRunner: output, formats and exit codes."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from conftest import SEED
from gongbao.cli import main


@pytest.fixture()
def runner():
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_query_table(runner, built):
    result = invoke(runner, "query", "cq01", "--graph-dir", built[0])
    assert result.exit_code == 0
    assert "渝府办发〔2023〕27号" in result.output and "(4 rows)" in result.output


def test_query_csv_and_json(runner, built):
    result = invoke(runner, "query", "cq03", "--graph-dir", built[0], "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 173
    assert rows[0]["unit"] == "市科技局" and rows[0]["role"] == "responsible"
    result = invoke(runner, "query", "cq02", "--graph-dir", built[0], "--format", "json")
    bindings = json.loads(result.output)["results"]["bindings"]
    assert len(bindings) == 123


def test_unknown_query_exits_2(runner, built):
    result = runner.invoke(main, ["query", "cq99", "--graph-dir", str(built[0])])
    assert result.exit_code == 2
    assert "unknown query 'cq99'" in result.output


def test_query_without_store_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["query", "cq01", "--graph-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no store yet" in result.output


def test_build_of_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "none.txt"), "--graph-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "none.txt" in result.output and "no such file" in result.output


def test_build_reports_and_stats(runner, tmp_path):
    result = invoke(runner, "build", SEED, "--graph-dir", tmp_path, "--quiet")
    assert result.exit_code == 0
    assert "4 document(s)" in result.output
    report = json.loads((tmp_path / "build-report.json").read_text(encoding="utf-8"))
    assert report["documents"][0] == "渝府发〔2023〕8号"
    stats = invoke(runner, "stats", "--graph-dir", tmp_path)
    assert "Item" in stats.output and "85" in stats.output


def test_validate_built_graph_conforms(runner, built):
    result = runner.invoke(main, ["validate", "--graph-dir", str(built[0])])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output


def test_validate_broken_file_exits_1_and_writes_report(runner, tmp_path):
    data = tmp_path / "broken.ttl"
    data.write_text("""
@prefix gb: <https://w3id.org/gongbao/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
<urn:doc> a gb:PolicyDocument ; eli:id_local "8号" .
""", encoding="utf-8")
    report = tmp_path / "report.ttl"
    result = runner.invoke(main, ["validate", str(data), "--report", str(report)])
    assert result.exit_code == 1
    assert "gbs:PolicyDocumentShape" in result.output
    assert "sh:ValidationReport" in report.read_text(encoding="utf-8") or "ValidationReport" in report.read_text(encoding="utf-8")


def test_validate_unreadable_rdf_exits_2(runner, tmp_path):
    data = tmp_path / "bad.ttl"
    data.write_text("this is not turtle <", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 2
    assert "bad.ttl" in result.output and "valid turtle" in result.output
