"""Results first on a phone (issue 13), in real Chromium at 375×740 under the site's own Content
Security Policy: the count, any correction and the first result are on the first screen even
with many facets, the facets wait in a closed <details> panel whose summary counts the chosen
filters, and each chosen filter above the results can be removed on its own. Without JavaScript
the panel still opens; on a wide screen it is a sidebar, open. axe finds nothing at phone width.

Set SEARCH_PHONE_SCREENSHOT=<file.png> to save a screenshot of /kolding/soeg/?q=ensom at 375×740.
"""

import os
import re

import pytest

from tests.e2e.conftest import describe_violations, run_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
TWO_FILTERS = "q=ensom&life_situation=ensomhed&format=fysisk"
#: (path, the summary's text, the corrected query's notice expected) for the first screen.
#: (path, the filter panel's title, a corrected query, at least this many facet checkboxes)
FIRST_SCREEN = [
    # A word many of Kolding's offers are about: many facets to fold away.
    ("/kolding/soeg/?q=f%C3%A6llesskab", "Filtrer resultater", False, 25),
    ("/soeg/?q=ensom", "Filtrer resultater", False, 25),
    # Two filters leave fewer offers, so fewer facets (each with every filter but its own).
    (f"/kolding/soeg/?{TWO_FILTERS}", "Filtre (2 valgt)", False, 10),
    (f"/soeg/?{TWO_FILTERS}", "Filtre (2 valgt)", False, 25),
    # A typo the search corrects ("Vi fandt intet for ..."), with two filters.
    (
        "/kolding/soeg/?q=ensomhd&life_situation=ensomhed&format=fysisk",
        "Filtre (2 valgt)",
        True,
        10,
    ),
]
AXE_PAGES = [f"/kolding/soeg/?{TWO_FILTERS}", "/soeg/?q=ensom", "/kolding/soeg/?q=xqzvw"]


def new_tab(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="da-DK", **options)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(m.text))
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
        });"""
    )
    return tab


def box(locator):
    """The element's box in the viewport (CSS pixels, from the top left of what is shown)."""
    found = locator.bounding_box()
    assert found, f"{locator} has no box (not shown)"
    return found


def panel_is_open(tab):
    return tab.locator("details.search-filters").evaluate("details => details.open")


def test_results_first_on_a_phone(demo_site, browser):
    tab = new_tab(browser, PHONE)
    for path, summary, corrected, facets in FIRST_SCREEN:
        response = tab.goto(demo_site + path)
        assert response.status == 200, path
        tab.wait_for_load_state("load")
        assert tab.evaluate("window.scrollY") == 0, path
        height = PHONE["height"]

        # Many facets, all waiting in the closed panel.
        assert tab.locator(".search-facets input[type=checkbox]").count() >= facets, path
        assert not panel_is_open(tab), f"{path}: the filter panel is open on a phone"
        assert tab.locator(".search-facets input[type=checkbox]").first.is_hidden(), path
        title = tab.locator("summary.search-filters__summary")
        assert title.inner_text().strip() == summary, path

        count = tab.locator(".result-count")
        assert count.is_visible() and box(count)["y"] + box(count)["height"] <= height, path
        if corrected:
            notice = tab.locator(".suggestion", has_text="Vi fandt intet for")
            assert notice.is_visible() and box(notice)["y"] + box(notice)["height"] <= height

        first = tab.locator(".search-results .offer-card").first
        top = box(first)["y"]
        print(f"{path}: first result's top edge at {top:.0f}px, count at {box(count)['y']:.0f}px")
        assert 0 < top < height, f"{path}: the first result starts at {top:.0f}px"
        heading = box(first.locator("h3"))
        assert heading["y"] + heading["height"] <= height, f"{path}: first title not all shown"

        # The chosen filters are above the results, each a link of its own.
        removers = tab.get_by_role("link", name=re.compile(r"^Fjern filter: "))
        assert removers.count() == (2 if "format=" in path else 0), path
        for i in range(removers.count()):
            assert box(removers.nth(i))["y"] < top, path
    if os.environ.get("SEARCH_PHONE_SCREENSHOT"):
        tab.goto(demo_site + "/kolding/soeg/?q=ensom")
        tab.wait_for_load_state("load")
        tab.screenshot(path=os.environ["SEARCH_PHONE_SCREENSHOT"])

    # Removing one chosen filter keeps the other one (and the query).
    for scope in ("/kolding/soeg/", "/soeg/"):
        tab.goto(f"{demo_site}{scope}?{TWO_FILTERS}")
        with tab.expect_navigation():
            tab.get_by_role("link", name="Fjern filter: Ensomhed", exact=True).click()
        assert "q=ensom" in tab.url and "format=fysisk" in tab.url, tab.url
        assert "life_situation" not in tab.url, tab.url
        assert tab.get_by_role("link", name="Fjern filter: Ensomhed", exact=True).count() == 0
        assert tab.get_by_role("link", name="Fjern filter: Fysisk fremmøde", exact=True).count()
        assert tab.locator("summary.search-filters__summary").inner_text().strip() == (
            "Filtre (1 valgt)"
        )

    # The panel opens on a tap, and its form still sends the facets with the query.
    tab.goto(demo_site + "/kolding/soeg/?q=ensom")
    tab.locator("summary.search-filters__summary").click()
    assert panel_is_open(tab)
    checkbox = tab.locator(".search-facets input[name=life_situation]").first
    assert checkbox.is_visible()
    value = checkbox.get_attribute("value")
    checkbox.check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Vis resultater").click()
    assert f"life_situation={value}" in tab.url and "q=ensom" in tab.url, tab.url
    assert not panel_is_open(tab)  # the results come first again
    assert tab.locator("summary.search-filters__summary").inner_text().strip() == (
        "Filtre (1 valgt)"
    )

    # On a wide screen the panel is an open sidebar beside the results; narrowed, it closes.
    tab.set_viewport_size(DESKTOP)
    tab.goto(f"{demo_site}/kolding/soeg/?{TWO_FILTERS}")
    tab.wait_for_load_state("load")
    assert panel_is_open(tab)
    sidebar, results = box(tab.locator(".search-filters")), box(tab.locator(".search-results"))
    assert sidebar["x"] + sidebar["width"] <= results["x"]
    assert tab.locator(".search-facets input[type=checkbox]").first.is_visible()
    tab.set_viewport_size(PHONE)
    tab.wait_for_function("() => !document.querySelector('details.search-filters').open")
    assert tab.problems == [], tab.problems  # no CSP violation, no script error
    tab.context.close()

    # Without JavaScript: closed on a phone and on a wide screen, and it opens all the same.
    for viewport in (PHONE, DESKTOP):
        plain = new_tab(browser, viewport, java_script_enabled=False)
        plain.goto(f"{demo_site}/soeg/?{TWO_FILTERS}")
        assert not panel_is_open(plain)
        plain.locator("summary.search-filters__summary").click()
        assert panel_is_open(plain)
        assert plain.locator(".search-facets input[type=checkbox]").first.is_visible()
        plain.context.close()

    # axe on the new layout at phone width, with the panel closed and open (one demo load).
    tab = new_tab(browser, PHONE, bypass_csp=True)  # axe is injected as an inline script
    failures = []
    for path in AXE_PAGES:
        assert tab.goto(demo_site + path).status == 200, path
        for state in ("closed", "open"):
            if state == "open":
                tab.locator("summary.search-filters__summary").click()
                assert panel_is_open(tab), path
            violations = run_axe(tab)
            if violations:
                failures.append(describe_violations(f"{path} (panel {state})", violations))
    tab.context.close()
    assert not failures, "\n\n".join(failures)
