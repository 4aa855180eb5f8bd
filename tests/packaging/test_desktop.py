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


def test_icon_pngs_have_their_sizes_and_match_the_svg() -> None:
    from PySide6.QtGui import QImage

    spec = _load_make_icons()
    for size in spec.PNG_SIZES:
        data = (ICONS / f"boranegui-{size}.png").read_bytes()
        assert _png_size(data) == (size, size)
        committed = QImage(str(ICONS / f"boranegui-{size}.png")).convertToFormat(
            QImage.Format.Format_ARGB32)
        # Stale PNGs after an SVG edit: re-run packaging/make_icons.py.
        assert committed == spec.render(size), f"boranegui-{size}.png differs from the SVG"


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

