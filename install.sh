#!/usr/bin/env bash
# Installs OnDeck on a FreePBX 16/17 server (Debian). Run as root from the OnDeck folder.
#   ./install.sh             install or upgrade (idempotent; keeps existing secrets)
#   ./install.sh --dry-run   show what would change, change nothing
# It creates the ondeck database and account, an AMI user limited to what OnDeck uses,
# the on-call feature code dialplan, writes .env (mode 600, owner ondeck) and a systemd
# service that runs as the unprivileged system user ondeck.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
source "$(dirname "$0")/scripts/install-lib.sh"
cd "$ONDECK_ROOT"

DRY=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "Unknown option: $arg (try --help)" ;;
  esac
done

# Tests point these at a scratch tree; on a real server they are the FreePBX defaults.
ETC="${ONDECK_INSTALL_ETC:-/etc}"
ASTERISK_ETC="$ETC/asterisk"
ENV_FILE="$ONDECK_ROOT/.env"
MARK_BEGIN="; BEGIN OnDeck (managed by install.sh; edits inside are replaced)"
MARK_END="; END OnDeck"

run() { if [ "$DRY" -eq 1 ]; then echo "would run: $*"; else "$@"; fi; }

[ "$(id -u)" -eq 0 ] || [ "$DRY" -eq 1 ] || die "Run the installer as root (sudo ./install.sh)."
require_node
[ -f "$ETC/freepbx.conf" ] || die "$ETC/freepbx.conf not found: this does not look like a FreePBX server. For a plain Asterisk, copy .env.example to .env, fill it in and run ./start.sh."

# FreePBX keeps its database credentials in PHP: $amp_conf['AMPDBUSER'] = 'freepbxuser';
freepbx_setting() {
  sed -n "s/^[[:space:]]*\$amp_conf\[['\"]$1['\"]\][[:space:]]*=[[:space:]]*['\"]\([^'\"]*\)['\"].*/\1/p" "$ETC/freepbx.conf" | tail -n1
}
FPBX_DB_HOST="$(freepbx_setting AMPDBHOST)"; FPBX_DB_HOST="${FPBX_DB_HOST:-localhost}"
FPBX_DB_NAME="$(freepbx_setting AMPDBNAME)"; FPBX_DB_NAME="${FPBX_DB_NAME:-asterisk}"
[ -n "$(freepbx_setting AMPDBUSER)" ] || warn "AMPDBUSER not found in $ETC/freepbx.conf; using defaults."

# Keep secrets from an earlier install so re-running never locks OnDeck out.
existing() { [ -f "$ENV_FILE" ] && grep -E "^$1=" "$ENV_FILE" | tail -n1 | cut -d= -f2- || true; }
secret_or_new() { local v; v="$(existing "$1")"; [ -n "$v" ] && echo "$v" || node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))'; }
DB_PASSWORD="$(secret_or_new DB_PASSWORD)"
AMI_SECRET="$(secret_or_new AMI_SECRET)"
JWT_SECRET="$(secret_or_new JWT_SECRET)"
PIN_PEPPER="$(secret_or_new ONCALL_PIN_PEPPER)"
# Production refuses a predictable JWT_SECRET; a new one only signs everyone out, so replace it.
if secret_is_weak "$JWT_SECRET" 32 96; then
  [ -n "$(existing JWT_SECRET)" ] && warn "JWT_SECRET in $ENV_FILE was short or predictable: generating a new one (everyone signs in again)."
  JWT_SECRET="$(node -e 'process.stdout.write(require("crypto").randomBytes(48).toString("base64url"))')"
fi
# A new pin pepper would invalidate every on-call PIN, so that one is the admin's decision.
secret_is_weak "$PIN_PEPPER" 16 48 && die "ONCALL_PIN_PEPPER in $ENV_FILE is short or predictable and OnDeck refuses it in production. Replace it with \`openssl rand -base64 32\` (every on-call PIN must then be set again), then run this again."
HTTP_PORT="$(existing HTTP_PORT)"; HTTP_PORT="${HTTP_PORT:-8080}"
HTTP_HOST="$(existing HTTP_HOST)"; HTTP_HOST="${HTTP_HOST:-0.0.0.0}"
case "$(existing ONDECK_DEMO)" in true|1|yes|on) warn "ONDECK_DEMO was on in $ENV_FILE: the installer turns it off (production refuses demo mode)." ;; esac

say "System user $ONDECK_USER (the service runs as it, not as root)"
if id -u "$ONDECK_USER" >/dev/null 2>&1; then echo "    exists"
elif [ "$DRY" -eq 1 ]; then echo "would create system user $ONDECK_USER (no login, no home)"
else ensure_service_user "$ONDECK_USER"; fi
# The service must be able to read the code (a checkout under /root is not readable by others).
if [ "$DRY" -eq 0 ] && ! runuser -u "$ONDECK_USER" -- test -r "$ONDECK_ROOT/server/src/main.ts"; then
  die "The $ONDECK_USER user cannot read $ONDECK_ROOT (e.g. it is under /root). Move OnDeck to /opt/ondeck (or make its folder readable), then run this again."
fi

say "Database: ondeck (account ondeck@localhost, read-only access to $FPBX_DB_NAME and asteriskcdrdb)"
SQL="CREATE DATABASE IF NOT EXISTS ondeck CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'ondeck'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
ALTER USER 'ondeck'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL ON ondeck.* TO 'ondeck'@'localhost';
GRANT SELECT ON \`$FPBX_DB_NAME\`.* TO 'ondeck'@'localhost';
GRANT SELECT ON asteriskcdrdb.* TO 'ondeck'@'localhost';"
if [ "$DRY" -eq 1 ]; then echo "would run SQL:"; echo "$SQL" | sed "s/$DB_PASSWORD/********/g"; else mariadb -e "$SQL"; fi

say "Call log indexes on asteriskcdrdb.cdr (FreePBX's CDR table has few; each is named ondeck_*)"
if [ "$DRY" -eq 1 ]; then echo "would apply $CDR_INDEXES_FILE to asteriskcdrdb.cdr when that table exists"
else apply_cdr_indexes asteriskcdrdb; fi

# Replaces (or appends) the OnDeck block in a config file, leaving everything else alone.
write_block() {
  local file="$1" body="$2" tmp
  tmp="$(mktemp)"
  [ -f "$file" ] && awk -v b="$MARK_BEGIN" -v e="$MARK_END" '$0==b{skip=1} !skip{print} $0==e{skip=0}' "$file" > "$tmp"
  { printf '%s\n%s\n%s\n' "$MARK_BEGIN" "$body" "$MARK_END"; } >> "$tmp"
  if [ "$DRY" -eq 1 ]; then echo "would update $file:"; diff -u "$( [ -f "$file" ] && echo "$file" || echo /dev/null)" "$tmp" | sed "s/$AMI_SECRET/********/g" || true; rm -f "$tmp"
  else install -m 0640 "$tmp" "$file"; rm -f "$tmp"; chown asterisk:asterisk "$file" 2>/dev/null || true; fi
}

say "AMI user 'ondeck' (loopback only) in manager_custom.conf"
write_block "$ASTERISK_ETC/manager_custom.conf" "[ondeck]
secret = $AMI_SECRET
deny = 0.0.0.0/0.0.0.0
permit = 127.0.0.1/255.255.255.255
read = call,agent,reporting,system
write = call,agent,originate,system
writetimeout = 5000"

say "On-call feature code *55 and the on-call line dialplan in extensions_custom.conf"
# The dialplan text lives in one file, parsed and pattern-tested by server/src/oncall/line/dialplan.spec.ts.
# It ships with this installer (its own folder), whatever ONDECK_ROOT points at.
DIALPLAN_FILE="$(cd "$(dirname "$0")" && pwd)/server/src/oncall/line/asterisk/extensions_ondeck.conf"
[ -f "$DIALPLAN_FILE" ] || die "$DIALPLAN_FILE is missing: the OnDeck folder is incomplete."
write_block "$ASTERISK_ETC/extensions_custom.conf" "$(cat "$DIALPLAN_FILE")"

say "Configuration in $ENV_FILE"
ENV_BODY="# Written by install.sh. Secrets: keep this file private (mode 600).
NODE_ENV=production
HTTP_HOST=$HTTP_HOST
HTTP_PORT=$HTTP_PORT
JWT_SECRET=$JWT_SECRET
DB_HOST=127.0.0.1
DB_PORT=3306
DB_USER=ondeck
DB_PASSWORD=$DB_PASSWORD
DB_NAME=ondeck
FREEPBX_DB_NAME=$FPBX_DB_NAME
AMI_ENABLED=true
AMI_HOST=127.0.0.1
AMI_PORT=5038
AMI_USERNAME=ondeck
AMI_SECRET=$AMI_SECRET
FASTAGI_HOST=127.0.0.1
FASTAGI_PORT=4573
ONCALL_PIN_PEPPER=$PIN_PEPPER"
# Settings the admin added (TRUST_PROXY, WEBRTC_*, OUTBOUND_*, ...) are kept; demo mode is not.
KEPT="$(other_settings "$ENV_FILE" "$ENV_BODY" | grep -Ev '^ONDECK_DEMO=' || true)"
[ -n "$KEPT" ] && ENV_BODY="$ENV_BODY
# Kept from the previous .env:
$KEPT"
if [ "$DRY" -eq 1 ]; then echo "would write $ENV_FILE (mode 600, owner $ONDECK_USER; secrets hidden)"
  [ -n "$KEPT" ] && echo "    keeping: $(printf '%s\n' "$KEPT" | cut -d= -f1 | paste -sd' ' -)"
else write_private_file "$ENV_FILE" "$ENV_BODY" "$ONDECK_USER"; fi

say "Dependencies, browser app and server build"
run ensure_node_modules
run bash -c "cd '$ONDECK_ROOT/client' && npx vite build --logLevel warn"
# The service runs compiled JavaScript (server/dist/main.js), not TypeScript through tsx.
run bash -c "cd '$ONDECK_ROOT' && node --import tsx server/scripts/build.ts"

if [ -d /run/systemd/system ] || [ "$DRY" -eq 1 ]; then
  say "systemd service ondeck.service"
  UNIT="$(service_unit "$ONDECK_ROOT" "$ENV_FILE" "$(command -v node)" "$ONDECK_USER" "$HTTP_PORT")"
  if [ "$DRY" -eq 1 ]; then echo "would write /etc/systemd/system/ondeck.service:"; printf '%s\n' "$UNIT" | sed 's/^/    /'; else
    printf '%s\n' "$UNIT" > /etc/systemd/system/ondeck.service
    # restart, not only start: an upgrade must pick up the new user and .env.
    systemctl daemon-reload && systemctl enable ondeck.service && systemctl restart ondeck.service
  fi
fi

if command -v asterisk >/dev/null 2>&1; then
  run asterisk -rx 'manager reload'
  command -v fwconsole >/dev/null 2>&1 && run fwconsole reload
fi
say "Done. Open http://$(hostname -f 2>/dev/null || hostname):$HTTP_PORT and sign in."
