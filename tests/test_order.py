"""命令（令） (GB/T 9704 10.2): the format selected by 种类: 令, its 令号 numbered within the term (届)
in a register series of its own, and its geometry measured on the LibreOffice PDF."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from docgen import standard as S
from docgen.check.pdf_read import Line, Page, measure
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool
from docgen.errors import DataError
from docgen.issue import issue_notice
from docgen.notices import compose_notice_file, render_notice_file
from docgen.order_model import Order, parse_term
from docgen.register import Register
from docgen.run_resources import RunResources

SAMPLE = ROOT / "samples" / "orders" / "zhangzi-order-1.md"
RED = (1.0, 0.0, 0.0)
LINE_MM = S.LINE_PITCH * 25.4 / 1440
CHAR_MM = S.CHAR * 25.4 / 1440
TYPE_RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
CENTRE = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2
BODY = "《长子县重点项目建设管理办法》已经县人民政府常务会议通过，现予公布，自2025年6月1日起施行。"


def _png(width: int, height: int) -> bytes:
    """Return a red PNG of ``width`` × ``height`` pixels (a stand-in 签名章)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _order(folder: Path, name: str, extra: str = "", body: str = BODY) -> Path:
    path = folder / f"{name}.md"
    path.write_text(
        "---\n种类: 令\n发文机关: zhangzi-gov\n届: 第十七届\n标题: 公布管理办法\n成文日期: 2025-05-12\n"
        f"签发人职务: 县长\n签发人: 王建华\n{extra}---\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory, pool: ConverterPool) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("orders")
    (folder / "stamp.png").write_bytes(_png(320, 120))
    sources = {
        "sample": SAMPLE,
        "stamp": _order(folder, "stamp", "签名章: stamp.png\n抄送: 县委办公室\n"),
        "命令": _order(folder, "command", "种类: 命令\n", "\n".join([BODY] * 3)),
    }
    text = sources["命令"].read_text(encoding="utf-8").replace("种类: 令\n", "", 1)
    sources["命令"].write_text(text, encoding="utf-8")
    docx = []
    for _name, source in sources.items():
        target = folder / f"{source.stem}.docx"
        target.write_bytes(render_notice_file(source, RunResources()).data)
        docx.append(target)
    outcomes = pool.convert([(d, folder / f"{d.stem}.pdf") for d in docx])
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    return {name: measure(o.target) for name, o in zip(sources, outcomes, strict=True)}


def _lines(page: Page) -> list[Line]:
    return sorted((ln for ln in page.lines if "—" not in ln.text and ln.size < 100), key=lambda ln: ln.em_top)


def test_an_order_is_selected_by_its_kind() -> None:
    doc = compose_notice_file(SAMPLE, RunResources())
    assert isinstance(doc, Order)
    assert doc.mark == "长子县人民政府令"
    assert doc.order_number is not None
    assert doc.order_number.term == 17
    assert doc.order_number.text() == "第\u3000\u3000号"  # a draft
    assert doc.header.number is None
    assert not doc.header.signers
    assert (doc.signer_title, doc.signer_name) == ("县长", "王建华")
    assert [parse_term(v) for v in ("第十七届", "17", 17, "第17届", "二十")] == [17, 17, 17, 17, 20]
    for wrong in ("十十", "第0届", "第1000届", "十七次", True):
        with pytest.raises(DataError):
            parse_term(wrong)


def test_an_order_without_its_term_or_signer_title_is_refused(tmp_path: Path) -> None:
    source = _order(tmp_path, "no-term")
    source.write_text(source.read_text(encoding="utf-8").replace("届: 第十七届\n", ""), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        compose_notice_file(source, RunResources())
    assert caught.value.location.file == source
    assert caught.value.location.field == "term"
    source = _order(tmp_path, "bad-term", "届: 十七次\n")
    source.write_text(source.read_text(encoding="utf-8").replace("届: 第十七届\n", "", 1), encoding="utf-8")
    with pytest.raises(DataError, match="十七次") as caught:
        compose_notice_file(source, RunResources())
    assert caught.value.location.line == 8
    source = _order(tmp_path, "no-title")
    source.write_text(source.read_text(encoding="utf-8").replace("签发人职务: 县长\n", ""), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        compose_notice_file(source, RunResources())
    assert caught.value.location.field == "signer_title"
    (tmp_path / "stamp.png").write_text("not a picture", encoding="utf-8")
    source = _order(tmp_path, "bad-stamp", "签名章: stamp.png\n")
    with pytest.raises(DataError, match="PNG") as caught:
        compose_notice_file(source, RunResources())
    assert (caught.value.location.file, caught.value.location.line) == (source, 9)
    (tmp_path / "sub").mkdir()
    source = _order(tmp_path / "sub", "outside-stamp", "签名章: ../stamp.png\n")
    with pytest.raises(DataError, match="allow-outside") as caught:
        compose_notice_file(source, RunResources())
    assert caught.value.location.field == "stamp"


def test_order_numbers_count_within_the_term_not_the_year(tmp_path: Path) -> None:
    """10.2: 令号 per 届 — a new year continues the term's series, a new term starts at 第1号."""
    with Register.open(tmp_path / "r.sqlite") as reg:
        first = issue_notice(_order(tmp_path, "a"), "张三", RunResources(), reg, pdf=False)
        later = _order(tmp_path, "b", body=BODY + "另行通知。")
        later.write_text(
            later.read_text(encoding="utf-8").replace("2025-05-12", "2026-02-03"), encoding="utf-8"
        )
        second = issue_notice(later, "张三", RunResources(), reg, pdf=False)
        new_term = _order(tmp_path, "c", body=BODY + "新一届。")
        new_term.write_text(
            new_term.read_text(encoding="utf-8").replace("第十七届", "第十八届"), encoding="utf-8"
        )
        third = issue_notice(new_term, "张三", RunResources(), reg, pdf=False)
    assert first.number == "长子县人民政府令（第十七届）第1号"
    assert second.number == "长子县人民政府令（第十七届）第2号"
    assert third.number == "长子县人民政府令（第十八届）第1号"
    with zipfile.ZipFile(second.docx) as package:
        document = package.read("word/document.xml").decode()
    assert "第2号" in document
    assert "〔" not in document


def test_the_mark_is_57_mm_from_the_paper_top(orders: dict[str, list[Page]]) -> None:
    """10.2: the mark's top 20 mm below the type area top (57 mm ±1 from the paper top), red, centred."""
    expected = {"sample": "长子县人民政府令", "stamp": "长子县人民政府令", "命令": "长子县人民政府命令"}
    for name, pages in orders.items():
        mark = _lines(pages[0])[0]
        assert mark.text == expected[name], name
        assert mark.em_top == pytest.approx(S.MARGIN_TOP_MM + 20, abs=1), name
        assert mark.colors == {RED}, name
        assert (mark.x0 + mark.x1) / 2 == pytest.approx(CENTRE, abs=1), name


def test_the_order_number_and_the_body_two_lines_apart(orders: dict[str, list[Page]]) -> None:
    """10.2: 令号 centred 下空二行 under the mark; the body 下空二行 under the 令号 (a line's em top is
    3.3 mm below its top on the grid)."""
    for name, pages in orders.items():
        mark, number, body = _lines(pages[0])[:3]
        assert re.fullmatch(r"第[\u3000 ]+号", number.text), name
        assert number.em_top - mark.em_bottom == pytest.approx(2 * LINE_MM + 3.3, abs=1), name
        assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=1), name
        assert body.em_top - number.em_top == pytest.approx(3 * LINE_MM, abs=1), name
        assert body.x0 == pytest.approx(S.MARGIN_LEFT_MM + 2 * CHAR_MM, abs=1), name  # 左空二字


def test_the_signer_block_per_7_3_5_3(orders: dict[str, list[Page]]) -> None:
    """7.3.5.3: 正文（或附件说明）下空二行, the 签名章 右空四字, the 职务 左空二字 from it and centred on
    it, the date 下空一行 右空四字; a given 签名章 printed there."""
    for name, pages in orders.items():
        lines = [ln for ln in _lines(pages[0]) if ln.size == 16]
        index = next(i for i, ln in enumerate(lines) if ln.text == "县长")
        above, title, date = lines[index - 1], lines[index], lines[index + 1]
        assert date.text == "2025年5月12日", name
        assert TYPE_RIGHT - date.x1 == pytest.approx(4 * CHAR_MM, abs=1), name
        stamps = [box for box in pages[0].images if box.x0 > title.x1]
        if name != "stamp":
            assert stamps == [], name
            assert title.em_top - above.em_top == pytest.approx(3 * LINE_MM, abs=1), name
            stamp_left = TYPE_RIGHT - 4 * CHAR_MM - S.ORDER_STAMP_WIDTH_MM
            assert stamp_left - title.x1 == pytest.approx(2 * CHAR_MM, abs=1), name
            assert date.em_top - title.em_top == pytest.approx(2 * LINE_MM, abs=1), name
            continue
        (stamp,) = stamps
        assert stamp.bottom - stamp.top == pytest.approx(S.ORDER_STAMP_HEIGHT_MM, abs=0.5)
        assert stamp.x1 - stamp.x0 == pytest.approx(40, abs=0.5)  # 320 × 120 px at 15 mm high
        assert TYPE_RIGHT - stamp.x1 == pytest.approx(4 * CHAR_MM, abs=1)
        assert stamp.x0 - title.x1 == pytest.approx(2 * CHAR_MM, abs=1)
        assert (stamp.top + stamp.bottom) / 2 == pytest.approx((title.em_top + title.em_bottom) / 2, abs=1)
        assert stamp.top - above.em_bottom >= LINE_MM  # at least the two empty lines' worth of room
        assert date.em_top - stamp.bottom >= LINE_MM - 3.3  # 下空一行


def test_check_judges_an_order_by_its_format(tmp_path: Path, pool: ConverterPool) -> None:
    """A made 令 passes every rule (rule and title rules 不适用 with the reason); with its mark moved
    10 mm down it fails mark.position.pdf alone."""
    from docgen.check.run import check_files

    good = tmp_path / "good.docx"
    good.write_bytes(render_notice_file(SAMPLE, RunResources()).data)
    broken = tmp_path / "broken.docx"
    before = f'w:before="{S.ORDER_MARK_SPACE_BEFORE}"'
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode()
                assert text.count(before) == 1
                data = text.replace(before, f'w:before="{S.ORDER_MARK_SPACE_BEFORE + S.mm(10)}"').encode()
            target.writestr(item, data)
    outcomes = pool.convert([(good, tmp_path / "good.pdf"), (broken, tmp_path / "broken.pdf")])
    reports = check_files([good, broken], rendered={good: outcomes[0].target, broken: outcomes[1].target})
    verdicts = [{f.rule.id: (f.status.value, f.rule.clause, f.measured) for f in r.findings} for r in reports]
    assert reports[0].failed == [], [(f.rule.id, f.measured) for f in reports[0].failed]
    assert verdicts[0]["mark.position.pdf"][:2] == ("PASS", "10.2")
    assert verdicts[0]["order.number.pdf"][0] == "PASS"
    assert verdicts[0]["order.signer.pdf"][:2] == ("PASS", "7.3.5.3")
    assert verdicts[0]["rule.position.pdf"][0] == "NOT APPLICABLE"
    assert "令" in verdicts[0]["title.size.pdf"][2]
    assert [f.rule.id for f in reports[1].failed] == ["mark.position.pdf"]


def test_render_preview_and_issue_the_sample(tmp_path: Path) -> None:
    """The sample renders, previews and issues from the command line; the issued 令 is numbered 第1号."""
    source = tmp_path / SAMPLE.name
    source.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    register = tmp_path / "r.sqlite"
    result = runner.invoke(main_group, ["render", str(source), "-o", str(tmp_path / "draft.docx")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main_group, ["preview", str(source), "-o", str(tmp_path / "preview")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "preview" / f"{source.stem}.pdf").is_file()
    result = runner.invoke(
        main_group, ["--register", str(register), "issue", str(source), "--signer", "张三"]
    )
    assert result.exit_code == 0, result.output
    assert "长子县人民政府令（第十七届）第1号" in result.output
    issued = tmp_path / "长子县人民政府令（第十七届）第1号.pdf"
    pages = measure(issued)
    assert [ln.text for ln in _lines(pages[0])[:2]] == ["长子县人民政府令", "第1号"]


def test_a_squeezed_closing_keeps_the_stamp_line_as_high_as_its_picture(tmp_path: Path) -> None:
    """7.3.5.5: squeezing the closing halves the space above the 签发人's line but keeps the line as
    high as the 签名章 (an exact grid line would cut the picture)."""
    from docgen.layout.order import signer_block
    from docgen.layout.placed import LineRule

    (tmp_path / "stamp.png").write_bytes(_png(320, 120))
    doc = compose_notice_file(_order(tmp_path, "stamp", "签名章: stamp.png\n"), RunResources())
    assert isinstance(doc, Order)
    signer, date = signer_block(doc)
    squeezed = signer.squeezed()
    assert squeezed.block.line is not None
    assert squeezed.block.line.rule is LineRule.AUTO
    assert squeezed.block.space_before == (signer.block.space_before or 0) // 2
    assert signer.height - squeezed.height == (signer.block.space_before or 0) - (
        squeezed.block.space_before or 0
    )
    assert date.squeezed().block.line is not None
    assert date.squeezed().block.line.rule is LineRule.EXACT


def test_a_term_in_full_width_digits_is_read_and_a_missing_stamp_is_not_called_an_attachment(
    tmp_path: Path,
) -> None:
    """outsider4 #14: `届: １７` was refused (“不是 '１７'”) while full-width digits in dates, 文号 and
    text are read; a missing 签名章 said “找不到附件文件” (it is a picture, not an 附件)."""
    source = _order(tmp_path, "full-width")
    source.write_text(
        source.read_text(encoding="utf-8").replace("届: 第十七届", "届: １７"), encoding="utf-8"
    )
    doc = compose_notice_file(source, RunResources())
    assert isinstance(doc, Order)
    assert doc.order_number is not None
    assert doc.order_number.term == 17
    missing = _order(tmp_path, "no-stamp", "签名章: 县长签名章.png\n")
    done = CliRunner().invoke(
        main_group,
        ["--register", str(tmp_path / "r"), "render", str(missing), "-o", str(tmp_path / "o.docx")],
    )
    assert done.exit_code == 1
    assert (
        f"错误：{missing}，第 9 行，字段“签名章”：找不到签名章图片：{tmp_path / '县长签名章.png'}"
        in done.output
    )
    assert "附件" not in done.output


def test_an_order_and_a_command_of_one_government_share_the_terms_numbers(tmp_path: Path) -> None:
    """outsider4 #15: after 长子县人民政府令（第十七届）第1号, the same government's 种类: 命令 took a 第1号
    of its own; 命令（令） is one 文种 (10.2), so it takes 第2号 and its mark still says 命令."""
    with Register.open(tmp_path / "r.sqlite") as reg:
        first = issue_notice(_order(tmp_path, "a"), "张三", RunResources(), reg, pdf=False)
        command = _order(tmp_path, "b", body=BODY + "另行通知。")
        command.write_text(
            command.read_text(encoding="utf-8").replace("种类: 令", "种类: 命令"), encoding="utf-8"
        )
        second = issue_notice(command, "张三", RunResources(), reg, pdf=False)
    assert first.number == "长子县人民政府令（第十七届）第1号"
    assert second.number == "长子县人民政府令（第十七届）第2号"
    with zipfile.ZipFile(second.docx) as package:
        document = package.read("word/document.xml").decode()
    assert "长子县人民政府命令" in document
    assert "第2号" in document
