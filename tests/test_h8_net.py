"""Offline by design (hostile8 #2, #8, #11): LibreOffice opens only an offline copy of a document,
in a locale that exists; a 签名章 declaring too many pixels is refused before anything decodes it.

The commands run in a child process with real LibreOffice; a local HTTP server counts requests.
"""

from __future__ import annotations

import http.server
import shutil
import struct
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_docgen

from docgen.convert import offline
from docgen.convert.converter import convert_one_shot
from docgen.convert.offline import offline_copy
from docgen.convert.oneshot import convert_to_pdf
from docgen.errors import ConversionError

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "hostile8"))
import make_hostile8  # noqa: E402

SUPERVISION = ROOT / "samples" / "supervision" / "督办台账.xlsx"
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'


class _Hits(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).hits.append(f"{self.command} {self.path}")
        self.send_error(404)

    do_OPTIONS = do_HEAD = do_PROPFIND = do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server's address and the requests it got."""
    _Hits.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Hits.hits
    server.shutdown()
    server.server_close()


def hostile_docx(path: Path, url: str, paragraphs: list[str]) -> Path:
    """Write a .docx reaching out every way LibreOffice might follow: a picture linked by r:link,
    an INCLUDEPICTURE and an INCLUDETEXT field, VML's src and o:href, an attached template, and an
    external hyperlink (which stays)."""
    linked = make_hostile8.linked_picture(path.with_suffix(".linked.docx"), f"{url}/rlink.png", paragraphs)
    fields = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE'
        f'</w:instrText></w:r><w:r><w:instrText>PICTURE "{url}/field.png" \\d </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>图片域</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f'<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;{url}/text.docx&quot; "><w:r><w:t>文本域</w:t></w:r>'
        "</w:fldSimple></w:p>"
        f'<w:p><w:r><w:pict><v:shape {V_NS} style="width:20pt;height:20pt"><v:imagedata src="{url}/vml.png" '
        f'o:href="{url}/href.png"/></v:shape></w:pict></w:r></w:p>'
        '<w:p><w:hyperlink r:id="rIdH"><w:r><w:t>网站</w:t></w:r></w:hyperlink></w:p>'
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(linked) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", fields.encode() + b"<w:sectPr", 1)
            elif item.filename == "word/_rels/document.xml.rels":
                link = f'<Relationship Id="rIdH" Type="{rel}/hyperlink" Target="{url}/site" TargetMode="External"/>'
                data = data.replace(b"</Relationships>", link.encode() + b"</Relationships>")
            elif item.filename == "word/settings.xml":
                data = data.replace(
                    b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rIdT"/><w:defaultTabStop', 1
                )
            target.writestr(item, data)
        target.writestr(
            "word/_rels/settings.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="{rel}/attachedTemplate" '
            f'Target="{url}/template.dotx" TargetMode="External"/></Relationships>',
        )
    linked.unlink()
    return path


def no_crash(said: str) -> None:
    assert "Traceback" not in said, said[-800:]
    assert "内部错误" not in said, said[-800:]


def rendered(said: str) -> None:
    """LibreOffice laid the file out: check measured it (no note that it could not)."""
    assert "无法排版" not in said, said[-800:]
    assert "could not render" not in said, said[-800:]


def settle(hits: list[str]) -> list[str]:
    time.sleep(0.5)  # a request LibreOffice sent last is logged by the server's thread
    return hits


def test_the_offline_copy_keeps_no_link_but_the_hyperlink_and_copies_docgen_files_as_they_are(
    tmp_path: Path,
) -> None:
    """Every way out is gone from the copy, each said once; a file with none is copied byte for byte."""
    source = hostile_docx(tmp_path / "外链.docx", "http://127.0.0.1:9", ["关于测试的通知"])
    notes = offline_copy(source, tmp_path / "copy.docx")
    said = "\n".join(notes)
    for what in (
        "http://127.0.0.1:9/rlink.png",
        "INCLUDEPICTURE",
        "INCLUDETEXT",
        "vml.png",
        "href.png",
        "template",
    ):
        assert what in said, said
    with zipfile.ZipFile(tmp_path / "copy.docx") as copy:
        text = b"".join(copy.read(name) for name in copy.namelist() if name.endswith((".xml", ".rels")))
        assert b"127.0.0.1:9/site" in text  # the hyperlink stays
        assert b"rlink.png" not in text
        assert b"field.png" not in text
        assert b"vml.png" not in text
        assert b"template.dotx" not in text
        assert b"text.docx" not in text
        assert "图片域".encode() in text  # a field's result stays, as text
    plain = make_hostile8.word(tmp_path / "plain.docx", ["正文"])
    assert offline_copy(plain, tmp_path / "same.docx") == ()
    assert (tmp_path / "same.docx").read_bytes() == plain.read_bytes()
    (tmp_path / "not.docx").write_text("no zip", encoding="utf-8")
    with pytest.raises(ConversionError, match="not.docx"):
        offline_copy(tmp_path / "not.docx", tmp_path / "x.docx")
    locked = bytearray((tmp_path / "copy.docx").read_bytes())  # every member marked encrypted
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = locked.find(signature)
        while start >= 0:
            locked[start + flags] |= 1
            start = locked.find(signature, start + 1)
    (tmp_path / "locked.docx").write_bytes(locked)
    with pytest.raises(ConversionError, match="locked.docx"):
        offline_copy(tmp_path / "locked.docx", tmp_path / "y.docx")


def test_links_in_utf_16_or_in_a_part_not_named_xml_are_found_and_a_bomb_is_not_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A substring test would miss UTF-16; a name test would miss [Content_Types]'s own part names."""
    source = make_hostile8.word(tmp_path / "w.docx", ["正文"])
    with zipfile.ZipFile(source, "a") as package:
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        wide = (
            f'<?xml version="1.0" encoding="UTF-16"?><w:p {w}><w:fldSimple w:instr="INCLUDEPICTURE x"/></w:p>'
        )
        package.writestr("word/wide.xml", wide.encode("utf-16"))
        package.writestr("word/body.dat", f'<x {V_NS}><v:imagedata src="http://127.0.0.1:9/dat.png"/></x>')
    notes = "\n".join(offline_copy(source, tmp_path / "copy.docx"))
    assert "INCLUDEPICTURE" in notes
    assert "dat.png" in notes
    with zipfile.ZipFile(tmp_path / "copy.docx") as copy:
        assert b"dat.png" not in copy.read("word/body.dat")
        assert "INCLUDEPICTURE" not in copy.read("word/wide.xml").decode("utf-8")
    bomb = tmp_path / "bomb.docx"
    shutil.copyfile(source, bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/big.bin", bytes(3 * 1024 * 1024))
    monkeypatch.setattr(offline, "MAX_COPY_BYTES", 2 * 1024 * 1024)  # 1 GiB in use: 2 MiB spares the disk
    with pytest.raises(ConversionError, match="bomb.docx"):
        offline_copy(bomb, tmp_path / "bomb-copy.docx")


def test_the_one_shot_converter_converts_the_offline_copy_and_its_profile_blocks_links_by_itself(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    """The fallback without a pool converts the copy too; and soffice on docgen's profile settings
    (oneshot.seed_profile) fetches nothing even given the file itself (3 requests without them)."""
    url, hits = listener
    source = make_hostile8.linked_picture(tmp_path / "外链.docx", f"{url}/pixel.png", ["关于测试的通知"])
    (outcome,) = convert_one_shot([(source, tmp_path / "a.pdf")])
    assert outcome.error is None
    assert (tmp_path / "a.pdf").stat().st_size > 0
    assert any("pixel.png" in note for note in outcome.notes), outcome.notes
    ascii_copy = tmp_path / "raw.docx"  # the file itself, as LibreOffice got it before
    shutil.copyfile(source, ascii_copy)
    (pdf,) = convert_to_pdf([ascii_copy], tmp_path / "raw")
    assert pdf.stat().st_size > 0
    assert settle(hits) == [], f"LibreOffice fetched {hits}"


def test_check_of_a_word_file_reaching_out_every_way_makes_no_request_and_says_what_was_left_out(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    url, hits = listener
    source = hostile_docx(tmp_path / "外链.docx", url, ["关于测试的通知", "各乡镇：正文一段。"])
    done = run_docgen(tmp_path, "check", str(source))
    said = done.stdout + done.stderr
    no_crash(said)
    assert settle(hits) == [], f"docgen check fetched {hits}"
    assert "链接的图片（http" in said, said[-1500:]
    rendered(said)


def test_preview_of_a_word_file_with_a_linked_picture_makes_no_request(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    url, hits = listener
    source = hostile_docx(tmp_path / "外链.docx", url, ["关于测试的通知", "各乡镇：正文一段。"])
    done = run_docgen(tmp_path, "preview", str(source), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, (done.stdout + done.stderr)[-800:]
    assert settle(hits) == [], f"docgen preview fetched {hits}"
    assert list((tmp_path / "out").glob("*.pdf"))
    assert "未载入" in done.stdout + done.stderr


def test_merge_pdf_of_a_form_with_a_linked_picture_makes_no_request(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    """36 forms: 72 GET before."""
    url, hits = listener
    form = make_hostile8.linked_picture(
        tmp_path / "外链表单.docx", f"{url}/pixel.png", ["项目：{{ 项目名称 }}"]
    )
    done = run_docgen(
        tmp_path, "merge", str(form), str(SUPERVISION), "--out", str(tmp_path / "o"), "--pdf", timeout=600
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-800:]
    assert settle(hits) == [], f"docgen merge --pdf fetched {len(hits)}: {hits[:4]}"
    assert len(list((tmp_path / "o").rglob("*.pdf"))) == 36


def test_check_of_a_chinese_file_name_under_a_locale_the_machine_lacks_is_rendered(tmp_path: Path) -> None:
    """LC_ALL=zz_ZZ.UTF-8: LibreOffice said "type detection failed" and only the .docx rules ran."""
    source = make_hostile8.word(tmp_path / "中文名称.docx", ["关于测试的通知", "各乡镇：正文一段。"])
    done = run_docgen(tmp_path, "check", str(source), LC_ALL="zz_ZZ.UTF-8")
    said = done.stdout + done.stderr
    no_crash(said)
    assert "type detection failed" not in said, said[-800:]
    rendered(said)


def _png_header(width: int, height: int) -> bytes:
    """Return a PNG of a few bytes that declares ``width`` × ``height`` pixels (its data cut short)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


@pytest.mark.parametrize("command", ["render", "preview"])
def test_a_stamp_declaring_40000_pixels_a_side_is_refused_naming_its_size(
    tmp_path: Path, command: str
) -> None:
    """A 1.5 MB 签名章 of 40000 × 40000 took 1.96 GB in preview --engine typst: refused from its header."""
    (tmp_path / "签名章.png").write_bytes(_png_header(40000, 40000))
    source = tmp_path / "令.md"
    source.write_text(
        "---\n种类: 令\n发文机关: zhangzi-gov\n届: 第十七届\n标题: 公布管理办法\n成文日期: 2025-05-12\n"
        "签发人职务: 县长\n签发人: 王建华\n签名章: 签名章.png\n---\n现予公布，自2025年6月1日起施行。\n",
        encoding="utf-8",
    )
    extra = ("--engine", "typst") if command == "preview" else ()
    done = run_docgen(tmp_path, command, str(source), "-o", str(tmp_path / "out"), *extra, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said[-800:]
    (error,) = [line for line in said.splitlines() if line.startswith("错误：")]
    for part in ("令.md", "第 9 行", "签名章.png"):
        assert part in error, error
    assert "40000 × 40000" in error, error
