"""gunicorn settings for the web process: ``gunicorn -c shop/gunicorn.conf.py``.

Every value can be changed from the environment (GUNICORN_* or PORT/WEB_CONCURRENCY).
"""

import multiprocessing
import os

wsgi_app = "shop.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: Django + PostgreSQL, one request at a time per process; scale with
# more workers per server (about 2 per core) and more servers behind the balancer.
workers = int(
    os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() * 2))
)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (deploys, scaling down) workers finish the requests they hold first.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak never grows for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines as JSON too, like the application's (shop.settings).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level"},
            }
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": "INFO"},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO"},
        },
    }
# The balancer in front terminates TLS and says so in X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
