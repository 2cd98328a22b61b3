"""Finding 7 (and the unreadable files of 10): every file is read within limits; bombs end in a message.

Each bomb runs in a subprocess under RLIMIT_AS, so a regression fails this test instead of taking
the machine down; the child prints its peak resident memory, which is asserted to stay small.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from bombs import docx_padded, xlsx_with_entities, xlsx_with_members, xlsx_with_sheet, yaml_alias_bomb
from hostile import PROJECT_HEADER, SUPERVISION_HEADER, SUPERVISION_ROW, workbook

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "samples" / "ranking" / "rules.yaml"
MEMORY_LIMIT = 1536 * 1024 * 1024  # 1.5 GiB of address space for the child
PEAK_RSS_LIMIT_MIB = 400  # what a refused bomb may cost (the interpreter and docgen's imports included)
# The peak is this process's own high-water mark (VmHWM, reset by exec), not ru_maxrss: Linux
# carries ru_maxrss across exec, so a child forked from a pytest process grown to 500 MiB by earlier
# tests reported 500 MiB for a refused bomb that cost 60.
RUNNER = """
import atexit, re, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
def _peak():
    status = open("/proc/self/status").read()
    sys.stderr.write("\\nPEAK_RSS_KIB=%s\\n" % re.search(r"VmHWM:\\s*(\\d+)", status).group(1))
atexit.register(_peak)
from docgen.cli import main
main(sys.argv[1:])
"""


def run_limited(args: list[object], cwd: Path) -> tuple[int, str, float]:
    """Run docgen under the memory limit; return exit code, stderr and peak memory (MiB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_REGISTER": str(cwd / "r.sqlite")}
    env.pop("LANG", None)
    process = subprocess.run(
        [sys.executable, "-c", RUNNER.format(limit=MEMORY_LIMIT), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = process.stderr.decode("utf-8", "replace")
    match = re.search(r"PEAK_RSS_KIB=(\d+)", stderr)
    peak = int(match.group(1)) / 1024 if match else float("nan")
    print(f"{args[0]}: exit {process.returncode}, peak {peak:.0f} MiB")  # shown with -s
    return process.returncode, stderr, peak


def assert_refused(result: tuple[int, str, float], *fragments: str, exit_code: int = 1) -> None:
    code, stderr, peak = result
    assert code == exit_code, stderr
    assert "Traceback" not in stderr
    assert "内部错误" not in stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    assert peak < PEAK_RSS_LIMIT_MIB, stderr


def _supervise(ledger: Path) -> list[object]:
    return ["supervise", ledger, "--letterhead", "zhangzi-zdxmb", "--out", ledger.parent / "out"]


def _rank(ledger: Path, rules: Path = RULES) -> list[object]:
    folder = ledger.parent
    return ["rank", ledger, "--month", "2025-05", "--rules", rules, "--letterhead", "zhangzi-zdxmb",
            "-o", folder / "r.docx", "--date", "2025-06-05"]  # fmt: skip


NOTICE = "---\n发文机关: yichuan\n标题: 关于测试的通知\n成文日期: 2020-03-05\n{extra}---\n正文。\n"


def test_yaml_alias_bomb_in_front_matter(tmp_path: Path) -> None:
    notice = tmp_path / "bomb.md"
    notice.write_text(NOTICE.format(extra=yaml_alias_bomb()), encoding="utf-8")
    assert_refused(run_limited(["render", notice], tmp_path), "bomb.md", "第 6 行", "*a0")
    assert not (tmp_path / "bomb.docx").exists()


def test_yaml_alias_bomb_in_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.read_text(encoding="utf-8") + yaml_alias_bomb(), encoding="utf-8")
    ledger = workbook(tmp_path / "l.xlsx", PROJECT_HEADER, [["甲", "城关镇", 1, 1, 1, ""]], title="2025-05")
    assert_refused(run_limited(_rank(ledger, rules), tmp_path), "rules.yaml", "*a0")


def test_yaml_alias_bomb_in_a_letterhead(tmp_path: Path) -> None:
    (tmp_path / "lh").mkdir()
    (tmp_path / "lh" / "evil.yaml").write_text("全称: 某机关\n" + yaml_alias_bomb(), encoding="utf-8")
    notice = tmp_path / "n.md"
    notice.write_text(NOTICE.format(extra="").replace("yichuan", "evil"), encoding="utf-8")
    assert_refused(run_limited(["--letterheads", tmp_path / "lh", "render", notice], tmp_path), "evil.yaml")


def test_front_matter_nested_5000_deep(tmp_path: Path) -> None:
    notice = tmp_path / "deep.md"
    notice.write_text(NOTICE.format(extra="抄送: " + "[" * 5000 + "]" * 5000 + "\n"), encoding="utf-8")
    assert_refused(run_limited(["render", notice], tmp_path), "deep.md", "第 5 行", "32")


def test_xlsx_zip_bomb(tmp_path: Path) -> None:
    ledger = xlsx_with_sheet(tmp_path / "bomb.xlsx", 100 * 1024 * 1024)
    assert ledger.stat().st_size < 1024 * 1024
    assert_refused(run_limited(_supervise(ledger), tmp_path), "bomb.xlsx", "sheet1.xml")


def test_xlsx_ratio_bomb_under_the_size_limit(tmp_path: Path) -> None:
    ledger = xlsx_with_sheet(tmp_path / "dense.xlsx", 20 * 1024 * 1024)
    assert_refused(run_limited(_rank(ledger), tmp_path), "dense.xlsx", "sheet1.xml")


def test_xlsx_with_thousands_of_members(tmp_path: Path) -> None:
    ledger = xlsx_with_members(tmp_path / "many.xlsx", 5000)
    assert_refused(run_limited(_supervise(ledger), tmp_path), "many.xlsx", "2000")


def test_xlsx_entity_bomb(tmp_path: Path) -> None:
    ledger = xlsx_with_entities(tmp_path / "laughs.xlsx")
    assert_refused(run_limited(_supervise(ledger), tmp_path), "laughs.xlsx", "sharedStrings.xml", "DTD")


def test_check_no_render_on_a_padded_docx(tmp_path: Path) -> None:
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    source = tmp_path / "n.md"
    source.write_text(NOTICE.format(extra=""), encoding="utf-8")
    padded = docx_padded(
        tmp_path / "padded.docx", render_notice_file(source, RunResources()).data, 100 * 1024 * 1024
    )
    assert padded.stat().st_size < 2 * 1024 * 1024
    assert_refused(
        run_limited(["check", "--no-render", padded], tmp_path), "padded.docx", "document.xml", exit_code=2
    )


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_ledger_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    ledger = tmp_path / "ledger.csv"
    if kind == "dev-zero":
        ledger.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(ledger)
    assert_refused(run_limited(_supervise(ledger), tmp_path), "ledger.csv")


def test_an_oversized_csv_ledger(tmp_path: Path) -> None:
    ledger = tmp_path / "big.csv"
    line = ",".join(str(v) for v in SUPERVISION_ROW) + "\n"
    ledger.write_text(",".join(SUPERVISION_HEADER) + "\n" + line * (17 * 1024 * 1024 // len(line) + 1))
    assert_refused(run_limited(_supervise(ledger), tmp_path), "big.csv", "16.0 MiB")


def test_the_limit_is_really_applied() -> None:
    """The runner's limit bites: a child allocating 2 GiB fails (so the bomb tests above mean something)."""
    code = subprocess.run(
        [sys.executable, "-c",
         f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); b = bytearray(2 << 30)"],
        capture_output=True, check=False, timeout=60,
    ).returncode  # fmt: skip
    assert code != 0
    assert resource.RLIMIT_AS
