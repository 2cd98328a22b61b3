"""wild9's defects (tests/fixtures/wild9/DEFECTS.md) fixed: each asserted on a real run of docgen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "fixtures" / "wild9"

NOTICE = """---
发文机关: zhangzi-zdxmb
发文字号: 6
标题: 关于核对项目台账的通知
主送: 各项目部
成文日期: 2025-08-05
---
为加强项目管理，现将有关事项通知如下，请认真核对。
"""


def _docgen(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m docgen`` with this checkout's code; the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "", "PYTHONPATH": str(ROOT)},
    )


def _png(path: Path, colour: str) -> bytes:
    """Write a small PNG that docgen did not make at ``path``; its bytes."""
    Image.new("RGB", (8, 8), colour).save(path)
    return path.read_bytes()


def test_preview_png_touches_only_its_own_page_images(tmp_path: Path) -> None:
    """#3: a second document's page images and the user's photo survive; a stale image of docgen's goes."""
    (tmp_path / "通知.md").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "通知-草稿.md").write_text(NOTICE, encoding="utf-8")
    photo = _png(tmp_path / "通知-现场照片.png", "red")
    run = _docgen("preview", "通知-草稿.md", "通知.md", "--engine", "typst", "--png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "通知-草稿-1.png").exists()
    assert (tmp_path / "通知-1.png").exists()
    assert (tmp_path / "通知-现场照片.png").read_bytes() == photo
    # an earlier, longer run's page 7 made by docgen is removed; the same name not made by docgen is not
    (tmp_path / "通知-1.png").rename(tmp_path / "通知-7.png")
    run = _docgen("preview", "通知.md", "--engine", "typst", "--png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "通知-7.png").exists()
    assert (tmp_path / "通知-草稿-1.png").exists()


def test_preview_png_refuses_to_write_over_a_users_picture(tmp_path: Path) -> None:
    """#3: the user's own 通知-1.png is not written over; the summary says why there are no images."""
    (tmp_path / "通知.md").write_text(NOTICE, encoding="utf-8")
    mine = _png(tmp_path / "通知-1.png", "blue")
    run = _docgen("preview", "通知.md", "--engine", "typst", "--png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "通知-1.png").read_bytes() == mine
    assert (tmp_path / "通知.pdf").exists()
    said = run.stdout + run.stderr
    assert "通知-1.png 已存在，且不是 docgen" in said, said
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".docgen-png-")]
