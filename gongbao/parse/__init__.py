"""Source text → records: a gazette issue (masthead, contents, documents, colophon), or one or
more documents standing on their own, found by their number lines."""

from __future__ import annotations

from pathlib import Path

from .. import reference
from ..records import Issue, Notice, Span
from .document import head_element, head_start, is_number_line, read_document, title_start
from .frontmatter import FrontMatter, colophon_start, read_colophon, read_front_matter
from .pagefacts import apply_page_facts, read_page_facts
from .source import SourceText, decode_source, read_source
from .text import normalise_title

__all__ = ["parse_issue", "parse_text"]


def parse_issue(path: str | Path) -> Issue:
    """Parse a gazette issue from a file; raises SourceError naming file and line."""
    return parse_source(read_source(path))


def parse_text(text: str, name: str = "<text>") -> Issue:
    return parse_source(decode_source(name, text.encode("utf-8")))


def parse_source(source: SourceText) -> Issue:
    lines = source.lines
    page_facts = read_page_facts(lines)
    floor = page_facts.end  # a portal's metadata table stands above everything else
    number_lines = [i for i in range(floor, len(lines)) if is_number_line(lines, i)]
    if not number_lines:
        # The contents may still say which title lacks its number, and so give a line.
        _check_titles_have_numbers(source, lines, read_front_matter(source, lines).toc, [], [])
        raise source.error(None, "at least one document with a number line like 渝府发〔2023〕8号",
                           "no document number")
    starts = [_title_index(source, lines, i, low) for i, low in zip(number_lines, [floor] + number_lines)]
    starts = [head_start(lines, start, low) for start, low in zip(starts, [floor] + number_lines)]
    for previous, number_index, start in zip(number_lines, number_lines[1:], starts[1:]):
        if start <= previous:
            # Two number lines with no title between them (a doubled line): the second
            # document would have the first one's number line for its title.
            raise source.error(lines[number_index].number, "a document title before the number line",
                               lines[start].text.strip(), is_line=True)
    colophon = colophon_start(lines[number_lines[-1]:])
    end = number_lines[-1] + colophon if colophon is not None else len(lines)

    head = lines[floor: starts[0]]
    front = read_front_matter(source, head) if any(line.text.strip() for line in head) else FrontMatter()
    if front.year is None or front.number is None:
        if front.toc or front.gazette in {row["name"] for row in reference.gazettes()}:
            # a gazette's masthead or contents whose issue line is damaged: not documents on their own
            raise source.error(1, "the issue's year (2023) and number (第6期) in the masthead", None)
        # No masthead: documents standing on their own. What stands before the first one is
        # kept as a notice, not taken for an issue.
        front = FrontMatter()
        front.notices = [Notice(line.number, f"text before the first document, not read: {line.text.strip()}")
                         for line in head if line.text.strip()]
    _check_titles_have_numbers(source, lines, front.toc, starts, number_lines)
    issue = Issue(
        source_name=Path(source.name).name, gazette=front.gazette, gazette_en=front.gazette_en,
        year=front.year, number=front.number, total_number=front.total_number, date=front.date,
        span=Span(0, len(source.text)), toc=front.toc, notices=list(source.notices) + list(front.notices),
        media_type=source.media_type, page_count=len(source.pages) if source.pages else None,
        address=source.facts.get("address"),
    )
    bounds = starts[1:] + [end]
    for start, stop, number_index in zip(starts, bounds, number_lines):
        document, notices = read_document(source, lines[start:stop], lines[number_index])
        issue.documents.append(document)
        issue.notices.extend(notices)
    issue.colophon, colophon_notices = read_colophon(lines[end:])
    issue.notices.extend(colophon_notices)
    _check_unique_numbers(source, issue)
    _attach_contents(issue, front)
    issue.notices.extend(apply_page_facts(page_facts, issue.documents))
    return issue


def _check_titles_have_numbers(source: SourceText, lines, toc, starts: list[int], number_lines: list[int]) -> None:
    """Refuse a document whose number line is missing.

    Documents are found by their number lines; without one, a document's text would run on
    as part of the document before it (or of the front matter). Its title, listed in the
    contents and standing alone on a line of the text, gives it away.
    """
    titled = {normalise_title("".join(line.text for line in lines[start:stop] if not head_element(line.text)))
              for start, stop in zip(starts, number_lines)}
    missing = {entry.title for entry in toc} - titled
    if not missing:
        return
    after_contents = max(entry.span.end for entry in toc)
    for index, line in enumerate(lines):
        if line.start <= after_contents or normalise_title(line.text) not in missing:
            continue
        following = next((later for later in lines[index + 1:] if later.text.strip()), None)
        raise source.error((following or line).number,
                           f"the document number of {normalise_title(line.text)} on the line after "
                           "its title, like 渝府发〔2023〕8号",
                           following.text.strip() if following else None, is_line=True)


def _title_index(source: SourceText, lines, number_index: int, floor: int) -> int:
    """Where the title above the number line starts (the title lines end just above it)."""
    start = title_start(lines, number_index, floor)
    if start == number_index:
        raise source.error(lines[number_index].number, "a document title before the number line",
                           None, is_line=True)
    return start


def _check_unique_numbers(source: SourceText, issue: Issue) -> None:
    seen = {}
    for doc in issue.documents:
        if doc.number in seen:
            raise source.error(doc.number_span.start, f"each document number once in the issue "
                               f"({doc.number} is already on line {seen[doc.number]})", doc.number)
        seen[doc.number] = source.line_of(doc.number_span.start)


def _attach_contents(issue: Issue, front) -> None:
    """Give each document its page and English title from the tables of contents."""
    if not issue.toc:
        return
    by_title = {entry.title: entry for entry in issue.toc}
    for doc in issue.documents:
        # An order is listed by its number and the regulation it issues: 重庆市人民政府令第370号 …办法
        entry = by_title.get(doc.title) or by_title.get(doc.number + (doc.plan_title or ""))
        if entry is None:
            issue.notices.append(Notice(0, f"{doc.number}: title not found in the table of contents: {doc.title}",
                                        doc.title_span))
            continue
        doc.page = entry.page
        doc.title_en = front.titles_en.get(entry.page)
    listed = {doc.title for doc in issue.documents} | {doc.number + (doc.plan_title or "") for doc in issue.documents}
    for entry in issue.toc:
        if entry.title not in listed:
            issue.notices.append(Notice(0, f"contents entry with no document in the issue: {entry.title}",
                                        entry.span))
