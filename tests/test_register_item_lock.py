"""Every numbered document holds its item's lock from number to record (publish/numbering.py ``numbered``):
two runs of ``rank`` for the same month at once end cleanly, the second reporting the 通报 as made.

Before (outsider 3b, DEFECTS_B 6): the item lock was taken by supervise and progress only; two ``rank``
runs at once both took 长重点〔2025〕1号, wrote the 通报, and the slower failed to record it: “错误：长重点〔2025〕1号
的状态为 已签发，不能签发”, exit 1 (and removed the file it had written when it had created it).
Every run is a real process (tests/kill_at.py with point ``-`` runs this checkout's docgen).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from conftest import ROOT

from docgen.register import Register
from docgen.register.locks import holding_item

SAMPLES = ROOT / "samples" / "ranking"


def _rank(folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DOCGEN_REGISTER=str(folder / "r.sqlite"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(var, None)
    args = ["rank", "项目台账-2025-05.xlsx", "--month", "2025-05", "--rules", "rules.yaml",
            "--letterhead", "zhangzi-zdxmb", "--date", "2025-06-05", "-o", "排名通报.docx"]  # fmt: skip
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "kill_at.py"), "-", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder,
    )  # fmt: skip


def test_two_rank_runs_at_once_for_one_month_make_one_report_and_both_end_cleanly(tmp_path: Path) -> None:
    for name in ("项目台账-2025-05.xlsx", "rules.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    runs = [_rank(tmp_path), _rank(tmp_path)]
    results = [(*p.communicate(timeout=600), p.returncode) for p in runs]
    for out, err, code in results:
        assert code == 0, out + err
        assert out.splitlines()[0] == "长重点〔2025〕1号：排名通报.docx", out + err
        assert "不能签发" not in err
    made_before = [out for out, _err, _code in results if "长重点〔2025〕1号 此前已生成且未改动，不再重写。" in out]
    assert len(made_before) == 1, results  # the run that waited found the 通报 made
    with Register.open(tmp_path / "r.sqlite") as reg:
        (row,) = reg.rows()
        assert (row.seq, row.status) == (1, "issued")
        assert [Path(o["path"]).name for o in row.outputs] == ["排名通报.docx"]
        assert reg.check() == []
    assert (tmp_path / "排名通报.docx").is_file()


def test_the_item_lock_taken_again_by_its_holder_is_held_already(tmp_path: Path) -> None:
    """supervise and progress hold the lock around ``numbered``, which takes it too: no wait for ever
    (a second flock on a new descriptor would wait for the first, in the same process too)."""

    def nested() -> None:
        with Register.open(tmp_path / "r.sqlite") as reg:
            with holding_item(reg, "督办|长重点督|2026|a"), holding_item(reg, "督办|长重点督|2026|a"):
                pass
            with holding_item(reg, "督办|长重点督|2026|a"):  # released: taken again
                pass

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
