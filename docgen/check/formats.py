"""The formats other than the general one that ``docgen check`` recognises and judges by their
own rules after the general ones: 纪要 (10.3, ``minutes_rules``), 信函 (10.1, ``letter_rules``) and
命令 (10.2, ``order_rules``)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from docgen.check.letter_rules import judge_letter_docx, judge_letter_pdf
from docgen.check.minutes_rules import judge_minutes_docx, judge_minutes_pdf
from docgen.check.order_rules import judge_order_docx, judge_order_pdf
from docgen.check.pdf_read import Page
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge
from docgen.i18n import _


def judge_format_docx(doc: DocxDocument, findings: list[Finding]) -> str | None:
    """Judge ``doc`` by its own format if it has one; return a note naming it, else None."""
    if judge_minutes_docx(doc, findings):
        return _("a 纪要: judged by its own format (10.3)")
    if judge_letter_docx(doc, findings):
        return _("a 信函: judged by its own format (10.1)")
    if judge_order_docx(doc, findings):
        return _("a 令: judged by its own format (10.2)")
    return None


def judge_format_pdf(
    pages: list[Page],
    findings: list[Finding],
    *,
    text_rules: bool,
    declared_grid: str | None = None,
    double_sided: bool = True,
    by_docgen: bool = True,
) -> None:
    """Judge the rendered pages by their own format if they have one (after the general rules;
    ``by_docgen`` as ``check_pdf`` takes it)."""

    def general(some: list[Page]) -> list[Finding]:
        """Return the general measured rules' findings on ``some`` pages, judged as ``pages`` were."""
        found: list[Finding] = []
        check_pdf(
            some,
            Judge(found),
            text_rules=text_rules,
            declared_grid=declared_grid,
            double_sided=double_sided,
            by_docgen=by_docgen,
        )
        return found

    pages = without_watermark(pages)
    if not pages or judge_minutes_pdf(pages, findings) or judge_order_pdf(pages, findings):
        return
    judge_letter_pdf(pages, findings, general, text_rules=text_rules)
