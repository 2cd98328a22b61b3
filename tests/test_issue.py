"""``docgen issue``: numbers allocated at issue time, final PDFs, refusals, failures, and kills at every step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_FRONT, ROOT

from docgen.cli import main_group
from docgen.convert.oneshot import soffice_path
from docgen.convert.pdf import read_pdf
from docgen.errors import DocgenError
from docgen.issue import issue_notice
from docgen.publish import pipeline as pipeline_module
from docgen.register import Register
from docgen.run_resources import RunResources

AUTO_FRONT = MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "auto")


def _invoke(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--register", str(tmp_path / "r.sqlite"), *args])


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_issue_allocates_renders_and_records(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(AUTO_FRONT)
    out = tmp_path / "发文"
    result = _invoke(tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "伊重点项目办〔2020〕1号" in result.stdout
    docx, pdf = out / "伊重点项目办〔2020〕1号.docx", out / "伊重点项目办〔2020〕1号.pdf"
    facts = read_pdf(pdf)
    text = "".join(facts.text.split())
    assert "伊重点项目办〔2020〕1号" in text
    assert "样稿" not in text
    assert facts.metadata.subject == "伊重点项目办〔2020〕1号"
    with Register.open(tmp_path / "r.sqlite") as reg:
        (row,) = reg.rows()
        assert (row.status, row.signer, row.title) == ("issued", "王建国", "关于测试的通知")
        assert {Path(o["path"]).name for o in row.outputs} == {docx.name, pdf.name}
        assert reg.check() == []
    # the same input again is refused, with a clear message; --force issues it under the next number
    again = _invoke(tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(out))
    assert again.exit_code == 1
    assert "已经作为 伊重点项目办〔2020〕1号 签发" in again.stderr
    forced = _invoke(tmp_path, "issue", str(source), "--signer", "王建国", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert "伊重点项目办〔2020〕2号" in forced.stdout
    with Register.open(tmp_path / "r.sqlite") as reg:
        assert [entry[1] for entry in reg.audit("伊重点项目办〔2020〕2号")] == ["force"]


def test_a_written_number_must_be_the_next_one(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(MINIMAL_FRONT)  # 伊重点项目办〔2020〕13号 while the series is empty
    result = _invoke(tmp_path, "issue", str(source), "--signer", "王建国", "--no-pdf")
    assert result.exit_code == 1
    assert "伊重点项目办〔2020〕1号" in result.stderr


def test_a_render_failure_releases_or_voids_the_number(
    tmp_path: Path,
    write_notice,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    source = write_notice(AUTO_FRONT)
    reg = Register.open(tmp_path / "r.sqlite")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise DocgenError("模板损坏")

    monkeypatch.setattr(pipeline_module, "_emit_docx", broken)
    with pytest.raises(DocgenError):
        issue_notice(source, "王建国", RunResources(), reg, pdf=False)
    assert reg.rows() == []  # released: nothing came after it
    assert reg.audit()[-1][1] == "release"

    def broken_after_another(*_args: object, **_kwargs: object) -> None:
        reg.allocate("文号", "伊重点项目办", 2020)  # someone else takes the next number meanwhile
        raise DocgenError("模板损坏")

    monkeypatch.setattr(pipeline_module, "_emit_docx", broken_after_another)
    with pytest.raises(DocgenError):
        issue_notice(source, "王建国", RunResources(), reg, pdf=False)
    rows = reg.rows()
    assert [(r.seq, r.status, r.reason) for r in rows] == [(1, "void", "模板损坏"), (2, "allocated", None)]
    assert not list(tmp_path.glob("*.docx"))
    assert reg.check() == []
    reg.close()


def _issue_process(tmp_path: Path, source: Path, fault: str | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "kill_at.py"),
            fault or "-",
            "issue",
            str(source),
            "--signer",
            "王建国",
            "-o",
            str(tmp_path / "out"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _register_check(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCGEN_REGISTER=str(tmp_path / "r.sqlite"))
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "register", "check"], env=env, capture_output=True, text=True
    )


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("point", ["after-allocate", "after-docx", "after-pdf", "after-record"])
def test_a_kill_at_any_step_leaves_a_consistent_register(tmp_path: Path, write_notice, point: str) -> None:  # type: ignore[no-untyped-def]
    source = write_notice(AUTO_FRONT)
    killed = _issue_process(tmp_path, source, point)
    killed.communicate(timeout=600)
    assert killed.returncode == -signal.SIGKILL
    check = _register_check(tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    # the next run finishes the job under the same number (or refuses: it was issued)
    rerun = _issue_process(tmp_path, source, None)
    _out, err = rerun.communicate(timeout=600)
    with Register.open(tmp_path / "r.sqlite") as reg:
        rows = reg.rows()
        assert [(r.seq, r.status) for r in rows] == [(1, "issued")], err.decode()
        assert reg.check() == []


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_kills_at_random_moments_leave_a_consistent_register(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    for index, delay in enumerate((0.3, 0.8, 1.3, 1.8, 2.5)):
        source = write_notice(
            AUTO_FRONT.replace("关于测试的通知", f"关于测试{index}的通知"), name=f"n{index}.md"
        )
        process = _issue_process(tmp_path, source, None)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        # the soffice it left behind is swept by the next docgen run (the register check below)
        check = _register_check(tmp_path)
        assert check.returncode == 0, (delay, check.stdout + check.stderr)
