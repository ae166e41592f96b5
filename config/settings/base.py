"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "home",
    "offers",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "django.contrib.postgres",  # pg_trgm lookups for the search lexicon (harmless on SQLite)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_URL chooses the database; the embedded default is an SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Danish is the source language; content is translated with wagtail-localize.
LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", "Dansk"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Socialkompas"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Plain ASCII page addresses (they are printed, read aloud and put in QR codes).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars from gravatar.com: the admin loads nothing from third-party hosts.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# PostgreSQL full-text search with Danish stemming; on SQLite the config is ignored.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "danish",
    }
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Socialkompas <noreply@localhost>")

# Associations' private links (days until they expire), per purpose.
SOCIALKOMPAS_LINK_MAX_AGE_DAYS = {
    "edit": int(os.environ.get("SOCIALKOMPAS_EDIT_LINK_DAYS", "400")),
    "confirm": int(os.environ.get("SOCIALKOMPAS_CONFIRM_LINK_DAYS", "120")),
}
# Public forms: posts per client (IP address) and the largest accepted body.
SOCIALKOMPAS_FORM_RATE_LIMITS = {
    "submit_offer": os.environ.get("SOCIALKOMPAS_SUBMIT_RATE", "10/h"),
    "error_report": os.environ.get("SOCIALKOMPAS_REPORT_RATE", "20/h"),
}
SOCIALKOMPAS_MAX_FORM_BYTES = 64 * 1024
# Freshness: reminders after these many months without confirmation, hidden after the last.
SOCIALKOMPAS_REVIEW_REMINDER_MONTHS = (10, 11)
SOCIALKOMPAS_HIDE_AFTER_MONTHS = 12
# Personal data of submissions and error reports is deleted this long after they close.
SOCIALKOMPAS_RETENTION_DAYS = int(os.environ.get("SOCIALKOMPAS_RETENTION_DAYS", "183"))
