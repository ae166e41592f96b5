"""Quick exit ("Forlad siden") in real Chromium at 375×740 under the site's own Content Security
Policy: visible at the top of an offer about violence and of its searches, and still at the top
when the page scrolls; a click or Escape pressed twice replaces the page with the neutral site
(``SOCIALKOMPAS_QUICK_EXIT_URL``, here a page of the live server), so the history holds no
entry for the offer and "back" skips it; without JavaScript a plain link. Not shown on other
pages. axe finds nothing on the pages with the button."""

import pytest

from tests.e2e.conftest import describe_violations, run_axe
from tests.e2e.test_search_phone import PHONE, box, new_tab

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIOLENCE_OFFER = "/kolding/krisecenter-og-raadgivning-for-kvinder-udsat-for-vold/"
VIOLENCE_PAGES = [VIOLENCE_OFFER, "/kolding/soeg/?life_situation=vold", "/soeg/?q=vold"]
CALM_PAGES = ["/kolding/", "/kolding/sorggruppe-for-voksne/", "/kolding/soeg/?q=sorg"]
NEUTRAL_PATH = "/om-socialkompas/"


@pytest.fixture
def neutral(demo_site, settings):
    settings.SOCIALKOMPAS_QUICK_EXIT_URL = demo_site + NEUTRAL_PATH
    return settings.SOCIALKOMPAS_QUICK_EXIT_URL


def exit_button(tab):
    return tab.get_by_role("link", name="Forlad siden", exact=True)


def test_quick_exit_leaves_at_once(demo_site, neutral, browser):
    tab = new_tab(browser, PHONE)
    for path in VIOLENCE_PAGES:
        assert tab.goto(demo_site + path).status == 200, path
        button = exit_button(tab)
        assert button.count() == 1, path
        assert button.is_visible(), path
        found = box(button)
        assert found["y"] >= 0 and found["y"] + found["height"] <= 120, (path, found)
        assert found["height"] >= 44, (path, found)  # a target a thumb can hit
        assert button.get_attribute("href") == neutral
        assert button.get_attribute("rel") == "noreferrer"
    for path in CALM_PAGES:
        assert tab.goto(demo_site + path).status == 200, path
        assert exit_button(tab).count() == 0, path

    # It covers nothing at the top and stays there while the page scrolls.
    tab.goto(demo_site + VIOLENCE_OFFER)
    bar = box(tab.locator(".quick-exit"))
    assert box(tab.locator(".site-header"))["y"] >= bar["y"] + bar["height"] - 1
    tab.mouse.wheel(0, 1500)
    tab.wait_for_function("() => window.scrollY > 1000")
    assert 0 <= box(exit_button(tab))["y"] < 60

    # A click: the neutral site replaces the offer; back goes to the page before it.
    tab.goto(demo_site + "/kolding/")
    tab.goto(demo_site + VIOLENCE_OFFER)
    length = tab.evaluate("history.length")
    exit_button(tab).click()
    tab.wait_for_url(neutral)
    assert tab.evaluate("history.length") == length  # replaced, not added
    tab.go_back()
    tab.wait_for_load_state("load")
    assert tab.url == demo_site + "/kolding/", tab.url

    # Escape twice: the same. Once is not enough.
    tab.goto(demo_site + VIOLENCE_OFFER)
    length = tab.evaluate("history.length")
    tab.keyboard.press("Escape")
    tab.wait_for_timeout(300)
    assert tab.url == demo_site + VIOLENCE_OFFER
    tab.keyboard.press("Escape")
    tab.wait_for_url(neutral)
    assert tab.evaluate("history.length") == length
    tab.go_back()
    tab.wait_for_load_state("load")
    assert tab.url == demo_site + "/kolding/", tab.url

    # By keyboard: the first stop after the skip link, with a visible focus ring.
    tab.goto(demo_site + VIOLENCE_OFFER)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Forlad siden"
    assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    tab.keyboard.press("Enter")
    tab.wait_for_url(neutral)
    assert tab.problems == [], tab.problems  # no CSP violation, no script error
    tab.context.close()

    # Without JavaScript: a plain link to the neutral site.
    plain = new_tab(browser, PHONE, java_script_enabled=False)
    plain.goto(demo_site + VIOLENCE_OFFER)
    assert exit_button(plain).is_visible()
    exit_button(plain).click()
    plain.wait_for_url(neutral)
    plain.context.close()

    # axe at phone width on the pages with the button.
    tab = new_tab(browser, PHONE, bypass_csp=True)  # axe is injected as an inline script
    failures = []
    for path in VIOLENCE_PAGES:
        assert tab.goto(demo_site + path).status == 200, path
        violations = run_axe(tab)
        if violations:
            failures.append(describe_violations(path, violations))
    tab.context.close()
    assert not failures, "\n\n".join(failures)
