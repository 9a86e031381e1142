#!/usr/bin/env bash
# Generates the benchmark corpus with the real tools into $1 (cached: skipped when $1/.done exists).
# 100 certificates (80 for the mirror host, 10 expired, 10 for another host) issued by the fixture
# intermediate, and 100 SSH keys (90 RSA-2048, 10 RSA-1024).
# With a second argument N: N distinct leaf certificates (mirror-<i>.example.com, chain with the
# intermediate) into $1 instead, for the bulk fleet, so no certificate repeats across mirrors.
set -euo pipefail
out=$1
fleet=${2:-}
[ -f "$out/.done" ] && exit 0
here=$(cd "$(dirname "$0")/.." && pwd)
pki="$here/fixtures/pki"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../fixtures/openssl-ca.sh
source "$here/fixtures/openssl-ca.sh"
ca_workdir "$work" 100000
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/leaf.key" 2>/dev/null
rm -rf "$out"

# Signs the leaf key for host $1, valid from $2 to $3 (openssl ca dates), and writes the chain to $4.
issue() {
  openssl req -new -config "$work/ca.cnf" -key "$work/leaf.key" -subj "/CN=$1" -out "$work/req.csr"
  SAN="DNS:$1" openssl ca -batch -notext -config "$work/ca.cnf" -cert "$pki/intermediate.pem" -keyfile "$pki/intermediate.key" \
    -in "$work/req.csr" -extensions v3_leaf -startdate "$2" -enddate "$3" -out "$work/leaf.pem" 2>/dev/null
  cat "$work/leaf.pem" "$pki/intermediate.pem" > "$4"
}

if [ -n "$fleet" ]; then
  mkdir -p "$out"
  for i in $(seq 0 $((fleet - 1))); do
    issue "mirror-$i.example.com" 20260601000000Z 20270601000000Z "$out/mirror-$i.pem"
  done
  touch "$out/.done"
  exit 0
fi

mkdir -p "$out/certs" "$out/keys"
for i in $(seq -w 1 100); do
  host=mirror.example.com start=20260601000000Z end=20270601000000Z
  if [ "$i" -gt 80 ] && [ "$i" -le 90 ]; then start=20250101000000Z end=20260101000000Z; fi
  if [ "$i" -gt 90 ]; then host=other.example.com; fi
  issue "$host" "$start" "$end" "$out/certs/mirror-$i.pem"
done
for i in $(seq -w 1 100); do
  bits=2048; [ "$i" -gt 90 ] && bits=1024
  ssh-keygen -q -t rsa -b "$bits" -N '' -C "user$i@example.com" -f "$work/key$i"
  mv "$work/key$i.pub" "$out/keys/user-$i.pub"
done
cp "$pki/root-ca.pem" "$out/root-ca.pem"
touch "$out/.done"
