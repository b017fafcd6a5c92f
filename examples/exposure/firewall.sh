#!/bin/sh
# ufw rules for the web host.
set -e
ufw default deny incoming
ufw default allow outgoing
# Still 22: sshd listens on 2222 now (cross/sshd-port-not-allowed, a stale hole).
ufw allow 22/tcp
# Plain HTTP, and the site on it does not redirect (cross/http-only-service).
ufw allow 80/tcp
ufw allow 443/tcp
# The app's own port, already proxied by nginx (cross/proxied-port-exposed).
ufw allow 3000/tcp
ufw --force enable
