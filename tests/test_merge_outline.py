"""The 合订本's bookmarks (docgen.publish.merge._with_outline) take the pages' references from the flat
page tree PDFium writes, reading only the bookmarked pages: the same bytes as through pypdf's
``pages``; a nested page tree is still read through ``pages``.  Real Typst PDFs, real PDFium merge."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from docgen.convert.pdf_update import Update
from docgen.emit.typst.compile import compile_pdf
from docgen.publish import merge
from docgen.publish.merge import MergedPdf


def _parts() -> list[tuple[str, bytes]]:
    """Three real PDFs of 1, 3 and 2 pages."""
    return [
        (
            f"第{n}份",
            compile_pdf(
                "\n".join(f"#lorem(5) {n}.{p}\n#pagebreak()" for p in range(pages - 1)) + "\n#lorem(3)"
            ),
        )
        for n, pages in ((1, 1), (2, 3), (3, 2))
    ]


def test_the_bookmarks_from_the_flat_tree_are_the_same_bytes_as_through_pypdfs_pages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    merged = MergedPdf()
    for title, pdf in _parts():
        merged.add(title, pdf)
    buffer = io.BytesIO()
    merged._doc.save(buffer)
    saved, starts = buffer.getvalue(), list(merged._starts)
    assert [page for _title, page in starts] == [0, 1, 4]
    fast = merge._with_outline(saved, starts, "简报", "编印")
    monkeypatch.setattr(
        merge,
        "_page_refs",
        lambda update, numbers: [update.reader.pages[n].indirect_reference for n in numbers],
    )
    assert fast == merge._with_outline(saved, starts, "简报", "编印")
    reader = PdfReader(io.BytesIO(fast))
    assert [(item.title, reader.get_destination_page_number(item)) for item in reader.outline] == [
        ("第1份", 0),
        ("第2份", 1),
        ("第3份", 4),
    ]


def test_a_nested_page_tree_is_read_through_pypdfs_pages() -> None:
    writer = PdfWriter()
    for _page in range(3):
        writer.add_blank_page(100, 100)
    root = writer.root_object["/Pages"].get_object()
    kids = root["/Kids"]
    node = DictionaryObject(
        {NameObject("/Type"): NameObject("/Pages"), NameObject("/Count"): NumberObject(2)}
    )
    node_ref = writer._add_object(node)
    node[NameObject("/Kids")] = ArrayObject([kids[1], kids[2]])
    node[NameObject("/Parent")] = writer.root_object.raw_get("/Pages")
    for kid in (kids[1], kids[2]):
        kid.get_object()[NameObject("/Parent")] = node_ref
    root[NameObject("/Kids")] = ArrayObject([kids[0], node_ref])
    out = io.BytesIO()
    writer.write(out)
    update = Update(out.getvalue())
    expected = [page.indirect_reference for page in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert [ref.idnum for ref in merge._page_refs(update, [0, 1, 2])] == [ref.idnum for ref in expected]  # type: ignore[union-attr]
    assert len({ref.idnum for ref in expected}) == 3
