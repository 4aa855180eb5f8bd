"""Desktop integration files: the icon set, the freedesktop entry and metadata, the installer."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.boranegui.BoraneGUI"


def _desktop_entry() -> dict[str, str]:
    lines = (LINUX / "boranegui.desktop").read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_file_validates() -> None:
    done = subprocess.run(["desktop-file-validate", str(LINUX / "boranegui.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (Debian: appstream)")
def test_metainfo_validates() -> None:
    done = subprocess.run(["appstreamcli", "validate", "--no-net",
                           str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not re.search(r"^[EW]: ", done.stdout, re.M), done.stdout  # no errors, no warnings


def test_desktop_entry_metainfo_and_mime_type_agree() -> None:
    entry = _desktop_entry()
    meta = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find("m:mime-type", ns)
    assert meta.findtext("id") == APP_ID == entry["Icon"]
    assert meta.findtext("launchable") == "boranegui.desktop"
    assert meta.findtext("provides/binary") == entry["Exec"].split()[0] == "boranegui"
    assert entry["Exec"].endswith("%f")  # opens the run file it is given
    assert entry["MimeType"] == mime.get("type") + ";" == meta.findtext("provides/mediatype") + ";"
    assert mime.find("m:glob", ns).get("pattern") == "*.borane.yaml"


# A fresh render may differ from the committed PNG by anti-aliasing (another CPU, another Qt
# build): a few edge pixels off by one or two.  A stale PNG differs by more than that.
MAX_CHANNEL_DIFFERENCE = 8  # per premultiplied ARGB channel, out of 255
MAX_DIFFERING_SHARE = 0.01  # of the pixels


def _pixels(image):
    """``image`` as an (height, width, 4) int array of premultiplied ARGB32 channels."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 4].reshape(image.height(), image.width(), 4).astype(np.int16)


def _icon_mismatch(committed, rendered) -> str | None:
    """Why ``committed`` is not ``rendered`` up to anti-aliasing, or None when it is.

    Compared premultiplied, so a nearly transparent edge pixel (whose colour is noise
    once divided by its alpha) counts for what it shows.
    """
    import numpy as np

    if committed.size() != rendered.size():
        return f"{committed.width()}x{committed.height()} px, the SVG renders {rendered.width()}x{rendered.height()}"
    difference = np.abs(_pixels(committed) - _pixels(rendered)).max(axis=2)
    worst, share = int(difference.max()), np.count_nonzero(difference) / difference.size
    if worst > MAX_CHANNEL_DIFFERENCE or share > MAX_DIFFERING_SHARE:
        return f"{share:.2%} of the pixels differ from the SVG's render, by up to {worst}/255"
    return None


def _stale_icons(folder) -> list[str]:
    """One line per PNG in ``folder`` that is not its SVG's render (the sizes are checked too)."""
    from PySide6.QtGui import QImage

    spec = _load_make_icons()
    problems = []
    for size in spec.PNG_SIZES:
        path = folder / f"boranegui-{size}.png"
        assert _png_size(path.read_bytes()) == (size, size), path.name
        why = _icon_mismatch(QImage(str(path)), spec.render(size))
        if why:
            problems.append(f"{path.name}: {why}")
    return problems


def test_icon_pngs_have_their_sizes_and_match_the_svg() -> None:
    # Stale PNGs after an SVG edit: re-run packaging/make_icons.py.
    assert _stale_icons(ICONS) == []


def test_icon_comparison_forgives_anti_aliasing() -> None:
    from PySide6.QtGui import QColor

    spec = _load_make_icons()
    for size in (128, 256, 512):
        rendered = spec.render(size)
        committed = rendered.copy()
        # What another CPU gave: a handful of edge pixels off by one in one channel, and one
        # pixel off by the most the test allows.
        for i in range(8):
            x, y = size // 2 + i, size // 2
            colour = committed.pixelColor(x, y)
            colour.setRed(colour.red() + 1 if colour.red() < 255 else 254)
            committed.setPixelColor(x, y, colour)
        committed.setPixelColor(1, 1, QColor(0, 0, 0, MAX_CHANNEL_DIFFERENCE))
        assert _icon_mismatch(committed, rendered) is None


@pytest.mark.parametrize(
    ("size", "svg", "old", "new"),
    [
        (16, "boranegui-small.svg", 'r="34" fill="#3a6ff7"', 'r="32" fill="#3a6ff7"'),  # atom 2 units smaller
        (128, "boranegui.svg", 'fill="#3a6ff7"', 'fill="#3a6ff0"'),  # nitrogen 7/255 less blue
        (512, "boranegui.svg", 'stroke-width="10"', 'stroke-width="12"'),  # B–N bond a bit bolder
        (256, "boranegui.svg", "M152 192 V164 L172 192 V164", "M154 192 V166 L174 192 V166"),  # N moved
    ],
    ids=["small-atom-radius", "slight-recolour", "bolder-bond", "moved-letter"],
)
def test_a_png_rendered_from_an_edited_svg_is_reported_stale(tmp_path, size, svg, old, new) -> None:
    spec = _load_make_icons()
    icons = tmp_path / "icons"
    shutil.copytree(ICONS, icons)
    text = (ICONS / svg).read_text("utf-8")
    assert text.count(old) == 1
    edited = tmp_path / svg
    edited.write_text(text.replace(old, new), "utf-8")
    # The PNG of an SVG edit that was committed, then the SVG edit undone (or the other way).
    (icons / f"boranegui-{size}.png").write_bytes(spec.png_bytes(spec.render(size, edited)))
    problems = _stale_icons(icons)
    assert [p.split(":")[0] for p in problems] == [f"boranegui-{size}.png"], problems


def test_ico_holds_every_size_in_a_format_windows_reads() -> None:
    data = (ICONS / "boranegui.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        entry = data[6 + 16 * i:22 + 16 * i]
        w, h, _, _, planes, bpp, length, offset = struct.unpack("<BBBBHHII", entry)
        size = w or 256
        image = data[offset:offset + length]
        assert len(image) == length and (w, planes, bpp) == (h, 1, 32)
        if size == 256:
            assert _png_size(image) == (256, 256)
        else:  # 32-bit DIB: header, colour rows, 1-bit AND mask rows padded to 4 bytes
            header, width, height2 = struct.unpack("<Iii", image[:12])
            assert (header, width, height2) == (40, size, 2 * size)
            assert length == 40 + size * size * 4 + ((size + 31) // 32) * 4 * size
        sizes.append(size)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_entries_are_pngs_of_the_declared_sizes() -> None:
    data = (ICONS / "boranegui.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    expected = dict(_load_make_icons().ICNS_TYPES)
    found, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        found[kind] = _png_size(data[pos + 8:pos + length])[0]
        pos += length
    assert found == expected


def test_windows_installer_is_per_user_and_installs_the_bundle_the_spec_builds() -> None:
    iss = (ROOT / "packaging" / "windows" / "boranegui.iss").read_text("utf-8")
    spec = (ROOT / "packaging" / "boranegui.spec").read_text("utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    roots = re.findall(r"^Root:\s*(\w+);", iss, re.M)
    assert roots and set(roots) == {"HKCU"}  # no admin: nothing outside the user's hive
    assert 'Source: "..\\..\\dist\\boranegui\\*"' in iss and 'name="boranegui"' in spec
    assert '"boranegui.exe"' in iss
    assert 'name="boranegui-cli"' in spec and "boranegui-cli.exe" in iss
    assert re.search(r"^Name: \"\{autoprograms\}\\\{#AppName\}\"", iss, re.M)  # Start menu
    assert "OpenWithProgids" in iss and 'ValueData: """{app}\\{#AppExe}"" ""%1"""' in iss
    assert (ROOT / "resources" / "icons" / "boranegui.ico").is_file()


def _load_make_icons():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("boranegui_make_icons",
                                                  ROOT / "packaging" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _qt_app(qapp):
    """Rendering the SVG needs a QGuiApplication (pytest-qt's, offscreen)."""
    return qapp

