#!/bin/sh
# Make Cowshed's privileged helper safe to start as root, and register it with polkit. Run as root by the deb/rpm
# after-install script (install) and after-remove script (remove).
#   install-helper.sh install APP_DIR    APP_DIR: the installed app (/opt/Cowshed)
#   install-helper.sh remove
# install: the launcher (APP_DIR/resources/cowshed-helper-launcher, named by the polkit policy) becomes root:root 0755
# and the helper bundle root:root 0644, in root-owned folders no one else can write (the launcher checks this
# before it runs anything); the policy is installed root:root 0644 into polkit's actions folder.
# COWSHED_PKG_ROOT prefixes the system paths (tests install into a scratch root).
set -eu

actions="${COWSHED_PKG_ROOT:-}/usr/share/polkit-1/actions"
policy="org.cowshed.helper.policy"

case "${1:-}" in
  install)
    app="${2:?install needs the app folder, e.g. /opt/Cowshed}"
    res="$app/resources"
    for d in "$app" "$res" "$res/privilege"; do
      chown 0:0 "$d"
      chmod go-w "$d"
    done
    chown 0:0 "$res/cowshed-helper-launcher" "$res/privilege/helper.cjs"
    chmod 0755 "$res/cowshed-helper-launcher"
    chmod 0644 "$res/privilege/helper.cjs"
    # install(1) writes a fresh file and sets owner and mode before it appears under its name.
    install -d -m 0755 -o 0 -g 0 "$actions"
    install -m 0644 -o 0 -g 0 "$res/privilege/$policy" "$actions/$policy"
    ;;
  remove)
    rm -f "$actions/$policy"
    ;;
  *)
    echo "usage: install-helper.sh install APP_DIR | remove" >&2
    exit 2
    ;;
esac
