"""In real Chromium, with the site's own Content Security Policy in force: no violation on the
citizen pages, and Min liste works with JavaScript (localStorage) as well as without."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/kolding/",
    "/kolding/soeg/?q=sorg",
    "/kolding/sorggruppe-for-voksne/",
    "/kolding/sorggruppe-for-voksne/fejl/",
    "/kolding/opret-tilbud/",
    "/kolding/min-liste/",
    "/kolding/plakat/",
    "/kolding/postkort/",
]


@pytest.fixture
def strict_tab(browser):
    """A tab that keeps the site's policy (no bypass) and records what it blocks."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.problems = []
    tab.on(
        "console",
        lambda message: (
            tab.problems.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on(
        "response",
        lambda response: (
            tab.problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    tab.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
        });"""
    )
    yield tab
    context.close()


def real_problems(tab):
    """Errors, warnings and failed requests, but the browser's own /favicon.ico request (its
    404 is logged once as "Failed to load resource"; other failed requests are listed by URL)."""
    return [p for p in tab.problems if not p.startswith("Failed to load resource")]


def test_citizen_pages_pass_the_content_security_policy(demo_site, strict_tab):
    for path in PAGES:
        response = strict_tab.goto(demo_site + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        strict_tab.wait_for_load_state("load")
    violations = [p for p in strict_tab.problems if "Content Security Policy" in p or "CSP" in p]
    assert not violations, violations
    assert not real_problems(strict_tab), strict_tab.problems


def test_shortlist_with_javascript(demo_site, strict_tab):
    tab = strict_tab
    tab.goto(demo_site + "/kolding/soeg/")
    buttons = tab.locator("[data-shortlist-toggle]")
    assert buttons.count() >= 3
    header_link = tab.locator("[data-shortlist-link]")
    assert header_link.is_hidden()

    chosen = [buttons.nth(i).get_attribute("data-shortlist-toggle") for i in range(3)]
    for i in range(3):
        buttons.nth(i).click()
    assert "is-on" in buttons.nth(0).get_attribute("class")
    assert "Fjern fra min liste" in buttons.nth(0).inner_text()
    assert header_link.is_visible()
    assert header_link.inner_text() == "Min liste (3)"
    # Clicking again takes the offer off.
    buttons.nth(2).click()
    assert header_link.inner_text() == "Min liste (2)"
    # One list for the site: on the national pages it is the national list page's.
    tab.goto(demo_site + "/")
    assert tab.locator("[data-shortlist-link]").inner_text() == "Min liste (2)"
    assert (
        tab.locator("[data-shortlist-link]").get_attribute("href").startswith("/min-liste/?tilbud=")
    )
    tab.go_back()

    header_link.click()
    tab.wait_for_url(re.compile(r"/kolding/min-liste/\?tilbud="))
    assert tab.url.endswith(f"?tilbud={chosen[0]}&tilbud={chosen[1]}")
    assert tab.locator(".shortlist-offer").count() == 2
    assert tab.locator(".shortlist-offer svg.qr").count() == 2
    assert tab.locator("[data-shortlist-copy]").is_visible()
    assert tab.locator("[data-print]").is_visible()
    assert tab.locator("#shortlist-share-url").input_value() == tab.url

    # Remove one: the address and the remembered list follow.
    tab.locator(f'[data-shortlist-remove="{chosen[0]}"]').click()
    tab.wait_for_url(re.compile(rf"\?tilbud={chosen[1]}$"))
    assert tab.locator(".shortlist-offer").count() == 1

    # Without a list in the address, the remembered one opens.
    tab.goto(demo_site + "/kolding/min-liste/")
    tab.wait_for_url(re.compile(rf"\?tilbud={chosen[1]}$"))

    # "Ryd listen" empties it.
    tab.locator("[data-shortlist-clear]").click()
    tab.wait_for_load_state("load")
    assert tab.locator("[data-shortlist-empty]").count() == 1
    assert tab.evaluate("() => Object.keys(localStorage).length") == 0
    assert not real_problems(tab), tab.problems


A4 = (595, 842)
A6 = (298, 420)


def pdf_pages(pdf):
    """How many pages a PDF made by Chromium has, and their sizes in points (rounded)."""
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)
    return count, {tuple(round(float(n)) for n in box.split()[2:4]) for box in boxes}


def test_printed_list_poster_and_postcard(demo_site, browser, strict_tab):
    """Three offers print on one A4 page; the poster on one A4 sheet, the postcard on one A6."""
    tab = strict_tab
    tab.goto(demo_site + "/kolding/soeg/")
    ids = tab.eval_on_selector_all(
        "[data-shortlist-toggle]", "els => els.slice(0, 3).map(e => e.dataset.shortlistToggle)"
    )
    tab.goto(demo_site + "/kolding/min-liste/?" + "&".join(f"tilbud={i}" for i in ids))
    tab.emulate_media(media="print")
    assert tab.locator(".site-header").is_hidden()
    assert tab.locator(".shortlist__share").is_hidden()
    assert tab.locator(".shortlist-offer svg.qr").count() == 3
    assert tab.locator(".shortlist__list-qr").is_visible()
    assert pdf_pages(tab.pdf(prefer_css_page_size=True)) == (1, {A4})

    for path, size in [("/kolding/plakat/", A4), ("/kolding/postkort/", A6)]:
        context = browser.new_context()
        sheet = context.new_page()
        sheet.goto(demo_site + path)
        assert sheet.locator("[data-print]").is_visible(), path
        assert pdf_pages(sheet.pdf(prefer_css_page_size=True)) == (1, {size}), path
        context.close()
