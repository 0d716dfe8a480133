"""Property-based: a damaged gazette either parses or is refused with a SourceError, and no
item heading that the damage left in place disappears without a notice.

The damage is what real files suffer: lines dropped, doubled or swapped, numerals changed,
a file cut anywhere, brackets of the other width.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED
from gongbao.errors import SourceError
from gongbao.parse import parse_text
from gongbao.parse.outline import heading_of

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
DIGITS = "0123456789"
CHINESE_DIGITS = "一二三四五六七八九十"
BRACKETS = {"（": "(", "(": "（", "）": ")", ")": "）", "〔": "[", "〕": "]", "：": ":", ":": "："}

line_index = st.integers(min_value=0, max_value=len(SEED_LINES) - 1)
mutation = st.one_of(
    st.tuples(st.just("drop"), line_index),
    st.tuples(st.just("duplicate"), line_index),
    st.tuples(st.just("swap"), line_index, line_index),
    # An item heading moved elsewhere: the damage that the "nothing lost" property is about.
    st.tuples(st.just("move_heading"), st.integers(0, 100), line_index),
    st.tuples(st.just("numeral"), line_index, st.integers(0, 200), st.integers(0, 9)),
    st.tuples(st.just("bracket"), line_index, st.integers(0, 200)),
    st.tuples(st.just("cut"), st.floats(0, 1)),
)


def mutate(lines: list[str], operation: tuple) -> list[str]:
    """One mutation; indices wrap around, so that every drawn operation does something."""
    lines = list(lines)
    if not lines:
        return lines
    kind, *args = operation
    i = args[0] % len(lines) if kind != "cut" else 0
    if kind == "drop":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = args[1] % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "move_heading":
        headings = [k for k, line in enumerate(lines) if _is_item_heading(line)]
        if headings:
            line = lines.pop(headings[args[0] % len(headings)])
            lines.insert(args[1] % (len(lines) + 1), line)
    elif kind == "numeral":
        lines[i] = _replace_nth(lines[i], args[1], lambda ch: ch in DIGITS or ch in CHINESE_DIGITS,
                                lambda ch: (DIGITS if ch in DIGITS else CHINESE_DIGITS)[args[2]])
    elif kind == "bracket":
        lines[i] = _replace_nth(lines[i], args[1], lambda ch: ch in BRACKETS, BRACKETS.get)
    elif kind == "cut":
        text = "\n".join(lines)
        return text[: int(len(text) * args[0])].split("\n")
    return lines


def _replace_nth(line: str, n: int, matches, replace) -> str:
    positions = [k for k, ch in enumerate(line) if matches(ch)]
    if not positions:
        return line
    k = positions[n % len(positions)]
    return line[:k] + replace(line[k]) + line[k + 1:]


def _is_item_heading(line: str) -> bool:
    heading = heading_of(line.strip())
    return heading is not None and heading.kind == "item"


def item_heading_lines(text: str) -> list[tuple[int, int, int]]:
    """(line number, start offset, end offset) of every line that reads as a numbered item heading."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if _is_item_heading(line):
            found.append((number, offset, offset + len(line)))
        offset += len(line) + 1
    return found


def accounted_for(issue, line: int, start: int, end: int) -> bool:
    for doc in issue.documents:
        for node in doc.nodes():
            if node.kind == "item" and start <= node.span.start <= end:
                return True
    for notice in issue.notices:
        if notice.line == line or (notice.span is not None and notice.span.start <= end and notice.span.end >= start):
            return True
    return False


def check(text: str) -> None:
    try:
        issue = parse_text(text, "fuzzed.txt")
    except SourceError as error:
        assert error.path == "fuzzed.txt"
        assert str(error).startswith("fuzzed.txt")
        return
    lost = [(line, text[start:end][:40]) for line, start, end in item_heading_lines(text)
            if not accounted_for(issue, line, start, end)]
    assert lost == [], f"item headings neither parsed nor reported: {lost}"


def test_the_seed_accounts_for_every_item_heading():
    # The property holds of the undamaged text, with every heading an item, none a notice.
    issue = parse_text(SEED_TEXT, "seed.txt")
    items = [n for d in issue.documents for n in d.nodes() if n.kind == "item"]
    assert len(item_heading_lines(SEED_TEXT)) == len(items) == 85
    check(SEED_TEXT)


@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=6))
def test_damaged_text_parses_or_is_refused_and_loses_no_item(operations):
    lines = SEED_LINES
    for operation in operations:
        lines = mutate(lines, operation)
    check("\n".join(lines))


# ---------------------------------------------------------------- regressions the fuzzer found

def _seed_with(lines_of):
    lines = list(SEED_LINES)
    lines_of(lines)
    return "\n".join(lines)


def _item_line(prefix: str) -> str:
    return next(line for line in SEED_LINES if line.startswith(prefix))


def test_doubled_number_line_is_refused_not_an_index_error():
    # Was: IndexError in read_document, the second document having only a "title".
    at = SEED_LINES.index("渝府发〔2023〕8号")
    text = _seed_with(lambda lines: lines.insert(at, lines[at]))
    try:
        parse_text(text, "doubled.txt")
    except SourceError as error:
        assert error.line == at + 2
        assert error.expected == "a document title before the number line"
        assert error.found == "渝府发〔2023〕8号"
    else:
        raise AssertionError("a doubled number line was accepted")


def test_impossible_publication_date_is_a_notice_not_a_value_error():
    # Was: ValueError from strptime for "Published on March 34, 2023".
    text = SEED_TEXT.replace("Published on March 31, 2023", "Published on March 34, 2023")
    issue = parse_text(text, "date.txt")
    assert issue.date is None
    assert any("not a real date of publication: March 34, 2023" in n.message for n in issue.notices)


def test_item_heading_in_notice_text_is_reported():
    # Was: read as part of the notice's text and lost from the outline without a word.
    item = _item_line("9. 推动制造业高质量发展")
    addressees = SEED_LINES.index("各区县(自治县)人民政府,市政府各部门,有关单位:")
    text = _seed_with(lambda lines: (lines.remove(item), lines.insert(addressees + 1, item)))
    issue = parse_text(text, "moved.txt")
    assert any(n.line == addressees + 2 and "an outline heading before the plan" in n.message for n in issue.notices)
    check(text)


def test_item_heading_read_as_issuer_is_reported():
    # Was: taken for the issuer (the line before the signing date) without a word. A heading is
    # no issuer's name: the sign-off has a date and no issuer, and the heading is reported.
    item = _item_line("29. 持续改善生态环境质量")
    date = SEED_LINES.index("2023年3月29日")
    text = _seed_with(lambda lines: (lines.remove(item), lines.insert(date - 1, item)))
    issue = parse_text(text, "issuer.txt")
    doc = next(d for d in issue.documents if d.number == "渝府办发〔2023〕26号")
    assert doc.issuer is None and doc.date == "2023-03-29"
    assert any("an outline heading before the plan" in n.message and n.message.endswith(item.strip())
               for n in issue.notices)


def test_item_heading_in_colophon_is_reported():
    # Was: every colophon line that is not "key：value" was dropped without a word.
    item = _item_line("54. 强化组织领导")
    text = _seed_with(lambda lines: (lines.remove(item), lines.append(item)))
    issue = parse_text(text, "colophon.txt")
    assert any(n.message.startswith("colophon line not understood: 54. 强化组织领导") for n in issue.notices)
    assert not any(n.message.startswith("colophon line not understood") for n in parse_text(SEED_TEXT).notices)


def test_item_heading_on_the_first_line_is_reported():
    # Was: taken for the gazette's name; a name not in mappings/gazettes.csv is now a notice.
    item = _item_line("38. 加快建设西部陆海新通道")
    text = _seed_with(lambda lines: lines.insert(0, item))
    issue = parse_text(text, "first.txt")
    assert issue.gazette.startswith("38.")
    assert any(n.line == 1 and "gazette not in mappings/gazettes.csv" in n.message for n in issue.notices)
