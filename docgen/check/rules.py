"""The rules of GB/T 9704-2012 that ``docgen check`` judges, each with its clause.

Every expected value comes from docgen/standard.py, the one place the standard's numbers live.
Rule ids ending in ``.pdf`` are judged on positions measured in a rendered PDF; the others on
what a .docx declares in its XML.  Each name says what is measured; the clause (searchable: "7.4.1")
is the standard's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from docgen.i18n import _

# How far a line pitch may be from the grid's (5.2.3: 22 lines 撑满版心), declared (grid.lines) or
# measured (grid.lines.pdf) alike: 固定值 29 磅 passes, 28 磅 (22 lines in 217 of 225 mm) does not.
PITCH_TOLERANCE_MM = 0.15


class Status(StrEnum):
    """The verdict of one rule on one document."""

    PASS = "PASS"
    FAIL = "FAIL"
    NOT_APPLICABLE = "NOT APPLICABLE"


@dataclass(frozen=True)
class Rule:
    """A rule: its id, the clause it implements, and a short name."""

    id: str
    clause: str
    name: str


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one document, with what was measured and what was expected."""

    rule: Rule
    status: Status
    measured: str = ""
    expected: str = ""
    where: str = ""


def rules() -> dict[str, Rule]:
    """Return every rule by id (names in the user's language)."""
    table = [
        ("page.size", "5.1", _("paper size A4")),
        ("page.margins", "5.2.1", _("margins and type area")),
        ("grid.lines", "5.2.3", _("lines per page")),
        ("grid.chars", "5.2.3", _("characters per line")),
        ("colours", "5.2.4", _("text in black")),
        ("colours.markup", "5.2.4", _("no tracked changes or comments left (Word prints them in colour)")),
        ("mark.format", "7.2.4", _("organ mark: font, colour, centred")),
        ("number.format", "7.2.5", _("document number format")),
        ("number.font", "7.2.5", _("document number font and size")),
        ("rule.red", "7.2.7", _("red rule below the number")),
        ("title.format", "7.3.1", _("title font and size")),
        ("body.format", "7.3.3", _("body font, size and indent")),
        ("headings.format", "7.3.3", _("heading fonts by level")),
        ("attachment_note.format", "7.3.4", _("attachment note")),
        ("date.format", "7.3.5.4", _("date of the document")),
        ("attachments.new_page", "7.3.7", _("attachments start on a new page")),
        ("imprint.format", "7.4", _("imprint: size, rules, position")),
        ("page_numbers.format", "7.5", _("page numbers")),
        ("page.size.pdf", "5.1", _("paper size A4 (measured)")),
        ("page.margins.pdf", "5.2.1", _("text inside the type area (measured)")),
        ("grid.lines.pdf", "5.2.3", _("lines per page (measured)")),
        ("grid.chars.pdf", "5.2.3", _("characters per line (measured)")),
        ("colours.pdf", "5.2.4", _("text in black (measured)")),
        ("mark.position.pdf", "7.2.4", _("organ mark 35 mm below the type area top (measured)")),
        ("rule.position.pdf", "7.2.7", _("red rule width and distance (measured)")),
        ("title.size.pdf", "7.3.1", _("title size and centring (measured)")),
        ("body.size.pdf", "7.3.3", _("body size and first-line indent (measured)")),
        ("attachments.new_page.pdf", "7.3.7", _("attachments start on a new page (measured)")),
        ("imprint.position.pdf", "7.4.1", _("imprint's last rule on the type area bottom (measured)")),
        ("page_numbers.position.pdf", "7.5", _("page number position and side (measured)")),
        ("page_numbers.format.pdf", "7.5", _("page number form and size (measured)")),
        ("grid.hanging.pdf", "5.2.1", _("no punctuation hanging past the type area (measured)")),
        ("grid.spread.pdf", "5.2.3", _("no line spread before a URL or Latin word (measured)")),
        (
            "grid.latin_gap.pdf",
            "5.2.3",
            _("under 0.5 pt between a Chinese character and a digit or Latin letter after it (measured)"),
        ),
        (
            "pages.even.pdf",
            "7.4.1、7.5",
            _("an even number of pages when printed double-sided with an imprint (measured)"),
        ),
        ("imprint.page.pdf", "7.4.1", _("imprint on the last page, a portrait page (measured)")),
        (
            "pages.full.pdf",
            "5.2.3",
            _(
                "22 lines on every page of running text, except a page ending the body, an attachment or "
                "a section, or keeping a heading with its text (measured)"
            ),
        ),
        (
            "headings.kept.pdf",
            "7.3.3",
            _("no heading alone at a page's foot, its text on the next page (measured)"),
        ),
        (
            "pages.blank.pdf",
            "7.4.1、7.5",
            _("no blank page before the imprint when it fits on the page before (measured)"),
        ),
        (
            "page_numbers.landscape.pdf",
            "8",
            _("page numbers of landscape pages where the portrait pages have them (measured)"),
        ),
        ("tables.area.pdf", "5.2.1、8", _("tables, rules and pictures inside the type area (measured)")),
        ("title.words.pdf", "7.3.1", _("title lines break between words (measured)")),
        (
            "tables.tokens.pdf",
            "8",
            _("no date, number, document number or code split across the lines of a table cell (measured)"),
        ),
        (
            "tables.words.pdf",
            "8",
            _("no word split across the lines of a table cell when it fits its column (measured)"),
        ),
        (
            "tables.width.pdf",
            "5.2.1、8",
            _("tables as wide as the type area: 156 mm, 225 mm on a landscape page (measured)"),
        ),
        (
            "attachments.together.pdf",
            "7.3.7",
            _("an attachment's label and title on the page where its content starts (measured)"),
        ),
    ]
    return {rule_id: Rule(rule_id, clause, name) for rule_id, clause, name in table}


@dataclass
class Judge:
    """Collects findings for one document."""

    findings: list[Finding]

    def record(
        self, rule_id: str, ok: bool | None, measured: object = "", expected: object = "", where: str = ""
    ) -> None:
        """Record a verdict: True passes, False fails, None is not applicable; ``where`` locates a failure."""
        status = Status.NOT_APPLICABLE if ok is None else (Status.PASS if ok else Status.FAIL)
        self.findings.append(Finding(rules()[rule_id], status, str(measured), str(expected), where))

    def not_applicable(self, rule_id: str, why: str = "") -> None:
        """Record that a rule does not apply to this document."""
        self.record(rule_id, None, why)
