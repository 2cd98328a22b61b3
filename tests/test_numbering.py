"""Headings are numbered for the writer: 一、 （一） 1. （1）."""

from __future__ import annotations

import pytest

from docgen.numbering import (
    HeadingCounter,
    attachment_labels,
    chinese_numeral,
    heading_label,
    split_run_in,
    strip_typed_label,
)


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (101, "一百零一")]
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_labels_by_level() -> None:
    assert [heading_label(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]


def test_a_heading_resets_the_levels_below() -> None:
    counter = HeadingCounter()
    labels = [counter.next_label(level) for level in (1, 2, 3, 3, 2, 3, 1, 2, 4)]
    assert labels == ["一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "（一）", "（1）"]


def test_continuous_levels_run_on_across_sections() -> None:
    counter = HeadingCounter(frozenset({3}))
    labels = [counter.next_label(level) for level in (1, 3, 3, 1, 3)]
    assert labels == ["一、", "1.", "2.", "二、", "3."]


@pytest.mark.parametrize(
    ("level", "typed", "clean"),
    [
        (1, "一、指导思想", "指导思想"),
        (2, "(一) 强化", "强化"),
        (2, "（十二）调度", "调度"),
        (3, "1、各乡镇", "各乡镇"),
        (3, "12. 联席", "联席"),
        (4, "(1) 灵宝市", "灵宝市"),
        (1, "指导思想", "指导思想"),
    ],
)
def test_typed_numbers_are_replaced(level: int, typed: str, clean: str) -> None:
    assert strip_typed_label(level, typed) == clean


def test_run_in_heading_splits_at_the_first_sentence_mark() -> None:
    assert split_run_in("强化组织领导。市重点项目办负责。") == ("强化组织领导。", "市重点项目办负责。")
    assert split_run_in("准备部署阶段（9月20日—9月25日）：制订行动计划") == (
        "准备部署阶段（9月20日—9月25日）：",
        "制订行动计划",
    )
    assert split_run_in("指导思想") == ("指导思想", "")
    assert split_run_in("完成计划。") == ("完成计划。", "")


def test_attachment_labels() -> None:
    assert attachment_labels(1) == ["附件"]
    assert attachment_labels(3) == ["附件1", "附件2", "附件3"]
