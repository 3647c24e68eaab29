# Shared helpers for start.sh, install.sh and scripts/test.sh. Source it; do not run it.
# Everything here is idempotent: it checks before it changes the machine.

ONDECK_ROOT="${ONDECK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

say()  { printf '\033[1m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1; fi
}

can_be_root() { [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }

is_debian_like() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

require_node() {
  command -v node >/dev/null 2>&1 || die "Node.js is not installed. Install Node.js 20.19 or newer (https://nodejs.org or your distribution's nodejs package), then run this again."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js $(node --version) is too old. OnDeck needs 20.19 or newer."
}

# Installs Debian packages that are missing. Usage: apt_ensure pkg [pkg...]
APT_UPDATED=""
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  is_debian_like || die "Missing packages: ${missing[*]}. Install them with your package manager, then run this again."
  can_be_root || die "Missing packages: ${missing[*]}. Run as root or with sudo so they can be installed, or install them yourself."
  say "Installing ${missing[*]} (apt-get)"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs npm dependencies when node_modules is missing or older than the lock file.
ensure_node_modules() {
  local stamp="$ONDECK_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ONDECK_ROOT/package-lock.json" -nt "$stamp" ]; then
    say "Installing npm dependencies (npm ci)"
    (cd "$ONDECK_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

db_reachable() {
  local host="${1:-127.0.0.1}" port="${2:-3306}"
  node -e '
    const s = require("net").connect({host: process.argv[1], port: +process.argv[2]});
    s.setTimeout(1500, () => process.exit(1));
    s.on("connect", () => { s.end(); process.exit(0); });
    s.on("error", () => process.exit(1));' "$host" "$port" 2>/dev/null
}

# Makes sure a MariaDB/MySQL server answers on host:port. Installs and starts MariaDB
# on Debian/Ubuntu when we may; otherwise stops with what to do.
ensure_mariadb() {
  local host="${1:-127.0.0.1}" port="${2:-3306}"
  db_reachable "$host" "$port" && return 0
  case "$host" in 127.0.0.1|localhost|::1) ;; *)
    die "No database answers at $host:$port. Start it, or fix DB_HOST/DB_PORT in .env." ;;
  esac
  if ! command -v mariadbd >/dev/null 2>&1 && ! [ -x /usr/sbin/mariadbd ]; then
    if is_debian_like && can_be_root; then
      apt_ensure mariadb-server
    else
      die "No MariaDB/MySQL server is reachable at $host:$port and this machine cannot install one automatically. Install MariaDB 10.6+ (or MySQL 8), start it, then run this again."
    fi
  fi
  say "Starting MariaDB"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    as_root systemctl start mariadb || true
  fi
  if ! db_reachable "$host" "$port"; then
    as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql >/dev/null 2>&1 \
      || as_root service mariadb start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 60); do db_reachable "$host" "$port" && return 0; sleep 0.5; done
  die "MariaDB did not come up on $host:$port. Check its log (journalctl -u mariadb or /var/log/mysql/error.log)."
}
