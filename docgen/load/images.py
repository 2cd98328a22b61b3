"""Pictures a source names (a 令's 签名章), checked by their header before anything decodes them.

A PNG of 1.5 MB can declare 40000 × 40000 pixels: Typst decoded such a 签名章 into 1.96 GB
(hostile8 #8).  The size a picture declares is read from its header alone and bounded here.
"""

from __future__ import annotations

import io
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _

# A 签名章 is a signature's scan: 4 cm wide at 600 dpi is about 950 pixels; 4000 a side leaves
# room for any scan and bounds the decoded picture at 4000 × 4000 × 4 bytes = 64 MB.
MAX_STAMP_SIDE = 4000


def checked_stamp(data: bytes, picture: Path, where: Location) -> bytes:
    """Return the 签名章 ``data`` (read from ``picture``) if the PNG it is declares at most MAX_STAMP_SIDE pixels a side.

    Data that is no PNG is returned as it is: order_model refuses it, naming the field.
    """
    from PIL import PngImagePlugin  # lazy: Pillow, only with a 签名章 (issue 17)

    try:
        # PngImageFile reads the header only (Image.open would also refuse a size over Pillow's
        # bomb limit, without saying the size the message names)
        with PngImagePlugin.PngImageFile(io.BytesIO(data)) as png:
            width, height = png.size
    except (SyntaxError, OSError, ValueError):
        return data
    if max(width, height) > MAX_STAMP_SIDE:
        raise DataError(
            _(
                "the 签名章 picture {file} is {width} × {height} pixels; at most {limit} pixels a side "
                "is accepted (a 签名章 scanned at 600 dpi is about 1000 wide)"
            ).format(file=picture.name, width=width, height=height, limit=MAX_STAMP_SIDE),
            where,
        )
    return data
