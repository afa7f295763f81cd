# shellcheck shell=bash
# The real Home Assistant of scripts/demo and of the browser tests (sourced after env.sh):
# a venv in the cache made once from requirements_hass.txt, and Debian's chromium for the
# browser tests. Native mode (a python3.14 on PATH) makes the venv with that Python and uses a
# chromium on PATH; root mode makes it with the root's python3.14 and installs chromium there.

ST_HASS_REQS="$ST_REPO/requirements_hass.txt"

# The venv's key: the pinned list, the recipe and the Python that makes it.
st_hass_stamp() {
    { cat "$ST_HASS_REQS"; echo "recipe 1 $(st_mode) $(st_native_python)"; } | sha256sum | cut -c1-16
}

st_hass_venv() { echo "$ST_CACHE/hass-$(st_hass_stamp)"; }

# Makes the venv once (under a lock, in a temporary directory moved into place when complete).
st_hass_provision() {
    local venv tmp started
    venv=$(st_hass_venv)
    [ -f "$venv/.status-tracker-ready" ] && return 0
    mkdir -p "$ST_CACHE"
    exec 8>"$ST_CACHE/hass.lock"
    flock 8
    if [ -f "$venv/.status-tracker-ready" ]; then exec 8>&-; return 0; fi
    started=$(date +%s)
    st_log "installing Home Assistant and its frontend into $venv (about a minute, once)"
    # A venv cannot move: it is made at its final path, and only marked ready at the end.
    rm -rf "$venv"
    if [ "$(st_mode)" = native ]; then
        "$(st_native_python)" -m venv "$venv"
    else
        (st_in_root python3.14 -m venv "$venv")
    fi
    tmp=$(mktemp -d "$ST_CACHE/hass-reqs.XXXXXX")
    # The last two pins go in with --no-deps (see requirements_hass.txt).
    sed -n '/^# --no-deps/,$p' "$ST_HASS_REQS" | grep -v '^#' >"$tmp/nodeps.txt"
    sed '/^# --no-deps/,$d' "$ST_HASS_REQS" >"$tmp/reqs.txt"
    if ! (st_hass_in_venv "$venv" python -m pip install -q -r "$tmp/reqs.txt") \
        || ! (st_hass_in_venv "$venv" python -m pip install -q --no-deps -r "$tmp/nodeps.txt"); then
        rm -rf "$venv" "$tmp"
        st_die "installing Home Assistant failed"
    fi
    rm -rf "$tmp"
    # Versions older than this list's are no longer used by this checkout.
    find "$ST_CACHE" -maxdepth 1 -name 'hass-*' ! -name 'hass-reqs.*' ! -path "$venv" -exec rm -rf {} + 2>/dev/null || true
    touch "$venv/.status-tracker-ready"
    st_log "Home Assistant ready in $(($(date +%s) - started)) s"
    exec 8>&-
}

# Runs "$@" with the Home Assistant venv first on PATH (the checkout's .venv after it, for the
# stack and the demo's own code), natively or inside the root.
st_hass_in_venv() {
    local venv=$1
    shift
    if [ "$(st_mode)" = native ]; then
        PATH="$venv/bin:$PATH" exec "$@"
    else
        st_in_root /usr/bin/env PATH="$venv/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" "$@"
    fi
}

# Debian's chromium for the browser tests: on PATH natively, else installed into the root once.
# Prints nothing and returns 1 when there is none and none can be installed.
st_chromium_provision() {
    if [ "$(st_mode)" = native ]; then
        command -v chromium || command -v chromium-browser || return 1
        return 0
    fi
    if [ ! -x "$ST_ROOT/usr/bin/chromium" ]; then
        exec 7>"$ST_CACHE/root.lock"
        flock 7
        if [ ! -x "$ST_ROOT/usr/bin/chromium" ]; then
            st_log "installing Debian's chromium into the root (once)"
            (DEBIAN_FRONTEND=noninteractive st_in_root /bin/sh -c \
                "apt-get update -qq && apt-get install -y -qq -o Dpkg::Use-Pty=0 chromium >/dev/null && apt-get clean") \
                || { exec 7>&-; return 1; }
        fi
        exec 7>&-
    fi
    echo /usr/bin/chromium
}
