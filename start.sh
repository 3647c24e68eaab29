#!/usr/bin/env bash
# Starts OnDeck.
#   ./start.sh          run against the PBX and database configured in .env
#   ./start.sh --demo   run against the built-in PBX simulator with seeded demo accounts
#   ./start.sh --dev    also run Vite's dev server with hot reload (proxies to the API)
#   --listen ADDRESS    with --demo/--dev: listen there instead of 127.0.0.1 (e.g. 0.0.0.0;
#                       the demo's passwords are published, so only on a trusted network)
#   --state DIR         with --demo: keep demo.env and Kamailio's files in DIR instead of var/
#                       (the test suite runs its own demo this way and leaves yours alone)
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
CALLER_DIR="$PWD"
cd "$ONDECK_ROOT"

DEMO=0; DEV=0; LISTEN=""; STATE_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=1 ;;
    --dev) DEV=1 ;;
    --listen) [ $# -ge 2 ] || die "--listen needs an address, e.g. --listen 0.0.0.0"; LISTEN="$2"; shift ;;
    --listen=*) LISTEN="${1#--listen=}" ;;
    --state) [ $# -ge 2 ] || die "--state needs a folder, e.g. --state /tmp/ondeck-demo"; STATE_DIR="$2"; shift ;;
    --state=*) STATE_DIR="${1#--state=}" ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "Unknown option: $1 (try --help)" ;;
  esac
  shift
done
[ -z "$STATE_DIR" ] || [ "$DEMO" -eq 1 ] || die "--state is for the demo only: ./start.sh --demo --state DIR"

require_node
ensure_node_modules

random_secret() { node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))'; }

if [ "$DEMO" -eq 1 ]; then
  # The demo keeps its own settings and secrets in var/demo.env (never committed), made
  # once and reused so demo accounts and data survive restarts.
  case "$STATE_DIR" in "") DEMO_DIR="$ONDECK_ROOT/var" ;; /*) DEMO_DIR="$STATE_DIR" ;; *) DEMO_DIR="$CALLER_DIR/$STATE_DIR" ;; esac
  mkdir -p "$DEMO_DIR"
  ENV_FILE="$DEMO_DIR/demo.env"
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
HTTP_HOST=127.0.0.1
HTTP_PORT=${ONDECK_PORT:-8080}
JWT_SECRET=$(random_secret)
DB_HOST=127.0.0.1
DB_PORT=3306
DB_USER=$db_user
DB_PASSWORD=$db_pass
DB_NAME=ondeck_demo
FREEPBX_DB_NAME=ondeck_demo_asterisk
CDR_DB_NAME=ondeck_demo_cdr
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
# The demo's passwords are published: it listens on this machine only unless --listen says
# otherwise (the environment wins over var/demo.env, so an older demo.env with 0.0.0.0 is covered).
if [ "$DEMO" -eq 1 ]; then export HTTP_HOST="${LISTEN:-127.0.0.1}"
elif [ -n "$LISTEN" ]; then export HTTP_HOST="$LISTEN"; fi

env_value() { grep -E "^$1=" "$ENV_FILE" | tail -n1 | cut -d= -f2- ; }
ensure_mariadb "$(env_value DB_HOST || true)" "$(env_value DB_PORT || true)"

# Rebuild the browser app and the server bundle when any of their sources is newer than the
# last build. Production and the demo run the server as built JavaScript; --dev runs tsx.
if [ "$DEV" -eq 0 ]; then
  built=client/dist/index.html
  if [ ! -f "$built" ] || [ -n "$(find client/src client/index.html client/vite.config.ts shared/src -newer "$built" -print -quit 2>/dev/null)" ]; then
    say "Building the browser app"
    (cd client && npx vite build --logLevel warn)
  fi
  built=server/dist/main.js
  if [ ! -f "$built" ] || [ -n "$(find server/src server/scripts/build.ts shared/src -newer "$built" -print -quit 2>/dev/null)" ]; then
    say "Building the server"
    node --import tsx server/scripts/build.ts >/dev/null
  fi
fi

# The demo's softphone server: Kamailio as a SIP-over-WebSocket registrar on loopback with a
# generated secret per demo extension (kept in var/demo.env, handed to OnDeck as
# DEMO_SIP_SECRETS), so two browser tabs can call each other. When Kamailio cannot be
# installed or started the demo still runs, and the Phone page says why (DEMO_PHONE_PROBLEM).
DEMO_EXTENSIONS="1001 1002 1003"   # the demo accounts' extensions (server/src/users/account-seed.ts)
DEMO_SIP_WS_PORT="${ONDECK_DEMO_SIP_PORT:-15066}"
DEMO_SIP_UDP_PORT="${ONDECK_DEMO_SIP_UDP_PORT:-15060}"
demo_phone_off() {
  export DEMO_PHONE_PROBLEM="The demo phone is off: $1"
  printf '\033[33mwarning:\033[0m %s\n' "$DEMO_PHONE_PROBLEM" >&2
}
start_demo_phone_server() {
  local dir="$DEMO_DIR/kamailio" secrets pair
  if ! command -v kamailio >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' kamailio-websocket-modules 2>/dev/null | grep -q 'install ok installed'; then
    if ! (apt_ensure kamailio kamailio-websocket-modules); then
      demo_phone_off "Kamailio (the demo's SIP server) could not be installed. Install the packages kamailio and kamailio-websocket-modules, then restart the demo."
      return 0
    fi
  fi
  secrets="$(env_value DEMO_SIP_SECRETS || true)"
  if [ -z "$secrets" ]; then
    for ext in $DEMO_EXTENSIONS; do secrets="${secrets:+$secrets,}$ext=$(random_secret | cut -c1-20)"; done
    (umask 077; printf 'DEMO_SIP_SECRETS=%s\n' "$secrets" >> "$ENV_FILE")
  fi
  mkdir -p "$dir"
  {
    printf '# Written by ./start.sh --demo from DEMO_SIP_SECRETS in %s.\nroute[EXTENSION_PASSWORD] {\n\t$avp(password) = $null;\n' "$ENV_FILE"
    for pair in ${secrets//,/ }; do printf '\tif ($fU == "%s") { $avp(password) = "%s"; }\n' "${pair%%=*}" "${pair#*=}"; done
    printf '}\n'
  } > "$dir/ondeck-secrets.cfg"
  chmod 600 "$dir/ondeck-secrets.cfg"
  if (exec 3<>"/dev/tcp/127.0.0.1/$DEMO_SIP_WS_PORT") 2>/dev/null; then
    demo_phone_off "port $DEMO_SIP_WS_PORT on 127.0.0.1 is already in use (another demo?). Stop it, or set ONDECK_DEMO_SIP_PORT, then restart the demo."
    return 0
  fi
  say "Starting the demo phone server (Kamailio) on ws://127.0.0.1:$DEMO_SIP_WS_PORT"
  # Kamailio finds the included ondeck-secrets.cfg in its working directory.
  (cd "$dir" && exec kamailio -DD -E -f "$ONDECK_ROOT/scripts/kamailio/ondeck-ws-test.cfg" \
    -A WITH_SECRETS_FILE -A "WS_PORT=$DEMO_SIP_WS_PORT" -A "UDP_PORT=$DEMO_SIP_UDP_PORT" \
    -P "$dir/kamailio.pid" -Y "$dir" -w "$dir" >"$dir/kamailio.log" 2>&1) &
  # Not in PIDS: the demo goes on (with the phone off) if Kamailio stops, and stops it on exit.
  KAMAILIO_PID=$!
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$DEMO_SIP_WS_PORT") 2>/dev/null; do
    tries=$((tries + 1))
    if ! kill -0 "$KAMAILIO_PID" 2>/dev/null || [ "$tries" -gt 50 ]; then
      demo_phone_off "Kamailio (the demo's SIP server) did not start; see $dir/kamailio.log."
      return 0
    fi
    sleep 0.2
  done
  export WEBRTC_PBX_SERVER="ws://127.0.0.1:$DEMO_SIP_WS_PORT"
}

PIDS=()
KAMAILIO_PID=""
cleanup() { for pid in "${PIDS[@]}" $KAMAILIO_PID; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "$DEMO" -eq 1 ]; then
  # The simulator stands beside a FreePBX-shaped database: its users table names every extension.
  # (A var/demo.env from before this setting gets the same database name.)
  export FREEPBX_DB_NAME="$(env_value FREEPBX_DB_NAME || true)"
  FREEPBX_DB_NAME="${FREEPBX_DB_NAME:-ondeck_demo_asterisk}"
  # Its CDR table (FreePBX's asteriskcdrdb.cdr) and monitor folder are the demo's own: live calls
  # write rows there, and on first start it writes two weeks of past calls with playable recordings
  # in $DEMO_DIR/recordings. OnDeck's call log reads both (the environment wins over demo.env).
  # (A var/demo.env from before this setting gets the same database name.)
  export CDR_DB_NAME="$(env_value CDR_DB_NAME || true)"
  CDR_DB_NAME="${CDR_DB_NAME:-ondeck_demo_cdr}"
  export RECORDINGS_DIR="$DEMO_DIR/recordings" HISTORY_TRUNKS="trunk"
  # The simulator writes CDR times in UTC.
  export HISTORY_TIME_ZONE="${HISTORY_TIME_ZONE:-UTC}"
  mkdir -p "$RECORDINGS_DIR"
  say "Starting the PBX simulator on 127.0.0.1:$(env_value AMI_PORT)"
  SIM_FREEPBX_PASSWORD="$(env_value DB_PASSWORD || true)" SIM_CDR_PASSWORD="$(env_value DB_PASSWORD || true)" node --import tsx server/simulator/main.ts \
    --host 127.0.0.1 --port "$(env_value AMI_PORT)" \
    --username "$(env_value AMI_USERNAME)" --secret "$(env_value AMI_SECRET)" \
    --freepbx-host "$(env_value DB_HOST)" --freepbx-port "$(env_value DB_PORT)" \
    --freepbx-user "$(env_value DB_USER)" --freepbx-database "$FREEPBX_DB_NAME" \
    --cdr-host "$(env_value DB_HOST)" --cdr-port "$(env_value DB_PORT)" \
    --cdr-user "$(env_value DB_USER)" --cdr-database "$CDR_DB_NAME" \
    --recordings-dir "$RECORDINGS_DIR" &
  PIDS+=($!)
fi

if [ "$DEMO" -eq 1 ]; then
  start_demo_phone_server
fi

if [ "$DEV" -eq 1 ]; then
  say "Starting Vite's dev server with hot reload: open http://localhost:5173"
  (cd client && ONDECK_PORT="$(env_value HTTP_PORT)" npx vite --host "${LISTEN:-127.0.0.1}") &
  PIDS+=($!)
  node --import tsx --watch server/src/main.ts &
else
  node --enable-source-maps server/dist/main.js &
fi
PIDS+=($!)
wait -n "${PIDS[@]}"
