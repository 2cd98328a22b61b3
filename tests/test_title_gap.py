"""The body one blank line under the title when no 主送 stands between them (7.3.2: the 主送 moved to
the 版记 because page 1 would show no body, or none written): measured on the LibreOffice PDF, the
body's first line starts two line pitches under the title's last line, as it does under a 主送."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import standard as S
from docgen.check.pdf_read import measure
from docgen.cli import main_group
from docgen.convert.oneshot import soffice_path

ROOT = Path(__file__).resolve().parent.parent
PITCH_MM = 28.95 * 25.4 / 72


def first_gap(pdf: Path) -> tuple[float, str]:
    """Return the distance (mm) from the title's last line to the next line on page 1, and that line."""
    page = measure(pdf)[0]
    lines = sorted(page.lines, key=lambda x: x.em_top)
    last_title = max(i for i, x in enumerate(lines) if x.size == S.TITLE_PT)
    after = lines[last_title + 1]
    return after.em_top - lines[last_title].em_top, after.text


@pytest.mark.parametrize(
    "source",
    [
        ROOT / "tests" / "fixtures" / "outsider" / "joint.md",
        ROOT / "samples" / "notices" / "sanmenxia-2020-15.md",
    ],
)
def test_the_line_under_the_title_is_blank(source: Path, tmp_path: Path) -> None:
    if soffice_path() is None:
        pytest.skip("needs LibreOffice")
    pdf = tmp_path / "n.pdf"
    result = CliRunner().invoke(main_group, ["preview", str(source), "-o", str(pdf), "--no-watermark"])
    assert result.exit_code == 0, result.output
    gap, text = first_gap(pdf)
    assert gap == pytest.approx(2 * PITCH_MM, abs=2.5), (gap, text)
