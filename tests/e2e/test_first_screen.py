"""The first screen on a phone (issue 16), in real Chromium at 375×740 under the site's own
Content Security Policy: a municipality's front page shows its search box and the first
life situations, and the header names the municipality with "Skift kommune" and "Opret tilbud".
axe finds nothing at phone width."""

import pytest

from tests.e2e.conftest import describe_violations, run_axe
from tests.e2e.test_search_phone import PHONE, box, new_tab

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FRONT_PAGES = ["/kolding/", "/mariagerfjord/"]


def on_first_screen(tab, locator, what):
    assert locator.is_visible(), what
    found = box(locator)
    assert found["y"] >= 0 and found["y"] + found["height"] <= PHONE["height"], (what, found)
    return found


def test_municipality_front_page_first_screen(demo_site, browser):
    tab = new_tab(browser, PHONE)
    for path in FRONT_PAGES:
        assert tab.goto(demo_site + path).status == 200, path
        tab.wait_for_load_state("load")
        assert tab.evaluate("window.scrollY") == 0, path
        search = on_first_screen(tab, tab.locator("#search-q-top"), f"{path}: search box")
        on_first_screen(tab, tab.get_by_role("button", name="Søg", exact=True), path)
        on_first_screen(tab, tab.get_by_role("heading", name="Hvad står du i?"), path)
        first = tab.locator(".situation-list a").first
        situation = on_first_screen(tab, first, f"{path}: first life situation")
        print(
            f"{path}: search box at {search['y']:.0f}px, first life situation at "
            f"{situation['y']:.0f}-{situation['y'] + situation['height']:.0f}px"
        )
        assert "?life_situation=" in first.get_attribute("href"), path
        for name in ("Skift kommune", "Opret tilbud"):
            on_first_screen(tab, tab.get_by_role("link", name=name, exact=True), f"{path} {name}")
        brand = tab.locator("a.site-header__brand")
        assert brand.get_attribute("href") == path
        # No sideways scrolling at phone width.
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path

    # "Skift kommune" leads to the national list of municipalities; "Opret tilbud" to the form.
    tab.goto(demo_site + "/kolding/")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Skift kommune", exact=True).click()
    assert tab.url == demo_site + "/#municipalities-heading"
    on_first_screen(tab, tab.locator("#municipalities-heading"), "the list of municipalities")
    tab.get_by_role("link", name="Mariagerfjord", exact=True).click()
    tab.wait_for_url(demo_site + "/mariagerfjord/")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Opret tilbud", exact=True).click()
    assert tab.url == demo_site + "/mariagerfjord/opret-tilbud/"
    assert tab.problems == [], tab.problems
    tab.context.close()

    tab = new_tab(browser, PHONE, bypass_csp=True)  # axe is injected as an inline script
    failures = []
    for path in [*FRONT_PAGES, "/"]:
        assert tab.goto(demo_site + path).status == 200, path
        violations = run_axe(tab)
        if violations:
            failures.append(describe_violations(path, violations))
    tab.context.close()
    assert not failures, "\n\n".join(failures)
