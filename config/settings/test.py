import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/socialkompas-test-media"))  # noqa: F405, S108
WAGTAILADMIN_BASE_URL = "http://testserver"
# Ukrainian and Arabic too, as a deployment adds them: tests/test_languages.py checks the
# switcher with them and right-to-left layout for Arabic.
LANGUAGES = [(code, LANGUAGE_NAMES[code]) for code in ("da", "en", "uk", "ar")]  # noqa: F405
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
