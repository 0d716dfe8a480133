"""Typed records that the parser produces and the mapping consumes.

Every record carries the span of source text it was read from, so that each
triple the mapping makes can point back at the exact characters of the file.
Offsets count Unicode code points (Python string indices), end exclusive,
which is what Web Annotation's TextPositionSelector counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Notice:
    """Something the parser read but could not place; reported, never dropped silently."""

    line: int
    message: str
    span: Span | None = None


@dataclass
class Target:
    """A quantitative commitment: a value of an indicator, for a scope, by a year."""

    indicator: str  # what is measured, as read from the text
    scope: str | None  # the region or group it is set for; None for the whole city
    comparator: str  # >=, =, ~, <=, range, rank, growth, reduction, ratio, class
    value: Decimal  # in the printed unit
    value_max: Decimal | None  # upper bound of a range
    unit: str  # as printed: 万亿元, %, 万家 …
    base_value: Decimal  # with the multiplier applied: 3万亿元 → 3000000000000
    base_unit: str  # 元, %, 家 …
    year: int | None  # the deadline
    baseline_year: int | None
    span: Span  # the clause that states it
    value_span: Span  # the number and its unit
    year_source: str = "sentence"  # sentence, context (an earlier 到…年 of the node or its group), plan


@dataclass(frozen=True)
class SkippedNumber:
    """A number the target reader saw and did not take, with the reason."""

    span: Span
    reason: str


@dataclass
class UnitMention:
    """One unit named in a unit list, as printed at that place."""

    role: str  # lead, responsible, supporting or guiding (mappings/responsibility-clauses.csv)
    name: str  # as printed, joined across page breaks, without a trailing 等
    span: Span
    ordinal: int  # 1-based position within its role
    etc: bool = False  # the printed list ended with 等 after this unit


@dataclass
class UnitList:
    """A responsibility clause at the end of a task: （牵头单位：…；责任单位：…）, （X牵头，Y参与） …"""

    span: Span
    units: list[UnitMention] = field(default_factory=list)

    @property
    def open_ended(self) -> bool:
        return any(u.etc for u in self.units)


@dataclass
class OutlineNode:
    """A part (一、), group (（一）), numbered item (1.) or subitem (（1）) of a plan."""

    kind: str  # part, group, item, subitem (parse/outline.py LEVELS)
    label: str  # the printed label, parentheses normalised: 二, （一）, 1, （1）
    ordinal: int  # the number the label stands for
    path: str  # labels from the top down joined by "/"
    steps: str  # the IRI path from the top down: p2/g1/i1
    title: str  # the heading, without its closing 。
    title_span: Span
    span: Span  # the whole node, body and children included
    body: str = ""  # the node's own text (heading included), page breaks joined
    children: list[OutlineNode] = field(default_factory=list)
    annex: int | None = None  # of a document with several attachments, the one (附件2 → 2) it is in
    unit_lists: list[UnitList] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    skipped_numbers: list[SkippedNumber] = field(default_factory=list)
    clauses_with_numbers: int = 0
    # The node's own paragraphs (joined across page breaks), kept for readers that run later.
    paragraphs: list = field(default_factory=list, repr=False, compare=False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Duty:
    """One clause of a leader's division of work: 负责…, 分管…, 联系…"""

    relation: str  # responsible_for, assists, specifically_responsible_for, supervises, liaises
    verb: str  # the printed verb: 负责, 协助负责, 具体负责, 主持, 分管, 主管, 联系 …
    objects: list[tuple[str, Span]]
    span: Span
    object_kind: str = "area"  # "area" or "agency", as mappings/duty-verbs.csv says for the verb


@dataclass
class Leader:
    """A person holding a post, as introduced in a division-of-work notice."""

    post: str  # as printed: 市长, 常务副市长, 副市长, 秘书长
    name: str
    span: Span  # the heading "副市长张安疆"
    ordinal: int
    duties: list[Duty] = field(default_factory=list)


@dataclass
class Addressee:
    name: str
    span: Span


@dataclass
class Document:
    number: str  # as printed: 渝府发〔2023〕8号
    series: str  # 渝府发
    year: int | None  # the year in 〔〕; None for an order (令 第370号), numbered across years
    sequence: int  # the number before 号
    number_span: Span
    title: str  # the notice's title, layout spaces removed, brackets full width
    title_span: Span
    span: Span  # the whole document
    kind: str | None = None  # 通知, 意见, 批复 … as the title's last words say (mappings/document-kinds.csv)
    issuer: str | None = None  # the sign-off's issuer; None when the document prints no sign-off
    issuer_span: Span | None = None
    date: str | None = None  # ISO date of signature
    date_span: Span | None = None
    # The attached text a notice issues (or a reply's 附件): None when the body is the document's own text.
    plan_title: str | None = None
    plan_title_span: Span | None = None
    # A document with several attachments (附件1, 附件2 …): (number, title, title span) of each;
    # their outlines are in `outline`, each node's path opening with 附件N.
    annexes: list[tuple[int, str, Span]] = field(default_factory=list)
    # A division of work: "full" (the seed's 27号), or "adjustment" when only the leaders it names
    # change (其他…分工不变, mappings/division-closings.csv); None when it names no leaders.
    division: str | None = None
    # What stands above the title, by element (mappings/document-heads.csv): copy_number 000001,
    # secrecy 机密★1年, urgency 特急, issuer_mark 国务院文件.
    heads: dict[str, str] = field(default_factory=dict)
    copies: list[str] = field(default_factory=list)  # 抄送 in the record at the foot (版记)
    printed_by: str | None = None  # the office that printed it (…印发)
    signer: str | None = None  # who signs an order (市长胡衡华), or signs off a request (签发人：张三)
    note: str | None = None  # 附注 such as 此件公开发布
    text_span: Span | None = None  # the notice's own text between its addressees and its sign-off
    # what a portal's page says of the document in its metadata table (parse/pagefacts.py)
    published: str | None = None  # 发布日期, ISO
    index_number: str | None = None  # 索引号
    subjects: list[str] = field(default_factory=list)  # 主题分类
    validity: str | None = None  # 有效性
    page_facts_span: Span | None = None
    # The outlined text (the attached text, or the body when it is the document's own): how many
    # of its characters the outline and the division-of-work reader took, and the paragraphs
    # that none took, kept as text (a preamble, a closing paragraph before the first heading).
    text_chars: int = 0
    outlined_chars: int = 0
    untaken: list[tuple[int, Span]] = field(default_factory=list)  # (line, span)
    start_year: int | None = None
    end_year: int | None = None
    addressees: list[Addressee] = field(default_factory=list)
    preamble: str = ""
    preamble_span: Span | None = None
    outline: list[OutlineNode] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    page: int | None = None
    title_en: str | None = None

    def nodes(self):
        for root in self.outline:
            yield from root.walk()


@dataclass
class TocEntry:
    title: str
    page: int
    span: Span
    section: str | None = None  # 市政府文件 …


@dataclass
class Issue:
    """One source file: a gazette issue, or (gazette None) documents that stand on their own."""

    source_name: str  # the file name the issue was read from
    gazette: str | None  # 重庆市人民政府公报; None for a file with no masthead
    gazette_en: str | None
    year: int | None
    number: int | None  # 第6期
    total_number: int | None  # 总第933期
    date: str | None  # ISO date of publication
    span: Span
    toc: list[TocEntry] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    colophon: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    # what the file was, when its text was extracted from a PDF, a web page or a Word file
    media_type: str = "text/plain"
    page_count: int | None = None
    address: str | None = None  # the web page's address, when the saved page says it
