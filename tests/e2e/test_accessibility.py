"""WCAG 2.1 AA in a real browser: axe-core on the public pages, and the search done by keyboard."""

import re

import pytest

from tests.e2e.conftest import describe_violations, run_axe

OFFER = "/kolding/sorggruppe-for-voksne/"
# live_server makes these tests transactional; serialized_rollback puts back what the
# migrations created (root page, groups) for the tests that run after them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/kolding/",
    "/kolding/soeg/?q=angst&life_situation=angst",
    "/kolding/soeg/?q=xqzvw",
    OFFER,
    f"{OFFER}fejl/",
]


def submit_empty(page, base_url, path, form_selector):
    page.goto(base_url + path)
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").click()


def test_public_pages_have_no_axe_violations(demo_site, page):
    """One demo load for all pages: each page is audited and every violation is reported."""
    failures, counts = [], {}
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        violations = run_axe(page)
        counts[path] = len(violations)
        if violations:
            failures.append(describe_violations(path, violations))

    # The forms, posted empty in the browser so that the error summary and field errors show.
    forms = [("/kolding/opret-tilbud/", "form.offer-form"), (f"{OFFER}fejl/", "form.public-form")]
    for path, form in forms:
        submit_empty(page, demo_site, path, form)
        assert page.locator(".error-summary").count() == 1, f"{path}: no error summary"
        violations = run_axe(page)
        counts[f"{path} (POST)"] = len(violations)
        if violations:
            failures.append(describe_violations(f"{path} (posted empty)", violations))

    print("axe violations per page:", counts)
    assert not failures, "\n\n".join(failures)


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el ? {tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "",
                         name: el.name || "", href: el.getAttribute("href") || "",
                         inFacets: !!el.closest(".search-facets"),
                         inCard: !!el.closest(".offer-card h3"),
                         text: (el.textContent || "").trim()} : null;
        }"""
    )


def tab_until(page, wanted, what, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and wanted(element):
            return element
    raise AssertionError(f"Tab never reached {what} (last focus: {focused(page)})")


def has_focus_indicator(page):
    """The focused element (or, for dkfds's checkboxes, its label's box) shows an outline."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const visible = style => style && style.outlineStyle !== "none"
                && parseFloat(style.outlineWidth) >= 2 || (style && style.boxShadow !== "none");
            if (visible(getComputedStyle(el))) return true;
            const label = el.id && document.querySelector(`label[for="${el.id}"]`);
            return !!label && visible(getComputedStyle(label, "::before"));
        }"""
    )


def test_search_by_keyboard_only(demo_site, page):
    page.goto(demo_site + "/kolding/")

    tab_until(page, lambda el: el["tag"] == "input" and el["name"] == "q", "the search box")
    assert has_focus_indicator(page), "the search box shows no focus indicator"
    page.keyboard.type("angst")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/kolding/soeg/" in page.url and "q=angst" in page.url

    checkbox = tab_until(
        page, lambda el: el["type"] == "checkbox" and el["inFacets"], "a facet checkbox"
    )
    assert has_focus_indicator(page), "the facet checkbox shows no focus indicator"
    page.keyboard.press("Space")
    assert page.locator(f"#{checkbox['id']}").is_checked()

    tab_until(
        page,
        lambda el: el["tag"] == "button" and el["type"] == "submit" and el["inFacets"],
        "the facet form's button",
    )
    assert has_focus_indicator(page), "the facet form's button shows no focus indicator"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(rf"[?&]{re.escape(checkbox['name'])}=", page.url), page.url
    assert "q=angst" in page.url

    link = tab_until(page, lambda el: el["tag"] == "a" and el["inCard"], "an offer's link")
    assert has_focus_indicator(page), "the offer link shows no focus indicator"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(link["href"])
    assert page.locator("h1").inner_text().strip() == link["text"]
