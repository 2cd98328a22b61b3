"""A reader that stops reading (``docgen … | head -1``) ends the command quietly, not with 内部错误."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_output_to_a_closed_pipe_is_no_internal_error(tmp_path: Path) -> None:
    """The summary written to a pipe nobody reads: no traceback, no 内部错误, click's exit 1."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `head -1` does once it has its line
    source = ROOT / "samples" / "notices" / "sanmenxia-2020-15.md"
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(source), "-o", str(tmp_path / "x.docx")],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
        check=False,
    )
    os.close(write_end)
    stderr = done.stderr.decode()
    assert (tmp_path / "x.docx").is_file()  # the work was done before the summary
    assert "内部错误" not in stderr, stderr
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1
