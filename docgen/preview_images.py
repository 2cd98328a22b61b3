"""Page images for ``preview --png``: written beside the PDF, never over a file docgen did not make.

Each PNG docgen writes carries a text chunk naming docgen and the PDF it shows. A later run replaces or
removes only PNGs that carry that mark for the same PDF and are named ``<stem>-<digits>.png``; any other
file (the user's ``通知-现场照片.png``, another document's ``通知-草稿-1.png``) is left alone, and if one
of them has a name a page image needs, no image is written and the summary says why.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from docgen.convert.pdf import page_images
from docgen.i18n import _

MAKER = "docgen"  # the value of the PNG "Software" text chunk on every page image docgen writes


def _made_by_docgen(png: Path, pdf_name: str) -> bool:
    """Return whether ``png`` carries docgen's mark for the PDF named ``pdf_name``."""
    try:
        with Image.open(png) as image:
            text = getattr(image, "text", {})
            return bool(text.get("Software") == MAKER and text.get("Source") == pdf_name)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return False


def _page_pattern(stem: Path) -> re.Pattern[str]:
    return re.compile(re.escape(stem.name) + r"-\d+\.png")


def write_page_images(pdf: Path, stem: Path) -> tuple[tuple[Path, ...], str]:
    """Write ``stem-1.png`` … for ``pdf``; return the images and, if none could be written, why.

    pdftoppm draws into a fresh folder first, so nothing beside the PDF is touched until every name is
    known to be free or docgen's own.
    """
    folder = stem.parent
    pattern = _page_pattern(stem)
    with tempfile.TemporaryDirectory(prefix=".docgen-png-", dir=folder) as scratch:
        drawn = page_images(pdf, Path(scratch) / stem.name)
        taken = [
            folder / image.name
            for image in drawn
            if (folder / image.name).exists() and not _made_by_docgen(folder / image.name, pdf.name)
        ]
        if taken:
            return (), _(
                "page images not written: {files} already exist and were not made by docgen for {pdf}; "
                "move them or write the PDF elsewhere with -o"
            ).format(files=", ".join(p.name for p in taken), pdf=pdf.name)
        names = {image.name for image in drawn}
        for old in folder.iterdir():
            # only this PDF's page images from an earlier, longer run: by exact name and by docgen's mark
            if old.name not in names and pattern.fullmatch(old.name) and _made_by_docgen(old, pdf.name):
                old.unlink()
        written = []
        for image in drawn:
            info = PngImagePlugin.PngInfo()
            info.add_text("Software", MAKER)
            info.add_text("Source", pdf.name)
            with Image.open(image) as page:
                page.save(image, pnginfo=info)  # re-saved in the scratch folder, then moved in whole
            written.append(image.replace(folder / image.name))
    return tuple(written), ""
