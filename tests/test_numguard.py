"""Every command that takes a number checks first that the register is not behind: minutes (and issue
of a 纪要), progress and a numbered merge refuse, naming the file, when the output folder shows a
number issued that the register lacks (a register put back from an older copy) or a register a
restore replaced had issued it; nothing is taken and nothing is written.  The way on the refusal
names (register start … --kind) lets the command go on after the folder's numbers."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result
from conftest import ROOT
from test_merge import make_form

from docgen.cli import main_group
from docgen.register import Register

MINUTES = ROOT / "samples" / "minutes"
MARK = "长子县重点项目建设联席会议纪要"
PROGRESS = ROOT / "samples" / "progress"
SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"


def _invoke(register: Path, *args: str) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _rows(register: Path) -> list[tuple[str, str]]:
    with Register.open(register) as reg:
        return [(row.text, row.status) for row in reg.rows()]


def _backup_in_place(register: Path) -> None:
    """Put the day's backup (written before its first number) in place of ``register`` by hand, the
    register it replaces moved away: only the output folder shows the numbers issued since."""
    (backup,) = sorted(register.with_name(register.name + ".backups").glob("*.sqlite"))
    register.rename(register.with_name("移走.sqlite"))
    register.write_bytes(backup.read_bytes())


def _restored_by_hand(register: Path) -> Path:
    """Put the day's backup in place of ``register``, the register it replaces kept beside it as a
    restore keeps it; return that file."""
    (backup,) = sorted(register.with_name(register.name + ".backups").glob("*.sqlite"))
    replaced = register.with_name(register.name + ".replaced-20250606-090000")
    register.rename(replaced)
    register.write_bytes(backup.read_bytes())
    return replaced


def _go_on(register: Path, said: str) -> None:
    """Run the ``register start`` command the refusal names (the series goes on after the folder's)."""
    (command,) = re.findall(r"docgen register start(?: --\w+ [^\s；。，]+)+", said)
    started = _invoke(register, *shlex.split(command)[1:])
    assert started.exit_code == 0, started.output


def _notice(folder: Path, letterhead: str, date: str) -> Path:
    path = folder / "通知.md"
    path.write_text(
        f"---\n发文机关: {letterhead}\n发文字号: auto\n标题: 关于报送重点项目进展情况的通知\n"
        f"主送: 各乡镇人民政府\n成文日期: {date}\n---\n请各单位按时报送。\n",
        encoding="utf-8",
    )
    return path


def _issue(register: Path, source: Path, out: Path) -> None:
    issued = _invoke(register, "issue", str(source), "--signer", "王建国", "-o", str(out), "--no-pdf")
    assert issued.exit_code == 0, issued.output


def _samples(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    shutil.copytree(MINUTES, folder)
    return folder


def _second_minutes(register: Path, samples: Path, out: Path) -> Result:
    """Make the 纪要 of the decisions sheet (another meeting of the same series) into ``out``."""
    sheet, meeting = samples / "议定事项.xlsx", samples / "会议.yaml"
    return _invoke(register, "minutes", str(sheet), "--meeting", str(meeting), "--out", str(out))


# --- minutes: the 纪要's 期号 ---------------------------------------------------------------------


def test_minutes_takes_no_issue_number_its_folder_shows_issued_that_the_register_lacks(tmp_path: Path) -> None:
    register, samples, out = tmp_path / "r.sqlite", _samples(tmp_path), tmp_path / "纪要"
    made = _invoke(register, "minutes", str(samples / "联席会议纪要-2025-4.md"), "--out", str(out))
    assert made.exit_code == 0, made.output
    first = f"{MARK}2025年第1期"
    assert (out / f"{first}.docx").is_file()
    _backup_in_place(register)
    refused = _second_minutes(register, samples, out)
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"登记簿落后于文件夹 {out}：其中的 {first}.docx 已作为 {first} 印发" in said, said
    assert f"docgen register start --series {MARK} --year 2025 --next 2 --kind 纪要" in said
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: the sheet's 纪要 was refused only when writing over 第1期
    assert sorted(p.name for p in out.glob("*.docx")) == [f"{first}.docx"]
    _go_on(register, said)
    again = _second_minutes(register, samples, out)
    assert again.exit_code == 0, again.output
    assert _rows(register) == [(f"{MARK}2025年第2期", "issued")]
    assert (out / f"{MARK}2025年第2期.docx").is_file()


def test_minutes_takes_no_issue_number_the_register_a_restore_replaced_had_issued(tmp_path: Path) -> None:
    register, samples = tmp_path / "r.sqlite", _samples(tmp_path)
    made = _invoke(register, "minutes", str(samples / "联席会议纪要-2025-4.md"), "--out", str(tmp_path / "纪要"))
    assert made.exit_code == 0, made.output
    replaced = _restored_by_hand(register)
    refused = _second_minutes(register, samples, tmp_path / "纪要2")  # another folder: only the replaced tells
    assert refused.exit_code == 1, refused.output
    assert f"登记簿中没有 {MARK}2025年第1期，它们在恢复时被替换的登记簿 {replaced} 中已签发" in refused.stderr
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: the sheet's 纪要 was issued as a second 第1期
    assert not list((tmp_path / "纪要2").glob("*.docx"))


def test_issue_of_a_minutes_source_checks_the_folder_as_minutes_does(tmp_path: Path) -> None:
    register, samples, out = tmp_path / "r.sqlite", _samples(tmp_path), tmp_path / "纪要"
    source = samples / "联席会议纪要-2025-4.md"
    made = _invoke(register, "minutes", str(source), "--out", str(out))
    assert made.exit_code == 0, made.output
    _backup_in_place(register)
    text = source.read_text(encoding="utf-8")
    another = samples / "第6次.md"  # the next meeting of the series
    another.write_text(text.replace("2025年第4次", "2025年第6次"), encoding="utf-8")
    refused = _invoke(register, "issue", str(another), "--signer", "王建国", "-o", str(out), "--no-pdf")
    assert refused.exit_code == 1, refused.output
    first = f"{MARK}2025年第1期"
    assert f"其中的 {first}.docx 已作为 {first} 印发" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.output
    assert _rows(register) == []
    assert sorted(p.name for p in out.glob("*.docx")) == [f"{first}.docx"]


# --- progress: the 通报's 文号 ----------------------------------------------------------------------


def _progress(register: Path, out: Path) -> Result:
    return _invoke(
        register, "progress", str(PROGRESS / "项目库-2020-10-16.xlsx"), "--targets", str(PROGRESS / "目标.yaml"),
        "--as-of", "2020-10-16", "--previous", str(PROGRESS / "项目库-2020-10-09.xlsx"),
        "--baseline", str(PROGRESS / "项目库-2020-09-30.xlsx"), "--letterhead", "sanmenxia", "-o", str(out),
    )  # fmt: skip


def test_progress_takes_no_number_its_folder_shows_issued_that_the_register_lacks(tmp_path: Path) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "发文"
    _issue(register, _notice(tmp_path, "sanmenxia", "2020-10-12"), out)
    assert (out / "三政重点办〔2020〕1号.docx").is_file()
    _backup_in_place(register)
    refused = _progress(register, out / "周通报.docx")  # the 通报 takes its 文号 from the same series
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"登记簿落后于文件夹 {out}：其中的 三政重点办〔2020〕1号.docx 已作为 三政重点办〔2020〕1号 印发" in said, said
    assert "docgen register start --series 三政重点办 --year 2020 --next 2" in said
    assert "--kind" not in said  # a 文号: start's own kind
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: the 通报 was numbered 三政重点办〔2020〕1号 again
    assert not (out / "周通报.docx").exists()
    _go_on(register, said)
    made = _progress(register, out / "周通报.docx")
    assert made.exit_code == 0, made.output
    assert "三政重点办〔2020〕2号" in made.output
    assert _rows(register) == [("三政重点办〔2020〕2号", "issued")]


# --- merge: a numbered batch ----------------------------------------------------------------------


def _merge(register: Path, form: Path, out: Path) -> Result:
    return _invoke(
        register, "merge", str(form), str(SUPERVISION), "--per", "责任单位", "--out", str(out),
        "--letterhead", "zhangzi", "--date", "2025-10-20",
    )  # fmt: skip


def test_a_numbered_merge_takes_no_number_its_folder_shows_issued_that_the_register_lacks(tmp_path: Path) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "发文"
    _issue(register, _notice(tmp_path, "zhangzi", "2025-10-15"), out)
    _backup_in_place(register)
    form = make_form(tmp_path / "通知.docx", ["{{ 发文字号 }}", "{{ 责任单位 }}：", "{{ 成文日期 }}"])
    refused = _merge(register, form, out)
    assert refused.exit_code == 1, refused.output
    said = refused.stderr
    assert f"登记簿落后于文件夹 {out}：其中的 长子政办发〔2025〕1号.docx 已作为 长子政办发〔2025〕1号 印发" in said, said
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: the first unit's 通知 was numbered 长子政办发〔2025〕1号 again
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["长子政办发〔2025〕1号.docx"]
    _go_on(register, said)
    made = _merge(register, form, out)
    assert made.exit_code == 0, made.output
    units = openpyxl.load_workbook(SUPERVISION).active.iter_rows(min_row=3, values_only=True)
    first = next(iter(dict.fromkeys(row[2] for row in units)))
    assert (out / f"{first}-通知.docx").is_file()
    assert [text for text, _status in _rows(register)][:2] == ["长子政办发〔2025〕2号", "长子政办发〔2025〕3号"]
    assert (out / "manifest.csv").is_file()


# --- supervise: the way on the refusal names starts the 督办 series, not the 文号 one -------------


def test_the_way_on_a_supervise_refusal_names_continues_the_supervision_series(tmp_path: Path) -> None:
    register, out = tmp_path / "r.sqlite", tmp_path / "督办"

    def ledger(name: str, row: list[object]) -> Path:
        book = openpyxl.Workbook()
        book.active.append(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
        book.active.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    def supervise(path: Path) -> Result:
        return _invoke(register, "supervise", str(path), "--letterhead", "zhangzi-zdxmb", "--out", str(out))

    made = supervise(ledger("台账1.xlsx", ["DB-1", "甲项目", "县水利局", "用地未批", dt.date(2025, 9, 29), 10, "未办结"]))
    assert made.exit_code == 0, made.output
    _backup_in_place(register)
    second = ledger("台账2.xlsx", ["DB-2", "乙项目", "县交通局", "资金不足", dt.date(2025, 9, 30), 10, "未办结"])
    refused = supervise(second)
    assert refused.exit_code == 1, refused.output
    assert "docgen register start --series 长重点督 --year 2025 --next 2 --kind 督办" in refused.stderr
    _go_on(register, refused.stderr)
    again = supervise(second)
    assert again.exit_code == 0, again.output
    assert (out / "长重点督〔2025〕2号 乙项目.docx").is_file()  # before: 乙项目 took 长重点督〔2025〕1号 again
    assert _rows(register) == [("长重点督〔2025〕2号", "issued")]


# --- register check: a 纪要 folder ahead of the register is named, a 简报's unit files are not -------


def test_register_check_names_a_minutes_folder_showing_an_issue_number_the_register_lacks(tmp_path: Path) -> None:
    register, samples, out = tmp_path / "r.sqlite", _samples(tmp_path), tmp_path / "纪要"
    made = _invoke(register, "minutes", str(samples / "联席会议纪要-2025-4.md"), "--out", str(out))
    assert made.exit_code == 0, made.output
    kept = _invoke(register, "register", "backup", str(tmp_path / "一期后.sqlite"))
    assert kept.exit_code == 0, kept.output
    assert _second_minutes(register, samples, out).exit_code == 0
    register.rename(tmp_path / "移走.sqlite")
    register.write_bytes((tmp_path / "一期后.sqlite").read_bytes())  # put back by hand: 第2期 is gone
    checked = _invoke(register, "register", "check")
    assert checked.exit_code == 1, checked.output
    second = f"{MARK}2025年第2期"
    assert f"登记簿落后于文件夹 {out}：其中的 {second}.docx 已作为 {second} 印发" in checked.output, checked.output
    assert "--next 3 --kind 纪要" in checked.output


def test_register_check_passes_a_restored_bulletins_unit_files(tmp_path: Path) -> None:
    register = tmp_path / "r.sqlite"
    made = _invoke(
        register, "bulletin", str(ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx"), "--month", "2025-05",
        "--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "简报"), "--date", "2025-06-05", "--workers", "1",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert list((tmp_path / "简报").glob("*-2025年第1期.docx"))  # 丹朱镇-2025年第1期.docx: no 期号 series of its own
    assert _invoke(register, "register", "backup", str(tmp_path / "b.sqlite")).exit_code == 0
    voided = _invoke(register, "register", "void", "重点项目建设简报2025年第1期", "--reason", "误作废")
    assert voided.exit_code == 0, voided.output
    restored = _invoke(register, "register", "restore", str(tmp_path / "b.sqlite"))  # seals the files again
    assert restored.exit_code == 0, restored.output
    checked = _invoke(register, "register", "check")
    assert checked.exit_code == 0, checked.output
    assert "登记簿落后" not in checked.output  # a file named 丹朱镇-2025年第1期 is no 纪要 the register lacks


# --- register next: a number taken by hand --------------------------------------------------------


def test_register_next_takes_no_number_the_register_a_restore_replaced_had_issued(tmp_path: Path) -> None:
    register = tmp_path / "r.sqlite"
    _issue(register, _notice(tmp_path, "zhangzi-zdxmb", "2025-06-03"), tmp_path / "发文")
    replaced = _restored_by_hand(register)
    refused = _invoke(register, "register", "next", "--series", "长重点", "--year", "2025")
    assert refused.exit_code == 1, refused.output
    assert f"登记簿中没有 长重点〔2025〕1号，它们在恢复时被替换的登记簿 {replaced} 中已签发" in refused.stderr
    assert "Traceback" not in refused.output
    assert _rows(register) == []  # before: 长重点〔2025〕1号 was handed out again
    other = _invoke(register, "register", "next", "--series", "长重点办", "--year", "2025", "--new")  # another series
    assert other.exit_code == 0, other.output
    assert other.output.strip() == "长重点办〔2025〕1号"
