"""The ledger commands' summaries in the user's language, with English singulars (DEFECTS_B 7).

Before: “1 documents written, 5 problems, …” under LANG=en_US.UTF-8.  Real processes, a .csv ledger
typed as a clerk types one.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _ledger(folder: Path) -> None:
    with (folder / "督办台账.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限", "状态"])
        out.writerow(["DB-1", "丹朱镇光伏储能项目", "丹朱镇人民政府", "土地手续未办结", "2026.11.3", "15个工作日", "未办结"])
        out.writerow(["DB-2", "鲍店镇冷链项目", "鲍店镇人民政府", "施工许可未取得", "2026.11.4", "15", "已办结"])
        out.writerow(["DB-3", "石哲镇污水处理厂", "石哲镇人民政府", "资金未到位", "2026.13.1", "15", "未办结"])


def _supervise(folder: Path, lang: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCGEN_REGISTER=str(folder / "r.sqlite"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(var, None)
    if lang:
        env.update(LANG=lang, LC_ALL=lang)
    args = ["supervise", "督办台账.csv", "--letterhead", "zhangzi-zdxmb", "--out", f"督办-{lang}"]
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "kill_at.py"), "-", *args],
        env=env, capture_output=True, text=True, cwd=folder, timeout=600,
    )  # fmt: skip


def test_the_supervise_summary_counts_one_document_in_the_singular(tmp_path: Path) -> None:
    _ledger(tmp_path)
    english = _supervise(tmp_path, "en_US.UTF-8")
    assert english.returncode == 1, english.stdout + english.stderr  # row 4's date is refused
    assert "1 document written, 1 problem, 1 closed item skipped." in english.stderr + english.stdout
    chinese = _supervise(tmp_path, None)  # the same items: made before, none written again
    assert "已生成 0 份文件，1 处问题，跳过已办结事项 1 项。" in chinese.stderr + chinese.stdout
