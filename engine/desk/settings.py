"""Django settings of the desk, from the environment, with safe defaults.

PATUH_DATABASE_URL        sqlite:///ABSOLUTE/PATH or postgresql://user:pass@host:port/db
                          (default: $XDG_DATA_HOME/patuh/desk.sqlite3)
PATUH_DESK_SECRET_KEY     shared by every server of one desk, at least 50 characters
                          (default: a key file made once)
PATUH_DESK_SECRET_KEY_FALLBACKS comma-separated earlier keys, still accepted (rotation)
PATUH_DESK_DEBUG          1 only on a developer's machine
PATUH_DESK_ALLOWED_HOSTS  comma-separated host names (default: loopback only)
PATUH_DESK_HTTPS          1 behind an HTTPS reverse proxy: secure cookies, HSTS, redirect
PATUH_DESK_TRUSTED_ORIGINS comma-separated https://host origins for CSRF behind a proxy
PATUH_DESK_ATTACHMENT_MAX_MIB  an attachment's largest size in MiB (default 10)
PATUH_DESK_ATTACHMENTS_PER_VERSION  attachments a version may have (default 20)
PATUH_DESK_ATTACHMENTS_DIR  where SQLite desks keep attachments (default: beside the
                          database file, desk-attachments/); PostgreSQL keeps them in the database
PATUH_DESK_CLAMD          host:port of a ClamAV daemon that scans every attachment
                          (default: none, and attachments are stored unscanned)
PATUH_DESK_REQUIRE_2FA    1: a pimpinan or admin signs in with an authenticator app's code too
PATUH_DESK_TRUSTED_PROXIES comma-separated addresses or networks of the reverse proxies
                          whose X-Forwarded-For names the client (default: none, the
                          header is ignored)
PATUH_DESK_EMAIL_URL      smtp://user:pass@host:587?tls=1 for the mail; unset: the log
PATUH_DESK_EMAIL_FROM     the sender of the desk's mail
PATUH_DESK_PUBLIC_URL     the desk's address as people open it (the letters' verification
                          address and the links in the mail; PATUH_DESK_BASE_URL is read
                          when it is not set)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url

from engine.desk.core import config
from engine.desk.core.addresses import parse_proxies
from engine.reading.yaml_loader import MAX_FILE_BYTES
from engine.resources import reports_dir

SECRET_KEY = config.secret_key()  # WeakSecretKey below 50 characters (cli.py says so)
SECRET_KEY_FALLBACKS = config.secret_key_fallbacks()  # the keys before a rotation
DEBUG = config.flag("PATUH_DESK_DEBUG")
ALLOWED_HOSTS = config.listing("PATUH_DESK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = config.listing("PATUH_DESK_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "engine.desk.apps.DeskConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "engine.desk.core.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "engine.desk.core.language.LanguageCookieMiddleware",  # ?lang= kept in a cookie
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "engine.desk.core.security.NoStoreMiddleware",  # after it: knows who is signed in
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): the code given this session
    "engine.desk.accounts.second_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "engine.desk.urls"
WSGI_APPLICATION = "engine.desk.wsgi.application"

# Our pages are Jinja2 (the report's templates in reports/ are reused, not copied);
# the admin keeps Django's own templates.
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": config.template_dirs(),
        "APP_DIRS": False,
        "OPTIONS": {"environment": "engine.desk.web.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # One writer at a time from the start of each transaction (no "database is
        # locked" half-way through an upload), and WAL so readers never wait for it.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        database["CONN_MAX_AGE"] = 0
    else:
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": _database(config.database_url())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# argon2 first: new and changed passwords are hashed with it; older hashes still
# verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes' check of (user name, address), after a slower limit per address:
    # refuses a locked-out login before its password is hashed.
    "engine.desk.accounts.throttle.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The second factor (engine/desk/accounts/second_factor.py), off unless asked for.
PATUH_REQUIRE_2FA = config.flag("PATUH_DESK_REQUIRE_2FA")
OTP_TOTP_ISSUER = "patuh desk"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Login throttling (django-axes): 5 failures for one user name from one address lock
# that pair out for 15 minutes (and 30 from one address, across user names, that
# address: engine/desk/accounts/throttle.py). The address is the client's, behind the
# trusted proxies only (engine/desk/core/addresses.py).
PATUH_TRUSTED_PROXIES = parse_proxies(config.listing("PATUH_DESK_TRUSTED_PROXIES", ""))
AXES_CLIENT_IP_CALLABLE = "engine.desk.core.addresses.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "engine.desk.web.pages.locked_out"  # a clear page, HTTP 429
CSRF_FAILURE_VIEW = "engine.desk.web.pages.csrf_failure"  # a clear page, HTTP 403

# Cookies: never read by scripts, not sent on cross-site requests; Secure over HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if config.flag("PATUH_DESK_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = True
    # nginx sets it (README): the request reached the proxy over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HSTS preloading is a promise about the whole domain (pemkomedan.go.id and every
    # subdomain, for good) that the city's domain owner makes, not this one site: the
    # desk does not send `preload`, and Django's deploy check need not ask for it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# No inline script or style anywhere: the pages' CSS and scripts are files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

# Uploads are bounded as in the CLI (2 MiB per file, the loader's limit); a body a
# little larger than that is refused before it is read.
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_FILE_BYTES + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_FILE_BYTES + 256 * 1024

# Counters of django-ratelimit (POST /verify/ per client address): a folder of the data
# directory, shared by every worker of a server (a local-memory cache would count per
# worker process). Several servers each count their own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(config.data_dir() / "cache"),
    }
}
# Uploaded letters checked at /verify/ per client address (engine/desk/letters/views.py).
VERIFY_RATE = config.listing("PATUH_DESK_VERIFY_RATE", "20/h")[0]
# Attachments (engine/desk/attachments/): judged by their bytes, bounded, optionally
# scanned by ClamAV; see the README ("Attachments").
ATTACHMENT_MAX_BYTES = config.number("PATUH_DESK_ATTACHMENT_MAX_MIB", 10) * 1024 * 1024
ATTACHMENTS_PER_VERSION = config.number("PATUH_DESK_ATTACHMENTS_PER_VERSION", 20)
ATTACHMENTS_DIR = config.text("PATUH_DESK_ATTACHMENTS_DIR")
CLAMD = config.text("PATUH_DESK_CLAMD")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"  # shown in WIB; stored in UTC
USE_TZ = True


def _email(url: str) -> dict[str, Any]:
    """PATUH_DESK_EMAIL_URL=smtp://user:pass@host:587?tls=1 (ssl=1 for SMTPS); unset: the
    mails are written to the log (Django's console backend)."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    flags = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": flags.get("tls", ["0"])[0] == "1",
        "EMAIL_USE_SSL": flags.get("ssl", ["0"])[0] == "1",
        "EMAIL_TIMEOUT": 20,
    }


# Notifications by e-mail (desk.md): through the outbox, sent by `patuh desk notify`.
_MAIL = _email(os.environ.get("PATUH_DESK_EMAIL_URL", ""))
EMAIL_BACKEND = _MAIL["EMAIL_BACKEND"]
EMAIL_HOST = _MAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _MAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _MAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _MAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _MAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _MAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _MAIL.get("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("PATUH_DESK_EMAIL_FROM", "meja-telaah@localhost")
# The desk's address as people open it, for the links in its mail: the one address the
# letters print too (PATUH_DESK_PUBLIC_URL, letters/selectors.py); PATUH_DESK_BASE_URL is
# read when it is not set.
DESK_BASE_URL = (
    os.environ.get("PATUH_DESK_PUBLIC_URL")
    or os.environ.get("PATUH_DESK_BASE_URL")
    or "http://127.0.0.1:8000"
).rstrip("/")

STATIC_URL = "/static/"
STATIC_ROOT = None  # no collectstatic: WhiteNoise serves from the finders
# The pages link the report's own stylesheet (static "report.css") and theirs
# ("desk/desk.css"): reused from reports/, not copied.
STATICFILES_DIRS: list[Path] = [reports_dir()]
# Served by WhiteNoise straight from the apps and folders above: no collectstatic
# step after installing the wheel.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
