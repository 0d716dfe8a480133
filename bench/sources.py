"""Sources other than plain text: how faithfully and how fast PDFs are read, and what a PDF,
a saved page or a Word file costs a build against its text.

`python -m bench.sources [--repeat N] [--output docs/benchmarks.md]` measures this section
alone and writes it into the report in place of the one there; `python -m bench` measures it
with the others (section `formats`).

Fidelity is measured on PDFs typeset from the seed issue (tests/typeset.py), once with an
embedded TrueType font and once with a font the PDF only names (STSong-Light), against the
lines the typesetter printed: for each extractor (PDFium through pypdfium2, which gongbao
reads with; pdfminer.six; pdfplumber), how many printed lines come back identical, and how
many characters are lost or added.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .measure import PYTHON, ROOT, bench_env, checked, run_process

sys.path.insert(0, str(ROOT / "tests"))

SEED = ROOT / "sources" / "cq-gazette-2023-06.txt"
REAL = ROOT / "tests" / "real" / "guofa-2019-4.txt"
PAGE = ROOT / "tests" / "fixtures" / "pages" / "guofa-2019-4.html"
HEADS = ("2023年第6期", "重庆市人民政府公报")
TITLE = "## 6. Sources other than plain text"


def _typeset(text_path: Path, pdf_path: Path, font_kind: str) -> list[str]:
    """Typeset a text as the tests do; the printed lines, in order."""
    import typeset
    from test_pdf_source import _blocks

    font = typeset.font(font_kind)
    lines = typeset.layout(_blocks(text_path.read_text(encoding="utf-8")), font)
    typeset.render(lines, pdf_path, font, head=HEADS, plain_pages=2)
    return ["".join(ch for _, ch in line.chars).strip() for line in lines]


def _pdfium_lines(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    out = []
    for page in document:
        out += page.get_textpage().get_text_range().replace("\r", "").split("\n")
    return out


def _pdfminer_lines(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    out = []
    for page in extract_pages(str(path), laparams=LAParams()):
        for element in page:
            if isinstance(element, LTTextContainer):
                out += [line.get_text() for line in element if isinstance(line, LTTextLine)]
    return out


def _pdfplumber_lines(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [line["text"] for page in pdf.pages for line in page.extract_text_lines()]


EXTRACTORS = [("PDFium (pypdfium2)", "pypdfium2", _pdfium_lines),
              ("pdfminer.six", "pdfminer.six", _pdfminer_lines),
              ("pdfplumber", "pdfplumber", _pdfplumber_lines)]


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _fidelity(printed: list[str], got: list[str]) -> dict:
    furniture = re.compile(r"^(?:— \d+ —|" + "|".join(map(re.escape, HEADS)) + r")$")
    # Running heads and page numbers are printed too, but not by the typesetter's lines: the
    # first occurrences of the heads (the masthead) stay.
    got = [g.strip() for g in got if g.strip()]
    masthead = got[:6]
    got = masthead + [g for g in got[6:] if not furniture.match(g)]
    lines = difflib.SequenceMatcher(None, printed, got, autojunk=False)
    same = sum(block.size for block in lines.get_matching_blocks())
    a, b = "".join(printed).replace(" ", ""), "".join(got).replace(" ", "")
    chars = difflib.SequenceMatcher(None, a, b, autojunk=False)
    lost = added = 0
    for tag, i1, i2, j1, j2 in chars.get_opcodes():
        if tag in ("replace", "delete"):
            lost += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    return {"printed_lines": len(printed), "identical_lines": same, "printed_chars": len(a),
            "lost_chars": lost, "added_chars": added}


def _timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


_PEAK_OF_CHILD = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
                  "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def measure(workdir: Path, repeat: int = 5, log=print) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    from gongbao.parse.source import read_source

    pdfs = {}
    for kind, label in (("embedded", "embedded TrueType font"), ("cid", "named font (STSong-Light)")):
        path = workdir / "pdf" / kind / "cq-gazette-2023-06.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        pdfs[kind] = (label, path, _typeset(SEED, path, kind))
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(str(pdfs["embedded"][1])))
    fidelity = []
    for kind, (label, path, printed) in pdfs.items():
        for name, package, read in EXTRACTORS:
            version = _version(package)
            if version is None:
                fidelity.append({"font": label, "extractor": name, "missing": True})
                continue
            log(f"sources: {name} on the {label}")
            row = {"font": label, "extractor": f"{name} {version}", **_fidelity(printed, read(path))}
            row["seconds"] = _timed(lambda: read(path), repeat)
            fidelity.append(row)
        log(f"sources: gongbao's reading of the {label}")
        fidelity.append({"font": label, "extractor": "gongbao `read_source` (PDFium, heads and folios dropped, "
                                                      "paragraphs joined)",
                         "seconds": _timed(lambda: read_source(path), repeat)})
    builds = []
    env = bench_env()
    cases = [("seed issue, text", SEED), ("seed issue, PDF", pdfs["embedded"][1]),
             ("国发〔2019〕4号, text", REAL), ("国发〔2019〕4号, saved portal page", PAGE)]
    docx_path = workdir / "docx" / "guofa-2019-4.docx"
    docx_path.parent.mkdir(parents=True, exist_ok=True)
    from test_docx_source import write_docx

    write_docx(REAL.read_text(encoding="utf-8"), docx_path)
    cases.append(("国发〔2019〕4号, Word file", docx_path))
    for label, source in cases:
        samples = []
        command = [PYTHON, "cli.py", "build", str(source), "--graph-dir", str(workdir / "graph"), "-q"]
        for rep in range(repeat):
            log(f"sources: build {label}, run {rep + 1}/{repeat}")
            shutil.rmtree(workdir / "graph", ignore_errors=True)
            samples.append(checked(run_process(command, env=env), f"building {source}").seconds)
        # Linux counts a child's pages from before its exec in its peak RSS: this process, with
        # every extractor loaded, would inflate it. A small process starts the build instead.
        shutil.rmtree(workdir / "graph", ignore_errors=True)
        wrapped = checked(run_process([PYTHON, "-c", _PEAK_OF_CHILD, *command], env=env), f"building {source}")
        builds.append({"source": label, "file": source.name, "seconds": samples,
                       "max_rss_kib": int(wrapped.stdout.strip().splitlines()[-1])})
    return {"pages": pages, "repeat": repeat, "fidelity": fidelity, "builds": builds}


def render(result: dict) -> list[str]:
    from .report import _range, _s, _table, _x

    out = [TITLE, "",
           f"The seed issue typeset into a {result['pages']}-page PDF as the tests do it (tests/typeset.py: "
           "titles centred, paragraphs broken at the line width and justified, a running head and a page "
           "number on every page after the cover and contents), once with an embedded font and once with a "
           f"font the PDF only names. {result['repeat']} run(s) each; seconds per page are the median over the "
           "runs divided by the pages.", "",
           "### Reading the text layer", ""]
    rows = []
    for row in result["fidelity"]:
        if row.get("missing"):
            rows.append([row["font"], row["extractor"], "not installed", "", "", ""])
            continue
        per_page = statistics.median(row["seconds"]) / result["pages"]
        if "printed_lines" in row:
            rows.append([row["font"], row["extractor"], f"{row['identical_lines']:,} of {row['printed_lines']:,}",
                         f"{row['lost_chars']} / {row['added_chars']} of {row['printed_chars']:,}",
                         f"{per_page * 1000:.2f} ms", _range(row["seconds"])])
        else:
            rows.append([row["font"], row["extractor"], "", "", f"{per_page * 1000:.2f} ms", _range(row["seconds"])])
    out += _table(["font", "extractor", "printed lines read identically", "characters lost / added",
                   "per page", "whole PDF (min – max)"], rows, "llrrrr")
    out += ["", "gongbao reads PDFs with PDFium: it kept every character with both fonts, where pdfminer.six "
            "(and pdfplumber, which reads with pdfminer.six) lose characters the named font's CMap does not map, "
            "and it is the fastest of the three.", "",
            "### Building from each kind of file", "",
            "The whole `python cli.py build FILE --graph-dir TMP -q` process, the same document as text and as the "
            "file a user has.", ""]
    base = {}
    rows = []
    for build in result["builds"]:
        median = statistics.median(build["seconds"])
        document = build["source"].split(",")[0]
        base.setdefault(document, median)
        rows.append([build["source"], f"`{build['file']}`", _s(median), _range(build["seconds"]),
                     _x(median / base[document]), f"{build['max_rss_kib'] / 1024:.0f}"])
    out += _table(["source", "file", "median", "min – max", "vs its text", "peak RSS MiB"], rows, "llrrrr")
    return out + [""]


def splice(report: Path, section: list[str], note: str, title: str = TITLE) -> None:
    """Put the section into the report in place of the one there (or before the method)."""
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    block = "\n".join(section[:1] + ["", note] + section[1:]).rstrip() + "\n\n"
    if title in text:
        start = text.index(title)
        following = text.find("\n## ", start + len(title))
        text = text[:start] + block + (text[following + 1:] if following >= 0 else "")
    elif "\n## How this was measured" in text:
        at = text.index("\n## How this was measured") + 1
        text = text[:at] + block + text[at:]
    else:
        text = text.rstrip() + "\n\n" + block
    report.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sources", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    from . import machine

    workdir = Path(tempfile.mkdtemp(prefix="gongbao-bench-sources-"))
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    try:
        result = measure(workdir, args.repeat, log=lambda m: print(f"[bench] {m}", file=sys.stderr, flush=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    info = machine.describe()
    note = (f"Measured by `python -m bench.sources --repeat {args.repeat}` on {started}, commit {info['commit']}, "
            "on the machine described above.")
    splice(args.output, render(result), note)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def measure_into_report(name: str, command: str, measure, render, output: Path, title: str,
                        json_path: Path | None = None) -> None:
    """Run `measure(workdir, log)` in a fresh temporary directory and splice `render(result)` into
    the report under `title`, with a note of the command, the date and the commit."""
    import json
    import shutil
    import sys
    import tempfile
    import time

    from . import machine

    workdir = Path(tempfile.mkdtemp(prefix=f"gongbao-bench-{name}-"))
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    try:
        result = measure(workdir, lambda m: print(f"[bench] {m}", file=sys.stderr, flush=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if json_path:
        json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    note = (f"Measured by `{command}` on {started}, commit {machine.describe()['commit']}, "
            "on the machine described above.")
    splice(output, render(result), note, title)
    print(f"wrote {output}", file=sys.stderr)
