#!/usr/bin/env bash
# Back up Socialkompas: the database (pg_dump, custom format) and the media folder.
#
#   scripts/backup.sh DEST_DIR
#
# Reads DATABASE_URL (postgres://user:pass@host:5432/socialkompas) and MEDIA_ROOT (default:
# ./media; with MEDIA_STORAGE=s3 the media are in the bucket: back that up on its own). Writes
# DEST_DIR/socialkompas-<UTC time>/ with database.dump and media.tar.gz, and prints its path.
# Restore with scripts/restore.sh. pg_dump from $PG_BIN, the newest
# /usr/lib/postgresql/*/bin or PATH (it must be as new as the server).
set -euo pipefail

die() { printf 'backup: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 DEST_DIR" >&2; exit 2; }
[[ ${DATABASE_URL:-} == postgres* ]] || die "DATABASE_URL must be a postgres:// address"

# shellcheck source=scripts/pg-client.sh
source "$(dirname "$0")/pg-client.sh"

MEDIA=${MEDIA_ROOT:-$(dirname "$0")/../media}
TARGET="$1/socialkompas-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$TARGET"

# -Fc: compressed, restorable table by table; no owner or grants, so any role can restore it.
"$(pg_tool pg_dump)" -Fc --no-owner --no-acl -d "$DATABASE_URL" -f "$TARGET/database.dump"

if [[ -d $MEDIA ]]; then
    tar -czf "$TARGET/media.tar.gz" -C "$MEDIA" .
else
    tar -czf "$TARGET/media.tar.gz" --files-from /dev/null
fi
printf '%s\n' "$TARGET"
