# shellcheck shell=bash
# Shared by every script in scripts/: where the toolchain lives and how to run a command in it.
#
# Home Assistant 2026.10 needs Python >= 3.14.2. A native one on PATH is used when present;
# otherwise a Debian sid root (debootstrap) provides python3.14, and qbittorrent-nox 5.x for the
# tests in both cases unless a native qbittorrent-nox 5.x is on PATH.

ST_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ST_CACHE=${STATUS_TRACKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/status-tracker}
ST_VENV="$ST_REPO/.venv"
ST_SHARED=$(cd "$ST_REPO/.." && pwd)/shared

# Packages of the Debian root. Changing this list changes the stamp, which rebuilds the root.
ST_ROOT_PACKAGES="python3.14 python3.14-venv ca-certificates qbittorrent-nox"
ST_ROOT_RECIPE_VERSION=1

st_log() { printf 'status-tracker: %s\n' "$*" >&2; }
st_die() { st_log "error: $*"; exit 1; }

# Prints the path of a native Python >= 3.14.2, or nothing.
st_native_python() {
    local cand
    for cand in ${ST_PYTHON:-} python3.14 python3; do
        command -v "$cand" >/dev/null 2>&1 || continue
        if "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 14, 2) else 1)' 2>/dev/null; then
            command -v "$cand"
            return 0
        fi
    done
    return 0
}

# Prints the path of a native qbittorrent-nox 5.x, or nothing.
st_native_qbittorrent() {
    local bin
    bin=$(command -v qbittorrent-nox 2>/dev/null) || return 0
    case "$("$bin" --version 2>/dev/null)" in
        *" v5."*) echo "$bin" ;;
    esac
}

st_root_stamp() {
    printf '%s\n%s\n' "$ST_ROOT_PACKAGES" "$ST_ROOT_RECIPE_VERSION" | sha256sum | cut -c1-16
}

ST_ROOT="$ST_CACHE/debian-sid-$(st_root_stamp)"

st_root_ready() { [ -f "$ST_ROOT/.status-tracker-stamp" ] && [ "$(cat "$ST_ROOT/.status-tracker-stamp")" = "$(st_root_stamp)" ]; }

# Environment variables allowed into the root; everything else is dropped by env -i.
st_root_env() {
    local name
    printf '%s\n' HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
        SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
        PIP_CACHE_DIR="$ST_CACHE/pip"
    for name in CI DEBIAN_FRONTEND TERM COLUMNS STATUS_TRACKER_CACHE ST_QBITTORRENT_NOX $(compgen -e | grep -E '^(PIP_|PYTEST_|ST_TEST_)' | grep -v '^PIP_CACHE_DIR$'); do
        [ -n "${!name+x}" ] || continue
        # A host-only local path (a wheel house, a local index) does not exist inside the root;
        # the checkout and the cache are bind-mounted at the same paths (st_in_root).
        case "${!name}" in
            "$ST_REPO"|"$ST_REPO"/*|"$ST_CACHE"|"$ST_CACHE"/*) ;;
            /*|file:/*) [ -e "$ST_ROOT/${!name#file:}" ] || continue ;;
        esac
        printf '%s=%s\n' "$name" "${!name}"
    done
}

# Runs "$@" inside the root: the checkout and the cache are bind-mounted at the same paths,
# ../shared read-only; extra directories to bind come from ST_ROOT_BINDS (colon-separated).
# Every step execs, so the PID of this call is the PID of the command (stoppable by PID).
st_in_root() {
    local -a envs binds
    mapfile -t envs < <(st_root_env)
    binds=("$ST_REPO" "$ST_CACHE")
    if [ -n "${ST_ROOT_BINDS:-}" ]; then
        local IFS=:
        # shellcheck disable=SC2206
        binds+=($ST_ROOT_BINDS)
    fi
    local ro=""
    [ -d "$ST_SHARED" ] && ro="$ST_SHARED"
    local workdir=$PWD
    case "$workdir" in "$ST_REPO"|"$ST_REPO"/*) ;; *) workdir=$ST_REPO ;; esac
    exec unshare --mount --propagation private /bin/sh -c '
        set -e
        root=$1; ro=$2; workdir=$3; shift 3
        mount -t proc proc "$root/proc"
        mount -t tmpfs tmpfs "$root/tmp"
        while [ "$1" != "--" ]; do
            mkdir -p "$root$1"; mount --bind "$1" "$root$1"; shift
        done
        shift
        if [ -n "$ro" ]; then
            mkdir -p "$root$ro"; mount --bind "$ro" "$root$ro"; mount -o remount,bind,ro "$root$ro"
        fi
        exec chroot "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "$@"
    ' sh "$ST_ROOT" "$ro" "$workdir" "${binds[@]}" -- /usr/bin/env -i "${envs[@]}" "$@"
}

# Which mode this checkout uses: "native" or "root" (written by scripts/setup).
st_mode() { cat "$ST_VENV/.status-tracker-mode" 2>/dev/null || true; }

# Runs "$@" with the venv's bin first on PATH, natively or inside the root.
st_run() {
    local mode
    mode=$(st_mode)
    [ -n "$mode" ] || st_die "the environment is not set up: run scripts/setup"
    if [ "$mode" = native ]; then
        PATH="$ST_VENV/bin:$PATH" VIRTUAL_ENV="$ST_VENV" exec "$@"
    else
        st_in_root /usr/bin/env PATH="$ST_VENV/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" \
            VIRTUAL_ENV="$ST_VENV" "$@"
    fi
}
