"""Settings for the OCOP marketplace, read from the environment (12-factor).

The defaults are safe for a laptop: SQLite, DEBUG on, a throwaway secret key. Production
runs ``shop.settings.production``, which refuses to start without a real secret key.
"""

from pathlib import Path

import environ
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Only for local development; production.py insists on DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- The embedded database (SQLite) under concurrent use (issue 15) ---
# SQLite's default deferred transactions take the write lock only at the first write,
# so two requests that both read then write fail with "database is locked" instead of
# waiting. IMMEDIATE takes it at BEGIN: writers queue (up to `timeout` seconds) and
# every transaction sees the rows as the previous writer left them, which is what
# makes select_for_update (a no-op on SQLite) unnecessary there. WAL lets pages be
# read while a writer works. Set here whatever DATABASE_URL says.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    import os
    import tempfile

    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=60),  # seconds a writer waits
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests run on a file, not in memory: threads and server processes of a
    # concurrency test each open their own connection to it. One file per process.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cho-ocop-test-{os.getpid()}.db"),
        **DATABASES["default"].get("TEST", {}),
    }
# PostgreSQL: a database that accepts connections and never answers fails a request
# (or a health check) after this many seconds instead of hanging the worker; /healthz
# connects in the request itself, so this is also its limit (shop/views.py).
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # --- Degrade, don't die: Redis is optional at run time (issue 15) ---
    # A Redis that is down or never answers costs a fraction of a second once; then
    # cache calls are misses until it is back (shop/cache_client.py, which logs the
    # outage once per retry) and pages render without it. Sessions are kept in the
    # database too, so nobody is logged out or loses a basket. The login limiter's
    # alias raises instead: logins fail closed (AXES_HANDLER below).
    from shop.cache_client import redis_cache

    _prefix = env("CACHE_KEY_PREFIX", default="ocop")
    CACHES = {
        "default": redis_cache(REDIS_URL, key_prefix=_prefix, ignore_exceptions=True),
        "login_attempts": redis_cache(
            REDIS_URL, key_prefix=_prefix, ignore_exceptions=False
        ),
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Our own apps and forks come before Oscar's so their templates win.
    "shop.users.apps.UsersConfig",
    "shop.demo.apps.DemoConfig",
    "shop.config.MarketplaceShop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "shop.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "shop.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "shop.dashboard.orders.apps.OrdersDashboardConfig",
    "shop.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "shop.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # Wagtail serves the home page and promotional content.
    "cms.apps.CmsConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Visitors' pages from the shared cache (shop/pagecache.py): after CSRF, whose
    # cookie a served page's forms need, before anything that queries the database.
    "shop.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.basket.BasketMiddleware",  # Oscar's, in fewer queries (shop/basket.py)
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

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
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "search.context_processors.search_form",
                "shop.context_processors.page_fragments",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # Every amount in đồng goes through shop.money.dong, Oscar's templates
            # included: our library answers to Oscar's name "currency_filters".
            "libraries": {
                "currency_filters": "shop.templatetags.money",
                "money": "shop.templatetags.money",
                "page_parts": "shop.templatetags.page_parts",
            },
        },
    }
]
# The replacement of Oscar's "currency_filters" above is deliberate.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "shop" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cho-ocop@localhost")

# --- Oscar ---
OSCAR_SHOP_NAME = env("SHOP_NAME", default="Chợ OCOP Lào Cai")
# The public address, for links in e-mails (the Site record follows it on every
# migrate: shop/site.py) and their scheme.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
OSCAR_URL_SCHEMA = SITE_URL.split("://", 1)[0]
OSCAR_SHOP_TAGLINE = _("OCOP products from the communes of Lào Cai")
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"format_type": "standard"}}
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# The Vietnamese address (shop/checkout/address_forms.py): full name in last_name,
# house and street in line1, commune in line4, province in state, and a phone number.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("last_name", "line1", "line4", "state", "phone_number")
# Phone numbers: typed the Vietnamese way, stored as +84…, shown as 0912 345 678.
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"
OSCAR_PRODUCTS_PER_PAGE = 24
# The brand and the "Home" breadcrumb lead to the Wagtail home page (Oscar's default
# is the catalogue), in the visitor's language: /en/ on English pages.
OSCAR_HOMEPAGE = reverse_lazy("wagtail_serve", args=[""])
# "Đ" is a letter of its own, not "D" with a mark: Oscar's slugifier would drop it
# ("Đặc sản" → "ac-san"), so map it before slugifying.
OSCAR_SLUG_MAP = {"đ": "d", "Đ": "D"}
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
THUMBNAIL_FORMAT = "WEBP"
THUMBNAIL_PRESERVE_FORMAT = False
# Analytics rows are written on every product view and lock under load
# (reference/performance.md); turn them on per deployment if wanted.
RECORD_PRODUCT_VIEWS = env.bool("RECORD_PRODUCT_VIEWS", default=False)
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending payment": ("Pending", "Cancelled"),
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Shipped", "Cancelled"),
    "Shipped": ("Complete",),
    "Complete": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE

# --- Wagtail ---
WAGTAIL_SITE_NAME = OSCAR_SHOP_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp"}
# The admin works offline and in ASCII addresses: no avatars from gravatar.com (they
# would publish a hash of each editor's e-mail), no version check against
# releases.wagtail.org, slugs without Unicode (cms/slugs.py
# maps "đ" to "d", which Wagtail would drop or spell "dj").
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Oscar logs two INFO lines for every stock record saved; keep only problems.
    "loggers": {"oscar.alerts": {"level": "WARNING"}},
}
OSCAR_DYNAMIC_CLASS_LOADER = "shop.loading.class_loader"

# --- Background tasks (Celery) ---
# Redis when configured; otherwise a broker in local folders: the demo needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _celery_dir = BASE_DIR / "var" / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# A broker that is down costs a request a second or two, not a hang (issue 15); the
# task is then logged, not queued (shop/celery.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # seconds
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

# --- Production shape: worker, object storage, logs, readiness ---
# Every task result (and every failure, after its retries) is kept in the database and
# listed in Django admin under "Celery results", so nothing fails silently. The tasks
# run for every order and payment (its mails: ignore_result=True) keep only their
# failures: their success is on the order itself, and two result writes per task
# were most of a worker's time during a campaign.
INSTALLED_APPS += ["django_celery_results"]
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True  # keep task name and arguments for the operator
CELERY_RESULT_EXPIRES = 30 * 24 * 3600  # seconds: a month of history
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # our LOGGING (JSON in production) applies
# Periodic work, run by ONE `celery -A shop beat` process. Each entry names a task that
# exists; add yours here as one line: "name": {"task": "app.tasks.x", "schedule": ...}.
CELERY_BEAT_SCHEDULE = {
    "send-product-alerts": {
        "task": "shop.tasks.product_alerts_send",
        "schedule": 30 * 60,  # seconds
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
# Mail leaves through a task (retried with backoff when the mail server is away); the
# task hands it to CELERY_EMAIL_BACKEND, the backend that really sends.
CELERY_EMAIL_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "shop.mail.CeleryEmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Connections are reused across requests and checked before use after a restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STATIC_ROOT = env.path("STATIC_ROOT", default=STATIC_ROOT)

# MEDIA_STORAGE=s3 puts uploads, thumbnails, Wagtail renditions and datasets in an
# S3-compatible bucket, so every app server sees the same files.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    _s3_missing = [
        name
        for name in ("S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
        if not env(name, default="")
    ]
    if _s3_missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs " + ", ".join(_s3_missing) + " in the environment."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "custom_domain": env("S3_CUSTOM_DOMAIN", default="") or None,
            # Private bucket by default: links are signed and expire.
            "querystring_auth": env.bool("S3_SIGNED_URLS", default=True),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
# sorl keeps which thumbnails exist in the database, fronted by the cache (Redis).
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

# LOG_FORMAT=json: one JSON object per line on stdout, for the log collector.
if env("LOG_FORMAT", default="text") == "json":
    LOGGING["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
    LOGGING["handlers"]["console"]["stream"] = "ext://sys.stdout"

# /readyz also checks these when they are configured.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if CELERY_BROKER_URL == "filesystem://":
    # kombu would otherwise write its control files in the current directory.
    CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"] = str(_celery_dir / "control")
# --- Security: login rate limit (django-axes) ---
# Failed logins are counted per account and address where every worker sees them (the
# shared Redis cache, else the database); past the limit the login answers 429.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *AUTHENTICATION_BACKENDS,
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# Without Redis each process has its own memory cache: count in the database instead.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_CACHE = "default"
# --- Degrade, don't die: the login limiter's store (issue 15) ---
# The page cache ignores a Redis outage (below); the limiter must not: its own cache
# alias raises, and FailClosedCacheHandler refuses logins (only logins) while it does.
if REDIS_URL:
    AXES_HANDLER = "shop.users.login_store.FailClosedCacheHandler"
    AXES_CACHE = "login_attempts"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
# Counted per account AND address together: a stranger's wrong passwords for the
# owner's e-mail lock out the stranger's address, never the owner elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A lockout lasts AXES_COOLOFF_TIME from its start; failures during it do not extend
# it (else whoever keeps guessing keeps the account shut for ever).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_USERNAME_CALLABLE = "shop.users.login_attempts.login_attempt_username"
# The client's address (shop/users/login_attempts.py, with python-ipware, the engine
# of django-ipware): TRUSTED_PROXY_COUNT is the number of proxies in front of the app
# that append to X-Forwarded-For, 1 behind one load balancer (docs/deploy.md). The
# client is the address the outermost of them saw; entries a client typed to the left
# are ignored. 0, the default, counts the connection's address (REMOTE_ADDR) only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "shop.users.login_attempts.login_client_address"
# --- Payments (VietQR, bank notifications, Stripe, cash on delivery) ---
INSTALLED_APPS += ["payments.apps.PaymentsConfig"]
# Methods offered at checkout, in this order. Each one switched on here must find its
# settings below, or the site refuses to start (payments.registry).
PAYMENT_METHODS = env.list("PAYMENT_METHODS", default=["vietqr", "cod"])
# The marketplace's collection account shown in every order's VietQR. The defaults are
# a made-up demo account, used only with DEBUG on.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="970436" if DEBUG else "")
VIETQR_ACCOUNT_NUMBER = env(
    "VIETQR_ACCOUNT_NUMBER", default="0011009999999" if DEBUG else ""
)
VIETQR_ACCOUNT_HOLDER = env(
    "VIETQR_ACCOUNT_HOLDER", default="TT XUC TIEN THUONG MAI LAO CAI" if DEBUG else ""
)
# Prefix of the memo an order's transfer must carry: "OCOP" + order number.
VIETQR_ORDER_CODE_PREFIX = env("VIETQR_ORDER_CODE_PREFIX", default="OCOP")
# Unpaid VietQR and card orders are cancelled after this many hours.
PAYMENT_EXPIRY_HOURS = env.int("PAYMENT_EXPIRY_HOURS", default=24)
# Bank-notification services whose webhooks are accepted; each needs its secret.
BANK_NOTIFICATION_PROVIDERS = env.list(
    "BANK_NOTIFICATION_PROVIDERS", default=["sepay"] if DEBUG else []
)
# Demo-only keys with DEBUG on (like SECRET_KEY above); production sets real ones.
PAYOS_CLIENT_ID = env("PAYOS_CLIENT_ID", default="")
PAYOS_API_KEY = env("PAYOS_API_KEY", default="")
PAYOS_CHECKSUM_KEY = env("PAYOS_CHECKSUM_KEY", default="")
CASSO_CHECKSUM_KEY = env("CASSO_CHECKSUM_KEY", default="")
SEPAY_API_KEY = env("SEPAY_API_KEY", default="dev-only-sepay-key" if DEBUG else "")
# Casso signs a timestamp; older deliveries are refused as replays.
BANK_NOTIFICATION_TOLERANCE_SECONDS = env.int(
    "BANK_NOTIFICATION_TOLERANCE_SECONDS", default=300
)
# Bank webhooks take only JSON (415 otherwise) of at most this many bytes (413),
# refused before the signature is checked or anything is stored.
BANK_WEBHOOK_MAX_BYTES = env.int("BANK_WEBHOOK_MAX_BYTES", default=64 * 1024)
# A stored notification whose processing fails (in the worker) is tried again by
# the sweep, waiting 1, 2, 4… minutes; after this many tries staff are e-mailed and
# it waits in the review queue.
BANK_NOTIFICATION_MAX_ATTEMPTS = env.int("BANK_NOTIFICATION_MAX_ATTEMPTS", default=8)
# Longest wait for a row another transaction holds while processing one (PostgreSQL),
# so a stuck row does not hold up the worker's queue.
BANK_NOTIFICATION_LOCK_TIMEOUT_SECONDS = env.float(
    "BANK_NOTIFICATION_LOCK_TIMEOUT_SECONDS", default=5
)
# A transfer for a cancelled order that cannot be reinstated is sent back within
# this many working days (the buyer is told so by e-mail).
PAYMENT_LATE_REFUND_DAYS = env.int("PAYMENT_LATE_REFUND_DAYS", default=3)
# Stripe: real Stripe by default; STRIPE_API_BASE points at localstripe for the demo.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# --- Content (Wagtail pages, blocks, navigation) ---
# Editors copy a page into English ("Translate") with simple_translation; pages
# without a translation fall back to Vietnamese.
INSTALLED_APPS += ["wagtail.contrib.simple_translation"]  # noqa: F405
# --- Open data (read-only API and datasets, shop/api) ---
INSTALLED_APPS += [
    "shop.api.apps.ApiConfig",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# Only the schema class is set globally: Wagtail's admin also runs on DRF, so the open
# data API sets its throttling, paging and renderers on its own views.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ OCOP open data API",
    "DESCRIPTION": (
        "Read-only access to the marketplace's OCOP catalogue: products with their "
        "OCOP rating, sellers and categories. Ids are database keys and never reused. "
        "Anonymous clients are rate-limited. No personal data is published."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the sidecar package: the docs need no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["shop.api.schema.only_open_data"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shop.api.schema.empty_query_values_are_allowed",
    ],
}
# Requests per client address (anonymous) or per user, counted in the shared cache.
OPEN_DATA_ANON_RATE = env("OPEN_DATA_ANON_RATE", default="120/minute")
OPEN_DATA_USER_RATE = env("OPEN_DATA_USER_RATE", default="600/minute")
# Absolute URLs in the downloadable datasets, which are built outside any request.
OPEN_DATA_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Rebuilt every hour by Celery beat, and on download when the catalogue changed since.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "open-data-export": {
        "task": "shop.api.tasks.open_data_export_task",
        "schedule": 3600.0,
    },
}
# --- Many sellers (marketplace) ---
# Forks replacing Oscar's entries in place in INSTALLED_APPS above: shipping
# (per-seller charges), dashboard (so its sub-apps can be forked), dashboard.orders,
# dashboard.reports (CSV cells neutralised, shop/spreadsheets.py),
# dashboard.catalogue and dashboard.partners.
# Each seller moves its own lines through these statuses; the order keeps its own
# pipeline (OSCAR_ORDER_STATUS_PIPELINE) for the operator.
OSCAR_LINE_STATUS_PIPELINE = {
    "Pending": ("Packed", "Cancelled"),
    "Packed": ("Shipped", "Cancelled"),
    "Shipped": ("Delivered",),
    "Delivered": (),
    "Cancelled": (),
}
OCOP_DEFAULT_PRODUCT_CLASS = env("OCOP_DEFAULT_PRODUCT_CLASS", default="ocop")
# Every Monday morning each seller is mailed the OCOP ratings ending within 90 days.
CELERY_BEAT_SCHEDULE["ocop-rating-reminders"] = {
    "task": "shop.partner.tasks.ocop_rating_reminders_send",
    "schedule": 7 * 24 * 3600,  # seconds
}
OCOP_IMAGE_MAX_BYTES = env.int("OCOP_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
OCOP_IMAGE_MAX_EDGE = env.int("OCOP_IMAGE_MAX_EDGE", default=1600)
# --- Security: uploads bounded before decoding (shop/images.py) ---
# Every image upload (products, seller logos, Wagtail images) is refused over
# OCOP_IMAGE_MAX_BYTES or OCOP_IMAGE_MAX_PIXELS, read from the header, and must be
# JPEG, PNG or WebP. Pillow's own bomb limit is lowered to the same number at start.
OCOP_IMAGE_MAX_PIXELS = env.int("OCOP_IMAGE_MAX_PIXELS", default=40_000_000)
WAGTAILIMAGES_IMAGE_FORM_BASE = "shop.images.WagtailImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = OCOP_IMAGE_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = OCOP_IMAGE_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Sellers reach their own shop settings from the menu; Oscar hides entries whose URL
# the user may not open, so staff without a seller never see it.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,  # noqa: F405
    {
        "label": _("My shop"),
        "icon": "fas fa-store",
        "url_name": "dashboard:seller-settings",
    },
]
# --- Search ---
# django.contrib.postgres brings the word and array lookups of the database backend's
# search rows on PostgreSQL; it is inert on SQLite.
INSTALLED_APPS += ["django.contrib.postgres"]
# Elasticsearch is used only when its address is set; the database answers otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="products")
SEARCH_BACKEND = env(
    "SEARCH_BACKEND",
    default="search.backends.elasticsearch"
    if ELASTICSEARCH_URL
    else "search.backends.database",
)
if SEARCH_BACKEND == "search.backends.elasticsearch" and not ELASTICSEARCH_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SEARCH_BACKEND is Elasticsearch but ELASTICSEARCH_URL is not set."
    )
CELERY_BEAT_SCHEDULE["unpaid-orders-expire"] = {
    "task": "payments.tasks.unpaid_orders_expire",
    "schedule": 5 * 60,  # seconds; the command does the same from cron
}
# Failed bank notifications whose wait is over are processed again, and stored ones
# the worker's own task never applied (not queued while the broker was down).
CELERY_BEAT_SCHEDULE["bank-notifications-retry"] = {
    "task": "payments.tasks.bank_notifications_retry_task",
    "schedule": 60,  # seconds; `manage.py process_bank_notifications` from cron too
}
# --- Chợ 4.0 markets (stall QR standees, live payment feed, market board) ---
INSTALLED_APPS += ["payments.markets.apps.MarketsConfig"]
# How often the vendor's feed asks for new transfers, and the longest wait between
# tries while the connection is down (the wait doubles after each failure).
MARKET_FEED_POLL_SECONDS = env.int("MARKET_FEED_POLL_SECONDS", default=3)
MARKET_FEED_MAX_BACKOFF_SECONDS = env.int("MARKET_FEED_MAX_BACKOFF_SECONDS", default=60)

# --- Page weight (issue 8) ---
# Public HTML pages gzipped by the app (shop/compression.py says why only those);
# COMPRESS_HTML=false where the load balancer compresses. Outermost, so it compresses
# what every other middleware has written.
if env.bool("COMPRESS_HTML", default=True):
    MIDDLEWARE.insert(0, "shop.compression.PublicHtmlGZipMiddleware")

# --- Speed: rendered product cards (catalogue/templatetags/card_cache.py) ---
# Each process keeps the cards it rendered, keyed by everything a card shows (price,
# stock, seller, pictures, OCOP rating, date, language): a changed product is a new
# key, so the cache needs no sharing and no invalidation. Entries expire well before a
# signed picture link on object storage does. PRODUCT_CARD_CACHE=false turns it off.
if env.bool("PRODUCT_CARD_CACHE", default=True):
    CACHES["product_cards"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "product-cards",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

# --- Security: request guards and cookie flags (shop/http_guards.py) ---
# A NUL byte in a path or query is a 400 before any view or lookup (PostgreSQL refuses
# NUL in text); every cookie the site sets gets SameSite, and Secure in production
# (outermost, so it sees the cookies of every other middleware and view).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "shop.http_guards.RejectNulBytesMiddleware",
)
MIDDLEWARE.insert(0, "shop.http_guards.CookieFlagsMiddleware")
# --- Security: Content-Security-Policy (django-csp; shop/content_policy.py) ---
# Storefront: scripts from our origin or with the response's nonce
# (nonce="{{ request.csp_nonce }}" on each inline <script>), no inline handlers.
# Styles may be inline (Oscar's templates use style attributes); seller HTML cannot
# carry any (shop/seller_html.py). Stripe's and the media bucket's origins are added
# per response from STRIPE_JS_URL, STRIPE_API_BASE and STORAGES.
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE  # noqa: E402

MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "shop.content_policy.ContentPolicyMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin, Oscar's dashboard (TinyMCE), Django's admin and the payment staff
# pages (with Oscar's dashboard layout) run inline scripts and eval: allowed there
# only, without a nonce (a nonce would switch 'unsafe-inline' off). Wagtail previews
# pages in a frame of its own, hence frame-ancestors 'self'.
CONTENT_SECURITY_POLICY_BACK_OFFICE = {
    "PATH_PREFIXES": [
        "/admin/",
        "/django-admin/",
        "/dashboard/",
        "/payments/dashboard/",
        "/payments/seller/",
    ],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "script-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, "blob:"],
        "frame-ancestors": [SELF],
    },
}
# --- Speed: whole pages for visitors (shop/pagecache.py) ---
# Only with a cache every process shares (Redis): a write in one process must retire
# the pages every other one keeps. PAGE_CACHE_SECONDS bounds how long a kept page can
# show date-dependent text.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
if PAGE_CACHE:
    # Parts of pages kept under the page version (menu, footer, lists of cards): in
    # Redis, and in each worker's memory once read (shop/near_cache.py); the
    # {% cache %} tag's alias too.
    CACHES["kept_parts"] = CACHES["template_fragments"] = {
        "BACKEND": "shop.near_cache.NearCache",
        "LOCATION": "kept-parts",
        "TIMEOUT": PAGE_CACHE_SECONDS,
        "OPTIONS": {"SHARED": "default", "MAX_ENTRIES": 500},
    }
# Visitors with a basket or session, signed in or not, get the kept page with their
# own parts rendered in it (shop/pagecache_holes.py): last, after the session, user,
# messages and basket those parts show. PAGE_CACHE_SIGNED_IN=false renders every page
# for signed-in visitors instead (staff always get theirs rendered).
PAGE_CACHE_SIGNED_IN = env.bool("PAGE_CACHE_SIGNED_IN", default=True)
MIDDLEWARE.append("shop.pagecache.PersonalPageMiddleware")
