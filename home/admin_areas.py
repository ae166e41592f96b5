"""What of Wagtail's own admin a local administrator may open (``home.admin_access``).

Their daily work: the dashboard and their account; their municipality's pages (explorer, editor,
preview, history, revisions, the approval workflow, translation); the images and documents of
their collection; the page, image, document and vocabulary choosers; the reports about their
pages. Not here, so closed: users, groups, sites, collections, locales, workflows, settings,
redirects, search promotions, the vocabulary and synonyms, the admin API for images and
documents, bulk actions, tag autocompletion (tags of every collection), the page types and site
history and translations reports (they list objects of every municipality), embeds (no block
uses them), the Django admin.

The offers and search apps register their own areas in their ``wagtail_hooks``.
"""

from .admin_access import (
    AdminArea,
    any_value,
    document_in_scope,
    image_in_scope,
    one_of,
    own_editing_session,
    own_upload,
    page_in_scope,
    page_in_scope_or_above,
    pages_in_chooser_scope,
    revision_of_page,
    revision_to_compare,
    segment_of_translation,
    task_state_of_page,
    translation_in_scope,
    translation_source_in_scope,
    workflow_state_of_page,
)

PAGE = {"page_id": page_in_scope}
PAGE_TYPE = {"content_type_app_name": any_value, "content_type_model_name": any_value}
NAVIGATE = {"parent_page_id": page_in_scope_or_above}


def _areas(names, **rule):
    return [AdminArea(name, **rule) for name in names]


ACCOUNT = _areas(
    [
        "wagtailadmin_home",
        "wagtailadmin_account",
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_dismissibles",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "wagtailadmin_block_preview",
        "wagtail_modeladmin:javascript_catalog",
        "wagtail_localize:javascript_catalog",
    ]
) + [
    AdminArea(
        "wagtailadmin_password_reset_confirm", kwargs={"uidb64": any_value, "token": any_value}
    ),
    AdminArea(
        "wagtailadmin_editing_sessions:ping",
        kwargs={
            "app_label": one_of("wagtailcore"),
            "model_name": one_of("page"),
            "object_id": page_in_scope,
            "session_id": own_editing_session,
        },
    ),
    AdminArea("wagtailadmin_editing_sessions:release", kwargs={"session_id": own_editing_session}),
]

PAGES = (
    _areas(
        [
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:preview_on_edit",
            "wagtailadmin_pages:view_draft",
            "wagtailadmin_pages:usage",
            "wagtailadmin_pages:delete",
            "wagtailadmin_pages:unpublish",
            "wagtailadmin_pages:copy",
            "wagtailadmin_pages:lock",
            "wagtailadmin_pages:unlock",
            "wagtailadmin_pages:set_privacy",
            "wagtailadmin_pages:history",
            "wagtailadmin_pages:history_results",
            "wagtailadmin_pages:revisions_index",
            "wagtailadmin_pages:workflow_history",
            "wagtailadmin_pages:confirm_workflow_cancellation",
            "wagtail_localize:submit_page_translation",
            "wagtail_localize:convert_to_alias",
        ],
        kwargs=PAGE,
    )
    + _areas(
        [
            "wagtailadmin_pages:revisions_view",
            "wagtailadmin_pages:revisions_revert",
            "wagtailadmin_pages:revisions_unschedule",
        ],
        kwargs={**PAGE, "revision_id": revision_of_page},
    )
    + _areas(
        ["wagtailadmin_pages:workflow_action", "wagtailadmin_pages:collect_workflow_action_data"],
        kwargs={**PAGE, "action_name": any_value, "task_state_id": task_state_of_page},
    )
    + _areas(
        ["wagtailadmin_pages:add", "wagtailadmin_pages:preview_on_add"],
        kwargs={**PAGE_TYPE, "parent_page_id": page_in_scope},
    )
    + _areas(
        ["wagtailadmin_explore", "wagtailadmin_explore_results"],
        kwargs=NAVIGATE,
    )
    + _areas(["wagtailadmin_explore_root", "wagtailadmin_pages:search"])
    + _areas(["wagtailadmin_pages:search_results"])
    + [
        AdminArea("wagtailadmin_pages:add_subpage", kwargs={"parent_page_id": page_in_scope}),
        AdminArea("wagtailadmin_pages:workflow_preview", kwargs={**PAGE, "task_id": any_value}),
        AdminArea(
            "wagtailadmin_pages:workflow_history_detail",
            kwargs={**PAGE, "workflow_state_id": workflow_state_of_page},
        ),
        AdminArea(
            "wagtailadmin_pages:revisions_compare",
            kwargs={
                "pk": page_in_scope,
                "revision_id_a": revision_to_compare,
                "revision_id_b": revision_to_compare,
            },
        ),
        AdminArea("wagtailadmin_pages:move", kwargs={"page_to_move_id": page_in_scope}),
        AdminArea(
            "wagtailadmin_pages:move_confirm",
            kwargs={"page_to_move_id": page_in_scope, "destination_id": page_in_scope},
        ),
        AdminArea(
            "wagtailadmin_pages:set_page_position", kwargs={"page_to_move_id": page_in_scope}
        ),
        # The sidebar's page explorer; Wagtail limits it to the pages the user may explore.
        AdminArea("wagtailadmin_api:pages:listing"),
        AdminArea("wagtailadmin_api:pages:detail", kwargs={"pk": page_in_scope_or_above}),
        AdminArea("wagtailadmin_api:pages:find"),
    ]
)

PAGE_CHOOSER = _areas(
    [
        "wagtailadmin_choose_page",
        "wagtailadmin_choose_page_search",
        "wagtailadmin_choose_page_external_link",
        "wagtailadmin_choose_page_email_link",
        "wagtailadmin_choose_page_phone_link",
        "wagtailadmin_choose_page_anchor_link",
    ]
) + [
    AdminArea("wagtailadmin_choose_page_child", kwargs=NAVIGATE),
    AdminArea("wagtailadmin_choose_page_chosen_multiple", query={"id": pages_in_chooser_scope}),
]


def _collection_areas(app, item, object_kwarg, in_scope, multiple_kwarg, extra=()):
    return (
        _areas([f"{app}:index", f"{app}:index_results", f"{app}:add", f"{app}:add_multiple"])
        + _areas(
            [f"{app}:edit", f"{app}:delete", *extra],
            kwargs={object_kwarg: in_scope},
        )
        + _areas(
            [f"{app}:edit_multiple", f"{app}:delete_multiple"],
            kwargs={multiple_kwarg: in_scope},
        )
        + _areas(
            [f"{app}:create_multiple_from_uploaded_{item}", f"{app}:delete_upload_multiple"],
            kwargs={"uploaded_file_id": own_upload},
        )
        + _areas(
            [f"{app}_chooser:choose", f"{app}_chooser:choose_results", f"{app}_chooser:create"]
        )
        + [
            AdminArea(f"{app}_chooser:chosen", kwargs={"pk": in_scope}),
            AdminArea(f"{app}_chooser:chosen_multiple", query={"id": in_scope}),
        ]
    )


IMAGES = _collection_areas(
    "wagtailimages",
    "image",
    "image_id",
    image_in_scope,
    "image_id",
    extra=["wagtailimages:url_generator", "wagtailimages:url_generator_output"],
) + [
    AdminArea("wagtailimages:image_usage", kwargs={"image_id": image_in_scope}),
    AdminArea(
        "wagtailimages:preview", kwargs={"image_id": image_in_scope, "filter_spec": any_value}
    ),
    AdminArea("wagtailimages_chooser:select_format", kwargs={"image_id": image_in_scope}),
]

DOCUMENTS = _collection_areas(
    "wagtaildocs", "document", "document_id", document_in_scope, "doc_id"
) + [
    AdminArea("wagtaildocs:document_usage", kwargs={"document_id": document_in_scope}),
]

#: The shared vocabulary is public: its choosers (front page blocks) show nothing private.
VOCABULARY_CHOOSERS = [
    area
    for model in ("lifesituation", "targetgroup", "offerkind", "providertype", "language")
    for area in _areas(
        [
            f"wagtailsnippetchoosers_offers_{model}:choose",
            f"wagtailsnippetchoosers_offers_{model}:choose_results",
        ]
    )
    + [
        AdminArea(f"wagtailsnippetchoosers_offers_{model}:chosen", kwargs={"pk": any_value}),
        AdminArea(f"wagtailsnippetchoosers_offers_{model}:chosen_multiple"),
    ]
]

#: Translating the user's pages (wagtail-localize's editor is the page editor of the translation).
TRANSLATION = _areas(
    [
        f"wagtail_localize:{name}"
        for name in (
            "download_pofile",
            "upload_pofile",
            "machine_translate",
            "preview_translation",
            "stop_translation",
        )
    ],
    kwargs={"translation_id": translation_in_scope, "mode": any_value},
) + [
    AdminArea(
        "wagtail_localize:update_translations",
        kwargs={"translation_source_id": translation_source_in_scope},
    ),
    AdminArea(
        "wagtail_localize:edit_string_translation",
        kwargs={
            "translation_id": translation_in_scope,
            "string_segment_id": segment_of_translation("StringSegment"),
        },
    ),
    AdminArea(
        "wagtail_localize:edit_override",
        kwargs={
            "translation_id": translation_in_scope,
            "overridable_segment_id": segment_of_translation("OverridableSegment"),
        },
    ),
]

#: Reports that Wagtail builds from the pages the user may edit.
PAGE_REPORTS = _areas(
    [
        f"wagtailadmin_reports:{name}{suffix}"
        for name in ("locked_pages", "workflow", "workflow_tasks", "aging_pages")
        for suffix in ("", "_results")
    ]
)


def wagtail_areas():
    return [
        *ACCOUNT,
        *PAGES,
        *PAGE_CHOOSER,
        *IMAGES,
        *DOCUMENTS,
        *VOCABULARY_CHOOSERS,
        *TRANSLATION,
        *PAGE_REPORTS,
    ]
