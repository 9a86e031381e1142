#!/usr/bin/env bash
# Makes the example mirror's certificates and its private CA with openssl. Their dates are chosen so
# the example gives the same findings on any day until 2100: one certificate for the wrong host, valid
# 2025-2100 (a private CA is not held to the public 398-day limit), and one that expired in 2025.
set -euo pipefail
cd "$(dirname "$0")"
umask 022
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../fixtures/openssl-ca.sh
source ../fixtures/openssl-ca.sh
ca_workdir "$work" 5000

# sign OUT KEY CN ISSUER_CERT ISSUER_KEY EXTENSIONS START END
sign() {
  local out=$1 keyfile=$2 cn=$3 issuer=$4 issuer_key=$5 ext=$6 start=$7 end=$8
  openssl req -new -config "$work/ca.cnf" -key "$keyfile" -subj "/CN=$cn" -out "$work/req.csr"
  if [ "$issuer" = self ]; then
    openssl ca -batch -notext -config "$work/ca.cnf" -selfsign -keyfile "$keyfile" -in "$work/req.csr" -extensions "$ext" -startdate "$start" -enddate "$end" -out "$out" 2>/dev/null
  else
    openssl ca -batch -notext -config "$work/ca.cnf" -cert "$issuer" -keyfile "$issuer_key" -in "$work/req.csr" -extensions "$ext" -startdate "$start" -enddate "$end" -out "$out" 2>/dev/null
  fi
}
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

FROM=20200101000000Z; UNTIL=21000101000000Z
key "$work/root.key"; key "$work/inter.key"; key "$work/other.key"; key "$work/old.key"
sign private-ca.pem "$work/root.key" "Example Mirror Root CA" self "" v3_ca $FROM $UNTIL
sign "$work/inter.pem" "$work/inter.key" "Example Mirror Intermediate CA" private-ca.pem "$work/root.key" v3_ca $FROM $UNTIL
SAN=DNS:other.example.com sign "$work/other.pem" "$work/other.key" other.example.com "$work/inter.pem" "$work/inter.key" v3_leaf 20250101000000Z $UNTIL
SAN=DNS:mirror.example.com sign "$work/old.pem" "$work/old.key" mirror.example.com "$work/inter.pem" "$work/inter.key" v3_leaf 20240101000000Z 20250101000000Z

rm -rf mirror/tls && mkdir -p mirror/tls
cat "$work/other.pem" "$work/inter.pem" > mirror/tls/mirror.pem
cat "$work/old.pem" "$work/inter.pem" > mirror/tls/mirror-2024.pem
echo "made: private-ca.pem, mirror/tls/mirror.pem, mirror/tls/mirror-2024.pem"
