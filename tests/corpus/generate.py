"""Write a corpus of notice sources (Markdown with YAML front matter) and their attachment files.

    python tests/corpus/generate.py --seed 1 --count 60 --out /tmp/corpus

Each notice is drawn from its own ``random.Random(f"{seed}:{index}")``, so notice N is the same
whatever ``--count`` is, and the whole corpus is the same for the same seed (on any machine:
string seeds do not depend on PYTHONHASHSEED).  The content imitates a county key-project office
(县重点项目办) as in /work/shared/seeds/: 推进/督导/谋划储备 notices, 通报 and 请示.

The knobs (each drawn per notice; see ``Knobs``):

* kind: 下行文 通知 / 通报, or 上行文 请示 with one or two 签发人 (and 附注 with the contact);
* letterhead: one of the built-in letterheads (joint issuance now and then);
* sections: 2–7 一、 sections; under them 0–4 （一） headings, run-in ("（一）加强组织领导。正文…")
  or standalone (a line of its own, text below), 1. items (run-in or paragraphs), now and then
  （1） items; paragraphs long (4–9 sentences) or short (one sentence);
* numbers, dates (2025年10月20日), 文号 (伊重点项目办〔2025〕13号), codes (DB-2025-007), Latin
  (PPP, EPC, 5G) in the running text;
* a contact line with a phone number, an e-mail address or a URL;
* 1–3 attachments: a .csv table, a .md table, or .md text; a table has 3–14 columns (序号, text
  columns with long names, number columns, dates, 文号, codes, phones) and 2–80 rows; half of
  the tables with two or more 万元 columns, both 计划 dates or both 责任 columns have a header merged
  over two rows (``merged_header``: 投资情况（万元） over 总投资 | 年度计划, the other names down
  both rows), written as offices' CSV exports write it (the name in the first cell of its range);
* now and then a small table in the body;
* 抄送 or none; 双面印刷 true or false; 盖章, 份号, 紧急程度 now and then.

``manifest.json`` in the output folder lists each notice with the knobs drawn and its attachments
(title, kind, columns, rows), for the tests that measure the PDFs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

# 代字 of the built-in letterheads and of the offices a table may cite (the tests look 文号 up by them)
LETTERHEADS: dict[str, str] = {
    "yichuan": "伊重点项目办",
    "sanmenxia": "三政重点办",
    "henan": "豫政重点办",
    "zhangzi": "长子政办发",
    "zhangzi-zdxmb": "长重点",
}
CITED_CODES = (*LETTERHEADS.values(), "伊政办", "伊发改投资", "长发改", "洛政办", "伊自然资规")
# the superior offices a 请示 goes to, by letterhead
SUPERIORS: dict[str, str] = {
    "yichuan": "洛阳市重点项目建设领导小组办公室",
    "sanmenxia": "三门峡市人民政府",
    "henan": "河南省人民政府",
    "zhangzi": "长治市人民政府办公室",
    "zhangzi-zdxmb": "长子县人民政府",
}
COUNTY: dict[str, str] = {
    "yichuan": "伊川县",
    "sanmenxia": "三门峡市",
    "henan": "河南省",
    "zhangzi": "长子县",
    "zhangzi-zdxmb": "长子县",
}
TOWNS = {
    "伊川县": [
        "城关镇",
        "鸣皋镇",
        "彭婆镇",
        "白沙镇",
        "水寨镇",
        "江左镇",
        "高山镇",
        "吕店镇",
        "半坡镇",
        "酒后镇",
        "葛寨镇",
        "白元镇",
        "平等乡",
    ],
    "长子县": [
        "丹朱镇",
        "鲍店镇",
        "石哲镇",
        "大堡头镇",
        "慈林镇",
        "色头镇",
        "南漳镇",
        "宋村镇",
        "南陈镇",
        "碾张乡",
        "常张乡",
    ],
    "三门峡市": ["灵宝市", "渑池县", "陕州区", "卢氏县", "义马市", "湖滨区", "示范区", "开发区"],
    "河南省": [
        "郑州市",
        "洛阳市",
        "开封市",
        "平顶山市",
        "安阳市",
        "新乡市",
        "焦作市",
        "三门峡市",
        "南阳市",
        "信阳市",
        "济源示范区",
    ],
}
UNITS = [
    "县发展和改革局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县工业和信息化局",
    "县生态环境分局",
    "县财政局",
    "县教育局",
    "县卫生健康委员会",
    "县产业集聚区管理委员会",
    "县文化广电和旅游局",
    "县农业农村局",
    "县商务局",
    "县市场监督管理局",
    "县行政审批服务局",
    "县人力资源和社会保障局",
    "县应急管理局",
    "县城市管理局",
    "县供电公司",
    "县融媒体中心",
]
PEOPLE = [
    "王建国",
    "李红梅",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄晓东",
    "周敏",
    "吴海涛",
    "郭利军",
    "马丽娟",
    "孙志刚",
    "朱乐意",
    "胡建华",
    "郑小燕",
]
SECTORS = (
    "标准化厂房",
    "年产10万吨铝精深加工",
    "污水处理厂提标改造",
    "农村公路提质改造",
    "50MW农光互补光伏发电",
    "冷链物流园",
    "高标准农田建设",
    "城区集中供热管网改造",
    "人民医院门诊综合楼",
    "第二高级中学新建",
    "智能装备制造产业园",
    "新能源汽车零部件生产线",
    "文旅康养综合体",
    "生活垃圾焚烧发电",
    "电力装备制造基地",
    "老旧小区改造",
    "伊河生态治理",
    "5G基站建设",
    "城乡供水一体化",
    "乡村振兴示范区",
    "年产2000台套机器人制造",
    "中药材精深加工",
)
NATURES = ("新建", "续建", "改扩建", "迁建")
STATES = ("已开工", "未开工", "前期手续办理中", "主体施工", "已竣工", "设备安装")
APPROVALS = ("已立项备案", "已取得用地预审", "环评已批复", "施工许可办理中", "规划许可已取得", "可研已批复")
SCALES = (
    "新建厂房{a}万平方米及配套设施",
    "铺设管网{a}公里，新建泵站{b}座",
    "建设病房楼、门诊楼及附属用房，总建筑面积{a}万平方米",
    "改造农村公路{a}公里，桥梁{b}座",
    "安装光伏组件{a}万块，建设升压站1座",
    "新建教学楼、实验楼、宿舍楼等{b}栋，建筑面积{a}万平方米",
    "建设冷库{b}座，库容{a}万吨",
    "治理河道{a}公里，新建堤防{b}公里",
)
TOPICS = (
    "开展重点项目建设“百日攻坚”行动",
    "进一步加快重点项目建设进度",
    "做好{y}年重点项目谋划储备工作",
    "开展重点项目集中开工活动",
    "建立重点项目挂牌督办制度",
    "报送{y}年第{q}季度重点项目进展情况",
    "开展重点项目建设督导检查",
    "做好重点项目要素保障工作",
    "印发{county}重点项目建设考核办法",
    "开展“三个一批”项目观摩评比活动",
    "加快推进专项债券项目建设",
    "做好重点项目入库申报工作",
    "开展重点项目“大起底”专项行动",
    "进一步优化重点项目审批服务",
    "做好{y}年省市重点项目申报工作",
)
REQUEST_TOPICS = (
    "协调解决部分重点项目建设用地问题",
    "申请将{county}{n}个项目列入省重点项目",
    "申请重点项目前期工作经费",
    "协调解决重点项目要素保障问题",
    "调整部分重点项目年度投资计划",
)
SECTION_TITLES = (
    "指导思想",
    "总体要求",
    "工作目标",
    "重点任务",
    "实施步骤",
    "主要措施",
    "保障措施",
    "工作要求",
    "时间安排",
    "组织领导",
    "督导考核",
    "存在的主要问题",
    "下步工作安排",
    "有关事项",
)
RUN_IN = (
    "加强组织领导",
    "强化要素保障",
    "严格督导考核",
    "压实工作责任",
    "优化营商环境",
    "加快前期工作",
    "做好信息报送",
    "实行清单管理",
    "强化资金保障",
    "严格奖惩措施",
    "注重宣传引导",
    "加强调度通报",
)
STANDALONE = (
    "准备部署阶段（{d1}—{d2}）",
    "集中攻坚阶段",
    "按乡镇任务分解如下：",
    "项目谋划储备",
    "重点项目月度目标任务",
    "评估续推阶段",
    "健全完善重大项目谋划储备实施工作机制",
    "有关要求",
)
SENTENCES = (
    "为认真贯彻落实县委、县政府关于重点项目建设的决策部署，进一步强化“项目为王”理念，切实发挥重点项目对稳增长、调结构、惠民生的支撑带动作用",
    "截至{m}月底，全{scope}{n}个重点项目累计完成投资{x}亿元，占年度计划的{p}%",
    "各责任单位要于{date}前将{thing}报送{office}",
    "对连续{k}次排名后{j}位的单位，由{leader}进行约谈",
    "按照“一个项目、一位领导、一套班子、一抓到底”的工作机制，每个项目明确一名县级领导分包",
    "对用地、环评、施工许可等手续实行容缺受理、并联审批，确保{m}月底前全部办结",
    "根据《{county}重点项目建设考核办法》（{docno}）有关规定，对考核结果实行红黄绿灯管理",
    "积极争取中央预算内资金、地方政府专项债券和政策性开发性金融工具支持，{y}年力争争取资金{x}亿元以上",
    "推广EPC总承包和PPP模式，运用BIM技术加强施工管理",
    "督办事项编号为{code}，请责任单位在3个工作日内书面回复办理情况",
    "项目单位要倒排工期、挂图作战，确保{date}前实现主体完工",
    "定期开展银企对接活动，全年组织对接会不少于{k}次",
    "县重点项目办将每周调度一次项目进展情况，每月{dd}日前在全县通报",
    "对工作推进不力、未完成目标任务的，一律严肃追责问责",
    "加快5G基站、充电桩等新型基础设施建设，全年新建5G基站{n}个",
    "各乡镇、各部门要高度重视，主要负责同志亲自抓，分管负责同志具体抓",
    "{y}年全县共安排重点项目{n}个，总投资{x}亿元，年度计划投资{z}亿元",
    "项目建设过程中遇到的困难和问题，要及时向县重点项目办反映",
    "严格落实安全生产责任制，确保工程质量和施工安全",
    "将项目建设情况纳入年度目标责任考核，考核结果作为评先评优的重要依据",
    "全面梳理重点项目用工需求清单，开展用工对接，确保项目及早上足人员，实现满负荷建设",
    "要坚持有保有压，优化资源配置，从严控制高耗能、高污染项目，为重点项目腾出资源环境空间",
    "省级以上重点项目{n}个，完成投资{x}亿元，同比增长{p}%",
    "由县发展和改革局牵头，会同县自然资源局、县住房和城乡建设局等部门联合开展督导检查",
)
THINGS = (
    "项目进展情况表",
    "月度投资完成情况",
    "问题清单",
    "谋划项目申报表",
    "整改落实情况报告",
    "观摩项目推荐表",
)
LATIN_RUNS = ("DB-{y}-{c:03d}", "XM{y}{c:04d}", "ZD-{y}-{c:03d}")


@dataclass
class Attachment:
    """One attachment as written: its title, kind (csv/md-table/md-text/inline), columns and rows."""

    title: str
    kind: str
    file: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    header_rows: int = 1  # 2: a header merged over two rows (merged_header)


@dataclass
class Knobs:
    """What was drawn for one notice (written to manifest.json)."""

    name: str
    kind: str  # 通知, 通报, 请示
    letterhead: list[str]
    double_sided: bool
    cc: bool
    sections: int
    paragraphs: int
    contact: str  # phone, email, url
    body_table: bool
    attachments: list[Attachment]


class Writer:
    """Draws one notice from its own random generator."""

    def __init__(self, rng: random.Random, letterhead: str, year: int) -> None:
        self.rng = rng
        self.letterhead = letterhead
        self.county = COUNTY[letterhead]
        self.year = year
        self.towns = TOWNS.get(self.county, TOWNS["伊川县"])

    # ---- small pieces
    def date(self, *, year: int | None = None) -> str:
        r = self.rng
        return f"{year or self.year}年{r.randint(1, 12)}月{r.randint(1, 28)}日"

    def docno(self) -> str:
        r = self.rng
        return f"{r.choice(CITED_CODES)}〔{r.choice([self.year - 1, self.year])}〕{r.randint(1, 168)}号"

    def code(self) -> str:
        return self.rng.choice(LATIN_RUNS).format(y=self.year, c=self.rng.randint(1, 999))

    def phone(self) -> str:
        r = self.rng
        return r.choice(["0379-6822", "0355-8862", "0371-6969", "0398-2812"]) + f"{r.randint(0, 9999):04d}"

    def project(self, *, long: bool = False) -> str:
        r = self.rng
        place = r.choice(self.towns) if r.random() < 0.5 else ""
        name = f"{self.county}{place}{r.choice(SECTORS)}"
        if long or r.random() < 0.25:
            name += r.choice(["及配套基础设施", "一期工程及附属配套设施", "及智慧化运营管理平台", "（二期）"])
        return name + r.choice(["项目", "工程", "建设项目"])

    def sentence(self, template: str | None = None) -> str:
        r = self.rng
        return (template or r.choice(SENTENCES)).format(
            m=r.randint(1, 12),
            scope="县" if "县" in self.county else "市",
            n=r.randint(3, 180),
            x=f"{r.randint(1, 300)}.{r.randint(0, 99):02d}",
            z=f"{r.randint(1, 90)}.{r.randint(0, 9)}",
            p=f"{r.randint(5, 130)}.{r.randint(0, 9)}",
            date=self.date(),
            thing=r.choice(THINGS),
            office=r.choice(["县重点项目办", "县发展和改革局", "市重点项目办"]),
            k=r.randint(2, 15),
            j=r.randint(1, 5),
            leader=r.choice(["县政府分管领导", "县委督查室", "县纪委监委"]),
            county=self.county,
            docno=self.docno(),
            y=self.year,
            code=self.code(),
            dd=r.randint(1, 28),
        )

    def paragraph(self, *, long: bool | None = None) -> str:
        r = self.rng
        long = r.random() < 0.5 if long is None else long
        count = r.randint(3, 6) if long else 1
        chosen = r.sample(SENTENCES, count)
        return "；".join(self.sentence(template) for template in chosen) + "。"

    # ---- the body
    def body(self, sections: int, continuous: bool, kind: str) -> tuple[list[str], int]:
        r = self.rng
        lead = {"请示": "，现将有关问题请示如下：", "通报": "，现将有关情况通报如下："}.get(
            kind, "，现通知如下："
        )
        out = [self.paragraph(long=True)[:-1] + lead]
        paragraphs = 1
        titles = r.sample(SECTION_TITLES, sections)
        for title in titles:
            out.append(f"# {title}")
            if r.random() < 0.6:
                out.append(self.paragraph())
                paragraphs += 1
            for _ in range(r.choice([0, 0, 1, 2, 3, 4])):
                if r.random() < 0.55:  # run-in: （一）加强组织领导。正文…
                    out.append(f"## {r.choice(RUN_IN)}。{self.paragraph()}")
                else:
                    out.append("## " + r.choice(STANDALONE).format(d1=self.date(), d2=self.date()))
                    out.append(self.paragraph())
                    paragraphs += 1
                for _ in range(r.choice([0, 0, 0, 1, 2, 3])):
                    if r.random() < 0.5:
                        out.append(f"### {r.choice(self.towns)}：{self.sentence()}。")
                    else:
                        out.append(f"### {self.sentence()}。")
                        if r.random() < 0.3:
                            for _ in range(r.randint(1, 3)):
                                out.append(f"#### {self.sentence()}；")
                paragraphs += 1
            if r.random() < 0.25 and not continuous:
                out.append(self.paragraph(long=False))
                paragraphs += 1
        return out, paragraphs

    def contact(self) -> tuple[str, str]:
        r = self.rng
        person, phone = r.choice(PEOPLE), self.phone()
        kind = r.choice(["phone", "email", "url"])
        if kind == "phone":
            return kind, f"联系人：{person}，联系电话：{phone}。"
        if kind == "email":
            mail = r.choice(
                ["zdb903@163.com", "ycxzdxmb@126.com", "zhangzixian_zdxmb2025@sx-changzhi.gov.cn"]
            )
            return kind, f"联系人：{person}，联系电话：{phone}，电子邮箱：{mail}。"
        url = r.choice(["http://fgw.ycx.gov.cn/zdxm/index.html", "https://www.zhangzi.gov.cn/zwgk/tzgg/"])
        return kind, f"请登录{url}下载填报模板。联系人：{person}，电话：{phone}。"

    # ---- tables
    def columns(self, count: int) -> list[str]:
        r = self.rng
        pool = [
            "项目名称",
            "建设单位",
            "建设地点",
            "建设性质",
            "建设规模及内容",
            "总投资（万元）",
            f"{self.year}年计划投资（万元）",
            "累计完成投资（万元）",
            "完成率（%）",
            "计划开工",
            "计划竣工",
            "审批情况",
            "责任单位",
            "责任领导",
            "文号",
            "督办编号",
            "联系电话",
            "形象进度",
            "交办日期",
            "备注",
        ]
        first = ["序号", "项目名称"] if count > 3 or r.random() < 0.7 else ["序号"]
        rest = [c for c in pool if c not in first]
        return first + r.sample(rest, count - len(first))

    def cell(self, column: str, index: int) -> str:
        r = self.rng
        if column == "序号":
            return str(index)
        if column == "项目名称":
            return self.project(long=r.random() < 0.2)
        if column in ("建设单位", "责任单位"):
            return r.choice(UNITS) if r.random() < 0.7 else f"{r.choice(self.towns)}人民政府"
        if column == "建设地点":
            return r.choice(self.towns) + r.choice(["", "工业园区", "产业集聚区", "东区"])
        if column == "建设性质":
            return r.choice(NATURES)
        if column == "建设规模及内容":
            return r.choice(SCALES).format(a=f"{r.randint(1, 90)}.{r.randint(0, 9)}", b=r.randint(1, 12))
        if column == "完成率（%）":
            return f"{r.randint(0, 130)}.{r.randint(0, 99):02d}"
        if "万元" in column:
            return (
                str(r.randint(200, 2_600_000))
                if r.random() < 0.7
                else f"{r.randint(50, 99999)}.{r.randint(0, 99)}"
            )
        if column in ("计划开工", "计划竣工", "交办日期"):
            return self.date(year=self.year + r.choice([0, 0, 1]))
        if column == "审批情况":
            return "，".join(r.sample(APPROVALS, r.randint(1, 2)))
        if column == "责任领导":
            return r.choice(PEOPLE)
        if column == "文号":
            return self.docno()
        if column == "督办编号":
            return self.code()
        if column == "联系电话":
            return self.phone() if r.random() < 0.6 else f"13{r.randint(100000000, 999999999)}"
        if column == "形象进度":
            return r.choice(STATES) + ("，" + self.sentence()[:20] if r.random() < 0.3 else "")
        return r.choice(["", "", "省重点项目", "市重点项目", "专项债券项目", "需协调用地指标"])

    def table(self) -> tuple[list[str], list[list[str]]]:
        r = self.rng
        count = r.choice([r.randint(3, 6), r.randint(5, 9), r.randint(8, 14)])
        # long tables are rarer, and rarer still when wide (each is many pages): CI time
        many = 0.15 if count < 10 else 0.06
        band = r.choices([(2, 8), (9, 25), (26, 80)], weights=[0.55, 0.45 - many, many])[0]
        rows = r.randint(*band)
        columns = self.columns(count)
        return columns, [[self.cell(c, i) for c in columns] for i in range(1, rows + 1)]


# column groups a header may merge: the group's name, whether a column belongs, its name under the group
GROUPS = (
    ("投资情况（万元）", lambda c: c.endswith("（万元）"), lambda c: c.removesuffix("（万元）")),
    ("计划时间", lambda c: c in ("计划开工", "计划竣工"), lambda c: c.removeprefix("计划")),
    ("责任主体", lambda c: c in ("责任单位", "责任领导"), lambda c: c.removeprefix("责任")),
)
MERGED_HEADERS = 0.5  # the share of the tables that can have one whose header is merged over two rows


def merged_header(
    columns: list[str], rows: list[list[str]], rng: random.Random
) -> tuple[list[list[str]], list[list[str]]] | None:
    """Return a two-row header for ``columns`` (a group's name over its columns, moved together; the
    other names in the upper row over an empty cell) and the rows in that column order; None when
    no group has two columns in the table or the draw says no.  ``rng`` is the table's own: the
    notice's draws stay as they were."""
    groups = [(name, [c for c in columns if belongs(c)], sub) for name, belongs, sub in GROUPS]
    groups = [g for g in groups if len(g[1]) >= 2]
    if not groups or rng.random() >= MERGED_HEADERS:
        return None
    order: list[int] = []
    upper: list[str] = []
    lower: list[str] = []
    for column in columns:
        group = next((g for g in groups if column in g[1]), None)
        if group is None:
            order.append(columns.index(column))
            upper.append(column)
            lower.append("")
        elif column == group[1][0]:  # the group's first column: all of them here, together
            for number, member in enumerate(group[1]):
                order.append(columns.index(member))
                upper.append(group[0] if number == 0 else "")
                lower.append(group[2](member))
    return [upper, lower], [[row[i] for i in order] for row in rows]


def markdown_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    """Return a table as Markdown lines."""
    return [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows),
    ]


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def write_notice(seed: int, index: int, out: Path) -> Knobs:
    """Write notice ``index`` of the corpus ``seed`` (and its attachments) into ``out``."""
    rng = random.Random(f"{seed}:{index}")
    name = f"n{seed}-{index:03d}"
    letterhead = rng.choice(list(LETTERHEADS))
    year = rng.choice([2024, 2025, 2025, 2026])
    w = Writer(rng, letterhead, year)
    kind = rng.choices(["通知", "通报", "请示"], weights=[6, 2, 2])[0]
    letterheads = [letterhead]
    if kind == "通知" and rng.random() < 0.08:
        letterheads.append("changzhi-fgw")
    front = [
        f"# corpus notice {name}: generated by tests/corpus/generate.py --seed {seed} (index {index})",
        f"发文机关: {_yaml_list(letterheads) if len(letterheads) > 1 else letterhead}",
        f"发文字号: {LETTERHEADS[letterhead]}〔{year}〕{rng.randint(1, 168)}号",
    ]
    if kind == "请示":
        topic = rng.choice(REQUEST_TOPICS).format(county=w.county, n=rng.randint(3, 20))
        title = f"关于{topic}的请示"
        to = SUPERIORS[letterhead]
        front.append(f"签发人: {_yaml_list(rng.sample(PEOPLE, rng.choice([1, 1, 2])))}")
    else:
        topic = rng.choice(TOPICS).format(y=year, q=rng.randint(1, 4), county=w.county)
        if rng.random() < 0.2:
            topic += "并" + rng.choice(["建立周调度月通报制度", "开展专项督查", "报送相关材料"])
        title = f"关于{topic}的{kind}"
        towns = "、".join(w.towns[:3])
        to = rng.choice(
            [
                "各乡镇人民政府，县直各有关单位",
                f"{towns}人民政府，县发展和改革局、县自然资源局",
                "各县（市、区）人民政府，城乡一体化示范区、开发区管理委员会",
                "各重点项目建设单位",
            ]
        )
    front += [
        f"标题: {title}",
        f"主送: {to}",
        f"成文日期: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    ]
    cc = rng.random() < 0.6
    if cc:
        front.append(
            f"抄送: {_yaml_list(rng.sample(['县委办公室', '县人大常委会办公室', '县政协办公室', '县纪委监委', '县委督查室', '县政府办公室'], rng.randint(1, 4)))}"
        )
    double_sided = rng.random() < 0.75
    if not double_sided:
        front.append("双面印刷: false")
    if rng.random() < 0.2:
        front.append("盖章: true")
    if kind == "请示" and rng.random() < 0.4:
        front += ["份号: 000012", "紧急程度: 加急"]
    contact_kind, contact = w.contact()
    if kind == "请示":
        front.append(f"附注: 联系人：{rng.choice(PEOPLE)}，电话：{w.phone()}")
    continuous = rng.random() < 0.1
    if continuous:
        front.append("连续编号: [3]")

    attachments: list[Attachment] = []
    folder = out / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    titles = [
        f"{w.county}{year}年重点项目基本情况表",
        "重点项目进展情况统计表",
        "挂牌督办事项清单",
        "重点项目建设考核评分细则",
        "谋划储备项目申报表",
        f"{w.county}重点项目要素保障措施",
        "滞后项目问题清单及整改要求",
    ]
    entries = []
    for number, att_title in enumerate(rng.sample(titles, rng.randint(1, 3)), start=1):
        choice = rng.choices(["csv", "md-table", "md-text", "inline"], weights=[5, 2, 2, 1])[0]
        stem = f"{name}-{number}"
        if choice in ("csv", "md-table"):
            columns, rows = w.table()
            header = [columns]
            merged = merged_header(columns, rows, random.Random(f"{seed}:{index}:{number}:header"))
            if merged is not None:
                header, rows = merged
            if choice == "csv":
                path = folder / f"{stem}.csv"
                with path.open("w", encoding="utf-8", newline="") as handle:
                    csv.writer(handle).writerows([*header, *rows])
            else:  # a Markdown table's second header row is its first row
                path = folder / f"{stem}.md"
                path.write_text("\n".join(markdown_table(header[0], header[1:] + rows)) + "\n", encoding="utf-8")
            attachments.append(
                Attachment(att_title, "table", f"attachments/{path.name}", columns, len(rows), len(header))
            )
            entries.append(f"  - 标题: {att_title}\n    文件: attachments/{path.name}")
        elif choice == "md-text":
            path = folder / f"{stem}.md"
            lines = []
            for _ in range(rng.randint(1, 4)):
                lines.append(f"# {rng.choice(SECTION_TITLES)}")
                for _ in range(rng.randint(1, 3)):
                    lines.append(
                        f"## {rng.choice(RUN_IN)}。{w.paragraph()}" if rng.random() < 0.5 else w.paragraph()
                    )
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            attachments.append(Attachment(att_title, "text", f"attachments/{path.name}"))
            entries.append(f"  - 标题: {att_title}\n    文件: attachments/{path.name}")
        else:
            attachments.append(Attachment(att_title, "text"))
            entries.append(f'  - 标题: {att_title}\n    内容: "{w.paragraph(long=False)}"')
    front.append("附件:\n" + "\n".join(entries))

    sections = rng.randint(2, 7)
    body, paragraphs = w.body(sections, continuous, kind)
    body_table = rng.random() < 0.12
    if body_table:
        columns, rows = w.table()
        columns, rows = columns[:5], [row[:5] for row in rows[:6]]
        at = rng.randint(2, len(body) - 1)
        body[at:at] = ["", *markdown_table(columns, rows), ""]
    if kind == "请示":
        body.append("妥否，请批示。")
    elif kind == "通报":
        body.append(f"希望各单位以先进为榜样，再接再厉，确保完成{year}年度目标任务。")
    body.append(contact)
    text = "---\n" + "\n".join(front) + "\n---\n" + "\n".join(body) + "\n"
    (out / f"{name}.md").write_text(text, encoding="utf-8")
    return Knobs(
        name, kind, letterheads, double_sided, cc, sections, paragraphs, contact_kind, body_table, attachments
    )


def generate(seed: int, count: int, out: Path) -> list[Knobs]:
    """Write ``count`` notices of corpus ``seed`` into ``out`` and their manifest; return their knobs."""
    out.mkdir(parents=True, exist_ok=True)
    knobs = [write_notice(seed, index, out) for index in range(count)]
    manifest = {"seed": seed, "count": count, "notices": [asdict(k) for k in knobs]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return knobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    knobs = generate(args.seed, args.count, args.out)
    print(f"{len(knobs)} notices in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
