"""The sample drafts of samples/drafts/ (issue 19, item 4): each gives the outline expected element by
element, formats to a document check passes, and keeps the draft's text (after normalising heading
numbers, whitespace, hand-broken lines, 文号 and date forms)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_script
from word_drafts import docx_texts, normalised

from docgen.check.run import check_files
from docgen.draft.run import format_draft, outline_of
from docgen.run_resources import RunResources

MAKER = Path(__file__).parent.parent / "samples" / "drafts" / "make_drafts.py"

NOTICE = [
    ("title", "关于开展重点项目建设“百日攻坚”活动的通知"),
    ("addressee", "各乡镇人民政府，县直各有关单位："),
    (
        "paragraph",
        "为确保全年重点项目建设目标任务圆满完成，经县政府同意，决定自10月15日起在全县开展重点项目建设“百日攻坚”活动。"
        "现将有关事项通知如下。",
    ),
    ("heading", "一、活动目标"),
    ("paragraph", "新开工项目15个以上，完成投资25亿元以上，确保年度投资完成率达到100%。"),
    ("heading", "二、主要任务"),
    ("heading", "（一）加快项目开工。"),
    ("paragraph", "对未开工项目逐个制定开工计划，明确开工时间和责任人。"),
    ("heading", "（二）强化要素保障。"),
    ("heading", "1.用地保障。县自然资源局优先保障重点项目用地。"),
    ("heading", "2.资金保障。县财政局统筹安排项目前期经费。"),
    ("heading", "三、工作要求"),
    ("paragraph", "各单位要于每月5日前将活动进展情况报县重点项目办，联系电话：0379-68300000。"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月12日"),
]
REQUEST = [
    ("organ", "伊川县重点项目建设办公室文件"),
    ("number", "伊重点项目办〔2020〕15号"),
    ("signer", "王建设"),
    ("title", "关于申请安排重点项目前期工作经费的请示"),
    ("addressee", "县人民政府："),
    (
        "paragraph",
        "为做好2021年重点项目谋划储备工作，我办拟委托专业机构开展12个项目的前期工作，所需经费共计120万元。",
    ),
    ("paragraph", "建议从县级重点项目前期工作专项资金中列支。"),
    ("paragraph", "妥否，请批示。"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月20日"),
    ("note", "（联系人：李明，电话：0379-68312345）"),
]
BULLETIN = [
    ("title", "关于2020年第三季度重点项目建设情况的通报"),
    ("addressee", "各乡镇人民政府，县直各有关单位："),
    ("paragraph", "第三季度，全县重点项目完成投资31.2亿元。各单位完成情况如下："),
    ("table", "单位|项目数|完成投资（亿元）"),
    ("paragraph", "请进度滞后的单位认真分析原因，加快推进。"),
    ("attachment-note", "第三季度重点项目完成投资情况表；进度滞后项目名单"),
    ("signature", "伊川县重点项目建设办公室"),
    ("date", "2020年10月9日"),
    ("attachment", "第三季度重点项目完成投资情况表"),
    ("table", "序号|项目名称|完成投资（万元）"),
    ("attachment", "进度滞后项目名单"),
    ("paragraph", "县城污水处理厂提标改造工程、产业集聚区标准化厂房项目。"),
    ("cc", "县委办公室，县政府办公室"),
    ("printed", "伊川县重点项目建设办公室　2020年10月9日印发"),
]
# name: (outline, letterhead, number)
SAMPLES = {
    "通知草稿": (NOTICE, "yichuan", None),
    "请示草稿": (REQUEST, None, None),
    "通报草稿": (BULLETIN, "yichuan", "伊重点项目办〔2020〕16号"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Run samples/drafts/make_drafts.py into a fresh folder; return the drafts by name."""
    module = load_script(MAKER)
    folder = tmp_path_factory.mktemp("drafts")
    return {path.stem: path for path in module.make(folder)}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_sample_draft_gives_its_outline_element_by_element(made: dict[str, Path], name: str) -> None:
    shown = [(p.role.value, "|".join(p.rows[0]) if p.rows else p.printed) for p in outline_of(made[name])]
    assert shown == SAMPLES[name][0]


def test_the_committed_samples_are_what_the_script_makes(made: dict[str, Path]) -> None:
    for name, path in made.items():
        committed = MAKER.parent / f"{name}.docx"
        assert docx_texts(committed) == docx_texts(path)


@pytest.mark.usefixtures("pool")
def test_every_sample_draft_formats_to_a_document_check_passes_with_its_text(
    made: dict[str, Path], tmp_path: Path
) -> None:
    outputs = {}
    for name, (outline, letterhead, number) in SAMPLES.items():
        result = format_draft(
            made[name], RunResources(), output=tmp_path / f"{name}.docx", letterhead=letterhead, number=number
        )
        assert result.output is not None
        outputs[name] = result.output
        title = next(text for role, text in outline if role == "title")
        texts = docx_texts(result.output)
        draft_texts = docx_texts(made[name])
        start = next(i for i, t in enumerate(texts) if t.replace("\n", "").startswith(title[:6]))
        draft_start = (
            0
            if outline[0][0] == "title"
            else next(i for i, t in enumerate(draft_texts) if t.startswith(title[:6]))
        )
        assert normalised(texts[start:]) == normalised(draft_texts[draft_start:]), name
        if draft_start:  # the draft's own 版头 (organ, 文号, 签发人) comes out, normalised
            assert normalised(texts[:start]) == normalised(draft_texts[:draft_start]), name
    reports = check_files(list(outputs.values()))
    assert {r.path.stem: [(f.rule.id, f.measured) for f in r.failed] for r in reports} == {
        n: [] for n in SAMPLES
    }
