"""A bulletin batch in a process that already runs other threads starts its workers safely.

A test that compiled with the ``typst`` package directly (not through docgen, so docgen's own record
of a compile stayed empty) and then ran a bulletin batch hung for good: the workers were forked
from a process whose Typst threads held a lock (seen 13 minutes on a futex).  Measured on the code
before the fix: this script never finished.  The timeout only catches that hang; it times nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SCRIPT = """
import sys
from pathlib import Path

import typst


def main() -> None:
    folder = Path(sys.argv[1])
    (folder / "a.typ").write_text("Hello", encoding="utf-8")
    typst.compile(str(folder / "a.typ"), output=str(folder / "a.pdf"))  # Typst's threads now exist
    from click.testing import CliRunner

    from docgen.cli import main_group

    done = CliRunner().invoke(main_group, [
        "--register", str(folder / "r.sqlite"), "bulletin", sys.argv[2], "--month", "2025-05",
        "--letterhead", "zhangzi-zdxmb", "--out", str(folder / "out"), "--engine", "typst", "--pdf",
        "--date", "2025-06-05", "--workers", "2"])
    print(done.exit_code)
    print(done.output)


if __name__ == "__main__":
    main()
"""


def test_a_batch_after_a_direct_typst_compile_does_not_hang(tmp_path: Path) -> None:
    script = tmp_path / "batch.py"
    script.write_text(SCRIPT, encoding="utf-8")
    ledger = ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), str(ledger)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    code, _, output = done.stdout.partition("\n")
    assert code == "0", output
    assert "13 份简报已就绪" in output
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 13
