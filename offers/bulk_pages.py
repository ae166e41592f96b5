"""Create many published pages below one parent in a handful of queries.

Wagtail creates a page with ``parent.add_child()`` and publishes it with
``save_revision().publish()``: about 150 queries and several signals per page, so a national
import of 50,000 offers would take hours. :func:`add_published_children` writes the same rows
Wagtail would (the tree path, the page and its specific row, one revision that is both latest and
live, the many-to-many rows, the "created" and "published" log entries, the parent's child
count) in batches, inside the caller's transaction.

What the per-page signals would otherwise do is the caller's job, once for the whole batch: the
search index (:func:`deferred_search_index`), the search lexicon, the page cache.
The reference index (the admin's "usage") is written here, in bulk, as Wagtail would.
After a large batch the tables written are vacuumed and analysed (:func:`tidy_after_commit`).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, router, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
#: From this many objects written in one go, tidy their tables once the transaction commits.
TIDY_FROM = 1000

#: Sent (sender: the page model, ``instances``: the pages) after a batch of pages was added live
#: by :func:`add_published_children`, in place of one ``page_published`` per page.
pages_published_in_bulk = Signal()

#: Page's own columns; the specific model's columns go to its own table.
PAGE_FIELDS = [f for f in Page._meta.concrete_fields if not f.primary_key]


def _insert_specific_rows(model, instances, using):
    """INSERT the specific table's rows (``page_ptr_id`` already set) in batches.

    ``QuerySet.bulk_create`` refuses multi-table inheritance, because it cannot insert the
    parent rows and learn their keys in one go; here the Page rows are already inserted, so the
    child rows are a plain multi-row INSERT, which is what ``bulk_create`` itself does through
    the manager's ``_insert``.
    """
    fields = list(model._meta.local_concrete_fields)
    manager = model._base_manager.using(using)
    for start in range(0, len(instances), BATCH_SIZE):
        manager._insert(instances[start : start + BATCH_SIZE], fields=fields, using=using)


def add_published_children(parent: Page, pages: list[Page], *, user=None) -> list[Page]:
    """Add ``pages`` (unsaved instances of one specific page model, slugs set and unique among
    the parent's children) as live children of ``parent``, last in order.

    Many-to-many values may be set on the instances beforehand with ``.set()`` (modelcluster
    keeps them in memory). Returns the pages with their keys. Must run inside a transaction.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("add_published_children takes pages of one model at a time.")
    using = router.db_for_write(model)
    if not connections[using].in_atomic_block:
        raise RuntimeError("add_published_children must run inside transaction.atomic().")

    # Lock the parent so that no other writer takes the same tree positions meanwhile.
    given_parent = parent
    parent = Page.objects.using(using).select_for_update().get(pk=parent.pk)
    depth = parent.depth + 1
    last_path = (
        Page.objects.using(using)
        .filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0

    now = timezone.now()
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    page_type = ContentType.objects.db_manager(using).get_for_model(Page)
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.draft_title = page.title
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now
        page.owner = page.owner if page.owner_id else user

    base_rows = Page.objects.using(using).bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in PAGE_FIELDS}) for page in pages],
        batch_size=BATCH_SIZE,
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = page.id = page.page_ptr_id = row.pk
        # A new page has no child objects (comments, ...): say so, or serialising it for its
        # revision and finding its references would look each one up.
        for relation in get_all_child_relations(model):
            setattr(page, relation.get_accessor_name(), [])
    _insert_specific_rows(model, pages, using)

    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        through.objects.using(using).bulk_create(
            [
                through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                for page in pages
                for item in getattr(page, field.name).all()
            ],
            batch_size=BATCH_SIZE * 2,
        )

    revisions = Revision.objects.using(using).bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                object_str=str(page)[:255],
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=BATCH_SIZE,
    )
    for page, row, revision in zip(pages, base_rows, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        row.latest_revision = row.live_revision = revision
    Page.objects.using(using).bulk_update(
        base_rows, ["latest_revision", "live_revision"], batch_size=BATCH_SIZE
    )
    Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    # treebeard trusts an instance's numchild (add_child, move): keep the caller's one true.
    given_parent.numchild = parent.numchild + len(pages)

    PageLogEntry.objects.using(using).bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                label=page.get_admin_display_title()[:255],
                action=action,
                data={},
                timestamp=now,
                user=user,
                revision=page.live_revision if action == "wagtail.publish" else None,
                content_changed=True,
            )
            for page in pages
            for action in ("wagtail.create", "wagtail.publish")
        ],
        batch_size=BATCH_SIZE,
    )
    index_references(pages, using)
    return pages


def index_references(objects, using="default"):
    """Wagtail's reference index (the admin's "usage") for new objects of one model, in one
    bulk insert.

    ``ReferenceIndex.create_or_update_for_object`` (run on every save) does this one object at a
    time and first looks for existing rows; new objects have none. The references themselves
    are found by the same method Wagtail uses.
    """
    if not objects:
        return
    model = type(objects[0])
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    root = model._meta.get_parent_list()[-1] if model._meta.get_parent_list() else model
    base_content_type = ContentType.objects.db_manager(using).get_for_model(root)
    ReferenceIndex.objects.using(using).bulk_create(
        [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=obj.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for obj in objects
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(obj)
            )
        ],
        batch_size=BATCH_SIZE * 2,
        ignore_conflicts=True,
    )


@contextmanager
def deferred_search_index(model, chunk_size=500):
    """Index what an import writes once, in bulk, at the end, instead of on every save.

    Wagtail's search index (modelsearch) updates an offer's index entry on every save, and an
    imported offer is saved three times (created, revision, published): most of an import's
    time. Inside this block the per-save update is switched off for ``model`` in this process;
    the offers saved meanwhile are indexed afterwards in chunks, also when the import fails
    half-way (the rows written before the failure are in the database and must be found).
    """
    touched = set()

    def remember(instance, **kwargs):
        touched.add(instance.pk)

    was_connected = post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(remember, sender=model, weak=False, dispatch_uid="deferred-search-index")
    try:
        yield touched
    finally:
        post_save.disconnect(sender=model, dispatch_uid="deferred-search-index")
        if was_connected:
            post_save.connect(post_save_signal_handler, sender=model)
        ids = sorted(touched)
        for backend in get_search_backends(with_auto_update=True):
            for start in range(0, len(ids), chunk_size):
                chunk = list(
                    model.get_indexed_objects().filter(pk__in=ids[start : start + chunk_size])
                )
                if chunk:
                    backend.add_bulk(model, chunk)
        if len(ids) >= TIDY_FROM:
            tidy_after_commit(model)


def tidy_after_commit(model, using="default"):
    """Once the transaction commits, ``VACUUM (ANALYZE)`` the tables a bulk write of ``model``
    filled: its own and its parents' tables, its many-to-many tables and the search index.

    PostgreSQL's autovacuum does the same within minutes; until then a search right after an
    import of thousands of offers reads new rows through the search index's pending list
    (GIN's fast update) and every row's visibility from the table itself, and the planner
    knows nothing of them: the national search for "angst" at 50,000 offers took 204 ms in
    the database instead of 123. Only on PostgreSQL; a failure (a database user that does not
    own the tables, say) is logged and the import stands."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    tables = [IndexEntry._meta.db_table]
    for cls in (model, *model._meta.get_parent_list()):
        tables.append(cls._meta.db_table)
        tables.extend(f.remote_field.through._meta.db_table for f in cls._meta.local_many_to_many)
    # One VACUUM for everything the transaction wrote (an import indexes offers and
    # organisations: the search index once): the first callback takes every pending table.
    _untidy.setdefault(using, {}).update(dict.fromkeys(tables))

    def tidy():
        names = ", ".join(connection.ops.quote_name(t) for t in _untidy.pop(using, {}))
        if not names:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {names}")
        except DatabaseError:
            logger.warning("VACUUM (ANALYZE) after a bulk write of %s failed", model.__name__)

    transaction.on_commit(tidy, using=using)


#: {database alias: tables written in bulk and not yet tidied} (``tidy_after_commit``). A
#: rolled-back transaction's tables stay until the next tidy, which then does them too.
_untidy: dict[str, dict[str, None]] = {}
