FROM python:3.11-slim-bookworm

# WeasyPrint's libraries, gettext for the catalogues, and fonts with every Turkish glyph.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libffi8 \
      gettext fonts-noto-core fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
RUN pip install --no-deps -e . \
 && SECRET_KEY=build-only DEBUG=1 python manage.py compilemessages --ignore=.venv -v 0 \
 && SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --noinput -v 0 \
 && useradd --system --uid 1000 magnet && mkdir -p /data/media /app/var && chown -R magnet /data /app/var

USER magnet
EXPOSE 8000
CMD ["gunicorn", "magnet.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
