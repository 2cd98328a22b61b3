"""挂牌督办通知书 from the supervision ledger: working days, numbering, ledger errors, follow-ups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.check.docx_read import load
from docgen.check.rules import Status
from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.compose.supervision import card, deadlines, split_problems
from docgen.convert.oneshot import soffice_path
from docgen.layout.breaks import plain
from docgen.load.supervision import load_supervision
from docgen.records import CardColour, SupervisionItem, SupervisionStatus
from docgen.register import Register
from docgen.run_resources import RunResources
from docgen.supervise import supervise
from docgen.workdays import CalendarError, load_calendar

SAMPLE = ROOT / "samples" / "supervision" / "督办台账.xlsx"


# (交办日期, working days, due): National Day and Spring Festival 2024-2026 with their 调休 days
DEADLINES = [
    (dt.date(2025, 9, 29), 3, dt.date(2025, 10, 10)),  # the issue's own example
    (dt.date(2025, 9, 30), 3, dt.date(2025, 10, 11)),  # 10/11 (Sat) is a 调休 working day
    (dt.date(2025, 9, 26), 3, dt.date(2025, 9, 30)),  # 9/28 (Sun) is a working day
    (dt.date(2024, 9, 27), 3, dt.date(2024, 10, 8)),  # 9/29 (Sun) works, 10/1-7 off
    (dt.date(2024, 9, 30), 10, dt.date(2024, 10, 18)),  # 10/12 (Sat) works
    (dt.date(2025, 1, 24), 3, dt.date(2025, 2, 5)),  # 1/26 (Sun) works, 1/28-2/4 off
    (dt.date(2025, 2, 7), 3, dt.date(2025, 2, 11)),  # 2/8 (Sat) works
    (dt.date(2026, 2, 11), 3, dt.date(2026, 2, 14)),  # 2/14 (Sat) works
    (dt.date(2026, 2, 13), 3, dt.date(2026, 2, 25)),  # 2/15-2/23 off
    (dt.date(2026, 9, 30), 3, dt.date(2026, 10, 10)),  # 10/1-7 off, 10/10 (Sat) works
    (dt.date(2026, 9, 18), 3, dt.date(2026, 9, 22)),  # 9/20 (Sun) works
    (dt.date(2024, 2, 8), 3, dt.date(2024, 2, 19)),  # 2/10-17 off, 2/18 (Sun) works
]


@pytest.mark.parametrize(("start", "days", "due"), DEADLINES, ids=[f"{s}+{n}" for s, n, _d in DEADLINES])
def test_deadlines_in_chinese_working_days(start: dt.date, days: int, due: dt.date) -> None:
    assert load_calendar().add_workdays(start, days) == due


def test_an_uncovered_year_is_an_error_not_a_guess(tmp_path: Path) -> None:
    from docgen.config import resolve_settings
    from docgen.run_resources import RunResources

    with pytest.raises(CalendarError, match="2027"):
        load_calendar().is_workday(dt.date(2027, 1, 4))
    (tmp_path / "holidays.yaml").write_text(
        "2027:\n  holidays: [2027-01-01, 2027-02-05..2027-02-11]\n  workdays: [2027-02-20]\n",
        encoding="utf-8",
    )
    settings = resolve_settings(environ={"XDG_CONFIG_HOME": str(tmp_path / "cfg")}, cwd=tmp_path)  # the edge finds it
    assert settings.holiday_files == (tmp_path / "holidays.yaml",)
    calendar = RunResources(settings).calendar
    assert not calendar.is_workday(dt.date(2027, 2, 8))
    assert calendar.is_workday(dt.date(2027, 2, 20))
    assert calendar.add_workdays(dt.date(2027, 2, 4), 1) == dt.date(2027, 2, 12)
    with pytest.raises(CalendarError, match="2027"):  # the library itself never looks in the working folder
        RunResources().calendar.is_workday(dt.date(2027, 2, 8))


def _item(**changes: object) -> SupervisionItem:
    values: dict[str, object] = dict(
        row=3,
        code="DB-1",
        project="甲项目",
        unit="县发展和改革局",
        problems="用地未批",
        assigned=dt.date(2025, 9, 29),
        limit_days=10,
        status=SupervisionStatus.NOT_DONE,
    )
    values.update(changes)
    return SupervisionItem(**values)  # type: ignore[arg-type]


def test_cards_and_overdue() -> None:
    item = _item()
    dates = deadlines(item, 3, load_calendar())
    assert (dates.reply, dates.due) == (dt.date(2025, 10, 10), dt.date(2025, 10, 20))
    assert card(item, dates, dt.date(2025, 10, 10)) is CardColour.BLUE
    assert card(item, dates, dt.date(2025, 10, 11)) is CardColour.YELLOW
    assert card(_item(feedback=dt.date(2025, 10, 9)), dates, dt.date(2025, 10, 15)) is CardColour.BLUE
    assert card(item, dates, dt.date(2025, 10, 21)) is CardColour.RED
    assert card(_item(status=SupervisionStatus.DONE), dates, dt.date(2025, 10, 23)) is None


def test_problems_are_split() -> None:
    assert split_problems("用地未批；资金不足") == ["用地未批。", "资金不足。"]
    assert split_problems("1.用地未批 2.资金不足。") == ["用地未批。", "资金不足。"]


# --- the ledger -------------------------------------------------------------------------------------


def test_the_sample_ledger_is_synthetic_and_large_enough() -> None:
    items, errors = load_supervision(SAMPLE)
    assert not errors
    assert len(items) >= 30
    assert len({i.unit for i in items}) >= 8
    assert "合成样例数据" in str(load_workbook(SAMPLE).active["A1"].value)


HEADER = ["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"]


def _ledger(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER, csv: bool = False) -> Path:
    if csv:
        path = tmp_path / "ledger.csv"
        lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
        path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
        return path
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    return path


GOOD = ["DB-1", "甲项目", "县水利局", "用地未批", dt.date(2025, 9, 29), 10, "未办结"]


def test_dates_in_every_form_and_csv_in_gb18030(tmp_path: Path) -> None:
    rows = [
        GOOD,
        ["DB-2", "乙项目", "县水利局", "资金不足", 45929, 5, "办理中"],  # an Excel serial number: 2025-09-29
        ["DB-3", "丙项目", "县水利局", "资金不足", "2025.9.29", "5个工作日", ""],
        ["DB-4", "丁项目", "县水利局", "资金不足", "2025年9月29日", 5, "已办结"],
    ]
    items, errors = load_supervision(_ledger(tmp_path, rows))
    assert not errors
    assert {i.assigned for i in items} == {dt.date(2025, 9, 29)}
    assert [i.status.value for i in items] == ["未办结", "办理中", "未办结", "已办结"]
    csv_items, csv_errors = load_supervision(
        _ledger(tmp_path, [r[:4] + ["2025-09-29"] + r[5:] for r in rows], csv=True)
    )
    assert not csv_errors
    assert [i.project for i in csv_items] == ["甲项目", "乙项目", "丙项目", "丁项目"]


@pytest.mark.parametrize(
    ("what", "rows", "header", "expected"),
    [
        ("missing column", [GOOD], [h for h in HEADER if h != "责任单位"], "缺少列 责任单位"),
        ("bad date", [GOOD[:4] + ["九月底"] + GOOD[5:]], HEADER, "第 2 行，第 E（交办日期） 列：不是日期"),
        (
            "empty required cell",
            [GOOD[:1] + [None] + GOOD[2:]],
            HEADER,
            "第 2 行，第 B（项目名称） 列：为空，但必须填写",
        ),
        ("duplicated item", [GOOD, GOOD], HEADER, "第 3 行，字段“督办编号”：与第 2 行是同一事项"),
        ("bad status", [GOOD[:6] + ["搁置"]], HEADER, "第 G（状态） 列：未知的状态 '搁置'"),
        (
            "bad time limit",
            [GOOD[:5] + ["很快"] + GOOD[6:]],
            HEADER,
            "第 F（办理时限（工作日）） 列：不是整数",
        ),
    ],
)
def test_ledger_errors_name_file_sheet_row_and_column(
    tmp_path: Path, what: str, rows: list[list[object]], header: list[str], expected: str
) -> None:
    path = _ledger(tmp_path, rows, header)
    result = CliRunner().invoke(
        main_group,
        [
            "--register",
            str(tmp_path / "r.sqlite"),
            "supervise",
            str(path),
            "--letterhead",
            "zhangzi-zdxmb",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1, (what, result.output)
    assert expected in result.stderr, result.stderr
    assert "ledger.xlsx" in result.stderr
    assert "工作表 台账" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_row_does_not_stop_the_others(tmp_path: Path) -> None:
    rows = [GOOD, ["DB-2", "乙项目", "县水利局", "资金不足", "不详", 5, "未办结"], ["DB-3"] + GOOD[1:]]
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(_ledger(tmp_path, rows), "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg)
    assert [n for n, _p in report.written] == ["长重点督〔2025〕1号", "长重点督〔2025〕2号"]
    assert len(report.errors) == 1
    assert report.errors[0].location.line == 3


def test_unknown_letterhead(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main_group,
        [
            "--register",
            str(tmp_path / "r.sqlite"),
            "supervise",
            str(_ledger(tmp_path, [GOOD])),
            "--letterhead",
            "nowhere",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1
    assert "未知的发文机关 'nowhere'" in result.stderr


def test_a_year_without_holiday_data_fails_only_that_item(tmp_path: Path) -> None:
    late = ["DB-9", "年末项目", "县水利局", "资金不足", dt.date(2026, 12, 28), 10, "未办结"]
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(
            _ledger(tmp_path, [GOOD, late]), "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg
        )
    assert len(report.written) == 1
    assert "2027" in str(report.errors[0])
    assert report.errors[0].location.line == 3


# --- documents and numbers ----------------------------------------------------------------------------


def test_notices_for_open_items_numbered_without_gaps_across_two_runs(tmp_path: Path) -> None:
    items, _errors = load_supervision(SAMPLE)
    open_items = [i for i in items if i.status.is_open]
    with Register.open(tmp_path / "r.sqlite") as reg:
        first = supervise(SAMPLE, "zhangzi-zdxmb", tmp_path / "a", RunResources(), reg)
        second = supervise(SAMPLE, "zhangzi-zdxmb", tmp_path / "b", RunResources(), reg)
        rows = reg.rows(kind="督办")
        assert reg.check() == []
    assert not first.errors
    assert len(first.written) == len(open_items)
    assert first.skipped_closed == len(items) - len(open_items)
    # the second run makes nothing again: every item has its number and its file, unchanged
    assert second.written == []
    assert second.unchanged == first.written
    assert all(r.status == "issued" and r.outputs for r in rows)
    for year in {r.year for r in rows}:
        seqs = sorted(r.seq for r in rows if r.year == year)
        assert seqs == list(range(1, len(seqs) + 1))
    assert len(rows) == len(open_items)


def test_the_notice_reads_right_and_passes_the_check(tmp_path: Path) -> None:
    item_row = [
        "DB-7",
        "甲&乙 <产业园> 项目",
        "县水利局",
        "用地未批；资金不足",
        dt.date(2025, 9, 29),
        10,
        "未办结",
    ]
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(
            _ledger(tmp_path, [item_row]), "zhangzi-zdxmb", tmp_path / "out", RunResources(), reg
        )
    ((number, path),) = report.written
    doc = load(path.read_bytes())
    text = "\n".join(p.text for p in doc.paragraphs)
    assert number == "长重点督〔2025〕1号"
    assert number in text
    # the title may break before the document kind (7.3.1): 「&」「<」「>」 are measured at the title
    # font's own advances, which no longer leaves the title room for one line
    assert "关于甲&乙 <产业园> 项目的挂牌督办通知书" in text.replace("的\n挂牌", "的挂牌")
    assert "县水利局：" in text
    assert "1.用地未批。" in text
    assert "2.资金不足。" in text
    assert "2025年10月10日（星期五）前" in text  # reply: 3 working days
    assert "2025年10月20日（星期一）前办结" in text  # completion: 10 working days (10/11 works)
    assert "附件：挂牌督办回执" in text
    assert "附件" in text
    form = [[plain(c.text) for c in row.cells] for row in doc.tables[0].rows]
    labels = [row[0] for row in form]
    for label in (
        "解决办法",
        "责任单位",
        "责任领导",
        "责任人",
        "解决时限",
        "单位负责人（签字）",
        "单位（盖章）",
    ):
        assert label in labels
    assert form[0][1] == number
    (checked,) = check_files([path], render=False)
    assert not [f.rule.id for f in checked.findings if f.status is Status.FAIL]


def test_overdue_items_get_urges_and_one_bulletin(tmp_path: Path) -> None:
    rows = [
        GOOD,  # reply due 10/10, done by 10/20: on 10/15 the reply is late (yellow)
        ["DB-2", "乙项目", "县交通运输局", "资金不足", dt.date(2025, 9, 1), 5, "办理中"],  # long past (red)
        ["DB-3", "丙项目", "县交通运输局", "资金不足", dt.date(2025, 10, 13), 10, "未办结"],  # not late yet
        ["DB-4", "丁项目", "县水利局", "资金不足", dt.date(2025, 9, 1), 5, "已办结"],  # closed
    ]
    with Register.open(tmp_path / "r.sqlite") as reg:
        report = supervise(
            _ledger(tmp_path, rows),
            "zhangzi-zdxmb",
            tmp_path / "out",
            RunResources(),
            reg,
            overdue=True,
            as_of=dt.date(2025, 10, 15),
        )
        assert reg.check() == []
    names = [p.name for _n, p in report.written]
    assert len(names) == 3
    assert any("催办甲项目" in n for n in names)
    assert any("催办乙项目" in n for n in names)
    bulletin = load(next(p for _n, p in report.written if "督查通报" in p.name).read_bytes())
    text = "\n".join(p.text for p in bulletin.paragraphs)
    assert "尚未办结3项，其中逾期2项（未按期复函1项，超过办理时限1项）" in text
    assert "县交通运输局1项" in text
    assert "县水利局1项" in text
    table = [[plain(c.text) for c in row.cells] for row in bulletin.tables[0].rows]
    assert table[0][:4] == ["序号", "督办编号", "项目名称", "责任单位"]
    assert {row[6] for row in table[1:]} == {"黄", "红"}


def test_ledger_template_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "空白台账.xlsx"
    result = CliRunner().invoke(
        main_group, ["ledger", "template", "--kind", "supervision", "-o", str(target)]
    )
    assert result.exit_code == 0
    sheet = load_workbook(target).active
    assert sheet["B1"].value == "项目名称"
    assert "必填" in sheet["B1"].comment.text
    assert any("未办结" in v.formula1 for v in sheet.data_validations.dataValidation)
    items, errors = load_supervision(target)
    assert (items, errors) == ([], [])


def test_xls_files_get_a_save_as_message(tmp_path: Path) -> None:
    path = tmp_path / "旧台账.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(Exception, match="另存为 .xlsx"):
        load_supervision(path)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_generated_documents_pass_the_check_when_rendered(tmp_path: Path) -> None:
    rows = [
        GOOD,
        ["DB-2", "乙项目", "县交通运输局", "资金不足；用地未批；环评未批", dt.date(2025, 9, 1), 5, "办理中"],
    ]
    ledger = _ledger(tmp_path, rows)
    with Register.open(tmp_path / "r.sqlite") as reg:
        notices = supervise(ledger, "zhangzi-zdxmb", tmp_path / "n", RunResources(), reg)
        follow = supervise(
            ledger,
            "zhangzi-zdxmb",
            tmp_path / "f",
            RunResources(),
            reg,
            overdue=True,
            as_of=dt.date(2025, 10, 15),
        )
    paths = [p for _n, p in notices.written + follow.written]
    assert len(paths) == 5
    for report in check_files(paths):
        failed = [(f.rule.id, f.measured) for f in report.findings if f.status is Status.FAIL]
        assert not failed, (report.path.name, failed)


def test_a_deadline_on_a_make_up_saturday_says_so() -> None:
    """Issue 18: "10月10日（星期六，调休上班日）", not a bare 星期六 that readers take for a mistake."""
    from docgen.run_resources import RunResources

    template = RunResources().env.from_string("{{ d | date }}（{{ d | weekday }}）")
    assert template.render(d=dt.date(2026, 10, 10)) == "2026年10月10日（星期六，调休上班日）"
    assert template.render(d=dt.date(2026, 10, 11)) == "2026年10月11日（星期日）"
    assert template.render(d=dt.date(2026, 10, 9)) == "2026年10月9日（星期五）"
