"""Files from the wild, third harvest (tests/fixtures/wild11/SOURCES.md): the defects they found.

Each test runs docgen as a user does (``python -m docgen ...`` in a subprocess) on a file another tool or
office made and asserts what an office user expects; DEFECTS.md numbers them.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import docgen_in as _docgen

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild11"
DOWN = WILD / "下行文模板-公文助手.docx"  # 文件 format: mark and 版记 in text boxes
UP = WILD / "上行文模板-公文助手.docx"  # 上行文: 发文字号 left, 签发人 right on one line
LETTER = WILD / "函模板-公文助手.docx"  # 信函 format
MINUTES = WILD / "会议纪要模板-公文助手.docx"  # 纪要 format


_CHECKED: dict[Path, dict[str, dict[str, str]]] = {}


def _check(path: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    """The rules of ``check --json`` on ``path`` (rendered by LibreOffice), by id; run once per file."""
    if path not in _CHECKED:
        run = _docgen("check", "--json", path, cwd=tmp_path)
        assert "Traceback" not in run.stderr, run.stderr
        _CHECKED[path] = {rule["id"]: rule for rule in json.loads(run.stdout)[0]["rules"]}
    return _CHECKED[path]


def _recognised(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The finished ``format --dry-run`` of ``path`` (asserted: no traceback)."""
    run = _docgen("format", path, "--dry-run", cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert "内部错误" not in run.stderr, run.stderr
    return run


def _title_lines(run: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines ``format --dry-run`` prints as the 标题."""
    return [
        line.split("标题：", 1)[1] for line in run.stdout.splitlines() if re.match(r"\s*¶\d+\s+标题：", line)
    ]


@pytest.mark.parametrize("draft", [DOWN, UP, LETTER], ids=["下行文", "上行文", "函"])
def test_format_takes_the_22pt_title_not_the_number_line_for_the_title(draft: Path, tmp_path: Path) -> None:
    """GongwenAssistant's Word templates: under the mark a 16 pt 仿宋 line “XX发〔20XX〕XX号” (上行文: with
    “签发人：□□□”; 函: “〔2020〕XX号”), then “[此处输入文件标题]” in 22 pt 方正小标宋, centred.  `format`
    takes the number line for the 标题 and sets the real title as flush-left body text."""
    titles = _title_lines(_recognised(draft, tmp_path))
    assert titles == ["[此处输入文件标题]"], titles


@pytest.mark.parametrize("draft", [DOWN, UP], ids=["下行文", "上行文"])
def test_check_never_prints_nan_as_a_measured_distance(draft: Path, tmp_path: Path) -> None:
    """With no 发文字号 line between the mark and the red rule (LibreOffice draws the template's rule above
    its number), rule.position.pdf says “距发文字号 nan mm”."""
    rule = _check(draft, tmp_path)["rule.position.pdf"]
    assert "nan" not in rule["measured"].lower(), rule


@pytest.mark.parametrize(
    ("draft", "line"),
    [(DOWN, "[此处输入文件标题]"), (LETTER, "[此处输入文件标题]"), (UP, "〔2020〕号")],
    ids=["下行文-标题", "函-标题", "上行文-发文字号和签发人"],
)
def test_check_does_not_judge_the_title_or_number_line_as_body_text(
    draft: Path, line: str, tmp_path: Path
) -> None:
    """The mark is in a text box, so the .docx rules find no 版头 and no title: body.format then fails the
    22 pt 小标宋 title (下行文, 函) or the 发文字号 line whose 签发人 is 楷体 as 7.2.6 asks (上行文)."""
    rule = _check(draft, tmp_path)["body.format"]
    assert line not in rule["measured"], rule


@pytest.mark.parametrize("draft", [MINUTES, DOWN, UP], ids=["纪要", "下行文", "上行文"])
def test_check_does_not_measure_an_invisible_space_as_body_text(draft: Path, tmp_path: Path) -> None:
    """The templates' 版记 text box starts with a 1 pt space (w:sz 2): no ink, yet body.size.pdf fails it
    as body text “p1   1 pt”."""
    rule = _check(draft, tmp_path)["body.size.pdf"]
    assert not re.search(r"(^|/)1\.0/|p\d+\s+1 pt", rule["measured"]), rule


def test_format_does_not_make_a_notice_titled_minutes_of_a_minutes_draft(tmp_path: Path) -> None:
    """The 纪要 template (red “会议纪要” mark in a text box, “〔20XX〕XX号”, 印发 line): `format` makes a
    “…文件” 通知 whose 标题 is “会议纪要”.  Expected: not that — it names `docgen minutes`, which makes 纪要."""
    run = _recognised(MINUTES, tmp_path)
    assert "会议纪要" not in _title_lines(run), run.stdout
    assert "docgen minutes" in run.stdout + run.stderr, run.stdout + run.stderr


def test_check_passes_a_distributed_red_xiaobiaosong_letter_mark(tmp_path: Path) -> None:
    """The 函 template's mark “XXXX人民政府” is 方正小标宋简体, FF0000, 分散对齐 (jc distribute) in a text
    box across the type area: mark.format fails it and prints only “方正小标宋简体, FF0000” — no reason."""
    rule = _check(LETTER, tmp_path)["mark.format"]
    assert rule["status"] == "PASS", rule


def _imported(template: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """The finished ``letterhead-import`` of ``template`` as key ``xx`` into tmp_path/lh, and its .yaml."""
    run = _docgen(
        "letterhead-import", template, "--key", "xx", "--out", tmp_path / "lh", "--code", "县政", cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    return run, (tmp_path / "lh" / "xx.yaml").read_text(encoding="utf-8")


def test_letterhead_import_leaves_the_red_star_out_of_the_organ_name(tmp_path: Path) -> None:
    """上行文模板: a red “★” in its own text box above “XXXX人民政府文件”.  letterhead-import reads
    标志 “★XXXX人民政府文件” and 全称 “★XXXX人民政府”, so every notice is signed “★XXXX人民政府”."""
    _, written = _imported(UP, tmp_path)
    assert "★" not in written, written


@pytest.mark.parametrize("template", [DOWN, LETTER], ids=["下行文", "函"])
def test_letterhead_import_keeps_a_placeholder_number_line_out_of_the_mark(
    template: Path, tmp_path: Path
) -> None:
    """The 套红 template's number line is a placeholder (“XX发〔20XX〕XX号”, 函 “〔2020〕XX号”), as such
    templates usually are.  letterhead-import glues it to the mark (标志 and 全称 “…文件XX发〔20XX〕XX号”): a
    notice then prints the placeholder and its own number (two 发文字号) and is signed with the number."""
    _, written = _imported(template, tmp_path)
    marks = [line for line in written.splitlines() if line.startswith(("标志:", "全称:"))]
    assert marks, written
    assert not any("〔" in line or "号" in line for line in marks), marks
    notice = tmp_path / "通知.md"
    notice.write_text(
        "---\n发文机关: xx\n发文字号: 15\n标题: 关于做好重点项目月度调度工作的通知\n主送: 各乡镇人民政府\n"
        "成文日期: 2025-06-10\n---\n为加快推进重点项目建设，现就做好月度调度工作通知如下。\n",
        encoding="utf-8",
    )
    run = _docgen(
        "--letterheads", tmp_path / "lh", "render", notice, "-o", tmp_path / "通知.docx", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    texts = [p.text for p in docx.Document(str(tmp_path / "通知.docx")).paragraphs]
    numbers = [t for t in texts if "〔" in t and "号" in t]
    assert len(numbers) == 1, texts
    assert "县政〔2025〕15号" in numbers[0], texts


def test_letterhead_import_does_not_warn_about_a_letters_170mm_double_lines(tmp_path: Path) -> None:
    """函模板 is the 信函 format: red double lines of 170 mm under the mark and 20 mm above the foot, as
    GB/T 9704 10.1 asks.  letterhead-import warns “红色分隔线长 170.0 mm，与版心（156 mm）不等宽（7.2.7）”."""
    run, _ = _imported(LETTER, tmp_path)
    assert "170.0 mm" not in run.stderr + run.stdout, run.stderr


def test_letterhead_import_asks_for_the_code_a_placeholder_number_line_lacks(tmp_path: Path) -> None:
    """Without --code, the 下行文 template's “XX发〔20XX〕XX号” gives no 代字: the refusal names the line."""
    run = _docgen("letterhead-import", DOWN, "--key", "xx", "--out", tmp_path / "lh", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    assert "XX发〔20XX〕XX号" in errors[0], errors
    assert "--code" in errors[0], errors
    assert not (tmp_path / "lh" / "xx.yaml").exists()


def test_format_takes_no_ornament_for_an_issuing_organ(tmp_path: Path) -> None:
    """The templates' red “★” above the mark (its own text box) was read as a second 发文机关标志: without
    --letterhead the notice became a 联合行文 of “★” and “XXXX人民政府” (wild11 #10)."""
    run = _recognised(UP, tmp_path)
    organs = [line for line in run.stdout.splitlines() if "发文机关标志：" in line]
    assert [line.split("：", 1)[1] for line in organs] == ["XXXX人民政府文件"], run.stdout


def test_format_prints_the_given_number_in_place_of_the_templates_placeholder(tmp_path: Path) -> None:
    """The 下行文 template's “XX发〔20XX〕XX号” is the 版头's line for the number: with --number the
    formatted notice prints that number once, and the title is the 22 pt line (wild11 #1)."""
    out = tmp_path / "通知.docx"
    run = _docgen("format", DOWN, "--number", "县政〔2025〕3号", "-o", out, "--no-render", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert [t for t in texts if "〔" in t] == ["县政〔2025〕3号"], texts
    assert texts.index("[此处输入文件标题]") == texts.index("县政〔2025〕3号") + 1, texts
