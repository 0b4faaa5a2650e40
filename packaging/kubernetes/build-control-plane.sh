#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Builds kube-apiserver and kube-controller-manager for Capstan's local
# control plane from Debian's "kubernetes" source package (Debian itself ships
# only kubectl from it), once, into a cache outside the checkout:
#
#   ${CAPSTAN_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/capstan}/control-plane/v1.20.2-r2/bin/
#
# Prints that folder. A second run finds the binaries and does nothing.
# Only Debian packages are downloaded. About 8 minutes and 2 GB of memory on
# two cores.
#
# Usage: build-control-plane.sh [--print-dir]
set -euo pipefail

version=1.20.2
# Bumped whenever the recipe changes what it builds, so that no cache of an
# older recipe is used; core/kube/localcluster/controlplanebinaries.cpp agrees.
recipe=2
cache_root=${CAPSTAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/capstan}
bin_dir=$cache_root/control-plane/v$version-r$recipe/bin

if [ "${1:-}" = --print-dir ]; then
    echo "$bin_dir"
    exit 0
fi
if [ -x "$bin_dir/kube-apiserver" ] && [ -x "$bin_dir/kube-controller-manager" ]; then
    echo "$bin_dir"
    exit 0
fi

say() { printf '\033[1mcontrol-plane:\033[0m %s\n' "$*" >&2; }
die() { printf 'control-plane: %s\n' "$*" >&2; exit 1; }

sudo=()
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "building the control plane needs root or sudo to install Debian packages"
    sudo=(sudo)
fi

# Debian's source packages need a deb-src entry for the suites already in use.
ensure_deb_src() {
    if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return
    fi
    say "adding deb-src entries for the configured Debian suites"
    local file out=/etc/apt/sources.list.d/capstan-deb-src.sources
    local content=""
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -e "$file" ] || continue
        content+=$(sed -E 's/^Types:.*$/Types: deb-src/' "$file")$'\n\n'
    done
    if [ -f /etc/apt/sources.list ]; then
        local lines
        lines=$(sed -nE 's/^deb (.*)$/deb-src \1/p' /etc/apt/sources.list)
        [ -n "$lines" ] && printf '%s\n' "$lines" | "${sudo[@]}" tee /etc/apt/sources.list.d/capstan-deb-src.list >/dev/null
    fi
    [ -n "$content" ] && printf '%s' "$content" | "${sudo[@]}" tee "$out" >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
}

install_build_packages() {
    local missing=() p
    for p in golang-go etcd-server rsync dpkg-dev golang-github-modern-go-reflect2-dev; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    say "installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_deb_src
install_build_packages

work=$(mktemp -d "${TMPDIR:-/tmp}/capstan-kubernetes.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
say "fetching Debian's kubernetes source package"
apt-get source -qq --download-only kubernetes >/dev/null
dpkg-source --no-check -x ./kubernetes_*.dsc source >/dev/null
tree=$work/source

# Kubernetes 1.20 vendors reflect2 1.0.1, which panics under Go 1.18 and later
# when the API server decodes a JSON body; Debian's reflect2 1.0.2 is the fix.
rm -rf "$tree/vendor/github.com/modern-go/reflect2"
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$tree/vendor/github.com/modern-go/reflect2"

# Module mode fails with Go 1.19 on this tree: build in GOPATH mode from a
# GOPATH whose k8s.io/kubernetes is the tree.
export GO111MODULE=off CGO_ENABLED=0 GOFLAGS= GOPATH=$tree/.go GOCACHE=$work/.gocache
mkdir -p "$GOPATH/src/k8s.io"
ln -s "$tree" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"

generators=$tree/_output/local/bin/$(go env GOOS)/$(go env GOARCH)
mkdir -p "$generators"
say "building the code generators"
for cmd in vendor/k8s.io/code-generator/cmd/{prerelease-lifecycle-gen,deepcopy-gen,defaulter-gen,conversion-gen} \
           vendor/k8s.io/kube-openapi/cmd/openapi-gen \
           vendor/github.com/go-bindata/go-bindata/go-bindata; do
    go build -o "$generators/$(basename "$cmd")" "./$cmd"
done
touch "$generators"/*
say "generating sources"
make generated_files >/dev/null

# In GOPATH mode the version packages are the vendored copies inside the tree.
ldflags=""
for package in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldflags+=" -X $package.gitVersion=v$version -X $package.gitMajor=1 -X $package.gitMinor=20"
    ldflags+=" -X $package.gitTreeState=clean -X $package.buildDate=$(date -u -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%dT%H:%M:%SZ)"
done
mkdir -p "$bin_dir.partial"
for cmd in kube-apiserver kube-controller-manager; do
    say "building $cmd v$version"
    go build -ldflags "$ldflags" -o "$bin_dir.partial/$cmd" "./cmd/$cmd"
done
reported=$("$bin_dir.partial/kube-apiserver" --version)
[ "$reported" = "Kubernetes v$version" ] || die "the build reports '$reported', not 'Kubernetes v$version'"
rm -rf "$bin_dir"
mv "$bin_dir.partial" "$bin_dir"
say "cached in $bin_dir"
echo "$bin_dir"
