# The portal's image: web, Celery worker and beat run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

# WeasyPrint's system libraries (Pango, HarfBuzz) and fonts that cover Kazakh letters.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv

WORKDIR /app
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_COMPILE_BYTECODE=1 PATH=/opt/venv/bin:$PATH
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .

ENV EKTU_ENV=production EKTU_DATA_DIR=/data PYTHONUNBUFFERED=1
# Static files are collected at build time; settings need placeholders but touch no server.
RUN SECRET_KEY=build-only-placeholder-build-only-placeholder-build-only ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --create-home --uid 10001 portal && mkdir -p /data && chown portal /data
USER portal
EXPOSE 8000
CMD ["gunicorn", "ektu_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "5", \
     "--worker-class", "sync"]
