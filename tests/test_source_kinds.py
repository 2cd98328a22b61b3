"""``render`` and ``issue`` take each source by its kind: a 纪要's source among notices is made as
``docgen minutes`` makes it — its draft by render, its 期号 from the register's 纪要 series by issue —
under the batch rule (validate all, report all, make each valid one, exit non-zero if one failed).

Before: render failed the 纪要 with “use docgen minutes” and exited 1; issue refused it too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
from click.testing import CliRunner, Result
from conftest import ROOT

from docgen.cli import main_group
from docgen.register import KIND_MINUTES, Register

OUTSIDER = ROOT / "tests" / "fixtures" / "outsider"
NUMBER = "长子县重点项目建设联席会议纪要2025年第1期"


def _cli(*args: str, register: Path) -> Result:
    return CliRunner().invoke(main_group, ["--register", str(register), *args])


def _text(path: Path) -> str:
    return "".join(p.text for p in docx.Document(str(path)).paragraphs)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "稿"
    folder.mkdir()
    for name in ("minutes.md", "request-signer.md"):
        shutil.copy(OUTSIDER / name, folder / name)
    return folder


def test_render_of_a_folder_makes_each_source_by_its_kind(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    broken = folder / "broken.md"
    broken.write_text("---\n发文机关: zhangzi-zdxmb\n标题: 关于测试的通知\n成文日期: 2025-13-01\n---\n正文。\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _cli("render", str(folder), "-o", str(out), register=tmp_path / "r.sqlite")
    assert done.exit_code == 1, done.output  # the broken notice, reported; the others made
    assert "已生成 2 份公文，1 份失败" in done.output
    assert "broken.md" in done.output
    assert "2025-13-01" in done.output
    assert "docgen minutes" not in done.output.split("说明：")[0]  # not refused: a note after it was made
    minutes = _text(out / "minutes.docx")
    assert "长子县重点项目建设联席会议纪要" in minutes
    assert "第　　期" in minutes  # the draft: no 期号 taken
    assert "说明：" in done.output
    assert "minutes.md" in done.output.split("说明：")[1]
    assert "请示" in _text(out / "request-signer.docx")
    assert not (out / "broken.docx").exists()
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert not reg.rows(kind=KIND_MINUTES)


def test_issue_of_a_minutes_source_takes_its_number_as_minutes_does(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    register = tmp_path / "r.sqlite"
    source = folder / "minutes.md"
    out = tmp_path / "发文"
    done = _cli("issue", str(source), "--signer", "张三", "-o", str(out), "--no-pdf", register=register)
    assert done.exit_code == 0, done.output
    assert NUMBER in done.output
    assert "第1期" in _text(out / f"{NUMBER}.docx")
    with Register.open(register) as reg:
        (row,) = reg.rows(kind=KIND_MINUTES)
    assert row.signer == "张三"
    # one 期号 per meeting: docgen minutes and issue again find it made and unchanged
    again = _cli("minutes", str(source), "--out", str(out), register=register)
    assert again.exit_code == 0, again.output
    assert f"{NUMBER} 此前已生成且未改动" in again.output
    twice = _cli("issue", str(source), "--signer", "张三", "-o", str(out), "--no-pdf", register=register)
    assert twice.exit_code == 0, twice.output
    assert f"{NUMBER} 此前已生成且未改动" in twice.output
    forced = _cli("issue", str(source), "--signer", "张三", "-o", str(out), "--force", register=register)
    assert forced.exit_code not in (0, 70), forced.output
    assert "--force" in forced.output
    assert "minutes.md" in forced.output
