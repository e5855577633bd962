# shellcheck shell=bash
# The one way the scripts make a server certificate: hack/run-local.sh for 127.0.0.1 and
# localhost, e2e/kind/run.sh for the backends' Service names. ECDSA P-256, serverAuth only, signed
# by the run's CA; made again when missing, signed by another CA, or within 30 days of its end.
# The caller defines log().

# pki_server_certificate CA_DIR OUT DAYS SUBJECT SAN: OUT.crt and OUT.key (mode 600) from
# CA_DIR/ca.crt and CA_DIR/ca.key, SAN as openssl writes it (IP:127.0.0.1,DNS:localhost)
pki_server_certificate() {
  local ca=$1 out=$2 days=$3 subject=$4 san=$5
  if [[ -s $out.crt && -s $out.key ]] &&
    openssl verify -CAfile "$ca/ca.crt" "$out.crt" >/dev/null 2>&1 &&
    openssl x509 -checkend $((30 * 86400)) -noout -in "$out.crt" >/dev/null 2>&1; then
    return 0
  fi
  log "pki: a server certificate for $san, $days days"
  (
    umask 077
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$subject" \
      -keyout "$out.key" -out "$out.csr" 2>/dev/null
    openssl x509 -req -in "$out.csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
      -days "$days" -out "$out.crt" -extfile <(
        printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n'
        printf 'extendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san"
      ) 2>/dev/null
    rm -f "$out.csr"
  )
}
