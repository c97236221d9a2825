#!/usr/bin/env bash
# Installs the Debian packages Layerscope's build and tests need, if any is missing:
# libpcap-dev builds `cap`; tshark is the test oracle; chromium runs the end-to-end tests;
# python3-scapy crafts test packets; tcpdump is the capture benchmark's reference; polkitd, pkexec
# and dbus-daemon let the tests check the capture helper's polkit action with polkit itself;
# poppler-utils (pdfinfo, pdftoppm) reads the PDF reports back; fonts-dejavu-core has the Polish and
# Cyrillic letters the reports, figures and panes draw in (DejaVu Sans), with no font fetched at run time;
# openssl makes real TLS sessions to capture.
# sudo: the README shows `sudo npx layerscope capture …`, and a test runs it as written.
set -euo pipefail
packages=(libpcap-dev tshark chromium python3-scapy tcpdump iproute2 util-linux polkitd pkexec dbus-daemon sudo poppler-utils fonts-dejavu-core openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Layerscope needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
