"""The final text of a Word document: its tracked changes accepted, its comments and inline wrappers
taken away, and what it still holds (revisions, comments) counted.

Word lays out the runs inside a tracked insertion, an inline content control (w:sdt), a hyperlink or
a smart tag as it lays out any run, and a document is judged with its tracked changes accepted (the
text rules read it so: ``check.docx_read.visible_text``).  LibreOffice 7.4 does not: it colours
inserted text and marks changed lines with bars in the margin, prints deleted text struck through,
and sets a line holding a hyperlink's or a content control's runs with a character less (measured on
tests/fixtures/checkread12: 27 characters where Word and the same runs unwrapped give 28, and the
版记 pushed onto a third page).  So ``check`` and ``preview`` give LibreOffice a copy with the
changes accepted (insertions and moves kept, deletions and old formatting dropped, a paragraph whose
mark was deleted joined to the next one, as ISO/IEC 29500 17.13.5.15 says), the comments' anchors
and references removed and those wrappers taken away, their runs kept in place; a document without
any is rendered as it is.  Written by hand: no library accepts tracked changes in a .docx.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen.i18n import _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _w(*tags: str) -> set[str]:
    return {f"{{{W}}}{tag}" for tag in tags}


# inline wrappers whose runs Word sets as any other: taken away, their content kept
_UNWRAPPED = _w("ins", "moveTo", "hyperlink", "smartTag")
# the records of a change (the old formatting, a table cell's change), each a revision of its own
_CHANGE_RECORDS = (
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "tblGridChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "cellIns",
    "cellDel",
    "cellMerge",
)
# tracked removals and the records of a change: taken away with their content
_REMOVED = _w(
    "del",
    "moveFrom",
    *_CHANGE_RECORDS,
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "commentReference",
)
# what a reviewer counts as a revision (审阅窗格): each once, by its w:id
_REVISIONS = _w("ins", "del", "moveFrom", "moveTo", *_CHANGE_RECORDS)
_TEXT = _w("t", "delText", "instrText")
_CHANGES = (b"<w:ins ", b"<w:del ", b"<w:moveFrom", b"<w:moveTo", b"Change ", b"Change>", b"<w:cell")
_COMMENTS = (b"<w:commentRangeStart", b"<w:commentReference")
_MARKERS = (*_CHANGES, *_COMMENTS, b"<w:hyperlink", b"<w:smartTag", b"<w:sdt>")
_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")
_LARGEST = 64 * 1024 * 1024  # a part's XML (load/limits.MAX_MEMBER_BYTES)


@dataclass(frozen=True)
class Revision:
    """A tracked change: who made it, when (as Word stores it) and the text it touches."""

    author: str
    date: str
    text: str
    deleted: bool  # text deleted or moved away
    formatting: bool = False  # a formatting change (its run's or paragraph's text)


@dataclass(frozen=True)
class Markup:
    """What a Word document holds beside its final text."""

    revisions: int = 0  # tracked changes not yet accepted (insertions, deletions, moves, formatting)
    comments: int = 0  # reviewers' comments (批注)
    first: Revision | None = None  # the first change in the body, headers and footers
    wrappers: bool = False  # hyperlinks, smart tags or inline content controls (nothing to accept)

    @property
    def pending(self) -> bool:
        """Return whether anything is left for the writer to accept or delete before issuing."""
        return bool(self.revisions or self.comments)


@dataclass(frozen=True)
class Final:
    """A Word document's package as it prints once its changes are accepted, and what it held."""

    data: bytes  # the package to render: the original bytes when there was nothing to take away
    markup: Markup
    changed: bool  # ``data`` is a copy, not the original


def _join_deleted_marks(root: etree._Element) -> None:
    """Join each paragraph whose mark is a tracked deletion (or moved away) to the paragraph after it,
    which keeps its own properties (the mark that stays); the last paragraph of a cell or the body has
    only its marker taken away."""
    marks = _w("del", "moveFrom")
    for paragraph in list(root.iter(f"{{{W}}}p")):
        mark = paragraph.find(f"{{{W}}}pPr/{{{W}}}rPr")
        if mark is None or not any(child.tag in marks for child in mark):
            continue
        if paragraph.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None:
            continue  # a section ends here: its break stays
        after = paragraph.getnext()
        while after is not None and after.tag in _w("bookmarkStart", "bookmarkEnd", "proofErr"):
            after = after.getnext()
        if after is None or after.tag != f"{{{W}}}p":
            continue
        content = [kid for kid in paragraph if kid.tag != f"{{{W}}}pPr"]
        at = 1 if after.find(f"{{{W}}}pPr") is not None else 0
        for offset, kid in enumerate(content):
            after.insert(at + offset, kid)
        parent = paragraph.getparent()
        if parent is not None:
            parent.remove(paragraph)


def _flatten(root: etree._Element) -> None:
    """Accept the tracked changes in ``root``, drop its comment anchors and unwrap its inline wrappers
    (changed in place)."""
    for row in [r for r in root.iter(f"{{{W}}}tr") if r.find(f"{{{W}}}trPr/{{{W}}}del") is not None]:
        table = row.getparent()
        if table is not None:
            table.remove(row)  # a deleted table row
    _join_deleted_marks(root)
    for reference in list(root.iter(f"{{{W}}}commentReference")):
        run = reference.getparent()
        holder = None if run is None else run.getparent()
        if (
            run is not None
            and holder is not None
            and all(k is reference or k.tag == f"{{{W}}}rPr" for k in run)
        ):
            holder.remove(run)  # the run of a comment's reference mark: nothing else in it
    for node in [n for n in root.iter() if n.tag in _REMOVED]:
        parent = node.getparent()
        if parent is not None:  # under rPr/trPr a w:del marks a deleted paragraph mark or row: the mark goes
            parent.remove(node)
    wrappers = [n for n in root.iter() if n.tag in _UNWRAPPED or _inline_sdt(n)]
    for node in reversed(wrappers):  # innermost first
        parent = node.getparent()
        if parent is None:
            continue
        if node.tag in _w("ins", "moveTo") and parent.tag in _w("rPr", "trPr"):
            parent.remove(node)  # an inserted paragraph mark or row: only the marker goes
            continue
        content = node.find(f"{{{W}}}sdtContent") if node.tag == f"{{{W}}}sdt" else node
        at = parent.index(node)
        kids = [] if content is None else [k for k in content if not k.tag.endswith("}sdtPr")]
        parent.remove(node)
        for offset, kid in enumerate(kids):
            parent.insert(at + offset, kid)


def _inline_sdt(node: etree._Element) -> bool:
    """Return True for a content control inside a paragraph (one around paragraphs is laid out alike)."""
    parent = node.getparent()
    return (
        node.tag == f"{{{W}}}sdt"
        and parent is not None
        and parent.tag in _w("p", "hyperlink", "ins", "smartTag", "fldSimple", "sdtContent")
        and next(node.iter(f"{{{W}}}p"), None) is None
    )


def _revision(node: etree._Element) -> Revision:
    """Return what a tracked change says of itself: its author, date and text (its run's for formatting)."""
    holder = node
    parent = node.getparent()
    if str(node.tag).endswith("Change"):  # the changed run, paragraph or table: its text
        holder = next((a for a in node.iterancestors() if a.tag in _w("r", "p", "tbl")), node)
    elif parent is not None and parent.tag == f"{{{W}}}rPr":  # a paragraph mark: its paragraph's text
        holder = next((a for a in node.iterancestors() if a.tag == f"{{{W}}}p"), node)
    text = "".join(t.text or "" for t in holder.iter() if t.tag in _TEXT)
    date = (node.get(f"{{{W}}}date") or "").replace("T", " ").removesuffix("Z")[:16]
    return Revision(
        node.get(f"{{{W}}}author") or "",
        date,
        text.strip(),
        node.tag in _w("del", "moveFrom"),
        str(node.tag).endswith("Change"),
    )


def _survey(root: etree._Element, ids: set[tuple[str, str]], firsts: list[Revision]) -> bool:
    """Add ``root``'s revisions to ``ids`` and to ``firsts`` its first one that changes text (else its
    first one); return whether it has wrappers."""
    others: list[Revision] = []
    for node in root.iter():
        if node.tag in _REVISIONS:
            key = (str(node.tag), node.get(f"{{{W}}}id") or str(len(ids)))
            if key in ids:
                continue
            ids.add(key)
            parent = node.getparent()
            texts = node.tag in _w("ins", "del", "moveFrom", "moveTo") and (
                parent is None or parent.tag not in _w("rPr", "trPr")
            )
            if texts and not any(f.text for f in firsts):
                firsts.insert(0, _revision(node))
            elif not others:
                others.append(_revision(node))
    if not firsts and others:
        firsts.append(others[0])
    return any(n.tag in _w("hyperlink", "smartTag") or _inline_sdt(n) for n in root.iter())


def _comment_count(package: zipfile.ZipFile, references: set[str]) -> int:
    """Return the comments the document holds: comments.xml's, else the references to them."""
    try:
        info = package.getinfo("word/comments.xml")
    except KeyError:
        return len(references)
    if info.file_size > _LARGEST:
        return len(references)
    root = etree.fromstring(package.read(info), _PARSER)
    return max(len(root.findall(f"{{{W}}}comment")), len(references))


def accept(data: bytes) -> Final:
    """Return ``data`` (a .docx package) as it prints with its changes accepted, and what it held;
    a package that cannot be read so is returned as it is (the converter's reading says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            replaced: dict[str, bytes] = {}
            ids: set[tuple[str, str]] = set()
            firsts: list[Revision] = []
            references: set[str] = set()
            wrappers = False
            # the body first: its first change is the one named, whatever order the parts are zipped in
            for info in sorted(package.infolist(), key=lambda i: i.filename != "word/document.xml"):
                if not info.filename.startswith(_PARTS) or info.file_size > _LARGEST:
                    continue
                part = package.read(info)
                if not any(marker in part for marker in _MARKERS):
                    continue
                root = etree.fromstring(part, _PARSER)
                wrappers = _survey(root, ids, firsts) or wrappers
                references |= {n.get(f"{{{W}}}id") or "" for n in root.iter(f"{{{W}}}commentReference")}
                _flatten(root)
                replaced[info.filename] = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            markup = Markup(
                len(ids), _comment_count(package, references), firsts[0] if firsts else None, wrappers
            )
            if not replaced:
                return Final(data, markup, False)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in package.infolist():
                    if info.filename in replaced:
                        copy.writestr(info.filename, replaced[info.filename])
                    else:
                        with package.open(info) as source, copy.open(info.filename, "w") as target:
                            shutil.copyfileobj(source, target, 1024 * 1024)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, KeyError, ValueError, RuntimeError):
        return Final(data, Markup(), False)
    return Final(out.getvalue(), markup, True)


def markup_in(roots: Iterable[etree._Element]) -> Markup:
    """Return the revisions and comment references under ``roots`` (a part of a document: the 版头 an
    office's template lends every document)."""
    ids: set[tuple[str, str]] = set()
    firsts: list[Revision] = []
    references: set[str] = set()
    wrappers = False
    for root in roots:
        wrappers = _survey(root, ids, firsts) or wrappers
        references |= {
            n.get(f"{{{W}}}id") or ""
            for n in root.iter(f"{{{W}}}commentReference", f"{{{W}}}commentRangeStart")
        }
    return Markup(len(ids), len(references), firsts[0] if firsts else None, wrappers)


def final_copy(source: Path, target: Path) -> bool:
    """Write at ``target`` the copy of ``source`` to render (``accept``); return False, writing
    nothing, when ``source`` has nothing to take away or cannot be read (it is rendered as it is)."""
    try:
        final = accept(source.read_bytes())
    except OSError:
        return False
    if not final.changed:
        return False
    target.write_bytes(final.data)
    return True


def markup_of(source: Path) -> Markup:
    """Return what the .docx at ``source`` holds beside its final text (nothing when unreadable)."""
    try:
        return accept(source.read_bytes()).markup
    except OSError:
        return Markup()


def markup_text(markup: Markup) -> str:
    """Return what ``markup`` holds in words: how many changes and comments, and the first change."""
    parts = []
    if markup.revisions:
        parts.append(_("{n} tracked changes not accepted").format(n=markup.revisions))
    if markup.comments:
        parts.append(_("{n} comments").format(n=markup.comments))
    text = _(", ").join(parts)
    first = markup.first
    if first is not None:
        said = (
            _("deleted “{text}”")
            if first.deleted
            else _("the formatting of “{text}”")
            if first.formatting
            else _("inserted “{text}”")
        )
        what = said.format(text=first.text[:20] + ("…" if len(first.text) > 20 else "")) if first.text else ""
        text += _(" (the first by {author}, {date}{what})").format(
            author=first.author or _("no author"),
            date=first.date or _("no date"),
            what=_(": ") + what if what else "",
        )
    return text


def how_to_accept() -> str:
    """Return what the writer does in Word or WPS to leave only the final text."""
    return _(
        "in Word or WPS: 审阅 → 接受 → 接受所有修订, and 审阅 → 删除 → 删除所有批注, then save the document"
    )
