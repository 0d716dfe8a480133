"""The README's picture: a page of a running site, shot with Debian's Chromium.

    python cli.py serve &            # the seed graph
    python tools/screenshot.py /id/doc/yufubanfa/2023/26 docs/images/document-page.png
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def shoot(path: str, output: str, site: str = "http://127.0.0.1:7878", width: int = 1280, height: int = 900) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(site + path)
        page.screenshot(path=output)
        browser.close()


if __name__ == "__main__":
    shoot(sys.argv[1], sys.argv[2], *sys.argv[3:4])
