#!/bin/sh
# Home server firewall, written after a tutorial.
set -e
SSH_PORT=22

ufw --force reset
ufw default deny incoming
ufw default allow outgoing
ufw allow 80/tcp
ufw allow 443/tcp
ufw enable
ufw allow "$SSH_PORT"/tcp
ufw allow 5432/tcp
