#!/bin/sh
# Install (or remove) Cowshed's privileged-helper launcher and polkit policy, root-owned and not writable by
# anyone else. Called by the deb/rpm after-install and after-remove scripts with the packaged copies under
# /opt/Cowshed/resources/helper. COWSHED_PKG_ROOT prefixes every target path (tests install into a scratch root).
#   install-helper.sh install SOURCE_DIR
#   install-helper.sh remove
set -eu

root="${COWSHED_PKG_ROOT:-}"
libexec="$root/usr/libexec/cowshed"
actions="$root/usr/share/polkit-1/actions"
launcher="cowshed-helper-launcher"
policy="org.cowshed.helper.policy"

case "${1:-}" in
  install)
    src="${2:?install needs the directory holding $launcher and $policy}"
    install -d -m 0755 -o 0 -g 0 "$libexec" "$actions"
    # install(1) writes a fresh file and sets owner and mode before it is visible under its name.
    install -m 0755 -o 0 -g 0 "$src/$launcher" "$libexec/$launcher"
    install -m 0644 -o 0 -g 0 "$src/$policy" "$actions/$policy"
    ;;
  remove)
    rm -f "$libexec/$launcher" "$actions/$policy"
    rmdir "$libexec" 2>/dev/null || true
    ;;
  *)
    echo "usage: install-helper.sh install SOURCE_DIR | remove" >&2
    exit 2
    ;;
esac
