# One image for the app, the RQ worker and the migrate job (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Reflex builds the UI with bun. Its own installer downloads bun from a host that may be
# unreachable, so bun comes from the npm registry instead; Debian's npm is only needed
# for that and is removed again. Debian's (older) node stays: Reflex then runs the
# frontend build through `bun --bun`, the combination verified in TOOLCHAIN.md.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && npm install --prefix /opt/tools bun@1.4.4 \
    && /opt/tools/node_modules/.bin/bun --version \
    && npm cache clean --force \
    && apt-get purge -y npm \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/* /root/.npm

ENV PATH=/opt/tools/node_modules/.bin:$PATH \
    REFLEX_BUN_PATH=/opt/tools/node_modules/.bin/bun \
    REFLEX_DIR=/app/.tools/reflex \
    REFLEX_CHECK_LATEST_VERSION=0 \
    REFLEX_TELEMETRY_ENABLED=false \
    BUN_INSTALL_CACHE_DIR=/app/.tools/bun-cache \
    BUN_RUNTIME_TRANSPILER_CACHE_PATH=/app/.tools/bun-transpiler-cache

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=app:app . .
# data/ exists in the image owned by `app`, so a fresh named volume mounted there is too.
RUN install -d -o app -g app /app/data /app/.tools /app/.tools/reflex \
    && chown app:app /app

USER app

# Install the frontend packages and build once at image build time, so containers never
# reach a package registry when they start; `reflex run --env prod` rebuilds from this.
# Importing the app must not leave a database or files behind in the image's data/.
RUN DATA_DIR=/tmp/export-data DATABASE_URL=sqlite:////tmp/export-data/edu.db \
    reflex export --frontend-only --no-zip \
    && rm -rf /tmp/export-data

EXPOSE 3000
# Prod mode serves UI, API and websocket on one port (rxconfig.py passes two ports).
CMD ["reflex", "run", "--env", "prod", "--frontend-port", "3000", "--backend-port", "3000", \
     "--backend-host", "0.0.0.0"]
