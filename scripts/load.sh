#!/usr/bin/env bash
# `make load`: a load run against the production topology on this machine (docs/performance.md,
# "Load"). As root on Debian it installs what is missing, then starts, on loopback and on ports of
# its own:
#   * a throwaway PostgreSQL cluster with the two roles of docker-compose: soplan owns the tables
#     and migrates; soplan_app (scripts/db-roles.sql) runs web, worker, seed and checks;
#   * Redis (the Celery broker), a real `celery -A soplan worker` (concurrency 2, as in
#     docker-compose) and gunicorn with gunicorn.conf.py and the Dockerfile's options;
#   * the demo seed plus copies of the demo organisation (python -m loadtest.seed): one login per
#     locust user;
# then runs locust headless (loadtest/locustfile.py) for a bounded time, waits for every PDF the
# board members asked for (python -m loadtest.check), and writes loadtest/results.json and the
# block of docs/performance.md (python -m loadtest.report). Production settings throughout
# (DEBUG off, HTTPS as behind a TLS proxy, login throttle on). Everything it starts is stopped,
# and its data removed, on exit. Exit code 0 only when no request failed and every PDF is ready.
#
# Settings (environment): SOPLAN_LOAD_USERS (50; a multiple of 5: one organisation per 5 users),
# SOPLAN_LOAD_SECONDS (60), SOPLAN_LOAD_SPAWN_RATE (5 users/s), SOPLAN_LOAD_GUNICORN_WORKERS (3,
# the Dockerfile's default), SOPLAN_LOAD_DOCUMENT_WAIT (120 s after the run),
# SOPLAN_LOAD_PG_PORT (55532), SOPLAN_LOAD_REDIS_PORT (56479), SOPLAN_LOAD_WEB_PORT (58100),
# SOPLAN_LOAD_NO_DOCS=1 (leave docs/performance.md alone).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
USERS="${SOPLAN_LOAD_USERS:-50}"
SECONDS_RUN="${SOPLAN_LOAD_SECONDS:-60}"
SPAWN_RATE="${SOPLAN_LOAD_SPAWN_RATE:-5}"
GUNICORN_WORKERS="${SOPLAN_LOAD_GUNICORN_WORKERS:-3}"
WORKER_CONCURRENCY=2
DOCUMENT_WAIT="${SOPLAN_LOAD_DOCUMENT_WAIT:-120}"
PG_PORT="${SOPLAN_LOAD_PG_PORT:-55532}"
REDIS_PORT="${SOPLAN_LOAD_REDIS_PORT:-56479}"
WEB_PORT="${SOPLAN_LOAD_WEB_PORT:-58100}"

if (( USERS % 5 != 0 || USERS < 5 )); then
  echo "load: SOPLAN_LOAD_USERS must be a multiple of 5 (one organisation per 5 users)" >&2
  exit 2
fi

scripts/system-deps.sh load

WORK="$(mktemp -d /tmp/soplan-load.XXXXXX)"
chmod 755 "$WORK"  # the postgres user must reach its data directory below
PG_DIR="$WORK/postgres"
PG_BIN=""
REDIS_PID=""
WORKER_PID=""
WEB_PID=""

stop_pid() {  # stop_pid NAME PID: TERM, wait up to 20 s, then KILL
  local name="$1" pid="$2"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.5
  done
  echo "load: $name (pid $pid) did not stop; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  set +e
  if [[ $status -ne 0 ]]; then
    for log in worker.log web.log redis.log postgres.log; do
      if [[ -s "$WORK/$log" ]]; then
        echo "---------- last lines of $log ----------"
        tail -n 30 "$WORK/$log"
      fi
    done
  fi
  echo "load: stopping what this run started"
  stop_pid "gunicorn" "$WEB_PID"
  stop_pid "celery worker" "$WORKER_PID"
  stop_pid "redis-server" "$REDIS_PID"
  if [[ -n "$PG_BIN" && -f "$PG_DIR/data/postmaster.pid" ]]; then
    (cd "$PG_DIR" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null)
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() {  # wait_for DESCRIPTION SECONDS COMMAND...
  local what="$1" seconds="$2"
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) > deadline)); then
      echo "load: $what not ready after ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

token() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }

echo "load: PostgreSQL on 127.0.0.1:$PG_PORT"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PG_PASSWORD="$(token)"
APP_PASSWORD="$(token)"
install -d -o postgres -g postgres -m 700 "$PG_DIR"
printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pwfile"
chown postgres:postgres "$PG_DIR/pwfile"
(
  cd "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U soplan --pwfile="$PG_DIR/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  # A production-like server (durable commits); only the listen address and port are set.
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR" start >/dev/null
)
ln -sf "$PG_DIR/server.log" "$WORK/postgres.log"
PGPASSWORD="$PG_PASSWORD" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U soplan soplan
PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U soplan -d soplan -q \
  -v app_role=soplan_app -v app_password="$APP_PASSWORD" -f scripts/db-roles.sql
PG_VERSION="$(PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U soplan -d soplan -Atc 'show server_version')"

echo "load: Redis on 127.0.0.1:$REDIS_PORT"
mkdir -p "$WORK/redis"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
  --dir "$WORK/redis" --daemonize no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
wait_for "redis" 30 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
REDIS_VERSION="$(redis-server --version | grep -oE 'v=[0-9.]+' | cut -d= -f2)"

# Production mode, as the app role, for everything below but migrate.
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DATABASE_URL="postgres://soplan_app:$APP_PASSWORD@127.0.0.1:$PG_PORT/soplan"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export MEDIA_ROOT="$WORK/media"
export DJANGO_CONN_MAX_AGE=60  # as docker-compose sets it
export SOPLAN_BASE_URL="https://127.0.0.1:$WEB_PORT"
mkdir -p "$WORK/mail"
export EMAIL_URL="filemail:///$WORK/mail"  # django-environ drops one slash (see soplan/settings.py)
SOPLAN_DEMO_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
export SOPLAN_DEMO_PASSWORD

echo "load: migrate (as the owner), collectstatic"
DATABASE_OWNER_URL="postgres://soplan:$PG_PASSWORD@127.0.0.1:$PG_PORT/soplan" "$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py collectstatic --noinput --verbosity 0

echo "load: Celery worker (concurrency $WORKER_CONCURRENCY)"
"$ROOT/.venv/bin/celery" -A soplan worker --loglevel=INFO --concurrency="$WORKER_CONCURRENCY" \
  --hostname "load@%h" >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
wait_for "celery worker" 90 "$ROOT/.venv/bin/celery" -A soplan inspect ping --timeout 2 --destination "load@$(hostname)"

echo "load: seed ($((USERS / 5)) organisations, $USERS logins)"
"$PY" -m loadtest.seed --organisations $((USERS / 5 - 1)) --manifest "$WORK/manifest.json"

echo "load: gunicorn ($GUNICORN_WORKERS workers) on 127.0.0.1:$WEB_PORT"
# The Dockerfile's command, on loopback.
"$ROOT/.venv/bin/gunicorn" --config "$ROOT/gunicorn.conf.py" soplan.wsgi:application --bind "127.0.0.1:$WEB_PORT" \
  --workers "$GUNICORN_WORKERS" --timeout 60 --max-requests 1000 --max-requests-jitter 100 \
  --access-logfile "$WORK/access.log" >"$WORK/web.log" 2>&1 &
WEB_PID=$!
wait_for "gunicorn" 60 curl -fsS "http://127.0.0.1:$WEB_PORT/healthz"

LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
echo "load: locust, $USERS users for ${SECONDS_RUN}s (spawn rate $SPAWN_RATE/s); load average before: $LOAD_BEFORE"
# Where the CPU goes during the run: our processes (their trees) and the machine as a whole.
cpu_snapshot() {
  "$PY" -m loadtest.cpu "$1" web="$WEB_PID" worker="$WORKER_PID" postgres="$(head -n 1 "$PG_DIR/data/postmaster.pid")" \
    redis="$REDIS_PID"
}
cpu_snapshot "$WORK/cpu-before.json"
LOCUST_STATUS=0
SOPLAN_LOAD_MANIFEST="$WORK/manifest.json" SOPLAN_LOAD_DOCUMENTS="$WORK/documents.json" \
  "$ROOT/.venv/bin/locust" -f loadtest/locustfile.py --headless --only-summary \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "${SECONDS_RUN}s" --stop-timeout 5 \
  --host "http://127.0.0.1:$WEB_PORT" --csv "$WORK/locust" --loglevel WARNING || LOCUST_STATUS=$?
cpu_snapshot "$WORK/cpu-after.json"

echo "load: waiting for the requested documents (at most ${DOCUMENT_WAIT}s)"
CHECK_STATUS=0
[[ -f "$WORK/documents.json" ]] || echo '{"documents": []}' >"$WORK/documents.json"
"$PY" -m loadtest.check "$WORK/documents.json" --wait "$DOCUMENT_WAIT" --output "$WORK/check.json" || CHECK_STATUS=$?

SERVER_ERRORS="$(awk '$9 ~ /^5[0-9][0-9]$/' "$WORK/access.log" | wc -l)"
WORKER_FAILURES="$(grep -cE 'Task [a-z_.]+\[[^]]+\] (raised|failed)' "$WORK/worker.log" || true)"
LOCUST_VERSION="$("$ROOT/.venv/bin/locust" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)"
RUN_JSON="$(printf '{"users": %d, "seconds": %d, "spawn_rate": %s, "gunicorn_workers": %d, "worker_concurrency": %d, "postgresql": "%s", "redis": "%s", "locust": "%s", "server_errors_in_access_log": %d, "worker_task_failures": %d, "load_average_before": %s}' \
  "$USERS" "$SECONDS_RUN" "$SPAWN_RATE" "$GUNICORN_WORKERS" "$WORKER_CONCURRENCY" "$PG_VERSION" "$REDIS_VERSION" "$LOCUST_VERSION" "$SERVER_ERRORS" "$WORKER_FAILURES" "$LOAD_BEFORE")"
REPORT_ARGS=()
[[ -n "${SOPLAN_LOAD_NO_DOCS:-}" ]] && REPORT_ARGS+=(--no-docs)
"$PY" -m loadtest.report --stats "$WORK/locust_stats.csv" --documents "$WORK/check.json" --run "$RUN_JSON" \
  --cpu "$WORK/cpu-before.json" "$WORK/cpu-after.json" "$WORK/documents.json" "${REPORT_ARGS[@]}"
if [[ -s "$WORK/locust_failures.csv" ]] && (( $(wc -l <"$WORK/locust_failures.csv") > 1 )); then
  echo "---------- failures ----------"
  cat "$WORK/locust_failures.csv"
fi
echo "server errors (5xx) in gunicorn's access log: $SERVER_ERRORS; worker task failures: $WORKER_FAILURES"

if (( LOCUST_STATUS != 0 || CHECK_STATUS != 0 || SERVER_ERRORS != 0 )); then
  echo "load: target MISSED (locust exit $LOCUST_STATUS, document check exit $CHECK_STATUS, $SERVER_ERRORS server errors)" >&2
  exit 1
fi
echo "load: target met: $USERS users, ${SECONDS_RUN}s, 0 errors, every PDF delivered"
