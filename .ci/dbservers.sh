#!/usr/bin/env bash
# Throwaway PostgreSQL and MariaDB servers on loopback for the SQL source tests.
#
#   .ci/dbservers.sh start [--no-install]   install the servers from Debian's packages when missing
#                                           (root only; --no-install refuses instead), start both on
#                                           free loopback ports in temporary data directories, create
#                                           the test database and user, and print the path of the env
#                                           file holding the connection URLs
#   .ci/dbservers.sh stop                   stop both servers and remove their directory
#
# Everything lives in $PIISCAN_DBSERVERS_DIR (default /tmp/piiscan-dbservers). The env file
# ($PIISCAN_DBSERVERS_DIR/urls.env) exports PIISCAN_TEST_POSTGRES_URL and PIISCAN_TEST_MYSQL_URL:
# user `piiscan` with a fresh random password, database `piiscan`; the user may create databases
# and roles, and tsm_system_rows is installed in template1, hence in every new database. The test
# fixtures read the variables, or the file when they are unset. Progress goes to stderr; stdout
# carries only the env file path, so `env_file=$(.ci/dbservers.sh start)` fails when start fails.
set -euo pipefail

DIR=${PIISCAN_DBSERVERS_DIR:-/tmp/piiscan-dbservers}
ENV_FILE=$DIR/urls.env
PG_DIR=$DIR/postgres
MY_DIR=$DIR/mariadb
WAIT_SECONDS=30

log() { printf 'dbservers: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# The newest installed PostgreSQL server's bin directory (Debian keeps them versioned).
pg_bindir() {
    local initdb
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$initdb" ] && dirname "$initdb"
}

mariadbd_path() {
    command -v mariadbd 2>/dev/null || { [ -x /usr/sbin/mariadbd ] && echo /usr/sbin/mariadbd; }
}

# Run a command as the PostgreSQL server's owner: `postgres` when we are root (initdb refuses root).
as_pg() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

random_password() {
    od -An -N12 -tx1 /dev/urandom | tr -d ' \n'
}

# apt-get install the missing server packages; starting services is denied while installing.
install_missing() {
    local no_install=$1 packages=() policy_created=""
    [ -n "$(pg_bindir)" ] || packages+=(postgresql)
    [ -n "$(mariadbd_path)" ] || packages+=(mariadb-server)
    [ ${#packages[@]} -eq 0 ] && return 0
    [ -z "$no_install" ] || die "not installed: ${packages[*]} (run as root without --no-install to apt-get install)"
    is_root || die "not installed: ${packages[*]} (installing needs root)"
    log "installing ${packages[*]} from Debian's packages"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_created=1
    fi
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=120 -o Dpkg::Use-Pty=0 --no-install-recommends)
    local status=0
    export DEBIAN_FRONTEND=noninteractive
    if ! "${apt[@]}" install "${packages[@]}" >"$DIR/apt.log" 2>&1; then
        log "apt-get install failed; updating the package lists and retrying"
        { apt-get -q update && "${apt[@]}" install "${packages[@]}"; } >>"$DIR/apt.log" 2>&1 || status=$?
    fi
    [ -z "$policy_created" ] || rm -f /usr/sbin/policy-rc.d
    [ "$status" = 0 ] || { tail -n 20 "$DIR/apt.log" >&2; die "apt-get install ${packages[*]} failed"; }
    [ -n "$(pg_bindir)" ] || die "postgresql installed but no initdb under /usr/lib/postgresql"
    [ -n "$(mariadbd_path)" ] || die "mariadb-server installed but no mariadbd"
}

start_postgres() {
    local password=$1 bindir port
    bindir=$(pg_bindir)
    port=$(free_port)
    mkdir -p "$PG_DIR"
    if is_root; then chown postgres: "$PG_DIR"; fi
    as_pg "$bindir/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --no-locale --no-sync \
        --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    as_pg "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t "$WAIT_SECONDS" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { tail -n 20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    as_pg "$bindir/psql" -h "$PG_DIR" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
        -v password="$password" >/dev/null <<'SQL'
CREATE ROLE piiscan LOGIN CREATEDB CREATEROLE PASSWORD :'password';
SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'tsm_system_rows') AS has_tsm \gset
\if :has_tsm
\connect template1
CREATE EXTENSION tsm_system_rows;
\endif
CREATE DATABASE piiscan OWNER piiscan;
SQL
    printf "export PIISCAN_TEST_POSTGRES_URL='postgresql://piiscan:%s@127.0.0.1:%s/piiscan'\n" "$password" "$port"
    log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

start_mariadb() {
    local password=$1 mariadbd port user_option=() waited=0
    mariadbd=$(mariadbd_path)
    port=$(free_port)
    mkdir -p "$MY_DIR"
    if is_root; then user_option=(--user=root); fi
    mariadb-install-db --no-defaults --datadir="$MY_DIR/data" "${user_option[@]}" \
        --auth-root-authentication-method=normal --skip-test-db >"$DIR/install-db.log" 2>&1 \
        || { cat "$DIR/install-db.log" >&2; die "mariadb-install-db failed"; }
    # Detached from our stdout, so `$(.ci/dbservers.sh start)` returns while the server runs.
    "$mariadbd" --no-defaults "${user_option[@]}" --datadir="$MY_DIR/data" --socket="$MY_DIR/mariadbd.sock" \
        --pid-file="$MY_DIR/mariadbd.pid" --log-error="$MY_DIR/error.log" --bind-address=127.0.0.1 \
        --port="$port" --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M \
        --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
    until mariadb-admin --no-defaults --socket="$MY_DIR/mariadbd.sock" -u root ping >/dev/null 2>&1; do
        waited=$((waited + 1))
        if [ "$waited" -gt $((WAIT_SECONDS * 5)) ]; then
            tail -n 20 "$MY_DIR/error.log" >&2
            die "MariaDB did not answer within $WAIT_SECONDS s"
        fi
        sleep 0.2
    done
    mariadb --no-defaults --socket="$MY_DIR/mariadbd.sock" -u root <<SQL
CREATE DATABASE piiscan CHARACTER SET utf8mb4;
CREATE USER 'piiscan'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'piiscan'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'piiscan'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'piiscan'@'localhost' WITH GRANT OPTION;
SQL
    printf "export PIISCAN_TEST_MYSQL_URL='mysql://piiscan:%s@127.0.0.1:%s/piiscan'\n" "$password" "$port"
    log "MariaDB $("$mariadbd" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_servers() {
    local bindir pid waited=0
    if [ -f "$PG_DIR/data/postmaster.pid" ] && bindir=$(pg_bindir); then
        as_pg "$bindir/pg_ctl" -D "$PG_DIR/data" -m fast -w -t "$WAIT_SECONDS" stop >/dev/null 2>&1 \
            || log "PostgreSQL did not stop cleanly"
    fi
    if [ -f "$MY_DIR/mariadbd.pid" ]; then
        pid=$(cat "$MY_DIR/mariadbd.pid")
        kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((WAIT_SECONDS * 5)) ]; do
            sleep 0.2
            waited=$((waited + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$DIR"
}

# Both servers up from an earlier start: reuse them.
already_running() {
    local bindir
    [ -f "$ENV_FILE" ] && bindir=$(pg_bindir) || return 1
    as_pg "$bindir/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1 || return 1
    mariadb-admin --no-defaults --socket="$MY_DIR/mariadbd.sock" -u root ping >/dev/null 2>&1
}

start() {
    local no_install="" password
    case "${1:-}" in
        --no-install) no_install=1 ;;
        "") ;;
        *) die "unknown option $1" ;;
    esac
    if already_running; then
        log "already running"
        echo "$ENV_FILE"
        return 0
    fi
    stop_servers
    mkdir -p "$DIR"
    chmod 755 "$DIR"
    install_missing "$no_install"
    password=$(random_password)
    {
        start_postgres "$password"
        start_mariadb "$password"
    } >"$ENV_FILE.tmp"
    chmod 600 "$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
    echo "$ENV_FILE"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop_servers ;;
    *) echo "usage: $0 start [--no-install] | stop" >&2; exit 2 ;;
esac
