"""``docgen render``: notice sources in, .docx out, through the publish pipeline (no PDF, no number)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.compose.notice import compose_notice
from docgen.errors import DataError, DocgenError, raise_problems
from docgen.i18n import _, ngettext
from docgen.load.letter_notes import letter_notes
from docgen.load.notice import NoticeSource, is_minutes_source, read_notice
from docgen.model import Document
from docgen.output import OutputSet
from docgen.publish.guard import WriteGuard, writable_folder
from docgen.publish.pipeline import Publication, publish
from docgen.remarks import Remark, as_warnings, note
from docgen.run_resources import RunResources

if TYPE_CHECKING:
    from docgen.emit.docx.emit import Rendered
    from docgen.minutes_model import Minutes


def compose_notice_file(source: Path, resources: RunResources) -> Document:
    """Return the document model of a notice source file."""
    return compose_notice(read_notice(source, resources.attachments), resources.letterhead)


def source_notes(notice: NoticeSource) -> list[Remark]:
    """Return the remarks on a source's lines: headings typed without # (notes) or out of order
    (warnings), a typed 附件说明 (docgen/load/notice_typed.py)."""
    return list(notice.notes)


def compose_with_notes(source: Path, resources: RunResources) -> tuple[Document, list[Remark]]:
    """Return the document model of a notice source file and the remarks on its source and its layout."""
    notice = read_notice(source, resources.attachments)
    doc = compose_notice(notice, resources.letterhead)
    return doc, [*source_notes(notice), *addressee_notes(doc), *letter_notes(notice, doc)]


def addressee_notes(doc: Document) -> list[Remark]:
    """Return a note when the layout prints the 主送 in the 版记 because it leaves no room for the body on
    page 1 (GB/T 9704 7.3.2, docgen/layout/general.py): the writer finds it on the last page otherwise."""
    from docgen.layout import FORMATS  # here: a 纪要 or a failed source never lays out

    fmt = FORMATS.get(type(doc))
    if fmt is None or not doc.addressees or fmt.prepare(doc).addressees:
        return []
    names = len(re.split("[，,、]", doc.addressees.rstrip("：:")))
    said = ngettext(
        "the 主送 ({n} name) leaves no room for the body on page 1: it is printed in the 版记 on the last page "
        "(GB/T 9704 7.3.2)",
        "the 主送 ({n} names) leaves no room for the body on page 1: it is printed in the 版记 on the last page "
        "(GB/T 9704 7.3.2)",
        names,
    )
    return [note(said.format(n=names))]


def compose_source(source: Path, resources: RunResources) -> tuple[Document | Minutes, list[Remark]]:
    """Return the model of a source by its kind, and the remarks on it: a notice, or a 纪要 (会议名称,
    no 标题) as ``docgen minutes --draft`` makes it — no 期号 taken from the register, which the note
    says.  A 期号 written in the source (``期号: 11``) is printed, as a notice's written 发文字号 is
    (README: render and preview never take a number; forms10 #9); ``期号: auto`` leaves 第　　期."""
    if not is_minutes_source(source):
        return compose_with_notes(source, resources)
    from docgen.minutes import _given_sequence as given_sequence  # lazy: most sources are notices
    from docgen.minutes import compose_input, read_input

    given = read_input(source, resources)
    raise_problems(given.problems)  # every bad decision at once
    sequence = given_sequence(given.source)
    if sequence is None:
        said = _("a 纪要: made as its draft (第　　期); “docgen minutes {name}” takes its 期号 from the register")
    else:
        said = _(
            "a 纪要: made as its draft with the 期号 written in it (第{sequence}期); “docgen minutes {name}” "
            "checks it against the register, which refuses a 期号 that is not the series' next"
        )
    shown = note(said.format(name=source.name, sequence=sequence))
    return compose_input(given, resources, sequence), [shown, *given.source.notes]


def render_notice_file(source: Path, resources: RunResources) -> Rendered:
    """Return the rendered .docx of a notice source file (nothing is written)."""
    from docgen.emit.docx.emit import render_docx  # lazy: a Typst preview never imports the emitter

    return render_docx(compose_notice_file(source, resources), resources.template)


@dataclass
class BatchReport:
    """What a batch produced and what failed."""

    written: list[tuple[Path, Path, int]] = field(default_factory=list)  # source, output, pages
    # by source: notes on what docgen did with the source, warnings of what the layout gave up
    notes: list[tuple[Path, Remark]] = field(default_factory=list)
    failed: list[tuple[Path, DocgenError]] = field(default_factory=list)
    held_back: int = 0  # valid sources not written because --strict found an invalid one
    interrupted: KeyboardInterrupt | None = None  # stopped by Ctrl-C or SIGTERM (``left`` not made)
    left: int = 0


_UNPRINTABLE = ("Cc", "Cf", "Zl", "Zp")


def _refuse_an_unprintable_name(path: Path) -> None:
    """Refuse a source in a folder whose name holds a control, format or line-separating character.

    Its .docx would carry the character on (a newline, ESC[31m, U+202E were copied into out/'s names)
    and every line docgen prints about it would break, colour the terminal or read backwards
    (hostile12): a folder someone sends names its files so.
    """
    bad = [(position, char) for position, char in enumerate(path.name, 1) if unicodedata.category(char) in _UNPRINTABLE]
    if bad:
        position, char = bad[0]
        shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _UNPRINTABLE else c for c in path.name)
        raise DataError(
            _(
                "{name}: character {pos} of the file name is the control character U+{code:04X}; "
                "the files made from it would carry it on, so rename the file"
            ).format(name=path.parent / shown, pos=position, code=ord(char))
        )


def notice_sources(folder: Path, suffixes: tuple[str, ...] = (".md",), *, allow_outside: bool = False) -> list[Path]:
    """Return the sources in a folder (*.md files by default), sorted by name; a symlink to a file
    outside the folder is refused unless ``allow_outside``, as an attachment's is (hostile10 #7)."""
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes and p.is_file())
    for path in found:
        _refuse_an_unprintable_name(path)
    if allow_outside:
        return found
    inside = folder.resolve()
    for path in found:
        real = path.resolve()
        if not real.is_relative_to(inside):
            raise DataError(
                _(
                    "{path} is a link to {real}, outside the folder {folder}: a folder given is read, "
                    "not what its links lead to; give the file itself, or pass --allow-outside"
                ).format(path=path, real=real, folder=folder)
            )
    return found


def render_notices(
    jobs: Sequence[tuple[Path, Path]],
    resources: RunResources,
    *,
    strict: bool = False,
    on_progress: Callable[[Path], None] | None = None,
    overwrite: bool = False,
) -> BatchReport:
    """Render (source, output) pairs: validate all first, then write each valid one in isolation.

    Each source is made by its kind (``compose_source``): a notice, or a 纪要's draft.

    With ``strict``, nothing is written when any source is invalid.  No source and no file that
    docgen did not write (or that was issued) is written over unless ``overwrite`` allows it.
    """
    for folder in sorted({output.parent for _source, output in jobs}):
        writable_folder(folder)  # one message for a folder it cannot write, before any work
    guard = WriteGuard.of([source for source, _output in jobs], overwrite=overwrite)
    report = BatchReport()
    claims = OutputSet()
    documents: list[tuple[Path, Path, Document | Minutes]] = []
    for source, output in jobs:
        try:
            claims.claim(output, str(source))
            guard.check(output)
            doc, notes = compose_source(source, resources)  # a notice, or a 纪要 among them
            documents.append((source, output, doc))
            report.notes += [(source, note) for note in notes]
        except DocgenError as error:
            report.failed.append((source, error))
    if strict and report.failed:
        report.held_back = len(documents)
        return report
    for done, (source, output, doc) in enumerate(documents):
        try:
            _render_one(source, output, doc, resources, guard, report)
        except KeyboardInterrupt as stop:  # the .docx written so far stay (each whole: written atomically)
            report.interrupted, report.left = stop, len(documents) - done
            return report
        if on_progress:
            on_progress(source)
    return report


def _render_one(
    source: Path,
    output: Path,
    doc: Document | Minutes,
    resources: RunResources,
    guard: WriteGuard,
    report: BatchReport,
) -> None:
    """Lay out and write one document's .docx; put what came of it in ``report``."""
    (result,) = publish([Publication(doc, output, None)], resources.template, None, write=guard.write)
    if result.error is not None:
        failure = result.error
        report.failed.append((source, failure.at(file=source) if isinstance(failure, DataError) else failure))
    else:
        assert result.placed is not None
        report.written.append((source, output, result.placed.pages))
        report.notes += [(source, remark) for remark in as_warnings(result.placed.notes)]
