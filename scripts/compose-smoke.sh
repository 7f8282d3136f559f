#!/usr/bin/env bash
# Compose check for people with Docker: builds the images, starts PostgreSQL, Redis, the bot and
# the workers (docker-compose.yml), waits for /healthz, imports examples/members.csv into a demo
# cell, checks that the members are listed, and stops everything (volumes included, unless
# KEEP=1). Exits non-zero at the first step that fails, with the bot's last log lines.
#
#   scripts/compose-smoke.sh            # uses project name chibo-smoke and port 3000 (BOT_PORT)
#   BOT_PORT=3100 scripts/compose-smoke.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-chibo-smoke}"
export BOT_PORT="${BOT_PORT:-3000}"
UNIT="${UNIT:-Chi bộ Kiểm tra Compose}"
TIMEOUT="${TIMEOUT:-180}"

step() { printf '\n==> %s\n' "$*"; }
compose() { docker compose "$@"; }

if ! command -v docker >/dev/null 2>&1 || ! docker compose version >/dev/null 2>&1; then
  echo "error: docker with the compose plugin is needed (docker compose version)" >&2
  exit 1
fi
if [ ! -f examples/members.csv ]; then
  echo "error: examples/members.csv is missing" >&2
  exit 1
fi

cleanup() {
  status=$?
  if [ "$status" -ne 0 ]; then
    echo "--- last lines of the bot's log ---" >&2
    compose logs --no-color --tail 60 bot >&2 || true
  fi
  if [ "${KEEP:-0}" = "1" ]; then
    echo "KEEP=1: leaving ${COMPOSE_PROJECT_NAME} running (docker compose -p ${COMPOSE_PROJECT_NAME} down -v to remove)"
  else
    step "docker compose down -v"
    compose down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  exit "$status"
}
trap cleanup EXIT

step "docker compose build"
compose build

step "docker compose up -d"
compose up -d

step "waiting for http://127.0.0.1:${BOT_PORT}/healthz (up to ${TIMEOUT} s)"
deadline=$(( $(date +%s) + TIMEOUT ))
until body="$(curl -fsS "http://127.0.0.1:${BOT_PORT}/healthz" 2>/dev/null)"; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "error: /healthz did not answer 200 within ${TIMEOUT} s" >&2
    exit 1
  fi
  sleep 2
done
echo "$body"
case "$body" in
  *'"status":"ok"'*) ;;
  *) echo "error: unexpected /healthz body" >&2; exit 1 ;;
esac

step "import examples/members.csv into \"${UNIT}\""
# The image holds only dist/ and the production dependencies: the CLI is node dist/cli.js.
# --create-unit: the smoke database is empty (no demo data when DATABASE_URL is set).
compose run --rm -T -v "$PWD/examples/members.csv:/tmp/members.csv:ro" bot \
  node dist/cli.js import-members /tmp/members.csv --unit "$UNIT" --create-unit

step "list-members --unit \"${UNIT}\" --json"
listed="$(compose run --rm -T bot node dist/cli.js list-members --unit "$UNIT" --json)"
expected=$(( $(grep -cve '^[[:space:]]*$' examples/members.csv) - 1 ))
count="$(printf '%s' "$listed" | grep -c '"fullName"' || true)"
echo "members listed: ${count} (rows in examples/members.csv: ${expected})"
if [ "$count" -ne "$expected" ]; then
  echo "error: expected ${expected} members after the import" >&2
  exit 1
fi

step "docker compose stop (SIGTERM; the bot finishes its jobs and exits 0)"
compose stop bot worker
code="$(docker inspect --format '{{.State.ExitCode}}' "$(compose ps -aq bot)")"
if [ "$code" != "0" ]; then
  echo "error: the bot exited with ${code} on SIGTERM" >&2
  exit 1
fi
echo "compose smoke test passed"
