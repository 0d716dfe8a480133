"""One document of an issue: the notice's header, its sign-off, and the attached plan.

    重庆市人民政府关于 印发…行动方案(2023—2027年)的通知      title
    渝府发〔2023〕8号                                         number
    各区县(自治县)人民政府,市政府各部门,有关单位:            addressees
    现将《…》印发给你们,请认真贯彻执行。                      notice text
    重庆市人民政府                                            issuer
    2023年3月10日                                             date
    重庆市推动成渝地区双城经济圈建设 行动方案(2023—2027年)  plan title
    …                                                         plan
"""

from __future__ import annotations

import datetime as dt
import re

from ..records import Addressee, Document, Notice, Span
from .. import reference
from .leaders import LeaderReader
from .targets import read_targets
from .outline import OutlineBuilder, is_heading, is_part_heading
from .paragraph import Para, line_para, paragraphs
from .source import Line, SourceText
from .text import normalise_title
from .unitlist import UNIT_LIST_AT_END

NUMBER = re.compile(
    r"^(?P<series>[\u4e00-\u9fff]{2,10})\s*[〔［\[【（(]\s*(?P<year>\d{4})\s*[〕］\]】）)]\s*(?P<seq>\d{1,4})\s*号$")
_DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_PERIOD = re.compile(r"[（(]\s*(?P<start>\d{4})\s*(?:年\s*)?[—–\-－~～至]+\s*(?P<end>\d{4})\s*年?\s*[）)]")
_ADDRESSEE_SEPARATORS = re.compile(r"[,，、]")


def read_document(source: SourceText, lines: list[Line]) -> tuple[Document, list[Notice]]:
    """Read a document from its lines: the title line first, the number line second."""
    content = [line for line in lines if line.text.strip()]
    title_line, number_line = content[0], content[1]
    m = NUMBER.match(number_line.text.strip())
    if not m:
        raise source.error(number_line.number, "a document number like 渝府发〔2023〕8号",
                           number_line.text.strip(), is_line=True)
    number_para = line_para(number_line)
    title_para = line_para(title_line)

    rest = content[2:]
    if not rest:
        raise source.error(number_line.number, f"addressees after the number of {number_para.text}",
                           "the end of the document", is_line=True)
    addressee_line = rest[0]
    addressee_para = line_para(addressee_line)
    if addressee_para.text[-1] not in "：:":
        raise source.error(addressee_line.number, f"the addressees of {number_para.text}, ending with ：",
                           addressee_para.text, is_line=True)
    date_index = next((i for i, line in enumerate(rest) if _DATE.match(line.text.strip())), None)
    if date_index is None or date_index < 2:
        raise source.error(addressee_line.number, f"the issuer and signing date (2023年3月10日) of {number_para.text}",
                           None if date_index is None else rest[date_index].text.strip(), is_line=True)
    issuer_para = line_para(rest[date_index - 1])
    date_para = line_para(rest[date_index])
    dm = _DATE.match(date_para.text)
    try:
        date = dt.date(int(dm["y"]), int(dm["m"]), int(dm["d"])).isoformat()
    except ValueError:
        raise source.error(rest[date_index].number, "a real calendar date", date_para.text, is_line=True) from None
    if date_index + 1 >= len(rest):
        raise source.error(rest[date_index].number, f"the title of the plan attached to {number_para.text}",
                           "the end of the document", is_line=True)
    plan_para = line_para(rest[date_index + 1])

    title = normalise_title(title_para.text)
    plan_title = normalise_title(plan_para.text)
    period = _PERIOD.search(plan_title) or _PERIOD.search(title)
    doc = Document(
        number=number_para.text, series=m["series"], year=int(m["year"]), sequence=int(m["seq"]),
        number_span=number_para.span(), title=title, title_span=title_para.span(),
        issuer=normalise_title(issuer_para.text), issuer_span=issuer_para.span(),
        date=date, date_span=date_para.span(), plan_title=plan_title, plan_title_span=plan_para.span(),
        span=Span(title_para.span().start, content[-1].end),
        start_year=int(period["start"]) if period else None,
        end_year=int(period["end"]) if period else None,
        addressees=_addressees(addressee_para),
    )
    notice_lines = [line for line in lines if addressee_line.number < line.number < rest[date_index - 1].number]
    doc.preamble = "\n".join(p.text for p in paragraphs(notice_lines, lambda _t: False))
    plan_lines = [line for line in lines if line.number > plan_para.line]
    notices = _misplaced_headings(doc, rest[1:date_index + 2])
    notices += _read_plan(source, doc, plan_lines)
    return doc, notices


def _misplaced_headings(doc: Document, lines: list[Line]) -> list[Notice]:
    """Outline headings among the notice's own lines (its text, issuer, date, plan title).

    A heading there is a line out of place; read as notice text or as the issuer, it
    would vanish from the outline without a word.
    """
    notices = []
    for line in lines:
        if is_heading(line.text.strip()):
            para = line_para(line)
            notices.append(Notice(line.number, f"{doc.number}: an outline heading before the plan, not read as "
                                  f"part of it: {para.text}", para.span()))
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


def _read_plan(source: SourceText, doc: Document, lines: list[Line]) -> list[Notice]:
    leaders = LeaderReader()
    outline = OutlineBuilder(source, doc.number)
    is_leader = leaders.pattern.match
    paras = paragraphs(lines, lambda text: is_heading(text) or bool(is_leader(text)), UNIT_LIST_AT_END,
                       stands_alone=is_part_heading)
    for para in paras:
        if not outline.stack and leaders.add(para):
            continue
        outline.add(para)
    doc.outline = outline.roots
    doc.leaders = leaders.leaders
    read_targets(doc, reference.scope_names())
    if outline.preamble:
        doc.preamble_span = Span(outline.preamble[0].span().start, outline.preamble[-1].span().end)
    return outline.notices + leaders.notices
