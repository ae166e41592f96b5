"""Browser tests in real headless Chromium (Debian's ``chromium``) through Playwright.

No browser is downloaded (``playwright install`` is never run): Playwright drives
/usr/bin/chromium. The pages are served by pytest-django's live server with the demo content.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without these, Chromium waits on connections the closed network never answers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser(request):
    """Headless Chromium for one test; fails (never skips) when Chromium is missing.

    Deliberately not session-scoped: while Playwright's synchronous API is started, an asyncio
    loop counts as running in this thread, and Django then hands this thread other database
    connections (asgiref's Local). The transactional test's flush at the end would run on a
    connection without the serialized migration data, and a stray connection would keep the
    test database from being dropped. So Chromium starts after the demo is loaded (request
    ``demo_site`` first) and is shut down before the test's database teardown. Starting it
    takes about a second.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}). The accessibility tests run in Debian's chromium: "
            "install it with `apt-get install chromium` (bash .ci/run does that)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extras include playwright
        pytest.fail("Playwright is missing: `.venv/bin/pip install '.[dev]'` installs it.")
    if "demo_site" in request.fixturenames:
        request.getfixturevalue("demo_site")  # load the demo before the event loop starts
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    # bypass_csp: axe is injected as an inline script; the site's own policy forbids those.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="da-DK", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The demo content behind pytest-django's ``live_server``, for one test.

    live_server makes the test transactional: mark it
    ``django_db(transaction=True, serialized_rollback=True)`` so that what the migrations
    created is put back for the tests after it. Loading the demo takes a while on PostgreSQL,
    so a test should visit all the pages it needs rather than one page per test.
    """
    cache.clear()
    call_command("load_demo", "--force", stdout=io.StringIO())
    cache.clear()
    return live_server.url


def run_axe(page):
    """axe-core's WCAG 2.0/2.1 A and AA rules on the page in the tab; returns the violations."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
        }).then(results => results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
        })))"""
    )


def describe_violations(url, violations):
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"      {node['target']}")
            for detail in (node["summary"] or "").splitlines()[1:3]:
                lines.append(f"          {detail.strip()}")
        if len(violation["nodes"]) > 10:
            lines.append(f"      ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)
