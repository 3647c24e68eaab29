# Helpers for install.sh that tests call on their own (server/test/install.int.spec.ts).
# Source it after scripts/lib.sh; it changes nothing by itself.

ONDECK_USER="${ONDECK_USER:-ondeck}"
# The code this script came with (ONDECK_ROOT may point elsewhere in tests).
ONDECK_CODE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Creates the unprivileged system account the service runs as (no login, no home), once.
ensure_service_user() {
  local user="$1"
  id -u "$user" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
}

# Writes a secrets file as mode 600 owned by $owner, whatever mode an older copy had
# (writing into an existing file keeps its old mode, so the file is replaced, not rewritten).
write_private_file() {
  local path="$1" content="$2" owner="$3" tmp
  tmp="$(mktemp "$(dirname "$path")/.ondeck-env.XXXXXX")"
  printf '%s\n' "$content" > "$tmp"
  chmod 600 "$tmp"
  chown "$owner:$(id -gn "$owner")" "$tmp"
  mv -f "$tmp" "$path"
}

# Prints the lines of an existing .env whose settings the installer does not manage, so a
# re-run keeps what the admin added (TRUST_PROXY, WEBRTC_*, OUTBOUND_*, ...).
# Usage: other_settings <existing .env> <managed body>
other_settings() {
  local file="$1" managed="$2" keys
  [ -f "$file" ] || return 0
  keys="$(printf '%s\n' "$managed" | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | paste -sd'|' -)"
  grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$file" | grep -Ev "^($keys)=" || true
}

# The systemd unit: an unprivileged user, read-only system, no way to regain privileges.
service_unit() {
  local root="$1" env_file="$2" node="$3" user="$4" port="$5" bind=""
  # Ports below 1024 need this one capability, nothing else.
  [ "$port" -lt 1024 ] && bind="AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE"
  cat <<UNIT
[Unit]
Description=OnDeck operator panel
After=network.target mariadb.service asterisk.service

[Service]
WorkingDirectory=$root
ExecStart=$node --enable-source-maps server/dist/main.js
Environment=ONDECK_ENV_FILE=$env_file
# A crash restarts it; a configuration error (exit 78, EX_CONFIG) waits for the admin to fix .env.
Restart=on-failure
RestartPreventExitStatus=78
RestartSec=3
User=$user
Group=$user
${bind:+$bind
}NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full
ProtectHome=read-only
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectControlGroups=true
RestrictSUIDSGID=true
LockPersonality=true
UMask=0077

[Install]
WantedBy=multi-user.target
UNIT
}

# True when a secret is shorter than $2 characters or more predictable than $3 bits, by the
# same estimate OnDeck applies at start (server/src/config/config.loader.ts).
secret_is_weak() {
  local value="$1" min_length="$2" min_bits="$3"
  [ "${#value}" -lt "$min_length" ] && return 0
  (cd "$ONDECK_CODE" && node --import tsx --input-type=module -e "
    import { estimatedSecretBits } from './server/src/config/config.loader.ts';
    process.exit(estimatedSecretBits(process.argv[1]) < Number(process.argv[2]) ? 0 : 1);" "$value" "$min_bits")
}

# OnDeck's indexes on FreePBX's CDR table (one list, also used by the demo and the benchmark).
CDR_INDEXES_FILE="$ONDECK_CODE/server/src/history/cdr-indexes.sql"

# The index names, from the file's CREATE INDEX lines.
cdr_index_names() { sed -n 's/^CREATE INDEX IF NOT EXISTS \(ondeck_[a-z_]*\) ON .*/\1/p' "$CDR_INDEXES_FILE"; }

# True when <database>.cdr exists. Extra arguments go to the mariadb client (tests: -h127.0.0.1 -uroot).
cdr_table_exists() {
  local db="$1"; shift
  [[ "$db" =~ ^[A-Za-z0-9_]{1,64}$ ]] || return 1
  [ "$(mariadb "$@" -N -B -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$db' AND table_name='cdr'" 2>/dev/null)" = "1" ]
}

# Creates the missing ondeck_* indexes on <database>.cdr (idempotent: CREATE INDEX IF NOT EXISTS);
# a server without FreePBX's CDR database is skipped with a note, not an error.
# Usage: apply_cdr_indexes <database> [mariadb options...]
apply_cdr_indexes() {
  local db="$1"; shift
  if ! cdr_table_exists "$db" "$@"; then
    echo "    no table $db.cdr here: skipped (the call log reads FreePBX's CDR database)"
    return 0
  fi
  mariadb "$@" "$db" < "$CDR_INDEXES_FILE"
  echo "    ondeck_* indexes on $db.cdr: $(cdr_index_names | paste -sd' ' -)"
}

# Drops exactly the ondeck_* indexes (for an uninstall); FreePBX's own indexes stay.
# Usage: drop_cdr_indexes <database> [mariadb options...]
drop_cdr_indexes() {
  local db="$1" name; shift
  cdr_table_exists "$db" "$@" || return 0
  for name in $(cdr_index_names); do
    mariadb "$@" "$db" -e "DROP INDEX IF EXISTS \`$name\` ON cdr"
  done
}
