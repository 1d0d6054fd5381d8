# soplan production image: one image for the web (gunicorn), worker (celery) and migrate services
# of docker-compose.yml. Build: docker-compose build (or: docker build -t soplan .).

# --- Stage 1: front-end assets, pinned by package-lock.json ------------------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
# Only what the pages use: the page checkers of the browser tests (devDependencies) stay out.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# --- Stage 2: the application -------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz), gettext for compilemessages, a fallback font family.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        gettext fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
COPY --from=assets /assets/node_modules ./node_modules

# Translations and static files are part of the image (whitenoise serves the hashed, compressed
# files). The key below exists only for this build step; the containers get DJANGO_SECRET_KEY.
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnop \
    sh -c 'python manage.py compilemessages --verbosity 0 --ignore=node_modules \
        && python manage.py collectstatic --noinput --verbosity 0'

# Run as an unprivileged user; media live on a volume mounted at /data/media.
RUN groupadd --system --gid 10001 soplan \
    && useradd --system --uid 10001 --gid soplan --home-dir /app --shell /usr/sbin/nologin soplan \
    && install -d -o soplan -g soplan /data/media /app/var
USER soplan

ENV MEDIA_ROOT=/data/media \
    PORT=8000
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]

CMD ["sh", "-c", "exec gunicorn --config gunicorn.conf.py soplan.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --timeout 60 --max-requests 1000 --max-requests-jitter 100 --access-logfile -"]
