# The marketplace's web, worker and beat image (see docs/deploy.md).
# Not built in this project's CI (no container engine there): build it yourself with
#   docker build -t cho-ocop .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=shop.settings.production \
    LOG_FORMAT=json \
    PORT=8000

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY shop/__init__.py shop/__init__.py
RUN pip install --upgrade pip \
    && pip install . \
    && pip uninstall -y cho-ocop

COPY . .
RUN pip install --no-deps -e . \
    && pybabel compile -d locale -D django \
    && DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && useradd --create-home --uid 1000 app \
    && mkdir -p var/media var/celery \
    && chown -R app var

USER app
EXPOSE 8000
# Other processes of the same image: `celery -A shop worker`, `celery -A shop beat`,
# `python manage.py migrate` (see Procfile).
CMD ["gunicorn", "-c", "shop/gunicorn.conf.py"]
