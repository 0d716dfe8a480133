"""gongbao's command line: build, validate, query, serve, export, stats, ontology.

Exit codes: 0 success (for validate: conforms), 1 validation violations, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, paths
from .errors import EXIT_OK, EXIT_VIOLATIONS, GongbaoError, ValidationFailed

_FORMATS = ["table", "csv", "tsv", "json", "xml"]


class Cli(click.Group):
    """Turns every typed error into one clear line on stderr and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationFailed as failure:
            click.echo(failure.report.text(), err=True)
            click.echo("error: the graph does not conform to the shapes; nothing was written", err=True)
            ctx.exit(EXIT_VIOLATIONS)
        except GongbaoError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


_graph_dir = click.option("--graph-dir", type=click.Path(file_okay=False, path_type=Path),
                          default=None, help="Where the store, dump and build report live (default: graph/).")


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongbao")
def main():
    """gongbao: Chinese government gazettes as a knowledge graph served over SPARQL.

    \b
    Typical use:
      python cli.py build            parse sources/*.txt, validate, write graph/store
      python cli.py query cq03       ask a competency question of the store
      python cli.py serve            the site and SPARQL endpoint on http://127.0.0.1:7878
    """


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_graph_dir
@click.option("--base", default=None, help="Base IRI for minted identifiers (default: $GONGBAO_BASE or "
              "https://w3id.org/gongbao/id/).")
@click.option("--executor", default="local", show_default=True,
              help="Where sources are read: local (a process per core), local:N, serial, or dask://HOST:PORT "
                   "(the workers of a Dask scheduler).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
def build(sources, graph_dir, base, executor, quiet):
    """Build the graph from gazette issues and documents (text, PDF, saved web page, .docx; default: sources/*.txt) into the store.

    Only sources that are new or changed since the last build (or read by other code) are read
    again; sources left out of the list leave the store.
    """
    from .build import run_build

    sources = list(sources) or sorted(paths.SOURCES.glob("*.txt"))
    if not sources:
        raise click.UsageError("no sources given and none in sources/")
    progress = None if quiet else (lambda message: click.echo(f"  {message}", err=True))
    result = run_build(sources, graph_dir, base, progress, executor)
    verb = "built" if result.changed else "unchanged:"
    click.echo(f"{verb} {result.quad_count} quads from {len(result.sources)} source(s), {result.documents} document(s) "
               f"({result.read} read, {result.reused} kept from earlier builds) → {result.store}")
    click.echo(f"validation: {len(result.report.warnings)} warning(s); parser notices: {len(result.notices)} "
               f"(see {(graph_dir or paths.GRAPH) / 'build-report.json'})")
    if not quiet:
        for warning in result.report.warnings:
            click.echo("  warning " + warning.line().replace("\n", "\n  "), err=True)
        for source, notice in result.notices:
            click.echo(f"  notice {source}:{notice.line or ''} {notice.message}", err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@_graph_dir
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the SHACL validation report graph (Turtle) to this file.")
@click.option("--limit", default=20, show_default=True, help="Results shown per shape.")
def validate(files, graph_dir, report_path, limit):
    """Validate the built graph, or the given RDF files, against shapes/ (exit 0 conforms, 1 violations, 2 bad input)."""
    import rdflib

    from .errors import StoreError
    from .rdffiles import read_rdf
    from .store import dump_files
    from .validate import validate_graph

    if not files:
        try:
            files = dump_files(graph_dir)
        except StoreError as error:
            raise GongbaoError(f"{error}; or name files to validate") from None
    data = read_rdf(list(files))
    ontology = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")
    report = validate_graph(data, ontology=ontology)
    click.echo(report.text(limit))
    if report_path:
        report.graph.serialize(report_path, format="turtle")
    sys.exit(EXIT_VIOLATIONS if report.violations else EXIT_OK)


@main.command()
@click.argument("name")
@_graph_dir
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True,
              help="table for people; csv, tsv, json, xml (SPARQL results formats) for tools.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Set a query parameter (a `VALUES ?NAME { … }` line), e.g. --param agency=市发展改革委.")
@click.option("--all-columns", is_flag=True, help="Show every variable, not only the contract's columns.")
def query(name, graph_dir, fmt, params, all_columns):
    """Run a named query from queries/ (cq01 … ) or an .rq file against the store."""
    from . import query as queries
    from .store import open_read_only

    text = queries.load_query(name)
    bound = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected NAME=VALUE, got {param!r}", param_hint="--param")
        bound[key] = value
    text = queries.bind_parameters(text, bound)
    store = open_read_only(graph_dir)
    if fmt != "table":
        sys.stdout.buffer.write(queries.serialize(store, text, fmt))
        return
    variables, rows = queries.rows(store, text)
    columns = variables if all_columns else [v for v in variables if not _is_node_column(v, rows)]
    click.echo(queries.table(variables, rows, columns))


def _is_node_column(variable: str, rows) -> bool:
    """IRIs are for tools; the table for people hides columns that hold only IRIs."""
    values = [row[variable] for row in rows if row[variable] is not None]
    return bool(values) and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in values)


@main.command()
@_graph_dir
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--timeout", "timeout_s", default=10, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds a query may run before it is cut off.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (for browser clients on other origins).")
@click.option("--base", default=None, help="Base IRI of the graph's identifiers, served under /id/ (default: "
              "$GONGBAO_BASE or https://w3id.org/gongbao/id/).")
def serve(graph_dir, host, port, timeout_s, cors, base):
    """Serve the site: pages for every document, task, agency and leader, search, targets, the
    IRIs under /id/ as HTML or RDF, and SPARQL at /query (read-only); follows each new build."""
    from .serve import serve as run_server

    # Announced only once the store and the port have been checked, so that a refusal
    # is the only thing printed.
    run_server(graph_dir, host, port, timeout_s, cors, announce=lambda line: click.echo(line, err=True), base=base)


@main.command()
@_graph_dir
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to write into (default: graph/export/).")
@click.option("--bom", is_flag=True, help="Start each CSV file with a UTF-8 byte-order mark, so that Excel and "
              "WPS read the Chinese text correctly.")
def export(graph_dir, output, bom):
    """Export the store as CSV tables (queries/exports/) and as N-Quads, TriG and JSON-LD."""
    from .export import run_export

    output = output or (graph_dir or paths.GRAPH) / "export"
    for item in run_export(output, graph_dir, bom, lambda message: click.echo(f"  {message}", err=True)):
        click.echo(f"{item.path}  {item.count} {item.what}")


@main.command()
@_graph_dir
@click.option("--targets", "targets", is_flag=True,
              help="Show the target reader's coverage: clauses with numbers, targets taken, every number skipped and why.")
def stats(graph_dir, targets):
    """Counts per class and per document in the built store."""
    from . import query as queries
    from .store import open_read_only

    if targets:
        from .coverage import coverage_text

        click.echo(coverage_text(graph_dir or paths.GRAPH))
        return
    store = open_read_only(graph_dir)
    for report in ("classes", "documents"):
        variables, rows = queries.rows(store, queries.load_query(str(paths.QUERIES / "reports" / f"{report}.rq")))
        for row in rows:
            if "class" in row:
                row["class"] = row["class"].rsplit("#", 1)[-1]
        click.echo(queries.table(variables, rows))
        click.echo()
    from .coverage import outline_text

    click.echo(outline_text(graph_dir or paths.GRAPH))


@main.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the RDF/XML release (default: ontology/gongbao.owl).")
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write HTML documentation of the ontology (pyLODE) to this file.")
@click.option("--merged", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the built graph merged with the ontology as N-Triples for OWL reasoners.")
@_graph_dir
def ontology(output, html, merged, graph_dir):
    """Generate the ontology's release forms from ontology/gongbao.ttl: RDF/XML (Protégé, owlready2), HTML, merged."""
    from .ontology import write_html, write_release

    click.echo(f"wrote {write_release(output)}")
    if html:
        click.echo(f"wrote {write_html(html)}")
    if merged:
        from .reasoning import write_merged
        from .store import dump_files

        click.echo(f"wrote {write_merged(dump_files(graph_dir), merged)}")


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_graph_dir
def dump(output, graph_dir):
    """Write the published graph's whole N-Quads dump to OUTPUT (- for standard output).

    graph/dump/ holds it as files: shared.nq, then sources/<file>.nq in name order."""
    from .store import write_dump

    if str(output) == "-":
        write_dump(sys.stdout.buffer, graph_dir)
        return
    partial = output.with_name(output.name + ".partial")
    with open(partial, "wb") as handle:
        size = write_dump(handle, graph_dir)
    partial.replace(output)
    click.echo(f"wrote {output} ({size} bytes)", err=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
