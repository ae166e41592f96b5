"""Near me and autocomplete in a real browser, under the site's own Content Security Policy."""

import pytest

KOLDING = {"latitude": 55.4904, "longitude": 9.4722}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_near_me_and_autocomplete_in_the_browser(demo_site, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="da-DK",
        geolocation=KOLDING,
        permissions=["geolocation"],
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    problems = []
    tab.on("console", lambda m: m.type == "error" and problems.append(m.text))
    tab.on("pageerror", lambda e: problems.append(str(e)))

    # "Brug min placering": the browser's position (with consent), rounded, sorts by distance.
    tab.goto(f"{demo_site}/kolding/soeg/?q=sorg")
    tab.get_by_role("button", name="Brug min placering").click()
    tab.wait_for_url("**near=55.490%2C9.472**")
    assert "Nær din placering" in tab.content()
    distances = tab.locator(".offer-distance").all_inner_texts()
    assert distances and all("km" in d for d in distances)

    # A postcode typed by hand does the same without JavaScript's help.
    tab.goto(f"{demo_site}/kolding/soeg/")
    tab.get_by_label("Dit postnummer").fill("6000")
    tab.get_by_role("button", name="Vis resultater").click()
    tab.wait_for_url("**postcode=6000**")
    assert "Nær 6000 Kolding" in tab.content()

    # Autocomplete: the search box gets the browser's own suggestion list.
    search = tab.locator('form[role="search"] input[name="q"]').first
    search.fill("sorggr")
    tab.wait_for_function(
        """() => {
            const input = document.querySelector('form[role="search"] input[name="q"]');
            const list = input.list;
            return list && list.options.length > 0;
        }"""
    )
    options = tab.evaluate(
        """() => [...document.querySelector('form[role="search"] input[name="q"]').list.options]
            .map(o => o.value)"""
    )
    assert any(o.startswith("Sorggruppe") for o in options)
    assert problems == [], problems  # no CSP violation, no script error
    context.close()
