"""``docgen check``: judge .docx and PDF files against GB/T 9704 and report rule by rule."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from docx.document import Document as DocxDocument

from docgen.check.docx_hanging import hanging_forbidden, libreoffice_hanging
from docgen.check.docx_page_numbers import unhonoured_number_place
from docgen.check.docx_read import load
from docgen.check.docx_rules import check_docx, unreproducible_grid
from docgen.check.docx_sections import section_breaks
from docgen.check.formats import judge_format_docx, judge_format_pdf
from docgen.check.merged import bound_parts
from docgen.check.office_warnings import (
    as_warnings,
    has_office_header,
    office_header_warnings,
    pdf_has_office_header,
)
from docgen.check.pdf_cellwords import docx_by_docgen, pdf_by_docgen
from docgen.check.pdf_pages import section_end_pages
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status
from docgen.errors import DataError, DocgenError, library_error_text
from docgen.i18n import _
from docgen.load.docx_final import final_copy, how_to_accept, markup_of, markup_text
from docgen.load.limits import read_docx_bytes
from docgen.load.old_office import not_docx
from docgen.scratch import scratch_dir


class UnreadableFileError(DocgenError):
    """A file to check cannot be read (exit code 2)."""

    exit_code: ClassVar[int] = 2


@dataclass
class Report:
    """The findings on one file."""

    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    general_format: bool = True
    notes: list[str] = field(default_factory=list)
    declared_grid: str | None = None  # why LibreOffice's characters per line are not the document's
    imprint_place: str | None = None  # why LibreOffice does not put the 版记 where the .docx declares it
    number_place: str | None = (
        None  # why LibreOffice does not put the page numbers where the .docx declares them
    )
    no_hanging: bool = False  # the .docx declares no hanging punctuation, which LibreOffice reads inverted
    office_header: bool = False  # the 版头 is the office's own: its departures are warnings (issue 19 c)
    part: str = ""  # the document of a bound volume (合订本) this report is on: its pages and bookmark
    paragraphs: list[str] = field(default_factory=list)  # the .docx's paragraph texts: where each one ends
    section_breaks: list[tuple[str, str]] = field(default_factory=list)  # texts around its new-page sections
    by_docgen: bool = False  # made by docgen, which keeps a table cell's words whole (tables.words.pdf)

    @property
    def label(self) -> str:
        """Return the file's path, with the part of a bound volume when the report is on one."""
        return _("{path} ({part})").format(path=self.path, part=self.part) if self.part else str(self.path)

    def count(self, status: Status) -> int:
        """Return how many rules ended with ``status``."""
        return sum(1 for f in self.findings if f.status is status)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.FAIL]


def _read_docx(path: Path) -> DocxDocument:
    try:
        return load(
            read_docx_bytes(path)
        )  # the package checked first: no zip or DTD bomb reaches python-docx
    except DataError as error:
        raise UnreadableFileError(
            _("{path}: cannot be read as a Word document: {error}").format(path=path, error=error.reason)
        ) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise UnreadableFileError(
            _("{path}: cannot be read as a Word document: {error}").format(
                path=path, error=library_error_text(error)
            )
        ) from error


def check_files(
    paths: Sequence[Path],
    *,
    render: bool = True,
    workers: int | None = None,
    double_sided: bool = True,
    rendered: Mapping[Path, Path] | None = None,
) -> list[Report]:
    """Check every file; .docx files are also rendered by LibreOffice and measured unless ``render`` is off.

    ``double_sided``: the documents are printed on both sides (6.2, the default), so a 版记 ends an
    even page (7.4.1, 7.5).  ``rendered`` gives a .docx's LibreOffice PDF already made: it is measured
    instead of rendering the .docx again.
    """
    reports: list[Report] = []
    to_render: list[tuple[Report, Path]] = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == ".docx":
            doc = _read_docx(path)
            report = Report(path, "docx", by_docgen=docx_by_docgen(path))
            judge = Judge(report.findings)
            elements = check_docx(doc, judge)
            report.general_format = elements.general_format
            report.imprint_place = elements.imprint_place
            report.paragraphs = [look.label + look.text for look in elements.looks]
            report.section_breaks = section_breaks(doc)
            report.number_place = unhonoured_number_place(doc)
            report.no_hanging = hanging_forbidden(doc, elements)
            own_format = judge_format_docx(doc, report.findings)
            if own_format:
                report.notes.append(own_format)
            report.declared_grid = unreproducible_grid(doc)
            _markup(path, judge, report)
            if has_office_header(
                doc
            ):  # its mark may be in a text box or a picture, which the rules do not read
                report.office_header = report.general_format = True
                report.notes.extend(office_header_warnings(doc, path))
            reports.append(report)
            if rendered is not None and path in rendered:
                _measure_rendered(report, rendered[path], double_sided)
            elif render:
                to_render.append((report, path))
        elif suffix == ".pdf":
            try:
                pages = measure(path)
            except Exception as error:  # pdfminer raises many kinds on a broken file
                raise UnreadableFileError(
                    _("{path}: cannot be read as a PDF: {error}").format(
                        path=path, error=library_error_text(error)
                    )
                ) from error
            if (
                not pages
            ):  # an empty page tree (/Count 0, or a lying /Count with no /Kids) has nothing to check
                raise UnreadableFileError(
                    _("{path}: the PDF has no pages: it is not a document").format(path=path)
                )
            reports.extend(_check_pdf(path, pages, double_sided))
        else:
            raise UnreadableFileError(
                not_docx(_("{path}: only .docx and .pdf files can be checked").format(path=path), path)
            )
    if to_render:
        _render_and_measure(to_render, workers, double_sided)
    for report in reports:
        if report.office_header:
            report.notes.extend(as_warnings(report.findings))
    return reports


def _markup(path: Path, judge: Judge, report: Report) -> None:
    """Judge colours.markup: no tracked change or comment left, which Word prints in colour in the
    margin (its default 打印标记) and which the document's readers must not get."""
    markup = markup_of(path)
    judge.record(
        "colours.markup",
        not markup.pending,
        markup_text(markup) if markup.pending else _("none"),
        _("no tracked changes or comments: {how}").format(how=how_to_accept()),
    )
    if markup.revisions:
        report.notes.append(
            _(
                "the document holds tracked changes: judged with them accepted, as Word shows it "
                "without markup; accept or reject them before printing (Word prints the markup)"
            )
        )


def _check_pdf(path: Path, pages: list[Page], double_sided: bool) -> list[Report]:
    """Return the report on a PDF: one, or one per document of a bound volume (``check.merged``)."""
    office_header = pdf_has_office_header(path)
    by_docgen = pdf_by_docgen(path)
    parts = bound_parts(path, pages)
    if parts is None:
        report = Report(path, "pdf", office_header=office_header)
        check_pdf(
            pages, Judge(report.findings), text_rules=True, double_sided=double_sided, by_docgen=by_docgen
        )
        judge_format_pdf(
            pages, report.findings, text_rules=True, double_sided=double_sided, by_docgen=by_docgen
        )
        return [report]
    reports: list[Report] = []
    for part in parts:
        where = _("pages {first}–{last}: {title}").format(first=part.first, last=part.last, title=part.title)
        report = Report(path, "pdf", office_header=office_header, part=where)
        check_pdf(
            part.pages,
            Judge(report.findings),
            text_rules=True,
            double_sided=double_sided,
            by_docgen=by_docgen,
        )
        judge_format_pdf(
            part.pages, report.findings, text_rules=True, double_sided=double_sided, by_docgen=by_docgen
        )
        if not reports:
            report.notes.append(
                _(
                    "a bound volume (合订本) of {n} documents, one bookmark each: each is checked as a document "
                    "of its own, its pages counted from its first"
                ).format(n=len(parts))
            )
        reports.append(report)
    return reports


def _judge_rendered(report: Report, pages: list[Page], double_sided: bool) -> None:
    """Add to ``report`` the findings of the positions measured on its .docx rendered as ``pages``
    (the text rules were judged on the .docx)."""
    check_pdf(
        pages,
        Judge(report.findings),
        text_rules=False,
        declared_grid=report.declared_grid,
        double_sided=double_sided,
        office_header=report.office_header,
        imprint_place=report.imprint_place,
        paragraphs=report.paragraphs,
        section_ends=section_end_pages(pages, report.section_breaks),
        by_docgen=report.by_docgen,
    )
    judge_format_pdf(
        pages,
        report.findings,
        text_rules=False,
        declared_grid=report.declared_grid,
        double_sided=double_sided,
        by_docgen=report.by_docgen,
    )
    _libreoffice_readings(report)


def _libreoffice_readings(report: Report) -> None:
    """Say in the rendered rules where LibreOffice did not follow what the .docx declares: the page
    numbers' frame (``docx_page_numbers.unhonoured_number_place``: still a failure, as printed from
    LibreOffice) and hanging punctuation the file forbids (``docx_hanging``: the declared value
    decides, Word's reading)."""
    for index, finding in enumerate(report.findings):
        if finding.status is not Status.FAIL:
            continue
        if finding.rule.id == "page_numbers.position.pdf" and report.number_place:
            measured = finding.measured + _("; ") + report.number_place
            report.findings[index] = dataclasses.replace(finding, measured=measured)
        elif finding.rule.id == "grid.hanging.pdf" and report.no_hanging:
            measured = libreoffice_hanging(finding.measured)
            report.findings[index] = dataclasses.replace(
                finding, status=Status.PASS, measured=measured, where=""
            )


def _measure_rendered(report: Report, pdf: Path, double_sided: bool) -> None:
    try:
        pages = measure(pdf)
    except Exception as error:  # pdfminer raises many kinds on a broken file
        raise UnreadableFileError(
            _("{path}: cannot be read as a PDF: {error}").format(path=pdf, error=library_error_text(error))
        ) from error
    _judge_rendered(report, pages, double_sided)


def _render_and_measure(items: list[tuple[Report, Path]], workers: int | None, double_sided: bool) -> None:
    from docgen.convert.converter import convert_documents
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        for report, _path in items:
            report.notes.append(_("LibreOffice is not installed: positions were not measured"))
        return
    with scratch_dir("check") as folder:
        jobs = []
        for i, (_report, path) in enumerate(items):
            final = Path(folder) / f"f{i:05d}.docx"  # as Word shows it: the markup LibreOffice sets otherwise
            jobs.append((final if final_copy(path, final) else path, Path(folder) / f"c{i:05d}.pdf"))
        notes: list[str] = []
        outcomes = convert_documents(jobs, workers=workers, notes=notes)
        for (report, _path), outcome in zip(items, outcomes, strict=True):
            report.notes.extend(notes)
            report.notes.extend(outcome.notes)  # what LibreOffice was not given: a linked picture …
            if outcome.error is not None:
                report.notes.append(_("LibreOffice could not render it: {error}").format(error=outcome.error))
                continue
            _judge_rendered(report, measure(outcome.target), double_sided)
