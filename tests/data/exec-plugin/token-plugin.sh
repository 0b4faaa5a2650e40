#!/bin/sh
# An exec credential plugin for the tests: prints the token in $PLUGIN_TOKEN,
# valid for $PLUGIN_SECONDS seconds, and counts its runs in $PLUGIN_COUNTER.
set -eu
[ -n "${KUBERNETES_EXEC_INFO:-}" ] || { echo "no KUBERNETES_EXEC_INFO" >&2; exit 3; }
echo run >> "$PLUGIN_COUNTER"
expiry=$(date -u -d "+${PLUGIN_SECONDS:-3600} seconds" +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' \
    "$PLUGIN_TOKEN" "$expiry"
