"""Open data in Open Referral's Human Services Data Specification (HSDS 3.0).

- ``ids``: the stable UUIDs of what we export (never changing for an offer);
- ``vocabulary``: our vocabulary as HSDS taxonomies and terms (slugs as term codes);
- ``export``: our offers, organisations and terms as HSDS objects;
- ``params``: the API's query parameters, checked, with Danish messages;
- ``views``, ``urls``: the read-only API at ``/api/hsds/v3/`` (config/urls.py);
- ``reading`` and ``to_rows``: an HSDS feed read and turned into the CSV import's rows
  (``manage.py import_hsds``), so every rule of the CSV import applies.
"""
