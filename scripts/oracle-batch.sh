#!/bin/sh
# oracle-batch.sh — run many `sshd -T` / `sshd -t` calls against the real sshd in ONE private mount namespace
# (the batch form of ../shared/recipes/sshd-oracle.sh, ~20 ms per call instead of ~110 ms).
#
# usage:  oracle-batch.sh JOBS OUTDIR
#   JOBS   one job per line, fields separated by one TAB:
#            MODE  SSHDIR  CONFIG  CONNECTION
#          MODE        -T (dump) or -t (validate)
#          SSHDIR      directory presented as /etc/ssh (relative Includes resolve against it)
#          CONFIG      the config file, relative to SSHDIR (sshd reads it as /etc/ssh/CONFIG)
#          CONNECTION  the -C spec (user=alice,addr=203.0.113.5,...) or - for none
#   OUTDIR receives N.out, N.err, N.rc for job N (1-based); HOSTKEY holds the injected key's path
#          (it shows up as a `hostkey` line the caller must drop).
# exit:   0 when every job ran (whatever sshd answered), 2 when the namespace or the host key cannot be set up.
#
# Root uses a mount namespace; other users a user + mount namespace (unshare -r), where sshd runs as a mapped
# root. /run is a private tmpfs holding /run/sshd, which sshd -t/-T demand when they run as root.
set -u
SSHD=${SSHD:-/usr/sbin/sshd}
[ $# -eq 2 ] || { sed -n '5,16p' "$0" >&2; exit 2; }
JOBS=$(readlink -f -- "$1")
OUT=$(readlink -f -- "$2")
[ -x "$SSHD" ] || { echo "oracle-batch: $SSHD not found" >&2; exit 2; }
mkdir -p "$OUT" || exit 2
KEY="$OUT/hostkey"
rm -f "$KEY" "$KEY.pub"
ssh-keygen -q -t ed25519 -N '' -C oracle-batch -f "$KEY" </dev/null >/dev/null || exit 2
printf '%s\n' "$KEY" >"$OUT/HOSTKEY"

if [ "$(id -u)" = 0 ]; then set -- unshare -m --propagation private; else set -- unshare -r -m --propagation private; fi

# shellcheck disable=SC2016  # the inner script expands its own variables
"$@" /bin/sh -c '
  sshd=$1 jobs=$2 out=$3 key=$4
  mount -t tmpfs -o size=1m,mode=755 tmpfs /run || exit 2
  mkdir -m 755 /run/sshd || exit 2
  cd / || exit 2
  n=0
  tab=$(printf "\t")
  while IFS="$tab" read -r mode dir config conn; do
    n=$((n + 1))
    if ! mount --bind "$dir" /etc/ssh; then echo 2 >"$out/$n.rc"; continue; fi
    if [ "$conn" = - ]; then
      "$sshd" "$mode" -f "/etc/ssh/$config" -o "HostKey=$key" >"$out/$n.out" 2>"$out/$n.err"
    else
      "$sshd" "$mode" -f "/etc/ssh/$config" -o "HostKey=$key" -C "$conn" >"$out/$n.out" 2>"$out/$n.err"
    fi
    echo $? >"$out/$n.rc"
    umount /etc/ssh
  done <"$jobs"
' sh "$SSHD" "$JOBS" "$OUT" "$KEY"
