"""Outsider session 3b: the register as an office meets it — two runs at once, a run killed with kill -9.

The ledger is a .csv a clerk typed (title row, dates 2026.11.3, “15个工作日”), not one of docgen's
samples.  After every stress: ``register check`` is consistent, each number is issued once with its
file there unchanged, the numbers run 1…N without a gap, and no half-written file is left.
Every run is a real process (tests/kill_at.py with point ``-`` runs this checkout's docgen).
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from docgen.register import Register

TOWNS = ["丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "色头镇", "南漳镇", "宋村乡"]
ITEMS = 16
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _ledger(folder: Path, items: int = ITEMS) -> Path:
    """Write a 督办台账 as a clerk types one in a .csv (UTF-8 with BOM, a title row above the header)."""
    path = folder / "督办台账.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(["长子县重点项目督办台账", *[""] * 9])
        out.writerow(["督办编号", "项目名称", "责任单位", "责任领导", "责任人", "联系电话", "存在问题", "交办日期", "办理时限", "状态"])
        for i in range(items):
            town = TOWNS[i % len(TOWNS)]
            out.writerow([
                f"DB-2026-{i + 1:03d}", f"{town}重点项目{i + 1}号", f"{town}人民政府", "王副县长", "李主任",
                "0355-8221234", "土地手续未办结；施工许可未取得", f"2026.11.{i % 20 + 2}", "15个工作日",
                "未办结" if i % 5 else "办理中",
            ])  # fmt: skip
    return path


def _start(
    tmp_path: Path, *args: str, point: str = "-", delay: float | None = None, lang: str | None = None,
    log: Path | None = None,
) -> subprocess.Popen[str]:  # fmt: skip
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(var, None)
    if lang is not None:
        env.update(LANG=lang, LC_ALL=lang)
    timing = ["--delay", str(delay)] if delay is not None else []
    timing += ["--log", str(log)] if log is not None else []
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "kill_at.py"), *timing, point, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )


def _run(tmp_path: Path, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    process = _start(tmp_path, *args, **options)  # type: ignore[arg-type]
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _supervise(out: str = "督办") -> tuple[str, ...]:
    return ("supervise", "督办台账.csv", "--letterhead", "zhangzi-zdxmb", "--out", out)


def _assert_whole(tmp_path: Path, folder: Path, count: int) -> None:
    """The register holds 1…count issued once each, their files there unchanged, nothing half-written."""
    check = _run(tmp_path, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    with Register.open(tmp_path / "r.sqlite") as reg:
        rows = reg.rows(kind="督办")
        assert [r.seq for r in rows] == list(range(1, count + 1))
        assert {r.status for r in rows} == {"issued"}
        assert reg.check() == []
        recorded = {Path(o["path"]).name for r in rows for o in r.outputs}
    names = {p.name for p in folder.iterdir()}
    assert names == recorded | {".docgen-folder.json"}, names ^ recorded  # no temporary or stray file
    for path in folder.glob("*.docx"):
        assert zipfile.ZipFile(path).testzip() is None  # every file whole


def test_two_supervise_runs_at_once_on_one_register_share_the_items(tmp_path: Path) -> None:
    """Two clerks run supervise on one ledger at once: each item is made once, both runs end cleanly.

    Before: both runs took an item's one number and wrote its file; the slower failed to record it
    (“长重点督〔2026〕13号 的状态为 issued，不能签发”, exit 1, half the items listed as errors) and
    removed the file it had written — which could be the file the other run had just recorded.
    """
    _ledger(tmp_path)
    runs = [_start(tmp_path, *_supervise()), _start(tmp_path, *_supervise())]
    results = [(p.communicate(timeout=600), p.returncode) for p in runs]
    for (out, err), code in results:
        assert code == 0, out + err
        assert "不能签发" not in err
        assert "issued" not in err
    written = [int(re.search(r"已生成 (\d+) 份文件", out).group(1)) for (out, _err), _c in results]  # type: ignore[union-attr]
    assert sum(written) == ITEMS
    _assert_whole(tmp_path, tmp_path / "督办", ITEMS)


def test_four_issue_runs_at_once_take_four_numbers_and_a_fifth_of_the_same_source_is_refused(tmp_path: Path) -> None:
    """Four notices issued at once into one folder get 1–4 (order of signing); the same notice
    issued twice at once is refused once, naming the source, without taking a number."""
    sources = []
    for i in range(1, 5):
        source = tmp_path / f"n{i}.md"
        source.write_text(
            f"---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n标题: 关于报送第{i}批谋划储备项目的通知\n"
            f"主送: 各乡镇人民政府\n成文日期: 2026-12-0{i}\n---\n请于12月10日前报送。\n",
            encoding="utf-8",
        )
        sources.append(source.name)
    issue = ("issue", "--signer", "王建国", "-o", "发文", "--no-pdf")
    runs = [_start(tmp_path, issue[0], name, *issue[1:]) for name in [*sources, sources[0]]]
    results = [(*p.communicate(timeout=600), p.returncode) for p in runs]
    assert sorted(code for _o, _e, code in results) == [0, 0, 0, 0, 1], results
    refused = [err for _o, err, code in results if code == 1]
    # refused while the other run holds it, or (had it finished first) as issued already
    assert re.search(r"n1\.md ?(正由另一个 docgen 任务印发|已经作为)", refused[0]), refused
    with Register.open(tmp_path / "r.sqlite") as reg:
        rows = reg.rows()
        assert sorted(r.seq for r in rows) == [1, 2, 3, 4]
        assert {r.status for r in rows} == {"issued"}
        assert sorted(r.title for r in rows) == sorted(f"关于报送第{i}批谋划储备项目的通知" for i in range(1, 5))
    check = _run(tmp_path, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def _kill_after(tmp_path: Path, records: int, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run supervise and SIGKILL it once its log shows ``records`` items recorded (mid-batch)."""
    log = tmp_path / "points.log"
    process = _start(tmp_path, *_supervise(), log=log, lang=lang)
    while process.poll() is None:
        if log.exists() and log.read_text().count(" after-record\n") >= records:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("records", [1, 5, 12])
def test_a_supervise_killed_mid_batch_loses_no_number_and_the_rerun_finishes(tmp_path: Path, records: int) -> None:
    """kill -9 after the first, fifth, twelfth item is recorded: check is consistent, names the
    number left taken and the command to finish it; running it again ends with 1…N."""
    _ledger(tmp_path)
    killed = _kill_after(tmp_path, records)
    assert killed.returncode == -signal.SIGKILL, killed.stdout
    check = _run(tmp_path, "register", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    with Register.open(tmp_path / "r.sqlite") as reg:
        rows = reg.rows(kind="督办")
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))  # no gap, no number twice
        taken = [r.text for r in rows if r.status == "allocated"]
    for text in taken:  # a number taken when the kill came is named with the command that finishes it
        assert text in check.stdout
        assert "docgen supervise" in check.stdout
    folder = tmp_path / "督办"
    # no half-written document under its own name (a hidden .part the kill interrupted may stay:
    # the next run must sweep it, _assert_whole below)
    for path in folder.glob("*.docx"):
        assert zipfile.ZipFile(path).testzip() is None
    rerun = _run(tmp_path, *_supervise())
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    _assert_whole(tmp_path, folder, ITEMS)


def test_kills_from_outside_at_any_moment_leave_the_register_whole(tmp_path: Path) -> None:
    """SIGKILL sent from outside at moments that fall anywhere (reading, numbering, writing), then
    one clean run: 1…N issued, nothing lost, repeated or dangling."""
    _ledger(tmp_path)
    for wait in (0.4, 1.2, 2.0, 3.1):
        process = _start(tmp_path, *_supervise(), point="allocating", delay=wait)
        process.communicate(timeout=600)
        check = _run(tmp_path, "register", "check")
        assert check.returncode == 0, (wait, check.stdout + check.stderr)
    final = _run(tmp_path, *_supervise())
    assert final.returncode == 0, final.stdout + final.stderr
    _assert_whole(tmp_path, tmp_path / "督办", ITEMS)


def _english_leftovers(text: str, content: list[str]) -> list[str]:
    """Return the lines of ``text`` holding Chinese that is not document content (names, numbers,
    files) nor a 公文 term beside English words (tests/test_catalog.py's rule): a Chinese sentence."""
    leftovers = []
    for line in text.splitlines():
        stripped = re.sub(r"长重点督?〔\d{4}〕\d+号", "", line)
        for word in sorted(content, key=len, reverse=True):
            stripped = stripped.replace(word, "")
        if not CJK.search(stripped):
            continue
        long_run = any(len(run) > 8 for run in re.findall(r"[\u4e00-\u9fff]+", stripped))
        if long_run or not re.search(r"[A-Za-z]{2,}", stripped):
            leftovers.append(line)
    return leftovers


def test_the_register_commands_speak_english_under_an_english_locale(tmp_path: Path) -> None:
    """LANG/LC_ALL=en_US.UTF-8: supervise, a killed run's check, the rerun — no Chinese but content."""
    _ledger(tmp_path)
    content = ["督办台账.csv", "督办", "管理", *TOWNS, *(f"{t}重点项目{i + 1}号" for i, t in enumerate(TOWNS * 2))]
    english = "en_US.UTF-8"
    killed = _kill_after(tmp_path, 3, lang=english)
    assert killed.returncode == -signal.SIGKILL
    check = _run(tmp_path, "register", "check", lang=english)
    assert check.returncode == 0
    assert "consistent" in check.stdout
    assert "一致" not in check.stdout
    rerun = _run(tmp_path, *_supervise(), lang=english)
    assert rerun.returncode == 0, rerun.stderr
    assert "made by an earlier run" in rerun.stdout
    listing = _run(tmp_path, "register", "list", lang=english)
    assert "\tissued\t" in listing.stdout
    helps = [_run(tmp_path, *command, "--help", lang=english).stdout for command in (("supervise",), ("register", "check"), ("issue",))]  # fmt: skip
    leftovers = [
        line
        for text in (check.stdout + check.stderr, rerun.stdout + rerun.stderr, *helps)
        for line in _english_leftovers(text, content)
    ]
    assert leftovers == [], "\n".join(leftovers)


def test_two_progress_runs_for_the_same_week_at_once_make_one_bulletin(tmp_path: Path) -> None:
    """Two clerks make the same week's 通报 at once: one number, one file, both runs end cleanly.

    Before: the slower run failed with “长重点〔2026〕1号 的状态为 issued，不能签发” (exit 1)."""
    samples = ROOT / "samples" / "progress"
    args = (
        "progress", str(samples / "项目库-2020-10-16.xlsx"), "--targets", str(samples / "目标.yaml"),
        "--as-of", "2020-10-16", "--letterhead", "sanmenxia", "-o", "周通报.docx",
    )  # fmt: skip
    runs = [_start(tmp_path, *args), _start(tmp_path, *args)]
    results = [(*p.communicate(timeout=600), p.returncode) for p in runs]
    for out, err, code in results:
        assert code == 0, out + err
        assert out.splitlines()[0] == "三政重点办〔2020〕1号：周通报.docx"
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert [(r.seq, r.status) for r in reg.rows()] == [(1, "issued")]
        assert reg.check() == []


def test_a_register_gone_from_beside_its_backups_is_not_started_again(tmp_path: Path) -> None:
    """The register file moved or deleted (or a restore killed half-way) while its backups are beside it.
    Before: the next issue made a new register and issued 长重点〔2026〕1号 a second time."""
    for i in (1, 2, 3):
        (tmp_path / f"n{i}.md").write_text(
            f"---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n标题: 关于第{i}批项目的通知\n主送: 各乡镇人民政府\n"
            f"成文日期: 2026-12-0{i}\n---\n请于12月10日前报送。\n",
            encoding="utf-8",
        )
    for i in (1, 2):
        assert _run(tmp_path, "issue", f"n{i}.md", "--signer", "王建国", "-o", "发文", "--no-pdf").returncode == 0
    register = tmp_path / "r.sqlite"
    (backup,) = (tmp_path / "r.sqlite.backups").iterdir()
    register.rename(tmp_path / "别处.sqlite")
    for side in ("-wal", "-shm"):
        (tmp_path / f"r.sqlite{side}").unlink(missing_ok=True)
    third = _run(tmp_path, "issue", "n3.md", "--signer", "王建国", "-o", "发文2", "--no-pdf")
    assert third.returncode == 1
    assert third.stderr.splitlines() == [
        f"错误：登记簿 {register} 不存在，但旁边有它的自动备份：新建登记簿会重复使用已经发出的编号。"
        f"要恢复到最近的备份：docgen register restore {backup}；确实要在这里新建登记簿：docgen register init"
    ]
    assert not register.exists()
    assert not (tmp_path / "发文2").exists()
    restored = _run(tmp_path, "register", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert not list(tmp_path.glob("r.sqlite.restoring-*"))
    # the day's backup was taken before 1号 and 2号: check names the folder that shows them (reg10: the
    # folder is listed beside the register), where it said 一致 before
    check = _run(tmp_path, "register", "check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert f"登记簿落后于文件夹 {tmp_path / '发文'}" in check.stdout, check.stdout
