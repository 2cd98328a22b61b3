"""Benchmark: 200 notices rendered in one process, our renderer against a plain docxtpl render.

Both start from the same composed document models (the samples, cycled) and produce a .docx in
memory.  The docxtpl side renders a template written for it here (the same styles, footers and
page setup as ours, with Jinja tags for every element), which yields the same paragraphs with
the same formatting; the run checks that the texts agree before timing.  The corpus is the three
seed notices (3 to 6 pages each): the 上行文 sample's table of varying columns would need {%tc %}
loops that docxtpl cannot size, and the 联合行文 mark is a table, so neither would be like for like.

    .venv/bin/python bench/render.py [--count 200]
"""

from __future__ import annotations

import argparse
import datetime
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from docx import Document as open_docx
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen import standard as S  # noqa: E402
from docgen.emit.docx import xml as x  # noqa: E402
from docgen.emit.docx.emit import block_element, render_docx  # noqa: E402
from docgen.emit.docx.template import numbered_footers, page_setup, zip_parts  # noqa: E402
from docgen.layout.flow import LINE, chars  # noqa: E402
from docgen.layout.general import imprint_tail  # noqa: E402
from docgen.model import Document, Heading, Paragraph  # noqa: E402
from docgen.notices import compose_notice_file  # noqa: E402
from docgen.run_resources import RunResources  # noqa: E402

SAMPLES = ["sanmenxia-2020-15.md", "henan-2020-4.md", "zhangzi-2020-66.md"]


def _p(style: str, text: str = "", **fmt: object) -> x.Element:
    return x.paragraph(x.ParagraphFormat(style=style, **fmt), [x.text_run(text)] if text else [])  # type: ignore[arg-type]


def _tag(text: str) -> x.Element:
    return x.paragraph(x.ParagraphFormat(), [x.text_run(text)])


def build_docxtpl_template(path: Path) -> None:
    """Write a docxtpl template equivalent to our renderer's output for notices without tables."""
    rule = x.Border(S.RULE_WIDTH_EIGHTHS, S.RED, S.RULE_SPACE_PT)
    mark_run = x.text_run("{{ mark }}", x.RunFormat(color=S.RED, scale=0, size_half_points=72))
    mark_run.find(x.qn("w:rPr")).find(x.qn("w:w")).set(x.qn("w:val"), "{{ mark_scale }}")  # type: ignore[union-attr]
    body: list[x.Element] = [
        x.paragraph(x.ParagraphFormat(style="GwMark", before=S.MARK_SPACE_BEFORE, line=720), [mark_run]),
        _p("GwNumber", "{{ number }}", before=2 * LINE, bottom_border=rule),
        _p("GwTitle", "{{ title }}", before=2 * LINE),
        _p("GwAddressee", "{{ addressees }}", before=LINE),
        _tag("{%p for b in body %}"),
        _tag("{%p if b.level %}"),
        x.paragraph(
            x.ParagraphFormat(style="GwHeading{{ b.level }}"),
            [
                x.text_run("{{ b.label }}{{ b.text }}"),
                x.text_run("{{ b.run_in }}", x.RunFormat(style="GwRunIn")),
            ],
        ),
        _tag("{%p else %}"),
        _p("GwBody", "{{ b.text }}"),
        _tag("{%p endif %}"),
        _tag("{%p endfor %}"),
        _tag("{%p for t in attachment_titles %}"),
        _p("GwAttachmentNote", "{{ t }}", before=LINE, left=chars(6), hanging=chars(4)),
        _tag("{%p endfor %}"),
        _tag("{%p for organ in organs %}"),
        _p("GwSignature", "{{ organ }}", before=LINE, right=chars(2)),
        _tag("{%p endfor %}"),
        _p("GwSignature", "{{ date }}", align="left", left="{{ date_left }}"),  # type: ignore[arg-type]
        _tag("{%p if note %}"),
        _p("GwNote", "{{ note }}"),
        _tag("{%p endif %}"),
        _tag("{%p for a in attachments %}"),
        _p("GwAttachmentLabel", "{{ a.label }}"),
        _p("GwAttachmentTitle", "{{ a.title }}", before=LINE),
        _tag("{%p for b in a.blocks %}"),
        _p("GwBody", "{{ b.text }}"),
        _tag("{%p endfor %}"),
        _tag("{%p endfor %}"),
    ]
    # the 版记 as a floating table with the same rules; its rows from Jinja
    table, _height = imprint_table_template()
    body += [table, _p("GwBody"), x.section_properties(page_setup(), numbered_footers())]
    parts = dict(RunResources().template.parts)
    parts["word/document.xml"] = x.serialize(x.document(body))
    path.write_bytes(zip_parts(parts))


def imprint_table_template() -> tuple[x.Element, int]:
    """Return the 版记 table with Jinja placeholders (built like ours, then its texts replaced)."""
    from docgen.model import Imprint

    sample = Imprint(printed_by="PRINTED_BY", printed_date=datetime.date(2020, 1, 1), cc=("CC",))
    tail = imprint_tail(sample)
    table, height = block_element(tail.table, []), tail.height
    for t in table.iter(x.qn("w:t")):
        if t.text and t.text.startswith("抄送"):
            t.text = "抄送：{{ cc }}。"
        elif t.text and "PRINTED_BY" in t.text:
            t.text = "{{ printed_by }}"
        elif t.text and t.text.endswith("印发"):
            t.text = "{{ printed_date }}"
    return table, height


def context(doc: Document) -> dict[str, object]:
    """Return the docxtpl context of a document model."""

    def block(b: object) -> dict[str, object]:
        if isinstance(b, Heading):
            return {"level": b.level, "label": b.label, "text": b.text, "run_in": b.run_in}
        assert isinstance(b, Paragraph)
        return {"level": 0, "text": b.text}

    imprint = doc.imprint
    assert imprint is not None
    return {
        "mark": doc.header.organs[0] + ("文件" if doc.header.with_wenjian else ""),
        "mark_scale": 64,
        "number": doc.header.number.text() if doc.header.number else "",
        "title": doc.title,
        "addressees": doc.addressees,
        "body": [block(b) for b in doc.body],
        "attachment_titles": [f"附件：{t}" for t in doc.attachment_titles],
        "organs": list(doc.signature.organs),
        "date": doc.signature.date_text,
        "date_left": chars(28 - len(doc.signature.organs[0])),
        "note": doc.note_text,
        "attachments": [
            {"label": a.label, "title": a.title, "blocks": [block(b) for b in a.blocks]}
            for a in doc.attachments
        ],
        "cc": "，".join(imprint.cc),
        "printed_by": imprint.printed_by,
        "printed_date": imprint.printed_text,
    }


def texts(data: bytes) -> list[str]:
    """Return the non-empty paragraph texts of a .docx (body only)."""
    return [p.text for p in open_docx(io.BytesIO(data)).paragraphs if p.text.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    models = [compose_notice_file(ROOT / "samples" / "notices" / name, RunResources()) for name in SAMPLES]
    jobs = [models[i % len(models)] for i in range(args.count)]
    template = RunResources().template
    env = Environment(undefined=StrictUndefined, autoescape=True)

    with tempfile.TemporaryDirectory() as folder:
        tpl_path = Path(folder) / "docxtpl-notice.docx"
        build_docxtpl_template(tpl_path)

        def ours() -> list[bytes]:
            return [render_docx(doc, template).data for doc in jobs]

        def plain_docxtpl() -> list[bytes]:
            out = []
            for doc in jobs:
                tpl = DocxTemplate(tpl_path)
                tpl.render(context(doc), jinja_env=env, autoescape=True)
                buffer = io.BytesIO()
                tpl.save(buffer)
                out.append(buffer.getvalue())
            return out

        # like for like: the same paragraphs come out of both
        for model_index, doc in enumerate(models):
            a = [t for t in texts(render_docx(doc, template).data) if t.strip()]
            tpl = DocxTemplate(tpl_path)
            tpl.render(context(doc), jinja_env=env, autoescape=True)
            buffer = io.BytesIO()
            tpl.save(buffer)
            b = texts(buffer.getvalue())
            assert a == b, (SAMPLES[model_index], a[:5], b[:5])
            assert zipfile.ZipFile(buffer).testzip() is None

        timings: dict[str, list[float]] = {"docgen": [], "docxtpl": []}
        for _round in range(args.rounds):  # interleaved, so drift hits both alike
            for name, fn in (("docgen", ours), ("docxtpl", plain_docxtpl)):
                start = time.perf_counter()
                fn()
                timings[name].append(time.perf_counter() - start)

    best = {name: min(values) for name, values in timings.items()}
    for name in ("docgen", "docxtpl"):
        print(
            f"{name:8s} {args.count} notices: best {best[name]:.2f} s, median {statistics.median(timings[name]):.2f} s, "
            f"{args.count / best[name]:.0f} notices/s"
        )
    print(f"ratio docgen/docxtpl speed: {best['docxtpl'] / best['docgen']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
