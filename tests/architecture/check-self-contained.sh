#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The repository needs nothing outside itself: no build file, test, benchmark
# or script may name a path outside the checkout, such as a folder beside it
# ("../shared"), the source folder's parent, or somebody's home folder. Caches
# under $HOME (the compiler cache, the control plane) are looked up through
# variables, never written out. Usage: check-self-contained.sh SOURCE_DIR
set -uo pipefail
cd "${1:?usage: check-self-contained.sh SOURCE_DIR}"

# Build files, sources, tests, benchmarks and scripts; documentation and test
# data are prose and answers, not inputs.
if [ -d .git ] && command -v git >/dev/null; then
    files=$(git ls-files)
else
    files=$(find . -type f -not -path './build*' -not -path './.git/*' | sed 's|^\./||')
fi
checked=$(printf '%s\n' "$files" | grep -vE '\.(md|json|yaml|yml|png|svg|ts|qm|ico|desktop|xml)$' \
    | grep -vE '^(tests/data|docs)/' | grep -vxF tests/architecture/check-self-contained.sh)

pattern='\.\./shared|(PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR)\}/\.\.|SOURCE_DIR "/\.\.'
pattern+="|/home/[^/\"'[:space:]]+/|(^|[^A-Za-z0-9_.~])/root/|/Users/[^/\"'[:space:]]+/"
hits=$(printf '%s\n' "$checked" | tr '\n' '\0' | xargs -0 grep -nE "$pattern" -- 2>/dev/null || true)
if [ -n "$hits" ]; then
    printf 'check-self-contained: these lines name a path outside the checkout:\n%s\n' "$hits" >&2
    exit 1
fi
echo "check-self-contained: $(printf '%s\n' "$checked" | wc -l) files name no path outside the checkout"
