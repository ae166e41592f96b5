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


OFFER = "/kolding/sorggruppe-for-voksne/"
ACTIONS = ["Ring", "Send e-mail", "Hjemmeside", "Vis på kort", "Del", "Læg på min liste"]


def test_offer_page_actions_on_the_first_screen(demo_site, browser):
    tab = new_tab(browser, PHONE)
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    assert tab.goto(demo_site + OFFER).status == 200
    tab.wait_for_load_state("networkidle")
    # Nothing from another site until a link is followed (the map is a link to OpenStreetMap).
    assert requested and all(url.startswith(demo_site) for url in requested), requested
    for name in ACTIONS:
        link = (
            tab.locator(".offer-actions")
            .get_by_role("link", name=name)
            .or_(tab.locator(".offer-actions").get_by_role("button", name=name))
        )
        found = on_first_screen(tab, link.first, f"{OFFER}: {name}")
        assert found["height"] >= 44, name
    assert tab.locator(".offer-actions a[href^='tel:']").get_attribute("href") == "tel:+4500001001"
    assert (
        tab.locator("[data-map-link]")
        .get_attribute("href")
        .startswith("https://www.openstreetmap.org/?mlat=")
    )
    # "Læg på min liste" in the actions works as everywhere.
    tab.locator(".offer-actions [data-shortlist-toggle]").click()
    assert tab.locator("[data-shortlist-link]").inner_text() == "Min liste (1)"
    assert tab.problems == [], tab.problems
    tab.context.close()

    # "Del": the phone's own sharing where there is one ...
    tab = new_tab(browser, PHONE)
    tab.add_init_script(
        """window.__shared = [];
        Object.defineProperty(Navigator.prototype, "share", {configurable: true,
            value: function (data) { window.__shared.push(data); return Promise.resolve(); }});"""
    )
    tab.goto(demo_site + OFFER)
    tab.get_by_role("button", name="Del", exact=True).click()
    shared = tab.evaluate("window.__shared")
    assert len(shared) == 1 and shared[0]["url"].endswith(OFFER), shared
    assert shared[0]["title"] == "Sorggruppe for voksne"
    assert tab.url == demo_site + OFFER
    tab.context.close()

    # ... else the link is copied.
    tab = new_tab(browser, PHONE)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
    tab.add_init_script(
        """Object.defineProperty(Navigator.prototype, "share",
            {configurable: true, value: undefined});"""
    )
    tab.goto(demo_site + OFFER)
    tab.get_by_role("button", name="Del", exact=True).click()
    status = tab.locator("[data-share-status]")
    status.filter(has_text="Linket er kopieret.").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()").endswith(OFFER)
    tab.context.close()

    # Without JavaScript "Del" writes an e-mail.
    plain = new_tab(browser, PHONE, java_script_enabled=False)
    plain.goto(demo_site + OFFER)
    share = plain.get_by_role("link", name="Del", exact=True)
    assert share.get_attribute("href").startswith("mailto:?subject=Sorggruppe")
    plain.context.close()

    tab = new_tab(browser, PHONE, bypass_csp=True)  # axe is injected as an inline script
    tab.goto(demo_site + OFFER)
    violations = run_axe(tab)
    tab.context.close()
    assert not violations, describe_violations(OFFER, violations)
