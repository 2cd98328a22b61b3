"""一键排版 of drafts made with other tools (issue 19 a): LibreOffice from a .txt, an .odt and an
.html typed by hand (tests/fixtures/drafts/), gongwen-skill and md-to-office outputs, and a 请示 made
by the foreign-fixture script (tests/fixtures/foreign/make_foreign.py), which the recogniser was not
tuned against.  Each gives the outline expected element by element and a document check passes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from docgen.check.run import check_files
from docgen.convert.oneshot import conversion_environment, soffice_path
from docgen.draft.outline import Part
from docgen.draft.run import format_draft, outline_of
from docgen.run_resources import RunResources

HERE = Path(__file__).parent / "fixtures"
DRAFTS = HERE / "drafts"
FOREIGN = HERE / "foreign"

REQUEST = [
    ("title", "关于申请拨付2020年重点项目前期工作经费的请示"),
    ("addressee", "县人民政府："),
    ("paragraph", "根据《伊川县重点项目管理办法》有关规定"),
    ("heading", "一、经费用途"),
    ("paragraph", "主要用于项目可行性研究、环境影响评价和"),
    ("heading", "二、经费测算"),
    ("heading", "（一）可行性研究费用。按每个项目8万元测"),
    ("heading", "（二）评审费用。共计24万元。"),
    ("heading", "三、资金来源"),
    ("paragraph", "建议从县级重点项目前期工作专项资金中列支"),
    ("paragraph", "妥否，请批示。"),
    ("attachment-note", "项目前期工作经费测算表；拟开展前期工作项"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月12日"),
    ("note", "（联系人：李明，电话：0379-6831234"),
]
BULLETIN = [
    ("title", "关于2020年1—9月重点项目建设进展情况的"),
    ("addressee", "各乡镇人民政府，县直各有关单位："),
    ("paragraph", "今年以来，各单位认真落实县委、县政府决策"),
    ("heading", "一、总体情况"),
    ("paragraph", "全县共安排重点项目86个，1—9月累计完成"),
    ("table", ""),
    ("heading", "二、存在问题"),
    ("heading", "（一）开工滞后。计划开工的项目中尚有3个"),
    ("heading", "（二）要素保障不足。个别项目用地、资金问题"),
    ("heading", "三、下步要求"),
    ("paragraph", "各单位要倒排工期，挂图作战，确保完成全年目"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月9日"),
    ("cc", "县委办公室，县政府办公室"),
]
GONGWEN_BODY = [
    ("title", "关于报送2025年第一季度县级重点项目建设进"),
    ("addressee", "各乡镇人民政府，县直各有关单位："),
    ("paragraph", "为及时掌握全县重点项目建设进展情况，做好一"),
    ("heading", "一、报送内容"),
    ("paragraph", "各项目责任单位按照附件格式，如实填报项目一"),
    ("heading", "二、报送要求"),
    ("heading", "（一）按时报送。"),
    ("paragraph", "请于2025年4月3日前将加盖单位公章的纸质"),
    ("heading", "（二）确保质量。"),
    ("paragraph", "各单位报送的数据要真实准确，严禁弄虚作假。"),
    ("paragraph", "联系人：李明，电话：0379-6612345。"),
]
GONGWEN = [
    ("organ", "伊阳县发展和改革委员会文件"),
    ("number", "伊阳发改〔2025〕12号"),
    *GONGWEN_BODY,
    ("signature", "伊阳县发展和改革委员会"),
    ("date", "2025年3月20日"),
    ("cc", "县委办公室，县人大常委会办公室，县政协办公室"),
    ("printed", "伊阳县发展和改革委员会　2025年3月20日印发"),
]
REQUEST_BY_SCRIPT = [
    ("organ", "伊阳县重点项目建设办公室文件"),
    ("number", "伊阳重点办〔2025〕8号"),
    ("signer", "张建国"),
    ("title", "关于申请调整2025年县级重点项目年度投资计"),
    ("addressee", "县人民政府："),
    ("paragraph", "2025年县级重点项目年度投资计划（伊政〔20"),
    ("heading", "一、调整理由"),
    ("paragraph", "一是伊阳县城乡供水一体化工程因水源地保护区"),
    ("heading", "二、调整建议"),
    ("paragraph", "拟调减伊阳县城乡供水一体化工程年度计划投资"),
    ("paragraph", "妥否，请批示。"),
    ("signature", "伊阳县重点项目建设办公室"),
    ("date", "2025年4月10日"),
    ("note", "（联系人：王伟，电话：0379-6612346）"),
    ("printed", "伊阳县重点项目建设办公室　2025年4月10日印发"),
]


def _as_expected(parts: list[Part], expected: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return the outline's (role, text), each text cut to the length of the one expected (long
    paragraphs are named by their beginning)."""
    shown = [(p.role.value, p.printed) for p in parts]
    return [
        (role, text[: len(want)]) for (role, text), (_r, want) in zip(shown, expected, strict=False)
    ] + shown[len(expected) :]


def _soffice(source: Path, target: str, out: Path, *infilter: str) -> Path:
    profile = f"-env:UserInstallation=file://{out.parent / 'profile'}"
    command = [soffice_path() or "soffice", profile, "--headless", *infilter, "--convert-to", target]
    subprocess.run(
        [*command, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        env=conversion_environment(),
        timeout=120,
    )
    (made,) = out.glob(f"{source.stem}.*")
    return made


@pytest.fixture(scope="module")
def drafts(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Path, list[tuple[str, str]], str | None]]:
    """Return each draft made by another tool, its expected outline and the letterhead it needs."""
    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("drafts")
    text = ("--infilter=Text (encoded):UTF8,LF,,,",)
    word = "docx:MS Word 2007 XML"
    odt = _soffice(DRAFTS / "request.txt", "odt", folder / "odt", *text)
    made = {
        "lo-txt": (_soffice(DRAFTS / "request.txt", word, folder / "txt", *text), REQUEST, "yichuan"),
        "lo-odt": (_soffice(odt, word, folder / "odt-docx"), REQUEST, "yichuan"),
        "lo-html": (_soffice(DRAFTS / "bulletin.html", word, folder / "html"), BULLETIN, "yichuan"),
        "gongwen-skill": (FOREIGN / "other_tools" / "gongwen_notice.docx", GONGWEN, None),
        "md-to-office": (FOREIGN / "other_tools" / "md2office_notice.docx", GONGWEN_BODY, "yichuan"),
        "make_foreign c05": (FOREIGN / "c05_request_signer.docx", REQUEST_BY_SCRIPT, None),
    }
    for name, (path, expected, letterhead) in list(made.items()):
        copy = folder / "in" / f"{name}{path.suffix}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, copy)
        made[name] = (copy, expected, letterhead)
    return made


NAMES = ["lo-txt", "lo-odt", "lo-html", "gongwen-skill", "md-to-office", "make_foreign c05"]


@pytest.mark.parametrize("name", NAMES)
def test_a_draft_from_another_tool_gives_the_expected_outline(
    drafts: dict[str, tuple[Path, list[tuple[str, str]], str | None]], name: str
) -> None:
    path, expected, _letterhead = drafts[name]
    assert _as_expected(outline_of(path), expected) == expected


@pytest.mark.usefixtures("pool")
def test_every_draft_from_another_tool_formats_to_a_document_check_passes(
    drafts: dict[str, tuple[Path, list[tuple[str, str]], str | None]], tmp_path: Path
) -> None:
    outputs = []
    for name in NAMES:
        path, _expected_outline, letterhead = drafts[name]
        result = format_draft(path, RunResources(), output=tmp_path / f"{name}.docx", letterhead=letterhead)
        assert result.output is not None
        outputs.append(result.output)
    reports = check_files(outputs)
    assert {r.path.stem: [(f.rule.id, f.measured) for f in r.failed] for r in reports} == {
        n: [] for n in NAMES
    }
    assert all(r.general_format for r in reports)
