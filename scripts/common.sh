# Shared by the scripts in this folder; sourced, not run.
# shellcheck shell=bash

AGENTDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Where the build goes; the KSyntaxHighlighting prefix and the private apt state live inside it
# so that deleting the build tree removes every trace.
AGENTDESK_BUILD_DIR=${AGENTDESK_BUILD_DIR:-$AGENTDESK_ROOT/build}
AGENTDESK_DEPS_DIR=$AGENTDESK_BUILD_DIR/deps
AGENTDESK_DEPS_PREFIX=$AGENTDESK_DEPS_DIR/prefix

log() { printf '\033[1m[agentdesk]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31m[agentdesk] error:\033[0m %s\n' "$*" >&2
    exit 1
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "this step needs root: run as root or install sudo ($*)"
    fi
}

# Parallel jobs for builds: every core, as the machines have few.
build_jobs() { nproc 2>/dev/null || echo 2; }

# ccache: hash paths relative to the checkout and leave the working directory out of the hash,
# so a fresh clone elsewhere on the same machine (CI's) reuses what earlier builds compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$AGENTDESK_ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
