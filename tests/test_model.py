"""The document model enforces the standard's content rules when it is built."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.errors import DataError
from docgen.model import DocumentNumber, Header, Secrecy, SecrecyLevel, check_text, format_date


@pytest.mark.parametrize(
    ("text", "code", "year", "seq"),
    [
        ("伊重点项目办〔2020〕13号", "伊重点项目办", 2020, 13),
        ("三政重点办〔2020〕15号", "三政重点办", 2020, 15),
        ("长子政办发〔2020〕66号", "长子政办发", 2020, 66),
        ("豫政重点办〔2020〕4号", "豫政重点办", 2020, 4),
    ],
)
def test_document_number_round_trip(text: str, code: str, year: int, seq: int) -> None:
    number = DocumentNumber.parse(text)
    assert (number.code, number.year, number.sequence) == (code, year, seq)
    assert number.text() == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("伊重点项目办[2020]13号", "〔〕"),
        ("伊重点项目办（2020）13号", "〔〕"),
        ("伊重点项目办〔20〕13号", "四位"),
        ("伊重点项目办〔2020〕第13号", "第"),
        ("伊重点项目办〔2020〕013号", "补 0"),
        ("伊重点项目办〔2020〕号", "缺少顺序号"),
        ("伊重点项目办〔2020〕13", "以“号”结尾"),
        ("13号", "形如"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(DataError) as caught:
        DocumentNumber.parse(text)
    assert problem in str(caught.value)
    assert caught.value.location.field == "number"


def test_draft_number_leaves_the_sequence_blank() -> None:
    assert DocumentNumber("伊重点项目办", 2020, None).text() == "伊重点项目办〔2020〕\u3000\u3000号"


@pytest.mark.parametrize(("year", "said"), [(9999, "取自成文日期"), (20, "年份应标全称")])
def test_an_impossible_year_says_where_the_year_came_from(year: int, said: str) -> None:
    """hostile12 #13: 成文日期 9999-12-31 (a four-digit year) is refused saying the 发文字号 takes the
    成文日期's year; a two-digit year is still told to be written in full."""
    with pytest.raises(DataError) as caught:
        DocumentNumber("伊重点项目办", year, None)
    assert said in str(caught.value), caught.value
    assert str(year) in str(caught.value)


@pytest.mark.parametrize("sequence", [0, -3, 1_000_000])
def test_a_document_number_and_an_order_number_refuse_a_sequence_out_of_range_alike(sequence: int) -> None:
    """The 发文字号 (7.2.5) and the 令号 (10.2) share one check: the same message, the same field."""
    from docgen.order_model import OrderNumber

    with pytest.raises(DataError) as document:
        DocumentNumber("伊重点项目办", 2020, sequence)
    with pytest.raises(DataError) as order:
        OrderNumber("长子县人民政府令", 17, sequence)
    assert str(document.value) == str(order.value)
    assert str(order.value).endswith(f"顺序号应为 1 至 999999，而不是 {sequence}")
    assert document.value.location.field == order.value.location.field == "number"
    assert OrderNumber("长子县人民政府令", 17, None).text() == "第\u3000\u3000号"
    assert OrderNumber("长子县人民政府令", 17, 3).text() == "第3号"


def test_dates_have_no_zero_padding() -> None:
    assert format_date(date(2020, 3, 5)) == "2020年3月5日"
    assert format_date(date(2020, 10, 12)) == "2020年10月12日"


@pytest.mark.parametrize(
    ("text", "printed"), [("机密★1年", "机密★1年"), ("秘密", "秘密"), ("绝密 长期", "绝密★长期")]
)
def test_secrecy(text: str, printed: str) -> None:
    assert Secrecy.parse(text).text() == printed


def test_secrecy_rejects_unknown_levels() -> None:
    with pytest.raises(DataError, match="绝密、机密 或 秘密"):
        Secrecy.parse("内部")
    with pytest.raises(DataError, match="保密期限"):
        Secrecy(SecrecyLevel.SECRET, "一年")


@pytest.mark.parametrize("value", ["12", "1234567", "00001a"])
def test_copy_number_is_six_digits(value: str) -> None:
    with pytest.raises(DataError, match="6 位阿拉伯数字") as caught:
        Header(organs=("某机关",), copy_number=value)
    assert caught.value.location.field == "copy_number"


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x0b", "\x1f", "\ufffe"])
def test_xml_illegal_characters_are_data_errors(bad: str) -> None:
    with pytest.raises(DataError, match="控制字符") as caught:
        check_text(f"正文{bad}内容", "body")
    assert caught.value.location.field == "body"


def test_legal_characters_pass() -> None:
    text = "& < > \" ' 😀 𠀾 䶮 \t\n"
    assert check_text(text, "title") == text
