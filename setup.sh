#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Capstan's one entry point for a fresh Debian 12 machine:
#
#   ./setup.sh run      install what is missing, build, start Capstan
#   ./setup.sh test     install what is missing, build, run the whole test suite
#   ./setup.sh build    install what is missing and build
#   ./setup.sh deps     only install what is missing (and build the local
#                       control plane's Kubernetes programs once)
#   ./setup.sh fuzz     build the libFuzzer targets with clang in build-fuzz/
#                       and run each for CAPSTAN_FUZZ_SECONDS (default 60)
#   ./setup.sh bench    also install wrk and nginx (never started as a
#                       service), build, and run bench_api
#
# Options (after the command):
#   --asan              build in build-asan/ with AddressSanitizer and UBSan
#   --tsan              build the engine, the server and their suites in
#                       build-tsan/ with ThreadSanitizer
#   --build-dir DIR     build somewhere other than build/ (or build-asan/, build-tsan/)
#   -- ARGS             passed on to capstan (run) or ctest (test)
#
# Only Debian packages are downloaded, and apt-get runs only for packages
# that are not installed yet, so a second run touches nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command=${1:-}
[ $# -gt 0 ] && shift

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '4,21s/^# \{0,1\}//p' "$0"; }

asan=0
tsan=0
build_dir=
passthrough=()
while [ $# -gt 0 ]; do
    case $1 in
    --asan) asan=1 ;;
    --tsan) tsan=1 ;;
    --build-dir) build_dir=${2:?--build-dir needs a folder}; shift ;;
    --) shift; passthrough=("$@"); break ;;
    *) die "unknown option '$1' (see ./setup.sh --help)" ;;
    esac
    shift
done
[ $asan = 1 ] && [ $tsan = 1 ] && die "--asan and --tsan exclude each other"
if [ -z "$build_dir" ]; then
    if [ $asan = 1 ]; then build_dir=$here/build-asan
    elif [ $tsan = 1 ]; then build_dir=$here/build-tsan
    else build_dir=$here/build; fi
fi

# The packages the build, the tests and the tools Capstan drives need.
packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config clang-format git file dpkg-dev curl ccache
    # Qt 6.4
    qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-httpserver-dev
    qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libqt6svg6 libgl-dev libxkbcommon-dev
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-templates qml6-module-qtquick-window
    qml6-module-qtqml-workerscript
    # libraries
    libyaml-cpp-dev libgit2-dev libjsonnet-dev nlohmann-json3-dev libssl-dev libcrypt-dev qtkeychain-qt6-dev
    # the resource graph's layered layout (Graphviz dot); the diff viewer's diffs
    libgraphviz-dev libdtl-dev
    # the local control plane's etcd (kube-apiserver and kube-controller-manager
    # are built from Debian's source package, see control_plane below)
    etcd-server
    # fuzzing: clang with libFuzzer
    clang libclang-rt-14-dev
    # tests: a display server, packaging validators
    xvfb xauth fonts-dejavu-core desktop-file-utils appstream imagemagick
)

install_missing() {
    local missing=() p
    # Capstan drives kubectl (kustomize); any kubectl on PATH will do, and a
    # kubectl from another vendor's package would conflict with Debian's.
    command -v kubectl >/dev/null || packages+=(kubernetes-client)
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "all ${#packages[@]} Debian packages are installed"
        return
    fi
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || die "missing packages (${missing[*]}) and neither root nor sudo"
        sudo=(sudo)
    fi
    say "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The local control plane's Kubernetes programs: taken from CAPSTAN_CONTROL_PLANE_DIR,
# KUBEBUILDER_ASSETS or PATH where they are, otherwise built once from Debian's
# kubernetes source package into ~/.cache/capstan (about 6 minutes).
control_plane() {
    local dir
    for dir in "${CAPSTAN_CONTROL_PLANE_DIR:-}" "${KUBEBUILDER_ASSETS:-}"; do
        if [ -n "$dir" ] && [ -x "$dir/kube-apiserver" ] && [ -x "$dir/kube-controller-manager" ]; then
            return
        fi
    done
    if command -v kube-apiserver >/dev/null && command -v kube-controller-manager >/dev/null; then
        return
    fi
    if [ ! -x "$("$here/packaging/kubernetes/build-control-plane.sh" --print-dir)/kube-apiserver" ]; then
        say "building the local control plane once (kube-apiserver, kube-controller-manager)"
    fi
    "$here/packaging/kubernetes/build-control-plane.sh" >/dev/null
}

# Sanitizer builds (ASan/UBSan and the fuzz targets) compile with these.
sanitizer_flags="-O1 -g1 -DNDEBUG"

# A compiler cache outside the checkout (ccache), for every build folder of
# this checkout: rebuilds after a branch switch or a header touched and put
# back cost a lookup, and so does a fresh clone made at the path of an
# earlier one (measured: set-up, build and the whole suite in 291 s). Given
# as the compiler launcher, so that a plain `cmake --build` uses it too. A
# clone at another path gains nothing: each library compiles with a
# precompiled header, which holds its build folder's paths (measured: 1 hit
# in 545 compiles), and without precompiled headers a cold build, as on a
# new machine, takes about a third longer while the suites' own sources,
# which name the checkout's path, miss anyway.
cache_root=${CAPSTAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/capstan}
compiler_cache() {
    command -v ccache >/dev/null || return 0
    printf '%s' "-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_DIR=$cache_root/ccache;CCACHE_MAXSIZE=8G;"
    printf '%s\n' "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;ccache"
}

build() {
    local args=(-S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
    local option
    while IFS= read -r option; do
        [ -n "$option" ] && args+=("$option")
    done < <(compiler_cache)
    if [ $asan = 1 ]; then
        # -O1 with line tables, as the sanitizers' documentation advises: stack
        # traces keep their files and lines, and it compiles in half the time
        # of -O2 -g. The benchmarks measure nothing under a sanitizer.
        args+=(-DCAPSTAN_SANITIZE=ON -DCAPSTAN_BUILD_BENCHMARKS=OFF "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$sanitizer_flags")
    elif [ $tsan = 1 ]; then
        # ThreadSanitizer checks the engine's and the server's threads; the
        # GUI is left out (see CAPSTAN_SANITIZE_THREAD).
        args+=(-DCAPSTAN_SANITIZE_THREAD=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$sanitizer_flags")
    elif [ "${CI:-}" = true ]; then
        # CI keeps line tables only: backtraces still name files and lines.
        args+=("-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
    fi
    [ "${CI:-}" = true ] && args+=(-DCAPSTAN_WERROR=ON)
    say "configuring in $build_dir"
    cmake "${args[@]}" >/dev/null
    say "building with 2 jobs"
    cmake --build "$build_dir" -j2
}

case $command in
deps)
    install_missing; control_plane ;;
build)
    install_missing; control_plane; build ;;
run)
    install_missing; control_plane; build
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        die "no display: set DISPLAY or WAYLAND_DISPLAY, or run the headless server with $build_dir/bin/capstan-server"
    fi
    say "starting Capstan"
    exec "$build_dir/bin/capstan" "${passthrough[@]}" ;;
test)
    install_missing; control_plane; build
    say "running the test suite"
    cd "$build_dir"
    exec ctest --output-on-failure -j2 "${passthrough[@]}" ;;
bench)
    install_missing; control_plane
    bench_missing=()
    command -v wrk >/dev/null || bench_missing+=(wrk)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || bench_missing+=(nginx-light)
    if [ ${#bench_missing[@]} -gt 0 ]; then
        sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
        # nginx-light's package would start a system nginx on port 80: it must not.
        printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${bench_missing[@]}"
        "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
    fi
    build
    exec "$build_dir/bin/bench_api" "${passthrough[@]}" ;;
fuzz)
    install_missing
    fuzz_dir=$here/build-fuzz
    [ "$build_dir" = "$here/build" ] || fuzz_dir=$build_dir
    say "configuring the fuzz targets in $fuzz_dir"
    # clang's warnings are not gcc's: -Werror holds for the gcc builds, which
    # compile the same sources; here warnings are shown, not fatal.
    fuzz_args=()
    while IFS= read -r option; do
        [ -n "$option" ] && fuzz_args+=("$option")
    done < <(compiler_cache)
    CC=clang CXX=clang++ cmake -S "$here" -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$sanitizer_flags" -DCAPSTAN_FUZZ=ON -DCAPSTAN_BUILD_TESTS=OFF \
        -DCAPSTAN_WERROR=OFF "${fuzz_args[@]}" >/dev/null
    cmake --build "$fuzz_dir" -j2 --target fuzz_jwt fuzz_rbac fuzz_requests
    export LSAN_OPTIONS="suppressions=$here/tests/lsan.supp:print_suppressions=0"
    for target in jwt rbac requests; do
        mkdir -p "$fuzz_dir/corpus/$target"
        say "fuzzing $target for ${CAPSTAN_FUZZ_SECONDS:-60} s"
        "$fuzz_dir/fuzz/fuzz_$target" -max_total_time="${CAPSTAN_FUZZ_SECONDS:-60}" -timeout=10 \
            -rss_limit_mb=4096 -print_final_stats=1 "$fuzz_dir/corpus/$target" "$here/tests/fuzz/corpus/$target" \
            2>"$fuzz_dir/fuzz_$target.log" || { tail -n 60 "$fuzz_dir/fuzz_$target.log" >&2; die "fuzz_$target found a crash"; }
        grep -E '^stat::number_of_executed_units' "$fuzz_dir/fuzz_$target.log" || true
    done ;;
-h|--help|help)
    usage ;;
*)
    usage >&2; exit 2 ;;
esac
