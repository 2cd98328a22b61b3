"""A batch's manifest (manifest.json, .csv, .xlsx) is written through the register's guard in one
``write_many`` (one update of the folder's record, one disk sync) and reads back whole."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook

from docgen.bulletin_manifest import JOURNAL, Entry, write_manifest
from docgen.publish.guard import WriteGuard, read_record


def test_the_three_manifest_files_are_written_together(tmp_path: Path) -> None:
    guard = WriteGuard.of([], overwrite=False)
    calls: list[list[str]] = []

    def write_many(files: Sequence[tuple[Path, bytes]]) -> None:
        calls.append([path.name for path, _data in files])
        guard.write_many(files)

    (tmp_path / JOURNAL).write_text("{}\n", encoding="utf-8")
    entries = [
        Entry("甲镇", "甲镇-2025年第1期.docx", "ok", "h1", "d1"),
        Entry("乙镇", "乙镇-2025年第1期.docx", "failed", "h2"),
    ]
    write_manifest(tmp_path, "2025年第1期", entries, write_many)
    assert calls == [["manifest.json", "manifest.csv", "manifest.xlsx"]]
    assert sorted(read_record(tmp_path)["files"]) == ["manifest.csv", "manifest.json", "manifest.xlsx"]
    assert [
        b["subject"]
        for b in json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
    ] == ["甲镇", "乙镇"]
    with (tmp_path / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [row["status"] for row in csv.DictReader(handle)] == ["ok", "failed"]
    sheet = load_workbook(tmp_path / "manifest.xlsx").active
    assert sheet is not None
    assert sheet.max_row >= 3
    assert not (tmp_path / JOURNAL).exists()
