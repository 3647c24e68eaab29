#!/usr/bin/env bash
# Runs every OnDeck test suite on this machine. Idempotent: installs what is missing
# (npm ci, chromium, kamailio, MariaDB), starts MariaDB when it is down, then runs
# lint, typecheck, unit, integration, browser, softphone and demo suites.
# Usage: ./scripts/test.sh [suite ...]   (suites: lint typecheck unit integration browser phone demo)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ONDECK_ROOT"

SUITES="lint typecheck unit integration browser phone demo"
for suite in "$@"; do
  [[ " $SUITES " == *" $suite "* ]] || die "Unknown suite '$suite'. The suites are: $SUITES."
done

require_node
ensure_node_modules || die "npm ci failed."
apt_ensure chromium kamailio kamailio-websocket-modules iproute2 util-linux

export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-3306}"
ensure_mariadb "$DB_HOST" "$DB_PORT"

# Tests create and drop their own ondeck_test_* databases. Use root over TCP where that
# works (as on CI); otherwise create a dedicated test account through the local socket.
if [ -z "${DB_USER:-}" ]; then
  if mariadb -h"$DB_HOST" -P"$DB_PORT" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    export DB_USER=root DB_PASSWORD=""
  else
    export DB_USER=ondeck_test DB_PASSWORD="ondeck-test-only"
    as_root mariadb -e "CREATE USER IF NOT EXISTS 'ondeck_test'@'127.0.0.1' IDENTIFIED BY 'ondeck-test-only';
      CREATE USER IF NOT EXISTS 'ondeck_test'@'localhost' IDENTIFIED BY 'ondeck-test-only';
      GRANT ALL ON \`ondeck\\_test\\_%\`.* TO 'ondeck_test'@'127.0.0.1';
      GRANT ALL ON \`ondeck\\_test\\_%\`.* TO 'ondeck_test'@'localhost';" \
      || die "Cannot create the test database account. Set DB_USER/DB_PASSWORD to an account that may create databases named ondeck_test_*."
  fi
fi
export NODE_ENV=test CI="${CI:-}"

declare -a NAMES=() RESULTS=() TIMES=()
run_suite() {
  local name="$1"; shift
  local start=$SECONDS
  printf '\n\033[1m━━ %s ━━\033[0m\n' "$name"
  if "$@"; then RESULTS+=(pass); else RESULTS+=(FAIL); fi
  NAMES+=("$name"); TIMES+=($((SECONDS - start)))
}

want() { [ ${#SELECTED[@]} -eq 0 ] || [[ " ${SELECTED[*]} " == *" $1 "* ]]; }
SELECTED=("$@")

want lint        && run_suite lint        npx eslint --max-warnings=0 .
want typecheck   && run_suite typecheck   npm run --silent typecheck
want unit        && run_suite unit-server bash -c 'cd server && npx vitest run --project unit'
want unit        && run_suite unit-client bash -c 'cd client && npx vitest run'
want integration && run_suite integration bash -c 'cd server && npx vitest run --project integration'
if want browser || want phone; then
  run_suite build-client bash -c 'cd client && npx vite build --logLevel warn'
fi
want browser     && [ -f client/vitest.e2e.config.ts ] && run_suite browser bash -c 'cd client && npx vitest run -c vitest.e2e.config.ts'
want phone       && [ -f client/e2e/run-phone-e2e.mjs ] && run_suite softphone node client/e2e/run-phone-e2e.mjs
# The demo phone as a user gets it: ./start.sh --demo in a throwaway state folder, two demo users
# calling each other through its Kamailio, then a check that stopping the demo stops Kamailio.
want demo        && run_suite demo node client/e2e/run-demo-e2e.mjs

printf '\n\033[1m━━ summary ━━\033[0m\n'
passed=0; failed=0
for i in "${!NAMES[@]}"; do
  printf '  %-14s %-5s %4ss\n' "${NAMES[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}"
  if [ "${RESULTS[$i]}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
