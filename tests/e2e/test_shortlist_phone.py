"""Min liste on a phone (issue 16), in real Chromium under the site's own Content Security Policy:
a list with offers from two municipalities shows all of them, as many as the header counts; at
320 px the QR codes go below the text, which keeps its width and breaks no word; on a wide
screen they stand beside it."""

import re

import pytest

from tests.e2e.conftest import describe_violations, run_axe
from tests.e2e.test_search_phone import box, new_tab

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW = {"width": 320, "height": 740}
WIDE = {"width": 1280, "height": 900}

#: The words of the texts (links aside: an address or URL may break anywhere) that a line break
#: splits: each word's pieces on more than one line.
BROKEN_WORDS = """(root) => {
    const broken = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest("a, .visually-hidden")) continue;
        const re = /\\S+/g;
        let match;
        while ((match = re.exec(node.textContent))) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


def add_from(tab, url, municipality, count):
    """Put ``count`` offers of ``municipality`` on the list from its search page."""
    tab.goto(url)
    cards = tab.locator(".offer-card").filter(
        has=tab.locator(".offer-card__provider", has_text=f"· {municipality}")
    )
    assert cards.count() >= count, url
    for i in range(count):
        cards.nth(i).locator("[data-shortlist-toggle]").click()


def test_shortlist_across_municipalities_at_320px(demo_site, browser):
    tab = new_tab(browser, NARROW)
    add_from(tab, demo_site + "/kolding/soeg/", "Kolding", 2)
    add_from(tab, demo_site + "/mariagerfjord/soeg/", "Mariagerfjord", 1)
    header_link = tab.locator("[data-shortlist-link]")
    assert header_link.inner_text() == "Min liste (3)"

    for scope in ("/mariagerfjord/", "/kolding/"):
        tab.goto(demo_site + scope)
        with tab.expect_navigation():
            tab.locator("[data-shortlist-link]").click()
        tab.wait_for_url(re.compile(rf"{scope}min-liste/\?tilbud="))
        assert tab.locator(".shortlist-offer").count() == 3, scope
        assert tab.get_by_text("3 tilbud på listen.").count() == 1, scope
        assert tab.locator("[data-shortlist-link]").inner_text() == "Min liste (3)", scope
        providers = tab.locator(".shortlist-offer__provider").all_inner_texts()
        assert sum("Kolding" in p for p in providers) == 2, providers
        assert sum("Mariagerfjord" in p for p in providers) == 1, providers

    # At 320 px: the text keeps the width, the QR code is below it, no word is split.
    assert tab.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    offers = tab.locator(".shortlist-offer")
    for i in range(offers.count()):
        offer = offers.nth(i)
        text, qr = box(offer.locator(".shortlist-offer__text")), box(offer.locator(".qr"))
        assert text["width"] >= 250, text
        assert qr["y"] >= text["y"] + text["height"], (text, qr)
        broken = offer.locator(".shortlist-offer__text").evaluate(BROKEN_WORDS)
        assert broken == [], broken
    assert tab.problems == [], tab.problems

    # On a wide screen the QR code stands beside the text.
    tab.set_viewport_size(WIDE)
    first = offers.first
    text, qr = box(first.locator(".shortlist-offer__text")), box(first.locator(".qr"))
    assert qr["x"] >= text["x"] + text["width"] and qr["y"] < text["y"] + text["height"]
    url = tab.url
    tab.context.close()

    tab = new_tab(browser, NARROW, bypass_csp=True)  # axe is injected as an inline script
    tab.goto(url)
    violations = run_axe(tab)
    tab.context.close()
    assert not violations, describe_violations(url, violations)
