"""What can be checked without a person: every form field of every page has a label, and the colours
the stylesheet pairs give text a contrast of at least 4.5:1 (WCAG AA)."""

from __future__ import annotations

import re
from pathlib import Path

import restkeep.server.ui
from tests.server.ui.conftest import Browser

STYLE = Path(restkeep.server.ui.__file__).parent / "static" / "ui.css"
PAGES = ["/ui/", "/ui/projects", "/ui/projects/Default", "/ui/projects/Default/properties/PythonProperty",
         "/ui/artifacts", "/ui/catalog", "/ui/catalog/10149", "/ui/catalog/items/1", "/ui/admin", "/ui/tokens"]  # fmt: skip
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>")


def test_every_field_has_a_label(browser: Browser) -> None:
    checked = 0
    for path in PAGES:
        html = browser.get(path).text
        labelled = set(re.findall(r'<label for="([^"]+)"', html))
        for tag, attributes in FIELD.findall(html):
            if 'type="hidden"' in attributes or "aria-label=" in attributes:
                continue
            found = re.search(r'\bid="([^"]+)"', attributes)
            wrapped = tag == "input" and 'type="checkbox"' in attributes  # inside its <label>
            assert wrapped or (found and found.group(1) in labelled), (
                f"{path}: <{tag}{attributes}> has no label"
            )
            checked += 1
    assert checked > 30  # the pages' fields were seen


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_have_enough_contrast() -> None:
    colours = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", STYLE.read_text()))
    for text in ("ink", "muted", "accent", "danger", "ok"):
        for background in ("bg", "soft"):
            ratio = contrast(colours[text], colours[background])
            assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"
    for button in ("accent", "danger"):  # white text on a button
        assert contrast("#ffffff", colours[button]) >= 4.5
