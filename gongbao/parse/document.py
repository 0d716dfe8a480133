"""One official document (GB/T 9704-2012): its elements, each optional but the title and number.

    国务院关于印发国家职业教育改革               title, over one or more lines; its last words
    实施方案的通知                               give the kind (mappings/document-kinds.csv)
    国发〔2019〕4号                              number
    各省、自治区、直辖市人民政府，…：            addressees (主送机关), ending with ：
    现将《国家职业教育改革实施方案》印发给你们…  body
    附件：…                                      attachment note (附件说明)
    国务院                                       sign-off: issuer
    2019年1月24日                                sign-off: date
    （此件公开发布）                              note (附注)
    附件                                         attachment mark
    国家职业教育改革实施方案                     attached text: title, then its outline

Two body forms: a notice that issues (印发, 转发) or a reply that attaches a text, whose outline
is the attached text's; and a document whose body is its own text (意见, 决定, most 批复), whose
outline is the body's. What is missing is recorded as missing, not refused.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from .. import paths, reference
from ..records import Addressee, Document, Notice, Span
from .leaders import LeaderReader
from .outline import OutlineBuilder, is_heading, is_part_heading
from .paragraph import SENTENCE_END, Para, line_para, paragraphs
from .responsibility import ClauseReader, clause_words
from .source import Line, SourceText
from .targets import read_targets
from .text import CITATION, normalise_title

NUMBER = re.compile(
    r"^(?P<series>[\u4e00-\u9fff]{2,10})\s*[〔［\[【（(]\s*(?P<year>\d{4})\s*[〕］\]】）)]\s*(?P<seq>\d{1,4})\s*号"
    r"(?:\s+签发人\s*[：:]\s*(?P<signatory>\S.*))?$")  # a report or request names who signed it off
# The record at the foot (版记): 抄送：… and 重庆市人民政府办公厅 2023年3月10日印发.
_COPIES = re.compile(r"^抄\s*送\s*[：:]\s*(?P<copies>.+?)。?$")
_PRINTED = re.compile(r"^(?P<office>\S.*?)\s+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$")
# A government order's number stands on its own line under the title 重庆市人民政府令: 第370号.
ORDER_NUMBER = re.compile(r"^第\s*(?P<seq>\d{1,5})\s*号$")
_ORDER_TITLE_END = "令"
_DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_PERIOD = re.compile(r"[（(]\s*(?P<start>\d{4})\s*(?:年\s*)?[—–\-－~～至]+\s*(?P<end>\d{4})\s*年?\s*[）)]")
_ADDRESSEE_SEPARATORS = re.compile(r"[,，、]")
_NOTE = re.compile(r"^[（(](?P<note>[^（()）]{2,30})[）)]$")
_ATTACHMENT_MARK = re.compile(r"^附\s*件\s*(?P<n>\d{0,2})$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]\s*(?:\d{1,2}\s*[.．、])?\s*(?P<title>.+)$")
_ATTACHMENT_ITEM = re.compile(r"^(?:\d{1,2})\s*[.．、]\s*(?P<title>[^。；]+)$")  # 2．YY清单 under 附件：
_CONTENTS_ENTRY = re.compile(r"(?:\.{2,}|…+|·{2,})\s*[（(]\s*\d+\s*[）)]$")  # a line of an issue's contents
_ISSUER_MAX = 40  # an issuer line is a name, not a sentence
_TITLE_LINES_MAX = 4


@lru_cache(maxsize=None)
def document_kinds(home: Path = paths.MAPPINGS) -> tuple[tuple[str, str], ...]:
    rows = reference.read_table(home / "document-kinds.csv", ["ending", "kind", "name_en"])
    return tuple(sorted(((r["ending"], r["kind"]) for r in rows), key=lambda ek: len(ek[0]), reverse=True))


@lru_cache(maxsize=None)
def head_elements(home: Path = paths.MAPPINGS) -> tuple[tuple[str, re.Pattern], ...]:
    """What may stand above a title (份号, 密级, 紧急程度, the issuer's mark): mappings/document-heads.csv."""
    rows = reference.read_table(home / "document-heads.csv", ["element", "pattern", "example"])
    return tuple((r["element"], re.compile(r["pattern"])) for r in rows)


def head_element(text: str) -> str | None:
    """
    >>> head_element("机密★1年"), head_element("国务院文件"), head_element("国务院关于印发…的通知")
    ('secrecy', 'issuer_mark', None)
    """
    return next((element for element, pattern in head_elements() if pattern.match(text.strip())), None)


def head_start(lines: list[Line], start: int, floor: int) -> int:
    """Where a document's head begins: the head elements standing just above its title."""
    i = start
    for j in range(start - 1, floor - 1, -1):
        text = lines[j].text.strip()
        if not text:
            continue
        if head_element(text) is None:
            break
        i = j
    return i


def kind_of(title: str) -> str | None:
    """The kind of document its title ends with: …的通知 → 通知.

    >>> kind_of("国务院关于做好当前和今后一个时期促进就业工作的若干意见")
    '意见'
    """
    return next((kind for ending, kind in document_kinds() if title.endswith(ending)), None)


def is_number_line(lines: list[Line], index: int) -> bool:
    """A document number: 渝府发〔2023〕8号, or 第370号 under an order's title."""
    text = lines[index].text.strip()
    if NUMBER.match(text):
        return True
    if not ORDER_NUMBER.match(text):
        return False
    above = next((lines[i].text.strip() for i in range(index - 1, -1, -1) if lines[i].text.strip()), "")
    return above.endswith(_ORDER_TITLE_END)


def title_start(lines: list[Line], number_index: int, floor: int = 0) -> int:
    """Where the title above a number line starts.

    A title may run over several lines (国务院关于印发国家职业教育改革 / 实施方案的通知). It is
    the run of lines above the number that ends no sentence, up to the line that opens with
    the issuer's 关于; without a 关于 in reach, the one line above the number.
    """
    content = [i for i in range(number_index - 1, floor - 1, -1) if lines[i].text.strip()]
    if not content:
        return number_index
    if lines[content[0]].text.strip().endswith(_ORDER_TITLE_END):
        return content[0]  # an order's title: 重庆市人民政府令, one line
    def may_be_title(i: int) -> bool:
        text = lines[i].text.strip()
        return not (text[-1] in SENTENCE_END or _DATE.match(text) or is_heading(text) or is_number_line(lines, i)
                    or _CONTENTS_ENTRY.search(text) or head_element(text))

    for n, i in enumerate(content[:_TITLE_LINES_MAX]):
        if not may_be_title(i):
            break
        text = lines[i].text.strip()
        if "关于" in text:
            # A print may set the issuer on a line of its own above 关于 (重庆市人民政府办公厅 / 关于…).
            above = content[n + 1] if n + 1 < len(content) else None
            if text.startswith("关于") and above is not None and may_be_title(above) \
                    and "关于" not in lines[above].text:
                return above
            return i
    return content[0]


def read_document(source: SourceText, lines: list[Line], number_line: Line) -> tuple[Document, list[Notice]]:
    """Read a document from its lines: the title lines, then the number line, then the rest."""
    title_lines = [line for line in lines if line.number < number_line.number and line.text.strip()]
    heads = {}
    while title_lines[1:] and (element := head_element(title_lines[0].text)):
        heads[element] = title_lines.pop(0).text.strip()
    number_para = line_para(number_line)
    title_para = _joined(title_lines) if title_lines else number_para.sub(0, 0)
    title = normalise_title(title_para.text)
    signatory = None
    if m := NUMBER.match(number_line.text.strip()):
        if m["signatory"]:
            signatory = number_para.sub(number_para.text.index(m["signatory"]))
            number_para = number_para.sub(0, number_para.text.index("号") + 1)
        number, series, year, sequence = number_para.text, m["series"], int(m["year"]), int(m["seq"])
    else:  # an order: the series is the order's title, the number runs on across years
        m = ORDER_NUMBER.match(number_line.text.strip())
        number, series, year, sequence = title + number_para.text, title, None, int(m["seq"])
    notices: list[Notice] = []
    content = [line for line in lines if line.text.strip()]
    rest = [line for line in content if line.number > number_line.number]

    addressees: list[Addressee] = []
    if rest and _is_addressee_line(rest[0].text.strip()):
        addressees = _addressees(line_para(rest[0]))
        rest = rest[1:]
    sign_off = _sign_off(rest)
    doc = Document(
        number=number, series=series, year=year, sequence=sequence,
        number_span=number_para.span(), title=title, title_span=title_para.span(),
        span=Span(title_para.span().start, (rest[-1] if rest else number_line).end),
        kind=kind_of(title), addressees=addressees,
    )
    doc.heads = heads
    if signatory is not None:
        doc.signer = signatory.text
    if doc.kind is None:
        notices.append(Notice(number_line.number, f"{doc.number}: no kind of document (通知, 意见, 批复 …) "
                              f"at the end of its title: {title}", doc.title_span))
    if sign_off is None:
        body, after = _read_record(doc, rest), []  # a document without a sign-off may still end with its record
        _check_not_cut_short(source, doc, body, content[-1])
        notices.append(Notice(number_line.number, f"{doc.number}: no sign-off (issuer and date) found; "
                              "the whole text is read as the body", doc.number_span))
    else:
        issuer_index, date_index = sign_off
        body, after = rest[:issuer_index], rest[date_index + 1:]
        _read_sign_off(source, doc, rest[issuer_index] if issuer_index < date_index else None,
                       rest[date_index])
        if doc.kind == "令":
            # An order is signed by a person (市长  胡衡华); its issuer is the government in its title.
            doc.signer, doc.issuer, doc.issuer_span = doc.issuer, None, None
    after = _read_note(doc, after)
    after = _read_record(doc, after)
    annexes = _annex_parts(after)
    # One clause and one leader reader per document: 下同 and the leaders' numbering run across attachments.
    clauses = ClauseReader(document_number=doc.number)
    leaders = LeaderReader()
    if len(annexes) > 1:
        _notice_text(doc, body)
        named = _named_titles(body)
        for number, part in annexes:
            count = _title_lines(part, named) if part else 0
            if count:
                title_para = _joined(part[:count])
                doc.annexes.append((number, normalise_title(title_para.text), title_para.span()))
            notices += _read_outline(source, doc, part[count:], clauses, leaders, number)
    else:
        attached = _attachment_title(body, after)
        if attached is None:
            # The body is the document's own text: its outline is the body's.
            notices += _read_outline(source, doc, body, clauses, leaders)
        else:
            title_count = attached
            plan_para = _joined(after[:title_count])
            doc.plan_title = normalise_title(plan_para.text)
            doc.plan_title_span = plan_para.span()
            _notice_text(doc, body)
            notices += _misplaced_headings(doc, body)
            notices += _read_outline(source, doc, after[title_count:], clauses, leaders)
    period = _PERIOD.search(doc.plan_title or "") or _PERIOD.search(title)
    if period:
        doc.start_year, doc.end_year = int(period["start"]), int(period["end"])
    read_targets(doc, reference.scope_names())  # a target with no year of its own takes the period's end
    doc.leaders = leaders.leaders
    if leaders.leaders:
        doc.division = leaders.closing or "full"
    notices += clauses.notices + leaders.notices
    return doc, notices


def _check_not_cut_short(source: SourceText, doc: Document, body: list[Line], last_line: Line) -> None:
    """A document may lack its sign-off, but not stop mid-sentence or before any text: that is a
    file cut short, and reading it would publish half a document as if whole."""
    last = body[-1].text.strip() if body else ""
    if not last or last[-1] not in SENTENCE_END + "）)”":
        raise source.error(last_line.number, f"the issuer and signing date (2023年3月10日) of {doc.number}, after its text",
                           "the end of the document", is_line=True)


def _is_addressee_line(text: str) -> bool:
    return text[-1] in "：:" and "。" not in text and not is_heading(text) and len(text) <= 200


def _sign_off(lines: list[Line]) -> tuple[int, int] | None:
    """(issuer index, date index) of the first date standing alone; the issuer is the short line
    above it, when there is one (a date alone is a sign-off without an issuer's name)."""
    for index, line in enumerate(lines):
        if not _DATE.match(line.text.strip()):
            continue
        above = lines[index - 1].text.strip() if index else ""
        if above and len(above) <= _ISSUER_MAX and above[-1] not in SENTENCE_END and not is_heading(above):
            return index - 1, index
        return index, index
    return None


def _read_sign_off(source: SourceText, doc: Document, issuer: Line | None, date_line: Line) -> None:
    date_para = line_para(date_line)
    dm = _DATE.match(date_para.text)
    try:
        doc.date = dt.date(int(dm["y"]), int(dm["m"]), int(dm["d"])).isoformat()
    except ValueError:
        raise source.error(date_line.number, "a real calendar date", date_para.text, is_line=True) from None
    doc.date_span = date_para.span()
    if issuer is not None:
        issuer_para = line_para(issuer)
        doc.issuer, doc.issuer_span = normalise_title(issuer_para.text), issuer_para.span()


def _read_note(doc: Document, after: list[Line]) -> list[Line]:
    """The 附注 in brackets below the date: （此件公开发布）."""
    if after and (m := _NOTE.match(after[0].text.strip())):
        doc.note = m["note"].strip()
        return after[1:]
    return after


def _read_record(doc: Document, lines: list[Line]) -> list[Line]:
    """The record at the foot of a document (版记): its copy recipients (抄送) and who printed it
    when (印发). Kept as facts, not read as an attached text's title."""
    while lines:
        text = lines[-1].text.strip()
        if m := _COPIES.match(text):
            doc.copies = [piece for piece in re.split(r"[，,、]", m["copies"]) if piece.strip()]
        elif m := _PRINTED.match(text):
            doc.printed_by = normalise_title(m["office"])
        else:
            break
        lines = lines[:-1]
    return lines


def _notice_text(doc: Document, body: list[Line]) -> None:
    """The text of a notice that issues or attaches others: read for mentions, not outlined."""
    doc.preamble = "\n".join(p.text for p in paragraphs(body, lambda _t: False))
    doc.text_span = Span(body[0].start, body[-1].end) if body else None


def _attachment_title(body: list[Line], after: list[Line]) -> int | None:
    """How many lines after the sign-off hold the attached text's title; None when nothing follows.

    The body names what it issues (《…》) or attaches (附件：…); a title that the body names may
    run over several lines. A mark 附件 above the title is not part of it.
    """
    if after and _ATTACHMENT_MARK.match(after[0].text.strip()):
        del after[0]
    if not after:
        return None
    return _title_lines(after, _named_titles(body))


def _named_titles(body: list[Line]) -> set[str]:
    """The titles the body names: what it issues (《…》) and what it attaches (附件：1．…)."""
    named = set()
    for line in body:
        text = line.text.strip()
        named.update(normalise_title(t) for t in CITATION.findall(text))
        if m := _ATTACHMENT_NOTE.match(text) or _ATTACHMENT_ITEM.match(text):
            named.add(normalise_title(m["title"].rstrip("。")))
    return named


def _title_lines(lines: list[Line], named: set[str]) -> int:
    """How many lines the title takes: as many as make a title the body names, else one."""
    for count in range(min(_TITLE_LINES_MAX, len(lines)), 0, -1):
        if normalise_title(_joined(lines[:count]).text) in named:
            return count
    return 1


def _annex_parts(after: list[Line]) -> list[tuple[int, list[Line]]]:
    """The text after the sign-off split at numbered attachment marks (附件1, 附件2 …)."""
    marks = [(i, int(m["n"])) for i, line in enumerate(after)
             if (m := _ATTACHMENT_MARK.match(line.text.strip())) and m["n"]]
    if len(marks) < 2:
        return []
    bounds = [i for i, _ in marks[1:]] + [len(after)]
    return [(number, after[i + 1:end]) for (i, number), end in zip(marks, bounds)]


def _joined(lines: list[Line]) -> Para:
    para = line_para(lines[0])
    for line in lines[1:]:
        para = para.joined(line_para(line))
    return para


def _misplaced_headings(doc: Document, lines: list[Line]) -> list[Notice]:
    """Outline headings in the text of a notice that issues another: a line out of place; read as
    the notice's text, it would vanish from the outline without a word."""
    notices = []
    for line in lines:
        if is_heading(line.text.strip()):
            para = line_para(line)
            notices.append(Notice(line.number, f"{doc.number}: an outline heading before the plan, "
                                  f"not read as part of it: {para.text}", para.span()))
    return notices


def _addressees(para: Para) -> list[Addressee]:
    body = para.sub(0, len(para.text) - 1)
    result = []
    start = 0
    for m in list(_ADDRESSEE_SEPARATORS.finditer(body.text)) + [None]:
        end = m.start() if m else len(body.text)
        piece = body.sub(start, end).strip()
        if piece.text:
            result.append(Addressee(piece.text, piece.span()))
        start = m.end() if m else end
    return result


def _read_outline(source: SourceText, doc: Document, lines: list[Line], clauses: ClauseReader,
                  leaders: LeaderReader, annex: int | None = None) -> list[Notice]:
    outline = OutlineBuilder(source, doc.number, clauses, annex)
    is_leader = leaders.pattern.match
    words = clause_words()
    key_line = words.key_line.match
    paras = paragraphs(lines, lambda text: is_heading(text) or bool(is_leader(text)) or bool(key_line(text)),
                       words.at_end, stands_alone=is_part_heading)
    for para in paras:
        doc.text_chars += len(para.text)
        if not outline.stack and leaders.add(para):
            doc.outlined_chars += len(para.text)
            continue
        outline.add(para)
        if outline.stack:
            doc.outlined_chars += len(para.text)
        else:
            doc.untaken.append((para.line, para.span()))
    doc.outline += outline.roots
    if outline.preamble and doc.preamble_span is None:
        doc.preamble_span = Span(outline.preamble[0].span().start, outline.preamble[-1].span().end)
    return outline.notices
