"""One reading of WordprocessingML's on/off properties (ECMA-376 ST_OnOff) for check: docx_read.is_on,
which bold runs, w:overflowPunct and w:pageBreakBefore are read with."""

from __future__ import annotations

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.check.docx_read import is_on


@pytest.mark.parametrize(
    ("attribute", "on"),
    [
        ("", True),  # <w:b/>: on
        (' w:val="1"', True),
        (' w:val="true"', True),
        (' w:val="on"', True),
        (' w:val="0"', False),
        (' w:val="false"', False),
        (' w:val="off"', False),
        (' w:val="False"', False),
    ],
)
def test_an_on_off_property_is_on_unless_its_value_says_off(attribute: str, on: bool) -> None:
    assert is_on(parse_xml(f"<w:b {nsdecls('w')}{attribute}/>")) is on


def test_an_absent_property_is_off() -> None:
    paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    assert is_on(paragraph.find("{*}pPr/{*}pageBreakBefore")) is False
