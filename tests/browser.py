"""Debian's Chromium, headless, driven by Playwright (no browser download): for the tests of what a
person sees. Skipped, with one line saying why, where Chromium is not installed."""

from __future__ import annotations

import shutil

import pytest

# as the machine's probe starts it: no sandbox as root, no background traffic to the closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("browser tests skipped: no Chromium installed (apt-get install chromium)")
    return found
