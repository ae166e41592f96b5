"""The facet checkboxes written by ``{% facet_options %}`` (search/templatetags)."""

from django.template import Context, Template
from django.utils import translation

from search.facets import FacetOption


def render(options, name="life_situation"):
    template = Template("{% load search_facets %}{% facet_options name options %}")
    return template.render(Context({"name": name, "options": options}))


def test_each_option_is_a_labelled_checkbox_with_its_count():
    with translation.override("da"):
        html = render(
            [FacetOption("angst", "Angst", 1234, True), FacetOption("sorg", "Sorg", 3, False)]
        )
    assert (
        '<input class="form-checkbox" type="checkbox" id="facet-life_situation-angst"'
        ' name="life_situation" value="angst" checked>'
    ) in html
    assert '<label for="facet-life_situation-angst">Angst (1.234)</label>' in html
    assert 'value="sorg">' in html
    assert html.count("<li ") == 2


def test_labels_and_values_are_escaped():
    html = render([FacetOption('x"><script>', "<b>Gæld</b>", 1, False)], name="offer_kind")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Gæld&lt;/b&gt; (1)" in html
    assert 'value="x&quot;&gt;&lt;script&gt;"' in html
