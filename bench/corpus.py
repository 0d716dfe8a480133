"""A synthetic corpus of N gazette-like issues, made by varying the seed issue realistically.

Issue 0 is the seed itself, byte for byte. Issue k > 0 is the seed with, deterministically
from k:

- its place in the publishing calendar: year and issue number (24 issues a year, counting on
  from 2023 No.6), the running total number, the publication date, and every document's
  signing date;
- its document numbers: the series stays (渝府发, 渝府办发), the year follows the issue and the
  sequence numbers change, so that every document gets its own IRI;
- the numbers in the running text of the plans (targets, counts, percentages) scaled by a
  random factor; years, dates, item labels and numbers glued to Latin letters (5G, M0) stay;
- the order of the numbered items within each group (or part), renumbered so the printed
  labels still run on as in the seed;
- the agencies named in unit lists （牵头单位：…；责任单位：…）, swapped among the agencies of
  the same kind in mappings/agencies.csv, so that they still resolve.

Every generated issue is parsed, and must parse into as many documents and outline nodes
as the seed (`write_corpus` asserts it).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from gongbao import paths, reference
from gongbao.parse import parse_source
from gongbao.parse.document import NUMBER
from gongbao.parse.outline import heading_of
from gongbao.parse.source import decode_source

SEED = paths.SOURCES / "cq-gazette-2023-06.txt"
ISSUES_PER_YEAR = 24
SEED_YEAR, SEED_POSITION, SEED_TOTAL = 2023, 5, 933  # 2023 No.6 is the sixth issue of its year

_DATE_LINE = re.compile(r"^(\s*)(\d{4})(\s*年\s*)(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日\s*)$")
_ISSUE_LINE = re.compile(r"^(\s*第\s*)(\d+)(\s*期\s*[（(]\s*总第\s*)(\d+)(\s*期\s*[）)]\s*)$")
_YEAR_LINE = re.compile(r"^(\s*)(\d{4})(\s*)$")
_PUBLISHED = re.compile(r"Published on [A-Z][a-z]+ \d{1,2}, \d{4} No\.\d+, \d{4} \(Issue \d+\)")
_ITEM_LABEL = re.compile(r"^(\s*)(\d{1,3})(\s*[.．、])")
# A number in running text: not part of a longer number, not glued to Latin letters, '+' or
# a year-like context (年 月 日 号 期 after it).
_NUMBER = re.compile(r"(?<![\dA-Za-z.+])(\d+)(\.\d+)?(?![\dA-Za-z+]|\s*[年月日号期])")
_UNIT_LIST = re.compile(r"[（(]\s*(?:牵头单位|责任单位)\s*[：:][^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*[）)]")
_UNIT_BOUNDARY_BEFORE = "：:、，,；;（( \n"
_UNIT_BOUNDARY_AFTER = "、，,；;）)等 \n"


def issue_place(k: int) -> tuple[int, int, int]:
    """(year, number, position within the year) of generated issue k; k = 0 is the seed."""
    position = SEED_POSITION + k
    return SEED_YEAR + position // ISSUES_PER_YEAR, position % ISSUES_PER_YEAR + 1, position % ISSUES_PER_YEAR


def file_name(k: int) -> str:
    if k == 0:
        return SEED.name
    year, number, _ = issue_place(k)
    return f"cq-gazette-{year}-{number:02d}.txt"


def generate(n: int, seed_text: str | None = None, rng_seed: int = 20230331) -> list[tuple[str, str]]:
    """N issues as (file name, text): the seed, then N − 1 variants of it."""
    seed_text = seed_text if seed_text is not None else SEED.read_text(encoding="utf-8")
    return [(file_name(k), seed_text if k == 0 else variant(seed_text, k, random.Random(rng_seed * 100003 + k)))
            for k in range(n)]


def write_corpus(n: int, directory: Path, rng_seed: int = 20230331) -> list[Path]:
    """Write N issues into `directory`; every one is parsed and checked against the seed's shape."""
    directory.mkdir(parents=True, exist_ok=True)
    seed_text = SEED.read_text(encoding="utf-8")
    expected = _shape(parse_source(decode_source(SEED.name, seed_text.encode("utf-8"))))
    written = []
    for name, text in generate(n, seed_text, rng_seed):
        issue = parse_source(decode_source(name, text.encode("utf-8")))
        assert _shape(issue) == expected, f"{name}: parses into {_shape(issue)}, the seed into {expected}"
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _shape(issue) -> tuple:
    """What must not change: documents, outline nodes per kind, unit mentions, leaders."""
    def nodes(doc):
        return list(doc.nodes())
    return tuple((len(nodes(d)), sum(len(u.units) for r in nodes(d) for u in r.unit_lists), len(d.leaders),
                  len(d.outline)) for d in issue.documents)


def variant(seed_text: str, k: int, rng: random.Random) -> str:
    lines = seed_text.split("\n")
    year, number, position = issue_place(k)
    lines = _masthead(lines, year, number, SEED_TOTAL + k)
    documents = _document_bounds(lines)
    lines = _numbers_and_dates(lines, documents, year, position)
    for start, plan_start, end in reversed(documents):
        lines[plan_start:end] = _shuffle_items(lines[plan_start:end], rng)
    documents = _document_bounds(lines)
    lines = _vary_running_numbers(lines, documents, rng)
    text = "\n".join(lines)
    return _swap_agencies(text, rng)


def _masthead(lines: list[str], year: int, number: int, total: int) -> list[str]:
    out = list(lines)
    published = _publication_date(year, number - 1)
    year_done = False
    for i, line in enumerate(out):
        if NUMBER.match(line.strip()):
            break  # the masthead ends where the first document begins
        if not year_done and _YEAR_LINE.match(line):
            out[i] = _YEAR_LINE.sub(lambda m: f"{m[1]}{year}{m[3]}", line)
            year_done = True
        elif m := _ISSUE_LINE.match(line):
            out[i] = f"{m[1]}{number}{m[3]}{total}{m[5]}"
        elif _PUBLISHED.search(line):
            out[i] = _PUBLISHED.sub(f"Published on {published.strftime('%B')} {published.day}, {year} "
                                    f"No.{number}, {year} (Issue {total})", line)
    return out


def _publication_date(year: int, position: int) -> dt.date:
    """Two issues a month: the 15th and the last day."""
    month = position // 2 + 1
    if position % 2 == 0:
        return dt.date(year, month, 15)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _document_bounds(lines: list[str]) -> list[tuple[int, int, int]]:
    """(title line, first line after the plan title, end) of each document."""
    numbers = [i for i, line in enumerate(lines) if NUMBER.match(line.strip())]
    titles = [max(j for j in range(i) if lines[j].strip()) for i in numbers]
    colophon = next((i for i in range(numbers[-1], len(lines)) if re.match(r"^\s*主管单位\s*[：:]", lines[i])),
                    len(lines))
    ends = titles[1:] + [colophon]
    bounds = []
    for title, number, end in zip(titles, numbers, ends):
        date = next(j for j in range(number, end) if _DATE_LINE.match(lines[j]))
        plan_title = next(j for j in range(date + 1, end) if lines[j].strip())
        bounds.append((title, plan_title + 1, end))
    return bounds


def _numbers_and_dates(lines: list[str], documents, year: int, position: int) -> list[str]:
    """New document numbers (series kept) and signing dates a few days before publication."""
    out = list(lines)
    published = _publication_date(year, position)
    sequences = {}
    for index, (start, _plan, end) in enumerate(documents):
        for i in range(start, end):
            m = NUMBER.match(out[i].strip())
            if m:
                series = m["series"]
                rank = sequences.setdefault(series, 0)
                sequences[series] += 1
                # 渝府发: two numbers per issue slot; 渝府办发: five; the seed's own (2023: 8, 24, 26, 27)
                # lie below every number given out to the issues after it.
                per_slot = 2 if series == "渝府发" else 5
                sequence = per_slot * position + 1 + rank
                out[i] = out[i].replace(m.group(0), f"{series}〔{year}〕{sequence}号")
                continue
            if d := _DATE_LINE.match(out[i]):
                signed = published - dt.timedelta(days=3 * (len(documents) - index) + index)
                out[i] = f"{d[1]}{signed.year}{d[3]}{signed.month}{d[5]}{signed.day}{d[7]}"
                break
    return out


def _shuffle_items(lines: list[str], rng: random.Random) -> list[str]:
    """Shuffle each run of sibling items (1. 2. 3. under one group or part) and renumber it."""
    heads = [(i, heading_of(line.strip())) for i, line in enumerate(lines) if line.strip()]
    heads = [(i, h) for i, h in heads if h is not None]
    if not heads:
        return lines
    out = lines[: heads[0][0]]
    blocks = []  # (heading kind, lines)
    for index, (i, heading) in enumerate(heads):
        end = heads[index + 1][0] if index + 1 < len(heads) else len(lines)
        blocks.append((heading.kind, lines[i:end]))
    run: list[list[str]] = []
    for kind, block in blocks + [("end", [])]:
        if kind == "item":
            run.append(block)
            continue
        out.extend(_renumbered(run, rng))
        run = []
        out.extend(block)
    return out


def _renumbered(run: list[list[str]], rng: random.Random) -> list[str]:
    if len(run) < 2:
        return [line for block in run for line in block]
    labels = [int(_ITEM_LABEL.match(block[0])[2]) for block in run]
    bodies = [_trim(block) for block in run]
    tail = run[-1][len(bodies[-1]):]  # the blank lines that close the run stay where they were
    order = list(range(len(run)))
    rng.shuffle(order)
    out = []
    for label, index in zip(labels, order):
        body = list(bodies[index])
        body[0] = _ITEM_LABEL.sub(lambda m: f"{m[1]}{label}{m[3]}", body[0], count=1)
        out.extend(body)
        out.append("")
    return out[:-1] + tail if tail else out


def _trim(block: list[str]) -> list[str]:
    end = len(block)
    while end > 1 and not block[end - 1].strip():
        end -= 1
    return block[:end]


def _vary_running_numbers(lines: list[str], documents, rng: random.Random) -> list[str]:
    out = list(lines)
    for _start, plan_start, end in documents:
        for i in range(plan_start, end):
            line = out[i]
            if not line.strip():
                continue
            skip = 0
            heading = heading_of(line.strip())
            if heading is not None and heading.kind == "item":
                skip = _ITEM_LABEL.match(line).end()
            out[i] = line[:skip] + _scale_text(line[skip:], rng)
    return out


_RANGE = re.compile(r"(\d+)(\s*[—–-]\s*)(\d+)")


def _scale_text(text: str, rng: random.Random) -> str:
    """Scale every number; a range (2—3个) with one factor and its upper bound kept above its lower."""
    pieces = []
    at = 0
    for m in _RANGE.finditer(text):
        pieces.append(_NUMBER.sub(lambda n: _scaled(n, rng), text[at:m.start()]))
        low, high = int(m.group(1)), int(m.group(3))
        if 1900 <= low <= 2100:  # a period such as 2023—2027
            pieces.append(m.group(0))
        else:
            factor = rng.uniform(0.8, 1.25)
            new_low = max(1, round(low * factor))
            pieces.append(f"{new_low}{m.group(2)}{max(new_low + 1, round(high * factor))}")
        at = m.end()
    pieces.append(_NUMBER.sub(lambda n: _scaled(n, rng), text[at:]))
    return "".join(pieces)


def _scaled(m: re.Match, rng: random.Random) -> str:
    whole, fraction = m.group(1), m.group(2)
    value = int(whole)
    if 1900 <= value <= 2100 and not fraction:
        return m.group(0)  # a year
    factor = rng.uniform(0.8, 1.25)
    if fraction:
        places = len(fraction) - 1
        return f"{float(m.group(0)) * factor:.{places}f}"
    return str(max(1, round(value * factor)))


def _swap_agencies(text: str, rng: random.Random) -> str:
    """Swap the agencies named in unit lists among agencies of the same kind."""
    table = reference.agencies()
    by_kind: dict[str, list[str]] = {}
    for agency in table.agencies:
        by_kind.setdefault(agency.kind, []).append(agency.name)
    swap: dict[str, str] = {}
    for names in by_kind.values():
        chosen = [name for name in names if rng.random() < 0.4]
        shuffled = chosen[1:] + chosen[:1]  # a cycle: every chosen name moves
        swap.update(zip(chosen, shuffled))
    if not swap:
        return text
    pattern = re.compile("|".join(re.escape(name) for name in sorted(swap, key=len, reverse=True)))

    def in_list(m: re.Match) -> str:
        inner = m.group(0)
        result, last = [], 0
        for found in pattern.finditer(inner):
            before = inner[found.start() - 1] if found.start() else "("
            after = inner[found.end()] if found.end() < len(inner) else ")"
            if before in _UNIT_BOUNDARY_BEFORE and after in _UNIT_BOUNDARY_AFTER:
                result.append(inner[last:found.start()])
                result.append(swap[found.group(0)])
                last = found.end()
        result.append(inner[last:])
        return "".join(result)

    return _UNIT_LIST.sub(in_list, text)
