"""An office's own Word form with docxtpl placeholders: read, checked against a ledger, filled.

The form is read after the package checks of docgen/load/limits.py.  Its parts (body, headers,
footers) are prepared as docxtpl prepares them (placeholders split over several runs joined,
``{%tr %}`` row loops) and parsed by the project's one sandboxed Jinja environment
(docgen/templating.py), so that every name it uses is known before anything is written: a name at
the top (``{{ 责任单位 }}``) and a key read from a row (``row["办理时限（工作日）"]``, ``r.项目名称``
in ``{% for r in rows %}``).  Where a name is used is found again in the form as Word shows it
(第3段, 表格1第2行第3格, 页眉), to name it in a message.

Filling renders the parts in the same sandbox with autoescape (a value's ``&`` and ``<`` are
text, its ``{{`` is never read as a placeholder) and StrictUndefined.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateError, TemplateSyntaxError, meta, nodes

from docgen.emit.docx.xml.text import fragment_text, paragraph_lines, without_chars_in_spans
from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import _
from docgen.layout.breaks import MARKS
from docgen.load.docx_final import accept, how_to_accept, markup_text
from docgen.load.limits import read_docx_bytes
from docgen.load.old_office import not_docx

ROW_LISTS = ("rows",)  # loops over these give row variables whose keys are columns
ROW_NAMES = ("row",)  # the row of a one-document-per-row merge
_TAG = re.compile(r"\{[{%](.*?)[}%]\}", re.DOTALL)
# the parts whose placeholders are read, and a placeholder in their text with docgen's marks in it
_TEXT_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")
_MARKS = f"[{''.join(MARKS)}]*"
_TAG_MARKED = re.compile(r"\{" + _MARKS + r"[{%].*?[}%]" + _MARKS + r"\}", re.DOTALL)


@dataclass(frozen=True)
class Use:
    """A name a template uses: at the top (``top``) or as a key of a ledger row."""

    name: str  # the name or key as written
    top: bool
    shown: str  # how a message quotes it: 项目名称, row["办理时限（工作日）"], r.项目名称
    where: str  # where in the form: 第3段, 表格1第2行第3格, 页眉


@dataclass(frozen=True)
class FormTemplate:
    """A Word form read and parsed: its bytes and every name its placeholders use."""

    path: Path
    data: bytes
    uses: tuple[Use, ...]
    trees: tuple[nodes.Template, ...] = field(
        default=(), compare=False, repr=False
    )  # merge/check.py reads them
    places: tuple[tuple[str, str], ...] = field(
        default=(), compare=False, repr=False
    )  # (where, text as Word shows it)

    def render(self, env: Environment, context: Mapping[str, Any]) -> bytes:
        """Return the filled .docx (docxtpl in the sandbox; autoescape keeps values text)."""
        form = DocxTemplate(io.BytesIO(self.data))
        form.render(dict(context), env)
        out = io.BytesIO()
        form.save(out)
        return out.getvalue()


def _where_paragraph(number: int) -> str:
    return _("paragraph {n}").format(n=number)


def _places(document: DocxDocument) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for each paragraph of the form as Word shows it."""
    paragraph, table = 0, 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph += 1
            yield _where_paragraph(paragraph), block.text
        elif isinstance(block, Table):
            table += 1
            for r, row in enumerate(block.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    where = _("table {t}, row {r}, cell {c}").format(t=table, r=r, c=c)
                    yield where, "\n".join(p.text for p in cell.paragraphs)
    for section in document.sections:
        for part, name in ((section.header, _("page header")), (section.footer, _("page footer"))):
            if not part.is_linked_to_previous:
                yield name, "\n".join(p.text for p in part.paragraphs)


def _locate(places: list[tuple[str, str]], name: str, kind: str) -> str:
    """Return where the first placeholder using ``name`` is, or "?"; ``kind``: a name at the
    "top", a row's "key" (r.项目名称, row["…"]), a "filter" (|date).
    """
    escaped = re.escape(name)
    pattern = re.compile(
        {
            "top": rf"(?<![\w.]){escaped}(?!\w)",
            "key": rf"\.{escaped}(?!\w)|[\"']{escaped}[\"']",
            "filter": rf"\|\s*{escaped}(?!\w)",
        }[kind]
    )
    for where, text in places:
        if any(pattern.search(tag) for tag in _TAG.findall(text)):
            return where
    return "?"


def _sources(form: DocxTemplate) -> Iterator[tuple[str, str]]:
    """Yield (part name, Jinja source) for the body, headers and footers, as docxtpl renders them."""
    parts = [(_("body"), form.get_xml())]
    for uri, name in ((form.HEADER_URI, _("page header")), (form.FOOTER_URI, _("page footer"))):
        for _key, part in form.get_headers_footers(uri):
            parts.append((name, form.get_part_xml(part)))
    for name, xml in parts:
        yield name, paragraph_lines(form.patch_xml(xml))


def _syntax_error(path: Path, part: str, source: str, error: TemplateSyntaxError) -> DataError:
    line = source.splitlines()[error.lineno - 1] if 0 < error.lineno <= len(source.splitlines()) else ""
    text = fragment_text(line).strip()
    return DataError(
        _("a placeholder is not well formed in the {part} ({error}), at: {text}").format(
            part=part, error=error.message, text=text[:60] or "?"
        ),
        Location(file=path),
    )


def _row_keys(tree: nodes.Template, row_names: set[str]) -> Iterator[tuple[str, str]]:
    """Yield (key, as written) for each key read from a row: ``row.项目名称``, ``r["办理时限（工作日）"]``."""
    names = set(row_names)
    for loop in tree.find_all(nodes.For):
        if isinstance(loop.iter, nodes.Name) and loop.iter.name in ROW_LISTS:
            names |= {n.name for n in loop.target.find_all(nodes.Name)} | (
                {loop.target.name} if isinstance(loop.target, nodes.Name) else set()
            )
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        owner = getattr(node, "node", None)
        if not isinstance(owner, nodes.Name) or owner.name not in names:
            continue
        if isinstance(node, nodes.Getattr):
            yield node.attr, f"{owner.name}.{node.attr}"
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            yield node.arg.value, f'{owner.name}["{node.arg.value}"]'


def _uses_of(tree: nodes.Template, env: Environment) -> list[tuple[str, bool, str]]:
    found: list[tuple[str, bool, str]] = [
        (name, True, name) for name in sorted(meta.find_undeclared_variables(tree) - set(env.globals))
    ]
    found += [(key, False, written) for key, written in _row_keys(tree, set(ROW_NAMES))]
    return found


def template_uses(env: Environment, source: str) -> list[tuple[str, bool, str]]:
    """Return (name, top, as written) for every name a template source uses (parse errors raise)."""
    return _uses_of(env.parse(source), env)


def _refusals(tree: nodes.Template, env: Environment, path: Path, places: list[tuple[str, str]]) -> None:
    """Raise DataError for what would let a value become markup: autoescape turned off, a filter not
    in the sandbox (``safe`` is not)."""
    if any(
        keyword.key == "autoescape"
        for modifier in tree.find_all(nodes.EvalContextModifier)
        for keyword in modifier.options
    ):
        raise DataError(_("a form cannot turn autoescape off: values stay text"), Location(file=path))
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            raise DataError(
                _("unknown filter {name} ({where}); the filters are {names}").format(
                    name=node.name,
                    where=_locate(places, node.name, "filter"),
                    names=", ".join(("date", "number", "limit", "yi", "percent", "pp", "weekday")),
                ),
                Location(file=path),
            )


def without_marks(data: bytes) -> bytes:
    """Return the form with the line-break marks docgen writes (layout/breaks.py: U+2060, U+200B)
    taken out of its placeholders: a form docgen made holds 「{{ 项⁠目⁠名⁠称 }}」 where a table cell's line
    ends inside 项目名称, and Jinja reads the marks as characters (measured: 占位符写得不完整)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        changed = {}
        for info in source.infolist():
            if _TEXT_PARTS.fullmatch(info.filename):
                xml = source.read(info)
                cleaned = without_chars_in_spans(xml, _TAG_MARKED, "".join(MARKS))
                if cleaned != xml:
                    changed[info.filename] = cleaned
        if not changed:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, changed.get(info.filename) or source.read(info))
    return out.getvalue()


def read_form(path: Path, env: Environment) -> FormTemplate:
    """Read a Word form and every name its placeholders use; a malformed form or placeholder raises."""
    if path.suffix.lower() != ".docx":
        raise DataError(not_docx(_("a form to fill must be a .docx file"), path), Location(file=path))
    data = read_docx_bytes(path)
    markup = accept(data).markup
    if markup.pending:  # every document filled from it would carry them to its readers (and a number)
        raise DataError(
            _(
                "the form holds {markup}: every document filled from it would carry them; {how}, and "
                "run the command again"
            ).format(markup=markup_text(markup), how=how_to_accept()),
            Location(file=path),
        )
    try:
        data = without_marks(data)
        form = DocxTemplate(io.BytesIO(data))
        form.init_docx()
        document = form.get_docx()
        places = list(_places(document))
        sources = list(_sources(form))
    except Exception as error:  # noqa: BLE001 - a broken package fails anywhere python-docx parses it
        raise DataError(
            _("cannot read the form: {error}").format(error=library_error_text(error)), Location(file=path)
        ) from None
    uses: dict[tuple[str, bool], Use] = {}
    trees: list[nodes.Template] = []
    for part, source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as error:
            raise _syntax_error(path, part, source, error) from None
        except TemplateError as error:
            raise DataError(str(error), Location(file=path)) from None
        _refusals(tree, env, path, places)
        trees.append(tree)
        found = _uses_of(tree, env)
        for name, top, written in found:
            if (name, top) not in uses:
                where = _locate(places, name, "top" if top else "key")
                uses[(name, top)] = Use(name, top, written, part if where == "?" else where)
    return FormTemplate(path, data, tuple(uses.values()), tuple(trees), tuple(places))
