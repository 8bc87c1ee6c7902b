# OpsTracker application image (web, worker and beat share it).
FROM debian:bookworm-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-dev gcc binutils \
       gdal-bin libgdal32 libgeos-c1v5 libproj25 libsqlite3-mod-spatialite nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt requirements-nodeps.txt ./
RUN python3 -m venv /venv \
    && /venv/bin/pip install --no-cache-dir -r requirements.txt \
    && /venv/bin/pip install --no-cache-dir --no-deps -r requirements-nodeps.txt
COPY . .
RUN if [ -f package-lock.json ]; then npm ci --omit=dev --no-audit --no-fund; fi \
    && DEBUG=0 /venv/bin/python manage.py collectstatic --noinput -v0

ENV PATH="/venv/bin:$PATH"
RUN useradd --create-home opstracker && mkdir -p /app/var && chown opstracker /app/var
USER opstracker
EXPOSE 8000
CMD ["gunicorn", "ops_tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
