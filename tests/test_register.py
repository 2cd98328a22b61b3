"""The register: atomic, idempotent allocation in real SQLite files, across processes; integrity; migration."""

from __future__ import annotations

import multiprocessing
import shlex
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from docgen.cli import main_group
from docgen.register import SCHEMA_VERSION, Register, RegisterError, register_path
from docgen.register.rows import taken_by_hand


@pytest.fixture
def reg(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Register.open(tmp_path / "register.sqlite") as register:
        yield register


def test_numbers_are_consecutive_per_series_and_year(reg: Register) -> None:
    texts = [reg.allocate("文号", "伊重点项目办", 2020).text for _ in range(3)]
    assert texts == ["伊重点项目办〔2020〕1号", "伊重点项目办〔2020〕2号", "伊重点项目办〔2020〕3号"]
    assert reg.allocate("文号", "伊重点项目办", 2021).text == "伊重点项目办〔2021〕1号"
    assert reg.allocate("督办", "长重点督", 2020).text == "长重点督〔2020〕1号"
    assert reg.allocate("简报", "重点项目建设简报", 2020).text == "重点项目建设简报2020年第1期"


def test_allocation_is_idempotent_per_item(reg: Register) -> None:
    first = reg.allocate("督办", "长重点督", 2020, item_key="DB-007")
    reg.allocate("督办", "长重点督", 2020, item_key="DB-008")
    again = reg.allocate("督办", "长重点督", 2020, item_key="DB-007")
    assert (again.seq, again.new, first.new) == (1, False, True)
    assert reg.next_free("督办", "长重点督", 2020) == 3


def _allocate_many(path: str, count: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    with Register.open(Path(path)) as register:
        queue.put([register.allocate("文号", "伊重点项目办", 2020).seq for _ in range(count)])


def test_eight_processes_allocate_400_distinct_consecutive_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    Register.open(path).close()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_allocate_many, args=(str(path), 50, queue)) for _ in range(8)]
    for worker in workers:
        worker.start()
    seqs = [seq for _ in workers for seq in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sorted(seqs) == list(range(1, 401))
    with Register.open(path) as register:
        assert [row.seq for row in register.rows()] == list(range(1, 401))
        assert register.check() == []


def _open_new(path: str, start: object, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    start.wait()  # type: ignore[attr-defined]
    try:
        with Register.open(Path(path)) as register:
            queue.put(register.register_id)
    except RegisterError as error:
        queue.put(f"error: {error}")


def test_six_processes_opening_one_new_register_at_once_all_get_the_same_register(tmp_path: Path) -> None:
    """Two runs starting on a register that does not exist yet once refused one of them: it found the
    other's file empty ("登记簿为空或已损坏") or busy setting up its tables."""
    context = multiprocessing.get_context("fork")
    for round_ in range(8):
        path = tmp_path / f"new-{round_}" / "register.sqlite"
        start = context.Barrier(6)
        queue = context.Queue()
        workers = [context.Process(target=_open_new, args=(str(path), start, queue)) for _ in range(6)]
        for worker in workers:
            worker.start()
        answers = [queue.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert not [a for a in answers if a.startswith("error")], answers
        assert len(set(answers)) == 1, answers
        # no draft left beside it; SQLite's own -wal/-shm may stay while the last two close at once
        # (the closer that would delete them found the other still holding the file) …
        assert {p.name for p in path.parent.iterdir()} <= {"register.sqlite", "register.sqlite-wal", "register.sqlite-shm"}
        with Register.open(path) as register:  # … and go with the next run that closes alone
            assert register.register_id == answers[0]
        assert sorted(p.name for p in path.parent.iterdir()) == ["register.sqlite"]


def test_a_failed_number_is_released_when_last_and_voided_otherwise(reg: Register) -> None:
    first = reg.allocate("文号", "伊重点项目办", 2020)
    assert reg.release_or_void(first, "渲染失败") == "released"
    again = reg.allocate("文号", "伊重点项目办", 2020)
    assert again.seq == 1
    reg.allocate("文号", "伊重点项目办", 2020)
    assert reg.release_or_void(again, "渲染失败") == "void"
    assert [(r.seq, r.status, r.reason) for r in reg.rows()] == [
        (1, "void", "渲染失败"),
        (2, "allocated", None),
    ]
    assert [entry[1] for entry in reg.audit()] == ["release", "void"]
    assert reg.check() == []


def test_check_finds_gaps_changed_and_missing_files(reg: Register, tmp_path: Path) -> None:
    files = []
    for index in range(3):
        allocation = reg.allocate("文号", "伊重点项目办", 2020)
        out = tmp_path / f"{index}.docx"
        out.write_bytes(b"document %d" % index)
        files.append(out)
        reg.record_issue(
            allocation,
            title="通知",
            addressees="",
            doc_date="2020-03-05",
            input_hash=str(index),
            outputs=[out],
            signer="张三",
        )
    assert reg.check() == []
    files[0].write_bytes(b"changed")
    files[1].unlink()
    with sqlite3.connect(reg.path) as raw:
        raw.execute("DELETE FROM documents WHERE number_id=3")
        raw.execute("DELETE FROM numbers WHERE seq=3")
    problems = reg.check()
    assert any("0.docx" in p and "改动" in p for p in problems)
    assert any("1.docx" in p and "缺少" in p for p in problems)
    assert any("伊重点项目办〔2020〕3号" in p and "既没有登记也没有作废" in p for p in problems)


def test_explicit_numbers_must_be_the_next_or_the_items_own(reg: Register) -> None:
    reg.allocate("文号", "伊重点项目办", 2020)
    with pytest.raises(RegisterError, match="伊重点项目办〔2020〕2号"):
        reg.claim("文号", "伊重点项目办", 2020, 5, "x")
    with pytest.raises(RegisterError, match="已被占用"):
        reg.claim("文号", "伊重点项目办", 2020, 1, "x")
    claimed = reg.claim("文号", "伊重点项目办", 2020, 2, "x")
    assert reg.claim("文号", "伊重点项目办", 2020, 2, "x").number_id == claimed.number_id


def test_an_older_register_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as raw:
        raw.executescript((ROOT / "tests" / "fixtures" / "register_v1.sql").read_text(encoding="utf-8"))
    with Register.open(path) as register:
        assert register.schema_version() == SCHEMA_VERSION
        rows = register.rows()
        assert [(r.seq, r.status, r.title) for r in rows] == [
            (1, "issued", "关于开展重点项目集中开工活动的通知"),
            (2, "issued", "关于报送一季度项目进展的通知"),
            (3, "allocated", None),
        ]
        assert register.allocate("文号", "伊重点项目办", 2020, item_key="new").seq == 4
        assert register.allocate("文号", "伊重点项目办", 2020, item_key="new").seq == 4
        assert register.audit()[0][1] == "migrate"
        assert register.check() == []


def test_a_newer_register_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Register.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(RegisterError, match="99"):
        Register.open(path)


def test_backup_is_a_working_copy(reg: Register, tmp_path: Path) -> None:
    reg.allocate("文号", "伊重点项目办", 2020)
    target = tmp_path / "backup" / "copy.sqlite"
    reg.backup(target)
    with Register.open(target) as copy:
        assert [r.text for r in copy.rows()] == ["伊重点项目办〔2020〕1号"]
    with pytest.raises(RegisterError):
        reg.backup(target)


def test_register_path_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert register_path() == tmp_path / "data" / "docgen" / "register.sqlite"
    (tmp_path / "docgen.toml").write_text('[register]\npath = "登记/发文.sqlite"\n', encoding="utf-8")
    assert register_path() == tmp_path / "登记" / "发文.sqlite"
    monkeypatch.setenv("DOCGEN_REGISTER", str(tmp_path / "env.sqlite"))
    assert register_path() == tmp_path / "env.sqlite"
    assert register_path(tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"


def test_register_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--register", str(tmp_path / "r.sqlite"), "register"]
    result = runner.invoke(main_group, [*base, "next", "--series", "伊重点项目办", "--year", "2020"])
    assert (result.exit_code, result.stdout.strip()) == (0, "伊重点项目办〔2020〕1号")
    runner.invoke(main_group, [*base, "next", "--series", "伊重点项目办", "--year", "2020"])
    result = runner.invoke(main_group, [*base, "void", "伊重点项目办〔2020〕1号", "--reason", "编号错误"])
    assert result.exit_code == 0
    result = runner.invoke(main_group, [*base, "list"])
    assert "伊重点项目办〔2020〕1号\t作废\t编号错误" in result.stdout
    result = runner.invoke(main_group, [*base, "show", "伊重点项目办〔2020〕1号"])
    assert "编号错误" in result.stdout
    assert "void" in result.stdout
    result = runner.invoke(main_group, [*base, "check"])
    assert result.exit_code == 0
    assert "伊重点项目办〔2020〕2号" in result.stdout
    result = runner.invoke(main_group, [*base, "backup", str(tmp_path / "b.sqlite")])
    assert result.exit_code == 0
    assert (tmp_path / "b.sqlite").is_file()
    result = runner.invoke(main_group, [*base, "show", "伊重点项目办〔2020〕9号"])
    assert result.exit_code == 1
    assert "没有编号" in result.stderr
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    result = runner.invoke(main_group, ["--register", str(tmp_path / "junk.sqlite"), "register", "list"])
    assert result.exit_code == 1
    assert "登记簿为空或已损坏" in result.stderr


def test_a_number_taken_by_hand_is_known_by_its_command_words() -> None:
    """register next, also after global options; not a quoted value that holds the words."""
    by_hand = ["docgen", "register", "next", "--series", "伊重点项目办", "--year", "2020", "--kind", "文号"]
    assert taken_by_hand(shlex.join(by_hand))
    assert taken_by_hand(shlex.join(["docgen", "--register", "r.sqlite", *by_hand[1:]]))
    assert not taken_by_hand(shlex.join(["docgen", "issue", "通知.md", "--note", "x register next y"]))
    assert not taken_by_hand(shlex.join(["docgen", "issue", "通知.md"]))
    assert not taken_by_hand(None)
    assert not taken_by_hand("docgen register next --series '未闭合")


def test_restore_names_the_file_it_replaced_only_when_there_was_one(tmp_path: Path) -> None:
    """Before (outsider 3b, DEFECTS_B 9): a restore onto a missing register named “被替换的文件：….replaced-…”,
    a file that does not exist."""
    runner = CliRunner()
    register = tmp_path / "r.sqlite"
    base = ["--register", str(register), "register"]
    runner.invoke(main_group, [*base, "next", "--series", "伊重点项目办", "--year", "2020"])
    assert runner.invoke(main_group, [*base, "backup", str(tmp_path / "b.sqlite")]).exit_code == 0
    result = runner.invoke(main_group, [*base, "restore", str(tmp_path / "b.sqlite")])
    assert result.exit_code == 0, result.output
    (kept,) = tmp_path.glob("r.sqlite.replaced-*")
    assert result.stdout.strip() == f"已从 {tmp_path / 'b.sqlite'} 恢复 {register}；被替换的文件：{kept}"
    register.unlink()  # moved away or deleted by hand: its backup is all there is
    kept.unlink()
    result = runner.invoke(main_group, [*base, "restore", str(tmp_path / "b.sqlite")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"已从 {tmp_path / 'b.sqlite'} 恢复 {register}（原来没有登记簿文件，没有替换任何文件）。"
    assert not list(tmp_path.glob("r.sqlite.replaced-*"))
    with Register.open(register) as reg:
        assert [r.text for r in reg.rows()] == ["伊重点项目办〔2020〕1号"]
