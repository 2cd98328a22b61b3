"""The one path from documents to files: lay out → emit .docx → PDF → even-page check → finish → write.

Every command that makes files goes through ``publish``; commands differ only in how they get
their documents and what they print.  The converter is passed in (``converter`` chooses one per
job: a single soffice run for one or two documents, the LibreOffice pool for more, kept alive for
the whole ``with`` block), so a batch or a long-running process converts through one pool.

Each document's files are written as soon as its PDF is made, in the order the PDFs come, so a
batch stopped midway (Ctrl-C, SIGTERM) keeps every document it finished, each file whole.

The even-page sequence (7.4.1, 7.5) lives here and only here: printing double-sided, a document
whose 版记 or 报尾 came out on an odd page in the real PDF (LibreOffice broke a page where the
estimate did not) is laid out again with the next placement the layout stage offers, all such
documents of a batch together per round, until the page count is even.
"""

from __future__ import annotations

import dataclasses
import io
import queue
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.convert.pdf import Metadata, finish_pdf
from docgen.convert.typst_finish import finish_typst
from docgen.convert.typst_finish import pages as typst_pages
from docgen.errors import DataError, DocgenError
from docgen.i18n import _
from docgen.layout import PlacedDocument, Placement, lay_out, lay_out_each
from docgen.layout.bookmarks import bookmarks
from docgen.minutes_model import Minutes
from docgen.model import Bulletin, Document
from docgen.office_template import OFFICE_HEADER_BOOKMARK
from docgen.output import interrupts_held, write_atomic
from docgen.publish.pdfium import load as load_pdfium
from docgen.publish.pdfium import page_count
from docgen.publish.seam import reached
from docgen.publish.stages import spend, stage
from docgen.scratch import scratch_dir
from docgen.standard import WATERMARK_TEXT

if TYPE_CHECKING:  # LibreOffice's converter is imported only where a PDF needs it (issue 17)
    from docgen.convert.converter import Convert
    from docgen.convert.pool import Conversion
    from docgen.emit.docx.template import Template

    # the .docx template, or what loads it: a publication whose PDF Typst makes and whose .docx is
    # not kept never needs it (a Typst preview neither loads the template nor imports the emitter)
    TemplateSource = Template | Callable[[], Template]

Write = Callable[[Path, bytes], object]

# A batch typesetting this many documents counts their pages with PDFium: loading it costs about
# 45 ms, counting with pypdf 1.2 ms for a 3-page bulletin, 3 ms for a 9-page notice (PDFium 0.1 ms)
PDFIUM_BATCH = 20


class Engine(Enum):
    """What makes a document's PDF.

    LIBREOFFICE converts the .docx (what Word and WPS will print); TYPST typesets the same laid-out
    document directly, in process (``docgen.emit.typst``).  Typst typesets only what docgen lays
    out itself: a .docx taken as it is always goes through LibreOffice.
    """

    LIBREOFFICE = "libreoffice"
    TYPST = "typst"


@dataclass(frozen=True)
class Publication:
    """One document to publish: its model (or a .docx taken as it is) and where its files go.

    ``doc`` is laid out and emitted; without it ``docx_data`` (a .docx given as input, or one
    made earlier) is converted as it is.  With both, ``docx_data`` is the first try and ``doc``
    is laid out again only if the even-page check asks for another placement.
    """

    doc: Document | Bulletin | Minutes | None
    docx: Path | None  # where the .docx goes (None: not kept)
    pdf: Path | None  # where the PDF goes (None: no PDF)
    metadata: Metadata | None = None  # the PDF's; default: the laid-out document's title, number, organs
    watermark: bool = True
    docx_data: bytes | None = None
    docx_placement: Placement | None = None  # how docx_data placed the 版记 (default: as the estimate does)
    engine: Engine = Engine.LIBREOFFICE  # what makes the PDF (a .docx taken as it is: LibreOffice)


@dataclass
class Published:
    """What ``publish`` made of one publication: the bytes written, the pages, or the error."""

    publication: Publication
    docx_data: bytes = b""
    pdf_data: bytes = b""
    pages: int = 0
    placed: PlacedDocument | None = None  # the layout the .docx was made from (None: a .docx taken as it is)
    bottom: PlacedDocument | None = None  # the same with the 版记 at the bottom, when placed has it elsewhere
    error: DocgenError | None = None

    @property
    def made_by(self) -> str:
        """Return what made the PDF: "Typst" or "LibreOffice" ("" when none was asked for)."""
        if self.publication.pdf is None:
            return ""
        return "Typst" if self.typeset else "LibreOffice"

    @property
    def typeset(self) -> bool:
        """Whether Typst makes this result's PDF (it has a layout, or will be laid out for Typst
        alone, and asks for Typst)."""
        item = self.publication
        return item.engine is Engine.TYPST and (self.placed is not None or _typst_only(item))


def _typst_only(item: Publication) -> bool:
    """Return whether ``item`` is laid out for Typst's PDF alone (no .docx made or given): then it
    is laid out where it is typeset (``_typeset``), while the documents before it compile."""
    return (
        item.engine is Engine.TYPST
        and item.doc is not None
        and item.pdf is not None
        and item.docx is None
        and item.docx_data is None
    )


def _docx_of(
    item: Publication, template: TemplateSource, placement: Placement | None = None
) -> tuple[bytes, PlacedDocument | None, PlacedDocument | None]:
    """Return the .docx, its layout, and the layout Typst starts from when it differs (else None)."""
    if item.doc is None:
        assert item.docx_data is not None
        return item.docx_data, None, None
    if item.docx_data is not None and placement is None:
        # the layout is needed for Typst's source: laid out as Typst starts from (see _typeset)
        first = Placement.BOTTOM if item.engine is Engine.TYPST else item.docx_placement
        with stage("layout"):
            return item.docx_data, lay_out(item.doc, first), None
    if item.engine is Engine.TYPST and placement is None:
        # the .docx places the 版记 as the estimate does, Typst starts from the bottom: one layout, two tails
        with stage("layout"):
            placed, bottom = lay_out_each(item.doc, [None, Placement.BOTTOM])
        return _emit_docx(placed, template), placed, bottom
    with stage("layout"):
        placed = lay_out(item.doc, placement)
    return _emit_docx(placed, template), placed, None


def _emit_docx(placed: PlacedDocument, template: TemplateSource) -> bytes:
    """Return the .docx of a layout (the emitter imported, the template loaded, on first need)."""
    from docgen.emit.docx.emit import emit_docx

    with stage("docx"):
        return emit_docx(placed, template() if callable(template) else template)


def _pdf_metadata(result: Published) -> Metadata:
    """Return what the PDF says about itself: the given metadata or the layout's, and whether its
    版头 is the office's own (the layout copied it in, or a .docx taken as it is carries its bookmark)."""
    if result.publication.metadata is not None:
        given = result.publication.metadata
        return dataclasses.replace(given, office_header=given.office_header or _office_bookmark(result.docx_data))
    assert result.placed is not None, "a .docx taken as it is needs its metadata given"
    meta = result.placed.metadata
    return Metadata(
        meta.title,
        meta.subject,
        meta.creator,
        office_header=result.placed.office_head is not None,
        date=meta.date,
        bookmarks=tuple(text for _level, text in bookmarks(result.placed)),
    )


def _office_bookmark(docx_data: bytes) -> bool:
    """Return whether a .docx marks its 版头 as the office's own (the hidden bookmark docgen writes)."""
    from docgen.emit.docx.xml.office import has_bookmark  # here: a Typst preview never imports the emitter

    try:
        with zipfile.ZipFile(io.BytesIO(docx_data)) as package:
            body = package.read("word/document.xml")  # the package was read within limits before
    except (KeyError, zipfile.BadZipFile):
        return False
    return has_bookmark(body, OFFICE_HEADER_BOOKMARK)


def publish(
    items: Sequence[Publication],
    template: TemplateSource,
    convert: Convert | None,
    *,
    write: Write = write_atomic,
    on_written: Callable[[Published], None] | None = None,
) -> list[Published]:
    """Make every publication's files; one failing document never stops the others.

    Each document's files are written as soon as its PDF is made (and its pages are even where
    7.5 asks), not after the whole batch: a run interrupted at document 9 of 12 keeps the ones
    done.  ``on_written`` is told of each, in the order they are written.

    ``write`` writes a file (atomically by default; a numbered document writes through its
    register ticket, so that its files are recorded or removed with its number).
    """
    results = [Published(item) for item in items]
    odd: list[Published] = []  # 版记 on an odd page: laid out again before they are written

    def made(result: Published) -> None:
        if _odd(result):
            odd.append(result)
        else:
            _write(result, write, on_written)

    for result in results:
        if _typst_only(result.publication):
            continue  # laid out by _typeset
        try:
            result.docx_data, result.placed, result.bottom = _docx_of(result.publication, template)
        except DocgenError as error:
            result.error = error
        except ValueError as error:  # a character lxml refuses: bad data, not a bug
            result.error = DataError(str(error))
        if result.error is None and result.publication.pdf is None:
            _write(result, write, on_written)  # a .docx alone: written at once
    wanted = [r for r in results if r.error is None and r.publication.pdf is not None]
    converted = [r for r in wanted if not r.typeset]
    if converted:
        if convert is None:
            raise ValueError("publish: PDFs asked for without a converter")
        lo = convert

        def by_libreoffice(batch: Sequence[Published]) -> None:
            _convert(batch, lo)

        _convert(converted, lo, each=made)
        _even_pages(odd, template, by_libreoffice)
        _write_all(odd, write, on_written)
        odd.clear()
    typeset = [r for r in wanted if r.typeset]
    if typeset:
        _typeset(typeset, own_tail=True, each=made)
        _even_pages(odd, template, _typeset)
        _write_all(odd, write, on_written)
    return results


def _odd(result: Published) -> bool:
    """Return whether a made PDF must be laid out again: its 版记 came out on an odd page (7.5)."""
    placed = result.placed
    return result.error is None and placed is not None and placed.even_pages and result.pages % 2 == 1


def _write_all(
    results: Sequence[Published], write: Write, on_written: Callable[[Published], None] | None
) -> None:
    """Write the files of each result that has no error, in order."""
    for result in results:
        if result.error is None:
            _write(result, write, on_written)


def _write(result: Published, write: Write, on_written: Callable[[Published], None] | None) -> None:
    """Write a result's .docx and its finished PDF; an error is kept on the result, not raised."""
    item = result.publication
    with interrupts_held():  # a stop arriving now ends the run once the files written are told of
        try:
            if item.docx is not None:
                write(item.docx, result.docx_data)
                reached("after-docx")
            if item.pdf is not None:
                if not result.typeset:
                    result.pdf_data = finish_pdf(result.pdf_data, _pdf_metadata(result), watermark=item.watermark)
                else:  # Typst wrote the metadata: only what it cannot say (DisplayDocTitle), appended
                    result.pdf_data = finish_typst(result.pdf_data)
                write(item.pdf, result.pdf_data)
                reached("after-pdf")
        except DocgenError as error:
            result.error = error
            return
        if on_written is not None:
            on_written(result)


def _convert(
    results: Sequence[Published], convert: Convert, each: Callable[[Published], None] | None = None
) -> None:
    """Convert the results' .docx to PDF, all in one call of the converter; ``each`` is called
    here, in this thread, with each result as its PDF comes (in the order they come)."""
    with scratch_dir("publish") as folder:
        staged = []
        for index, result in enumerate(results):
            docx = Path(folder) / f"d{index:05d}.docx"
            docx.write_bytes(result.docx_data)
            staged.append((docx, Path(folder) / f"d{index:05d}.pdf"))
        if each is None:
            for result, outcome in zip(results, convert(staged), strict=True):
                _take(result, outcome)
        else:
            _as_they_come(staged, convert, lambda index, outcome: each(_take(results[index], outcome)))


def _take(result: Published, outcome: Conversion) -> Published:
    """Put a conversion's PDF (its bytes and pages), or its error, on the result; return it."""
    if outcome.error is not None:
        result.error = outcome.error
    else:
        result.pdf_data = outcome.target.read_bytes()
        result.pages = page_count(outcome.target)
    return result


def _as_they_come(
    staged: Sequence[tuple[Path, Path]], convert: Convert, each: Callable[[int, Conversion], None]
) -> None:
    """Run ``convert`` on a thread of its own and call ``each`` with every job's index and outcome
    in this thread, as the outcome arrives (any the converter did not call back, once it is done).

    By hand because the converter calls back on its workers' threads: the files are written here,
    where Ctrl-C (raised in the main thread only) can stop between two files, never inside one
    left to a thread the interpreter abandons.
    """
    index_of = {target.resolve(): index for index, (_docx, target) in enumerate(staged)}
    arrived: queue.Queue[Conversion | None] = queue.Queue()
    outcomes: list[Conversion] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcomes.extend(convert(staged, arrived.put))  # positional: a pool's own convert takes it too
        except BaseException as error:  # handed to the waiting thread: raised there
            failure.append(error)
        finally:
            arrived.put(None)

    threading.Thread(target=run, name="docgen-convert", daemon=True).start()
    done: set[int] = set()
    while (outcome := arrived.get()) is not None:
        index = index_of[outcome.target.resolve()]
        if index not in done:  # once per document, whatever a converter reports
            done.add(index)
            each(index, outcome)
    if failure:
        raise failure[0]
    for index, outcome in enumerate(outcomes):
        if index not in done:
            each(index, outcome)


def publish_one(item: Publication, template: TemplateSource, *, write: Write) -> Published:
    """Make one publication's files, starting LibreOffice only when it makes the PDF; raise its error."""
    from docgen.convert.converter import converter  # lazy: LibreOffice's pool, not for a Typst PDF

    count = needs_converter([item])
    with converter(count) if count else nullcontext() as convert:
        (made,) = publish([item], template, convert, write=write)
    if made.error is not None:
        raise made.error
    return made


def needs_converter(items: Sequence[Publication]) -> int:
    """Return how many of ``items`` LibreOffice makes the PDF of (a converter is needed for them)."""
    return sum(1 for i in items if i.pdf is not None and (i.engine is Engine.LIBREOFFICE or i.doc is None))


def _typeset(
    results: Sequence[Published], *, own_tail: bool = False, each: Callable[[Published], None] | None = None
) -> None:
    """Typeset the results' layouts to PDF with Typst, in process, on all cores
    (``compile.compile_each``: each source is made here while the ones before it compile);
    ``each`` is called with each result as its PDF comes.

    ``own_tail``: Typst places the 版记 itself (laid out at the bottom); the even-page sequence's
    later rounds typeset the placement they ask for, as laid out.
    """
    from docgen.emit.typst.compile import compile_each
    from docgen.emit.typst.emit import emit_typst

    if len(results) >= PDFIUM_BATCH:
        load_pdfium()  # the pages counted by PDFium (docgen.publish.pdfium)
    made: list[Published] = []  # the results whose source was made, in the order compiled
    # this thread's CPU seconds per stage; the rest of the process's is compile (other threads')
    spent = {"layout": 0.0, "markup": 0.0, "pages": 0.0, "write": 0.0}

    def sources() -> Iterator[str]:
        for result in results:
            start = time.thread_time()
            if result.placed is None:
                assert result.publication.doc is not None
                try:  # laid out for Typst alone (_typst_only): the 版记 placed by Typst
                    result.placed = lay_out(result.publication.doc, Placement.BOTTOM)
                except DocgenError as error:
                    result.error = error
                    continue
                except ValueError as error:  # as in publish: bad data, not a bug
                    result.error = DataError(str(error))
                    continue
                finally:
                    spent["layout"] += time.thread_time() - start
                start = time.thread_time()
            placed = result.placed
            if own_tail and placed.placement is not Placement.BOTTOM and result.publication.doc is not None:
                # Typst puts the 版记 on its page itself (emit_typst): it starts from the bottom placement
                placed = result.bottom or lay_out(result.publication.doc, Placement.BOTTOM)
                spent["layout"] += time.thread_time() - start
                start = time.thread_time()
            meta = _pdf_metadata(result)
            fields = dataclasses.replace(
                placed.metadata, title=meta.title, subject=meta.subject, creator=meta.author
            )
            mark = WATERMARK_TEXT if result.publication.watermark else ""
            try:
                # Typst writes the metadata and draws the watermark itself: no pass through pypdf after
                source = emit_typst(placed, watermark=mark, metadata=fields)
            except DocgenError as error:
                result.error = error
                continue
            finally:
                spent["markup"] += time.thread_time() - start
            made.append(result)
            yield source

    begun = time.process_time()
    for index, pdf in enumerate(compile_each(sources(), len(results))):
        result = made[index]
        if isinstance(pdf, DocgenError):
            result.error = pdf
            continue
        start = time.thread_time()
        # counted from Typst's page tree (no PDF library loaded for a single preview: typst_finish)
        result.pdf_data, result.pages = pdf, typst_pages(pdf) or page_count(pdf)
        spent["pages"] += time.thread_time() - start
        if each is not None:
            start = time.thread_time()
            each(result)  # its files written while the next compile
            spent["write"] += time.thread_time() - start
    spend("compile", time.process_time() - begun - sum(spent.values()))
    for name, seconds in spent.items():
        spend(name, seconds)


def _even_pages(
    results: Sequence[Published], template: TemplateSource, make_pdfs: Callable[[Sequence[Published]], None]
) -> None:
    """Lay out again, with the next placement, every document whose 版记 came out on an odd page."""
    odd = [r for r in results if r.placed is not None and r.placed.even_pages and r.pages % 2]
    tries = {id(r): r.placed.placement.alternatives() for r in odd if r.placed is not None}
    for round_ in range(len(Placement) - 1):
        if not odd:
            return
        candidates = []
        for result in odd:
            trial = Published(result.publication)
            trial.docx_data, trial.placed, _bottom = _docx_of(
                result.publication, template, tries[id(result)][round_]
            )
            candidates.append(trial)
        make_pdfs(candidates)
        still = []
        for result, trial in zip(odd, candidates, strict=True):
            if trial.error is None and trial.pages % 2 == 0:
                result.docx_data, result.pdf_data = trial.docx_data, trial.pdf_data
                result.pages, result.placed = trial.pages, trial.placed
            else:
                still.append(result)
        odd = still
    for result in odd:  # issue 14 (b): never silently; say which document and why
        assert result.placed is not None
        note = _(
            "printed double-sided, the 版记 should end on an even page, but under every placement "
            "of it the PDF has {pages} pages: the last page's back stays blank. A few lines more "
            "or less in the text change that"
        ).format(pages=result.pages)
        result.placed = dataclasses.replace(result.placed, notes=(*result.placed.notes, note))
