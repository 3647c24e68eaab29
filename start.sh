#!/usr/bin/env bash
# Starts OnDeck.
#   ./start.sh          run against the PBX and database configured in .env
#   ./start.sh --demo   run against the built-in PBX simulator with seeded demo accounts
#   ./start.sh --dev    also run Vite's dev server with hot reload (proxies to the API)
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
cd "$ONDECK_ROOT"

DEMO=0; DEV=0
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO=1 ;;
    --dev) DEV=1 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "Unknown option: $arg (try --help)" ;;
  esac
done

require_node
ensure_node_modules

random_secret() { node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))'; }

if [ "$DEMO" -eq 1 ]; then
  # The demo keeps its own settings and secrets in var/demo.env (never committed), made
  # once and reused so demo accounts and data survive restarts.
  mkdir -p var
  ENV_FILE="$ONDECK_ROOT/var/demo.env"
  if [ ! -f "$ENV_FILE" ]; then
    ensure_mariadb 127.0.0.1 3306
    if mariadb -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1; then
      db_user=root; db_pass=""
    else
      db_user=ondeck_demo; db_pass="$(random_secret)"
      as_root mariadb -e "CREATE USER IF NOT EXISTS 'ondeck_demo'@'127.0.0.1' IDENTIFIED BY '$db_pass';
        ALTER USER 'ondeck_demo'@'127.0.0.1' IDENTIFIED BY '$db_pass';
        GRANT ALL ON \`ondeck_demo\`.* TO 'ondeck_demo'@'127.0.0.1';
        GRANT ALL ON \`ondeck_demo_cdr\`.* TO 'ondeck_demo'@'127.0.0.1';
        GRANT ALL ON \`ondeck_demo_asterisk\`.* TO 'ondeck_demo'@'127.0.0.1';" \
        || die "Cannot create a database account for the demo. Run as root or with sudo, or create .env yourself."
    fi
    umask 077
    cat > "$ENV_FILE" <<ENV
# Written by ./start.sh --demo. Delete this file to start the demo from scratch.
NODE_ENV=development
ONDECK_DEMO=true
HTTP_HOST=0.0.0.0
HTTP_PORT=${ONDECK_PORT:-8080}
JWT_SECRET=$(random_secret)
DB_HOST=127.0.0.1
DB_PORT=3306
DB_USER=$db_user
DB_PASSWORD=$db_pass
DB_NAME=ondeck_demo
FREEPBX_DB_NAME=ondeck_demo_asterisk
AMI_ENABLED=true
AMI_HOST=127.0.0.1
AMI_PORT=15038
AMI_USERNAME=ondeck
AMI_SECRET=$(random_secret)
FASTAGI_HOST=127.0.0.1
FASTAGI_PORT=14573
ONCALL_PIN_PEPPER=$(random_secret)
ENV
  fi
else
  ENV_FILE="${ONDECK_ENV_FILE:-$ONDECK_ROOT/.env}"
  [ -f "$ENV_FILE" ] || die "No configuration at $ENV_FILE. Run ./install.sh on the FreePBX server, or copy .env.example to .env and fill it in. To try OnDeck without a PBX: ./start.sh --demo"
fi
export ONDECK_ENV_FILE="$ENV_FILE"

env_value() { grep -E "^$1=" "$ENV_FILE" | tail -n1 | cut -d= -f2- ; }
ensure_mariadb "$(env_value DB_HOST || true)" "$(env_value DB_PORT || true)"

# Rebuild the browser app when any of its sources is newer than the last build.
if [ "$DEV" -eq 0 ]; then
  built=client/dist/index.html
  if [ ! -f "$built" ] || [ -n "$(find client/src client/index.html client/vite.config.ts shared/src -newer "$built" -print -quit 2>/dev/null)" ]; then
    say "Building the browser app"
    (cd client && npx vite build --logLevel warn)
  fi
fi

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "$DEMO" -eq 1 ]; then
  # The simulator stands beside a FreePBX-shaped database: its users table names every extension.
  # (A var/demo.env from before this setting gets the same database name.)
  export FREEPBX_DB_NAME="$(env_value FREEPBX_DB_NAME || true)"
  FREEPBX_DB_NAME="${FREEPBX_DB_NAME:-ondeck_demo_asterisk}"
  say "Starting the PBX simulator on 127.0.0.1:$(env_value AMI_PORT)"
  SIM_FREEPBX_PASSWORD="$(env_value DB_PASSWORD || true)" node --import tsx server/src/simulator/main.ts \
    --host 127.0.0.1 --port "$(env_value AMI_PORT)" \
    --username "$(env_value AMI_USERNAME)" --secret "$(env_value AMI_SECRET)" \
    --freepbx-host "$(env_value DB_HOST)" --freepbx-port "$(env_value DB_PORT)" \
    --freepbx-user "$(env_value DB_USER)" --freepbx-database "$FREEPBX_DB_NAME" &
  PIDS+=($!)
fi

if [ "$DEV" -eq 1 ]; then
  say "Starting Vite's dev server with hot reload: open http://localhost:5173"
  (cd client && ONDECK_PORT="$(env_value HTTP_PORT)" npx vite --host) &
  PIDS+=($!)
  node --import tsx --watch server/src/main.ts &
else
  node --import tsx server/src/main.ts &
fi
PIDS+=($!)
wait -n "${PIDS[@]}"
