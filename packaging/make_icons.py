"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the SVG sources.

    python packaging/make_icons.py        # rewrites resources/icons/boranegui-*.png, .ico, .icns

Sizes up to 32 px come from ``boranegui-small.svg`` (no letters, heavier shapes, so it stays
legible in a taskbar); larger ones from ``boranegui.svg``.  Qt's ICO plugin writes one image
per file, so the multi-size containers are written here: ICO with 32-bit BMP entries up to
128 px and a PNG entry at 256 px (what Windows Explorer and Inno Setup expect), ICNS with
PNG entries.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SMALL_MAX = 32
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size (the @2x types reuse the larger images).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512))


def svg_source(size: int) -> Path:
    """The SVG the ``size`` px icon is rendered from."""
    return ICONS / ("boranegui-small.svg" if size <= SMALL_MAX else "boranegui.svg")


def render(size: int, source: Path | None = None) -> QImage:
    """The icon at ``size`` px, premultiplied-free ARGB32 with a transparent background.

    ``source`` overrides the SVG (the test renders edited copies to prove it notices them).
    """
    source = source or svg_source(size)
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """An ICO image entry as a 32-bit DIB: BITMAPINFOHEADER, BGRA rows bottom-up, AND mask."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        line = image.constScanLine(y)
        rows.append(bytes(line)[: size * 4])  # ARGB32 in memory is B, G, R, A on little-endian
    mask_stride = ((size + 31) // 32) * 4
    mask = bytes(mask_stride * size)  # all visible; the alpha channel does the masking
    return header + b"".join(rows) + mask


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = [(size, png_bytes(images[size]) if size >= 256 else bmp_entry(images[size]))
               for size in ICO_SIZES]
    offset = 6 + 16 * len(entries)
    directory = b""
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return struct.pack("<HHH", 0, 1, len(entries)) + directory + b"".join(d for _, d in entries)


def icns_bytes(images: dict[int, QImage]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png
                    for kind, png in ((k, png_bytes(images[s])) for k, s in ICNS_TYPES))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from boranegui.core.yamlio import write_bytes_atomic

    QGuiApplication.instance() or QGuiApplication([])
    images = {size: render(size) for size in PNG_SIZES}
    for size, image in images.items():
        write_bytes_atomic(ICONS / f"boranegui-{size}.png", png_bytes(image))
    write_bytes_atomic(ICONS / "boranegui.ico", ico_bytes(images))
    write_bytes_atomic(ICONS / "boranegui.icns", icns_bytes(images))
    where = ICONS.relative_to(ROOT)
    print(f"wrote {len(images)} PNGs, boranegui.ico and boranegui.icns to {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
