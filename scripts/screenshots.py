"""Full-page screenshots of the public site at phone and desktop width, for a visual check.

Needs a running server with the demo (``make run``) and Debian's ``chromium``::

    .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]

BASE_URL defaults to http://127.0.0.1:8000, OUT_DIR to /tmp/screens.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "national": "/",
    "kolding": "/kolding/",
    "search": "/kolding/soeg/?q=angst&life_situation=angst",
    "offer": "/kolding/sorggruppe-for-voksne/",
    "submission-errors": None,  # the submission form, posted empty
}
WIDTHS = (375, 1280)


def main(base_url="http://127.0.0.1:8000", out_dir="/tmp/screens"):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                if path is None:
                    page.goto(base_url + "/kolding/opret-tilbud/")
                    page.locator("form.offer-form button[type=submit]").click()
                    page.wait_for_load_state()
                else:
                    page.goto(base_url + path)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
