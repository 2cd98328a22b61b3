"""outsider7 #1 and #2: a source edited after issue is not issued again unasked; ``register restore``
loses no number issued after the backup.  Real commands (click runner), real SQLite registers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main_group
from docgen.register import Register


def _invoke(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--register", str(tmp_path / "r.sqlite"), *args])


def _notice(folder: Path, name: str, title: str, phone: str = "0355-8212345") -> Path:
    path = folder / name
    path.write_text(
        "---\n发文机关: zhangzi-zdxmb\n发文字号: auto\n"
        f"标题: {title}\n主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n"
        f"请各单位于10月20日前报送。联系电话：{phone}。\n",
        encoding="utf-8",
    )
    return path


def _issue(tmp_path: Path, source: Path, out: str = "发文", *more: str):  # type: ignore[no-untyped-def]
    return _invoke(tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(tmp_path / out), "--no-pdf", *more)


def _texts(tmp_path: Path) -> list[tuple[str, str]]:
    with Register.open(tmp_path / "r.sqlite") as reg:
        return [(row.text, row.status) for row in reg.rows()]


# --- #1: the same source file, edited after issue ------------------------------------------------


def test_an_edited_source_is_refused_naming_its_number_and_the_ways_on(tmp_path: Path) -> None:
    notice = _notice(tmp_path, "通知A.md", "关于报送重点项目进展情况的通知")
    assert _issue(tmp_path, notice).exit_code == 0
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    again = _issue(tmp_path, notice)
    assert again.exit_code == 1, again.output
    message = again.stderr
    for said in (str(notice), "长重点〔2025〕1号", "签发人 王建国", "此后又改动过", "docgen register void 长重点〔2025〕1号"):
        assert said in message, message
    assert "--force" in message, message
    assert "Traceback" not in again.output
    # no number taken (none left allocated, none released: the series' next is still 2号)
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "issued")]
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert reg.next_free("文号", "长重点", 2025) == 2
        assert [a[1] for a in reg.audit()] == []  # nothing released or voided on the way
    assert not (tmp_path / "发文" / "长重点〔2025〕2号.docx").exists()


def test_the_same_source_is_known_by_its_resolved_path(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issued as ./通知A.md from its folder, edited, issued again by its absolute path: the same file."""
    notice = _notice(tmp_path, "通知A.md", "关于报送重点项目进展情况的通知")
    monkeypatch.chdir(tmp_path)
    assert _invoke(tmp_path, "issue", "通知A.md", "--signer", "王建国", "-o", "发文", "--no-pdf").exit_code == 0
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    assert _issue(tmp_path, notice).exit_code == 1
    # another file with the edited text is another notice: issued under the next number
    other = tmp_path / "另一份" / "通知A.md"
    other.parent.mkdir()
    other.write_bytes(notice.read_bytes())
    issued = _issue(tmp_path, other)
    assert issued.exit_code == 0, issued.output
    assert "长重点〔2025〕2号" in issued.stdout


def test_force_issues_the_edited_source_under_a_new_number_and_says_so_in_the_audit(tmp_path: Path) -> None:
    notice = _notice(tmp_path, "通知A.md", "关于报送重点项目进展情况的通知")
    assert _issue(tmp_path, notice).exit_code == 0
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    forced = _issue(tmp_path, notice, "发文", "--force")
    assert forced.exit_code == 0, forced.output
    assert "长重点〔2025〕2号" in forced.stdout
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "issued"), ("长重点〔2025〕2号", "issued")]
    with Register.open(tmp_path / "r.sqlite") as reg:
        ((_at, action, _number, detail),) = reg.audit("长重点〔2025〕2号")
    assert action == "force"
    assert "长重点〔2025〕1号" in detail, detail
    assert "已改动" in detail, detail
    # edited once more: refused again, now naming the latest number
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212346", "8212347"), encoding="utf-8")
    again = _issue(tmp_path, notice)
    assert again.exit_code == 1, again.output
    assert "长重点〔2025〕2号" in again.stderr, again.output


def test_void_then_issue_the_corrected_source_gives_the_next_number(tmp_path: Path) -> None:
    notice = _notice(tmp_path, "通知A.md", "关于报送重点项目进展情况的通知")
    assert _issue(tmp_path, notice).exit_code == 0
    notice.write_text(notice.read_text(encoding="utf-8").replace("8212345", "8212346"), encoding="utf-8")
    voided = _invoke(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "电话有误")
    assert voided.exit_code == 0, voided.output
    issued = _issue(tmp_path, notice)
    assert issued.exit_code == 0, issued.output
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "void"), ("长重点〔2025〕2号", "issued")]
    assert _invoke(tmp_path, "register", "check").exit_code == 0


def test_a_schema_3_register_gains_the_source_column_and_keeps_its_documents(tmp_path: Path) -> None:
    """A register of the previous docgen (schema 3): its documents keep '' as source (known by hash)."""
    notice = _notice(tmp_path, "通知A.md", "关于报送重点项目进展情况的通知")
    assert _issue(tmp_path, notice).exit_code == 0
    with sqlite3.connect(tmp_path / "r.sqlite") as db:  # made back into what schema 3 wrote
        db.execute("DROP INDEX documents_source")
        db.execute("ALTER TABLE documents DROP COLUMN source")
        db.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert reg.schema_version() == 4
        (row,) = reg.rows()
        assert (row.text, row.source) == ("长重点〔2025〕1号", "")
    again = _issue(tmp_path, notice)  # unchanged: still known by its hash
    assert again.exit_code == 1, again.output
    assert "长重点〔2025〕1号" in again.stderr, again.output


# --- #2: register restore keeps the numbers taken after the backup -------------------------------


def _backup(tmp_path: Path) -> Path:
    (backup,) = sorted((tmp_path / "r.sqlite.backups").glob("*.sqlite"))  # the day's, before its first number
    return backup


def test_restore_carries_over_the_numbers_taken_after_the_backup(tmp_path: Path) -> None:
    for name, title in (("甲.md", "关于报送甲类项目的通知"), ("乙.md", "关于报送乙类项目的通知")):
        assert _issue(tmp_path, _notice(tmp_path, name, title)).exit_code == 0
    assert _invoke(tmp_path, "register", "void", "长重点〔2025〕2号", "--reason", "标题有误").exit_code == 0
    restored = _invoke(tmp_path, "register", "restore", str(_backup(tmp_path)))
    assert restored.exit_code == 0, restored.output
    lines = restored.stdout.splitlines()
    assert lines[1] == "备份之后取的 2 个编号不在备份中，已从被替换的文件带入，不会再次发出：", lines
    assert lines[2:] == [
        "  长重点〔2025〕1号\t已签发\t关于报送甲类项目的通知\t长重点〔2025〕1号.docx",
        "  长重点〔2025〕2号\t作废\t关于报送乙类项目的通知\t长重点〔2025〕2号（作废）.docx",  # renamed by the void
    ], lines
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "issued"), ("长重点〔2025〕2号", "void")]
    with Register.open(tmp_path / "r.sqlite") as reg:
        one = reg.find("长重点〔2025〕1号")
        assert (one.signer, Path(one.outputs[0]["path"]).name) == ("王建国", "长重点〔2025〕1号.docx")
        assert [a[1] for a in reg.audit("长重点〔2025〕2号")] == ["void", "rename"]  # its audit came along
        assert [a[1] for a in reg.audit() if a[1] == "restore"] == ["restore"]
    checked = _invoke(tmp_path, "register", "check")
    assert checked.exit_code == 0, checked.output
    issued = _issue(tmp_path, _notice(tmp_path, "丙.md", "关于报送丙类项目的通知"))
    assert issued.exit_code == 0, issued.output
    assert "长重点〔2025〕3号" in issued.stdout  # never 1号 again
    again = _issue(tmp_path, tmp_path / "甲.md")  # 甲 is still known as issued
    assert again.exit_code == 1, again.output


def test_restore_keeps_the_backups_state_of_a_number_both_hold(tmp_path: Path) -> None:
    """A void made by mistake is undone by restoring the backup taken before it: nothing is carried,
    the change is said, and the number's file is sealed again in its folder (the void had unsealed it)."""
    assert _issue(tmp_path, _notice(tmp_path, "甲.md", "关于报送甲类项目的通知")).exit_code == 0
    assert _invoke(tmp_path, "register", "backup", str(tmp_path / "b.sqlite")).exit_code == 0
    assert _invoke(tmp_path, "register", "void", "长重点〔2025〕1号", "--reason", "误操作").exit_code == 0
    record = tmp_path / "发文" / ".docgen-folder.json"
    assert json.loads(record.read_text(encoding="utf-8"))["files"]["长重点〔2025〕1号.docx"]["issued"] is False
    restored = _invoke(tmp_path, "register", "restore", str(tmp_path / "b.sqlite"))
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.splitlines()[1:] == [
        "以下编号按备份恢复（被替换的登记簿中状态不同）：",
        "  长重点〔2025〕1号\t作废 → 已签发",
        f"  已改名：{(tmp_path / '发文').resolve() / '长重点〔2025〕1号（作废）.docx'} → 长重点〔2025〕1号.docx",
    ], restored.stdout
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "issued")]
    assert json.loads(record.read_text(encoding="utf-8"))["files"]["长重点〔2025〕1号.docx"]["issued"] is True
    assert _invoke(tmp_path, "register", "check").exit_code == 0


def test_restore_keeps_a_series_moved_on_by_register_start(tmp_path: Path) -> None:
    assert _invoke(tmp_path, "register", "next", "--series", "乙办", "--year", "2025").exit_code == 0
    backup = _backup(tmp_path)
    assert _invoke(tmp_path, "register", "start", "--series", "甲办", "--year", "2025", "--next", "13").exit_code == 0
    assert _invoke(tmp_path, "register", "restore", str(backup)).exit_code == 0
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert reg.next_free("文号", "甲办", 2025) == 13
        assert reg.check() == []


def test_restore_over_a_damaged_register_says_nothing_could_be_carried(tmp_path: Path) -> None:
    assert _issue(tmp_path, _notice(tmp_path, "甲.md", "关于报送甲类项目的通知")).exit_code == 0
    register = tmp_path / "r.sqlite"
    with sqlite3.connect(register) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(register.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page but the header's scribbled over
        data[offset + 8 : offset + 200] = b"\xa5" * 192
    register.write_bytes(bytes(data))
    restored = _invoke(tmp_path, "register", "restore", str(_backup(tmp_path)))
    assert restored.exit_code == 0, restored.output
    assert "被替换的文件无法读取" in restored.stderr, restored.stderr
    assert "Traceback" not in restored.output
    assert _texts(tmp_path) == []


def _restored_by_hand(tmp_path: Path) -> Path:
    """甲 1号 and 乙 2号 issued into 发文/ (.docx and Typst's PDF); then the day's backup put in place by
    hand (or by a docgen before carry-over), the register it replaced kept beside it.  Returns that file."""
    for name, title in (("甲.md", "关于报送甲类项目的通知"), ("乙.md", "关于报送乙类项目的通知")):
        source = _notice(tmp_path, name, title)
        issued = _invoke(
            tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(tmp_path / "发文"), "--engine", "typst"
        )
        assert issued.exit_code == 0, issued.output
    register = tmp_path / "r.sqlite"
    replaced = tmp_path / "r.sqlite.replaced-20251010-090000"
    register.rename(replaced)
    register.write_bytes(_backup(tmp_path).read_bytes())
    return replaced


def test_check_says_the_register_lacks_what_the_replaced_file_issued(tmp_path: Path) -> None:
    replaced = _restored_by_hand(tmp_path)
    checked = _invoke(tmp_path, "register", "check")
    assert checked.exit_code == 1, checked.output
    assert f"✗ 长重点〔2025〕1号（“关于报送甲类项目的通知”）在恢复时被替换的登记簿 {replaced} 中已签发" in checked.stdout
    assert f"docgen register restore {replaced} 可以找回" in checked.stdout, checked.stdout
    # following that advice brings both back; the register and the replaced file then agree
    assert _invoke(tmp_path, "register", "restore", str(replaced)).exit_code == 0
    assert _texts(tmp_path) == [("长重点〔2025〕1号", "issued"), ("长重点〔2025〕2号", "issued")]
    assert _invoke(tmp_path, "register", "check").exit_code == 0


def test_issue_takes_no_number_the_replaced_register_or_the_folder_shows_issued(tmp_path: Path) -> None:
    replaced = _restored_by_hand(tmp_path)
    third = _notice(tmp_path, "丙.md", "关于报送丙类项目的通知")
    elsewhere = _issue(tmp_path, third, "发文3")
    assert elsewhere.exit_code == 1, elsewhere.output
    assert f"登记簿中没有 长重点〔2025〕1号，长重点〔2025〕2号，它们在恢复时被替换的登记簿 {replaced} 中已签发" in elsewhere.stderr
    assert _texts(tmp_path) == []  # nothing taken
    replaced.rename(tmp_path / "移走.sqlite")  # only the folder's record is left to tell
    same_folder = _issue(tmp_path, third, "发文")
    assert same_folder.exit_code == 1, same_folder.output
    said = same_folder.stderr
    files = "长重点〔2025〕1号.docx，长重点〔2025〕1号.pdf，长重点〔2025〕2号.docx，长重点〔2025〕2号.pdf"
    assert f"登记簿落后于文件夹 {tmp_path / '发文'}：其中的 {files} 已作为 长重点〔2025〕1号，长重点〔2025〕2号 印发" in said
    assert "docgen register start --series 长重点 --year 2025 --next 3" in said, said
    assert _texts(tmp_path) == []
    # the restored register recorded nothing in 发文, but the folder is listed beside it (reg10): check finds it
    checked = _invoke(tmp_path, "register", "check")
    assert checked.exit_code == 1, checked.output
    assert f"登记簿落后于文件夹 {tmp_path / '发文'}" in checked.output, checked.output
    # the way on the message gives: the series continues after the folder's numbers
    assert _invoke(tmp_path, "register", "start", "--series", "长重点", "--year", "2025", "--next", "3").exit_code == 0
    issued = _issue(tmp_path, third, "发文")
    assert issued.exit_code == 0, issued.output
    assert "长重点〔2025〕3号" in issued.stdout
    assert _invoke(tmp_path, "register", "check").exit_code == 0


def test_restore_over_another_register_carries_nothing_of_it_and_says_so(tmp_path: Path) -> None:
    """A register started afresh (register init) is not merged into the backup of the old one: its 1号
    is another document than the old one's."""
    assert _issue(tmp_path, _notice(tmp_path, "甲.md", "关于报送甲类项目的通知")).exit_code == 0
    assert _invoke(tmp_path, "register", "backup", str(tmp_path / "b.sqlite")).exit_code == 0
    (tmp_path / "r.sqlite").unlink()
    assert _invoke(tmp_path, "register", "init").exit_code == 0
    assert _issue(tmp_path, _notice(tmp_path, "乙.md", "关于报送乙类项目的通知"), "发文新").exit_code == 0
    restored = _invoke(tmp_path, "register", "restore", str(tmp_path / "b.sqlite"))
    assert restored.exit_code == 0, restored.output
    (kept,) = [p for p in tmp_path.glob("r.sqlite.replaced-*") if not p.name.endswith(("-wal", "-shm"))]
    assert "不是同一本登记簿" in restored.stderr, restored.stderr
    assert f"用 --register {kept} 运行 docgen register list" in restored.stderr, restored.stderr
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert [(r.text, r.title) for r in reg.rows()] == [("长重点〔2025〕1号", "关于报送甲类项目的通知")]
