# Inovasi Bot in a container: for servers without Python 3.11+, and for compose.yaml.
#
#   docker build -t inovasi-bot .
#   docker run -d --name inovasi-bot --env-file .env -v inovasi-data:/data inovasi-bot
#
# Small (python:3.12-slim, the package installed in a build stage), run as the user `inovasi`
# (uid 10001), never root. Everything the bot keeps is on the volume /data: the SQLite database
# (unless DATABASE_URL names PostgreSQL) and the evidence store. The PostgreSQL client tools are
# in the image for `inovasi-bot db backup` / `db restore` (pg_dump 17: servers up to 17).

FROM python:3.12-slim-trixie AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# The project whole, less what .dockerignore leaves out: a package added later cannot be
# forgotten here (pyproject.toml decides what is installed). tests/test_deployment.py installs
# from exactly these files and starts the bot from the result.
COPY . .
RUN python -m venv /opt/inovasi && /opt/inovasi/bin/pip install /src

FROM python:3.12-slim-trixie
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin inovasi \
    && mkdir -p /data/evidence \
    && chown -R inovasi:inovasi /data
COPY --from=build /opt/inovasi /opt/inovasi
ENV PATH=/opt/inovasi/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/inovasi.db \
    EVIDENCE_DIR=/data/evidence \
    METRICS_LISTEN=127.0.0.1 \
    METRICS_PORT=9090
WORKDIR /data
VOLUME ["/data"]
USER inovasi
# /healthz on the container's own loopback (METRICS_PORT): the database answers, the scheduler runs.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('METRICS_PORT'); sys.exit(0 if not port or urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=8).status == 200 else 1)"]
ENTRYPOINT ["inovasi-bot"]
CMD ["run"]
