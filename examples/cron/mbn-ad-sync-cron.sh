#!/bin/sh
# One `mbn-ad-sync sync` for cron (examples/cron/mbn-ad-sync), as docs/scheduling.md describes.
# Every run is appended to the log, with its time and exit code; the JSON report of the last run is kept (0600).
# It prints, so cron mails, only when a person should look: every exit code but 0 (done) and 5 (another run
# holds the lock; the next run takes it up). Its own exit code is the sync's.
# The variables below may be set in the crontab; MBN_AD_SYNC is the command (e.g. "npx --no-install
# mbn-ad-sync" in a directory that installed it, or the single executable's path).
set -u
command=${MBN_AD_SYNC:-mbn-ad-sync}
config=${MBN_AD_SYNC_CONFIG:-/etc/mbn-ad-sync/mbn-ad-sync.yaml}
log=${MBN_AD_SYNC_LOG:-/var/log/mbn-ad-sync/sync.log}
report=${MBN_AD_SYNC_REPORT:-/var/log/mbn-ad-sync/last-report.json}

umask 077
# shellcheck disable=SC2086 # $command may be several words
output=$($command sync --quiet --config "$config" --report "$report" 2>&1)
code=$?
{
  printf '%s exit %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$code"
  printf '%s\n' "$output"
} >>"$log"

case $code in
  0 | 5) exit "$code" ;;
  1) meaning="internal error: a bug, please report it" ;;
  3) meaning="a guard stopped the run before any write: review the deletes, then run it once with --approve-deletes HASH" ;;
  4) meaning="some writes failed or were skipped (changed in MBN since the plan); the rest were applied" ;;
  64) meaning="usage error: the crontab line's options" ;;
  65) meaning="unusable input data" ;;
  69) meaning="LDAP or MBN cannot be reached, or refused the credentials or a request" ;;
  78) meaning="configuration error" ;;
  130) meaning="interrupted (SIGINT/SIGTERM): the next run takes it up" ;;
  *) meaning="see the README's exit codes" ;;
esac
printf 'mbn-ad-sync sync exited %s: %s.\nLog: %s  JSON report: %s\n\n%s\n' "$code" "$meaning" "$log" "$report" "$output"
exit "$code"
