"""scripts/system_packages.sh installs the emoji font with the others (issue 16, bug 4: names with emoji printed
as a box in the PDF and on the page). Run with stand-ins for fc-list, ldconfig and apt-get that record what
would be installed, so nothing is installed here."""

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system_packages.sh"
LIBRARIES = "libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0"


def _run(tmp_path, mode: str, fonts: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "apt-get.log"
    stubs = {
        "fc-list": f"printf '%s\\n' {fonts!r}",
        "ldconfig": f"for l in {LIBRARIES}; do echo \"\\t$l (libc6,x86-64) => /usr/lib/$l\"; done",
        "apt-get": f'echo "$@" >> {record}',
        "id": "echo 0",
        "pdftotext": "true",
        "wrk": "true",
    }
    for name, body in stubs.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    subprocess.run(["bash", str(SCRIPT), mode], env=env, check=False, capture_output=True, text=True, timeout=60)
    return record.read_text() if record.exists() else ""


@pytest.mark.parametrize("mode", ["run", "test", "bench"])
def test_a_machine_without_an_emoji_font_gets_noto_color_emoji(tmp_path, mode):
    installed = _run(tmp_path, mode, "/usr/share/fonts/truetype/nanum/NanumGothic.ttf: NanumGothic:style=Regular")
    assert "fonts-noto-color-emoji" in installed


def test_a_machine_with_the_emoji_font_is_left_alone(tmp_path):
    fonts = ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf: NanumGothic:style=Regular\n"
             "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf: Noto Color Emoji:style=Regular")  # fmt: skip
    assert "fonts-noto-color-emoji" not in _run(tmp_path, "run", fonts)
