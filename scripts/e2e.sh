#!/usr/bin/env bash
# Browser tests: a fresh PostgreSQL database with the demo data, the production build on a
# free port, Playwright driving Debian's Chromium. Artifacts of failures go to e2e-artifacts/.
# E2E_SKIP_BUILD=1 reuses an existing .next build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

PGHOST_URL="${E2E_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
E2E_DB="pb_e2e_$$"
psql "$PGHOST_URL/postgres" -v ON_ERROR_STOP=1 -qc "create database $E2E_DB"
# The seed writes the 835 files of the ERA batches it leaves unposted here, for era.spec.ts.
E2E_ERA_FILES="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  psql "$PGHOST_URL/postgres" -qc "drop database if exists $E2E_DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$E2E_ERA_FILES"
}
trap cleanup EXIT

export DATABASE_URL="$PGHOST_URL/$E2E_DB"
npx tsx db/seed-cli.ts --payment-lines 20000 --months 6 --era-files "$E2E_ERA_FILES"

if [ "${E2E_SKIP_BUILD:-}" != "1" ] || [ ! -f .next/BUILD_ID ]; then
  npx next build
fi

PORT=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
export PORT NEXTAUTH_URL="http://localhost:$PORT" NEXTAUTH_SECRET="e2e-secret-$$-$RANDOM"
"./node_modules/.bin/next" start -p "$PORT" > e2e-server.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://localhost:$PORT/sign-in" && break
  sleep 1
done
curl -fs -o /dev/null "http://localhost:$PORT/sign-in" || { echo "server did not start:"; cat e2e-server.log; exit 1; }

E2E_BASE_URL="http://localhost:$PORT" E2E_ERA_FILES="$E2E_ERA_FILES" npx playwright test --config tests/e2e/playwright.config.ts "$@"
