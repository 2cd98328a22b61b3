"""The look of an office template's 版头 kept when it is copied into a document (issue 19 c).

A paragraph copied from the office's .docx takes its look from the template's styles, document
defaults and theme fonts, none of which the document has (its own styles would apply instead: 仿宋
16 pt on a 28.95 pt grid).  So what they give is written into the copied paragraphs and runs as
direct formatting — resolved here by hand because no library resolves Word's style inheritance into
XML (python-docx reads single properties; docgen's checker resolves only what it judges).
"""

from __future__ import annotations

import copy

from lxml import etree

from docgen.emit.docx.xml.base import A_NS, Element, el, qn

# The schema's order of paragraph and run properties (ECMA-376 CT_PPr, CT_RPr): merged properties are
# written in it, or Word refuses the file.
_PPR_ORDER = [
    qn(f"w:{t}")
    for t in [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
]
_RPR_ORDER = [
    qn(f"w:{t}")
    for t in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
]
_PARAGRAPH_KEEP = {
    qn(f"w:{t}")
    for t in (
        "jc",
        "spacing",
        "ind",
        "snapToGrid",
        "pBdr",
        "shd",
        "tabs",
        "widowControl",
        "kinsoku",
        "textAlignment",
    )
}


class TemplateStyles:
    """A template's styles.xml: the properties a paragraph or run there gets from its styles and defaults."""

    def __init__(self, styles_xml: bytes | None, theme_xml: bytes | None = None) -> None:
        root = etree.fromstring(styles_xml) if styles_xml else el("w:styles")
        self.theme = _theme_fonts(theme_xml)
        self.styles = {node.get(qn("w:styleId")): node for node in root.iter(qn("w:style"))}
        self.defaults = {
            kind: root.find(f"{qn('w:docDefaults')}/{qn(f'w:{kind}PrDefault')}/{qn(f'w:{kind}Pr')}")
            for kind in ("p", "r")
        }
        self.default_paragraph = next(
            (
                node.get(qn("w:styleId"))
                for node in root.iter(qn("w:style"))
                if node.get(qn("w:type")) == "paragraph" and node.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )

    def chain(self, style_id: str | None) -> list[Element]:
        """Return a style and the styles it is based on, nearest first."""
        found: list[Element] = []
        while style_id and style_id in self.styles and len(found) < 20:
            style = self.styles[style_id]
            found.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return found


def _rank(tag: object, order: list[str]) -> int:
    """Return a property's place in the schema's order (an unknown one, an extension, goes last)."""
    return order.index(str(tag)) if tag in order else len(order)


def _before(properties: Element, tag: str, order: list[str]) -> int:
    """Return how many of ``properties``' children come before ``tag`` in the schema's order."""
    return sum(1 for child in properties if _rank(child.tag, order) < _rank(qn(tag), order))


def _theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """Return a theme's fonts by the names rFonts uses (minorHAnsi, majorEastAsia …), empty ones left out."""
    fonts: dict[str, str] = {}
    if not theme_xml:
        return fonts
    root = etree.fromstring(theme_xml)
    for kind in ("major", "minor"):
        scheme = root.find(f".//{{{A_NS}}}{kind}Font")
        if scheme is None:
            continue
        latin, east = scheme.find(f"{{{A_NS}}}latin"), scheme.find(f"{{{A_NS}}}ea")
        hans = scheme.find(f"{{{A_NS}}}font[@script='Hans']")
        names = {
            "EastAsia": (east.get("typeface", "") if east is not None else "")
            or (hans.get("typeface", "") if hans is not None else ""),
            "HAnsi": latin.get("typeface", "") if latin is not None else "",
        }
        names["Bidi"] = names["HAnsi"]
        fonts.update({f"{kind}{script}": name for script, name in names.items() if name})
    return fonts


_THEME_ATTRIBUTES = {
    "asciiTheme": "ascii",
    "hAnsiTheme": "hAnsi",
    "eastAsiaTheme": "eastAsia",
    "cstheme": "cs",
}


def _named_fonts(fonts: Element, theme: dict[str, str]) -> None:
    """Turn theme fonts into the fonts' names (the document has no theme; theme fonts win in Word)."""
    for attribute, named in _THEME_ATTRIBUTES.items():
        value = fonts.get(qn(f"w:{attribute}"))
        if value is not None:
            del fonts.attrib[qn(f"w:{attribute}")]
        if value is not None and fonts.get(qn(f"w:{named}")) is None and theme.get(str(value)):
            fonts.set(qn(f"w:{named}"), theme[str(value)])


def _merge(
    own: Element | None, containers: list[Element | None], tag: str, order: list[str], keep: set[str] | None
) -> Element:
    """Return ``own`` with every property the containers give and it lacks (attributes too), in schema order."""
    merged: dict[str, Element] = {}
    for container in [own, *containers]:
        if container is None:
            continue
        for child in container:
            if not isinstance(child.tag, str) or (
                keep is not None and container is not own and child.tag not in keep
            ):
                continue
            if child.tag not in merged:
                merged[child.tag] = copy.deepcopy(child)
            else:
                for key, value in child.attrib.items():
                    if key not in merged[child.tag].attrib:
                        merged[child.tag].set(key, value)
    result = el(tag)
    for child in sorted(merged.values(), key=lambda c: _rank(c.tag, order)):
        result.append(child)
    return result


def _style_parts(styles: TemplateStyles, style_id: str | None, part: str) -> list[Element | None]:
    return [style.find(qn(f"w:{part}")) for style in styles.chain(style_id)]


def resolve_formatting(element: Element, styles: TemplateStyles) -> None:
    """Write into every paragraph and run of ``element`` what the template's styles and defaults give
    them, and drop the style references: in the document, where those styles do not exist, they look
    as they did in the template (direct formatting wins over the document's own styles)."""
    for paragraph in list(element.iter(qn("w:p"))):
        ppr = paragraph.find(qn("w:pPr"))
        style_node = None if ppr is None else ppr.find(qn("w:pStyle"))
        style_id = styles.default_paragraph if style_node is None else style_node.get(qn("w:val"))
        paragraph_styles = _style_parts(styles, style_id, "pPr")
        merged = _merge(ppr, [*paragraph_styles, styles.defaults["p"]], "w:pPr", _PPR_ORDER, _PARAGRAPH_KEEP)
        for tag in ("w:pStyle", "w:numPr"):
            node = merged.find(qn(tag))
            if node is not None:
                merged.remove(node)
        if merged.find(qn("w:snapToGrid")) is None:  # the document's line grid is not the template's
            merged.insert(
                _before(merged, "w:snapToGrid", _PPR_ORDER),
                el("w:snapToGrid", {"val": 0}),
            )
        run_defaults = [*_style_parts(styles, style_id, "rPr"), styles.defaults["r"]]
        mark = _merge(
            merged.find(qn("w:rPr")), run_defaults, "w:rPr", _RPR_ORDER, None
        )  # the paragraph mark's
        _finish_run_properties(mark, styles)
        own_mark = merged.find(qn("w:rPr"))
        if own_mark is not None:
            merged.remove(own_mark)
        merged.insert(_before(merged, "w:rPr", _PPR_ORDER), mark)
        if ppr is not None:
            paragraph.remove(ppr)
        paragraph.insert(0, merged)
        for run in paragraph.iterchildren(qn("w:r")):
            _resolve_run(run, styles, run_defaults)
        for wrapper in paragraph.iterchildren(qn("w:hyperlink"), qn("w:smartTag"), qn("w:ins")):
            for run in wrapper.iter(qn("w:r")):
                _resolve_run(run, styles, run_defaults)


def _resolve_run(run: Element, styles: TemplateStyles, paragraph_defaults: list[Element | None]) -> None:
    rpr = run.find(qn("w:rPr"))
    style_node = None if rpr is None else rpr.find(qn("w:rStyle"))
    character = [] if style_node is None else _style_parts(styles, style_node.get(qn("w:val")), "rPr")
    merged = _merge(rpr, [*character, *paragraph_defaults], "w:rPr", _RPR_ORDER, None)
    node = merged.find(qn("w:rStyle"))
    if node is not None:
        merged.remove(node)
    _finish_run_properties(merged, styles)
    if rpr is not None:
        run.remove(rpr)
    run.insert(0, merged)


def _finish_run_properties(merged: Element, styles: TemplateStyles) -> None:
    """Name theme fonts, and keep the document's character spacing off the template's runs."""
    fonts = merged.find(qn("w:rFonts"))
    if fonts is not None:
        _named_fonts(fonts, styles.theme)
    if merged.find(qn("w:spacing")) is None:  # the document's default run spacing makes its 28 字 a line
        merged.append(el("w:spacing", {"val": 0}))
        merged[:] = sorted(merged, key=lambda c: _rank(c.tag, _RPR_ORDER))
