"""The user guide's pictures are the journeys' screenshots (scripts/guide_screenshots.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "user-guide.md"


def pictures() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("guide_screenshots", ROOT / "scripts" / "guide_screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PICTURES


def test_every_picture_in_the_guide_is_a_journeys_screenshot_and_is_there():
    shown = re.findall(r"!\[[^\]]+\]\(images/guide/([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    listed = pictures()
    assert shown and sorted(shown) == sorted(listed), "the guide and scripts/guide_screenshots.py disagree"
    for name in shown:
        assert (ROOT / "docs" / "images" / "guide" / name).stat().st_size > 10_000, name


def test_every_source_screenshot_is_taken_by_a_journey():
    journeys = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "e2e").glob("test_*.py"))
    for source in pictures().values():
        # shot(page, "name") or both_widths(page, shot, "name"), which adds -1280 and -390
        names = {source.removesuffix(".png"), re.sub(r"-(1280|390)\.png$", "", source)}
        assert any(f'"{name}"' in journeys for name in names), f"no journey takes the screenshot {source}"
