#!/bin/bash
# The secure profile's one-shot secure-secrets service (apache/kafka image, as root): everything
# ./strom demo --secure generates at its start (platform's SecurityProfile and Certificates), into
# the volume secure-secrets (SECRETS_DIR), once: a later run keeps what is there, since the broker's
# volume holds the SCRAM credentials made from these passwords (drop both with `down -v`).
#
# - a CA and the server certificate it signs (SAN: the compose names, localhost, 127.0.0.1), a
#   PKCS12 keystore with its chain and a PKCS12 truststore with the CA, and tls.properties with
#   their password (keytool, as the demo; EC P-256);
# - a SCRAM password and JAAS line kafka-<principal>.jaas for admin and every principal of
#   acls.txt (their first column);
# - the Connect REST users (rest-users.properties, connect-rest.jaas) and the header the deploy and
#   the healthchecks send (connect-rest-authorization);
# - the registry's users (registry-users.properties, registry.jaas), the converters' login
#   (registry-user-info) and the operators' header (registry-authorization);
# - PostgreSQL's password: postgres-password for the connectors, and a copy in POSTGRES_SECRET_DIR
#   (a volume of its own: PostgreSQL runs as uid 999, the Kafka and Confluent images as 1000).
#
# Every file is created mode 600 (umask) and, run as root, handed to its reader; 24 random URL-safe
# characters per password. DockerComposeTest runs this script.
set -euo pipefail
dir=${SECRETS_DIR:-/etc/kafka/secrets}
pg_dir=${POSTGRES_SECRET_DIR:-/run/postgres-secret}
acls=${ACLS_FILE:-/etc/strom/secure/acls.txt}
validity_days=${CERT_VALIDITY_DAYS:-365}
umask 077

if [ -f "$dir/.generated" ]; then
  echo "secrets in $dir exist: kept"
  exit 0
fi
rm -rf "${dir:?}"/* "${pg_dir:?}"/*

password() { head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
# The value alone, no trailing newline: DirectoryConfigProvider hands a file over as it is.
write() { printf '%s' "$2" > "$dir/$1"; }
store=$(password)
export STROM_KEYTOOL_PASSWORD=$store
keytool_() { keytool "$@" -storetype PKCS12 -storepass:env STROM_KEYTOOL_PASSWORD; }

keytool_ -genkeypair -alias ca -dname "CN=Strom compose CA" -keyalg EC -groupname secp256r1 \
  -validity "$validity_days" -ext bc:c -keystore "$dir/ca.p12" -keypass:env STROM_KEYTOOL_PASSWORD
keytool_ -exportcert -rfc -alias ca -keystore "$dir/ca.p12" -file "$dir/ca.crt"
keytool_ -genkeypair -alias server -dname CN=strom-broker -keyalg EC -groupname secp256r1 \
  -validity "$validity_days" -keystore "$dir/server.p12" -keypass:env STROM_KEYTOOL_PASSWORD
keytool_ -certreq -alias server -keystore "$dir/server.p12" -file "$dir/server.csr"
keytool_ -gencert -rfc -alias ca -keystore "$dir/ca.p12" -infile "$dir/server.csr" -outfile "$dir/server.crt" \
  -validity "$validity_days" -ext SAN=dns:secure-kafka,dns:secure-registry,dns:localhost,ip:127.0.0.1 \
  -ext KU=digitalSignature,keyAgreement -ext EKU=serverAuth,clientAuth
keytool_ -importcert -noprompt -alias ca -file "$dir/ca.crt" -keystore "$dir/server.p12"
keytool_ -importcert -noprompt -alias server -file "$dir/server.crt" -keystore "$dir/server.p12"
keytool_ -importcert -noprompt -alias ca -file "$dir/ca.crt" -keystore "$dir/truststore.p12"
rm -f "$dir/server.csr"
printf 'keystore.password=%s\ntruststore.password=%s\n' "$store" "$store" > "$dir/tls.properties"

for principal in admin $(grep -Ev '^[[:space:]]*(#|$)' "$acls" | awk '{ print $1 }' | awk '!seen[$0]++'); do
  write "kafka-$principal.jaas" \
    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$principal\" password=\"$(password)\";"
done

rest=$(password)
printf 'admin=%s\n' "$rest" > "$dir/rest-users.properties"
printf 'KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="%s";\n};\n' \
  "$dir/rest-users.properties" > "$dir/connect-rest.jaas"
printf 'Authorization: Basic %s\n' "$(printf 'admin:%s' "$rest" | base64 | tr -d '\n')" > "$dir/connect-rest-authorization"

registry_admin=$(password)
registry_connect=$(password)
# Jetty's format, user: password,roles (the role the registry's authentication.roles asks for).
printf 'admin: %s,user\nconnect: %s,user\n' "$registry_admin" "$registry_connect" > "$dir/registry-users.properties"
# Jetty 12's module (Confluent Platform 8); Confluent 7.x names it org.eclipse.jetty.jaas.spi.PropertyFileLoginModule.
printf 'SchemaRegistry {\n  org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule required\n  file="%s";\n};\n' \
  "$dir/registry-users.properties" > "$dir/registry.jaas"
write registry-user-info "connect:$registry_connect"
printf 'Authorization: Basic %s\n' "$(printf 'admin:%s' "$registry_admin" | base64 | tr -d '\n')" > "$dir/registry-authorization"

postgres=$(password)
write postgres-password "$postgres"
printf '%s' "$postgres" > "$pg_dir/password"

touch "$dir/.generated"
if [ "$(id -u)" = 0 ]; then
  chown -R "${SECRETS_OWNER:-1000:1000}" "$dir"
  chown -R "${POSTGRES_SECRET_OWNER:-999:999}" "$pg_dir"
fi
chmod 700 "$dir" "$pg_dir"
echo "secrets generated in $dir ($(ls "$dir" | wc -l) files) and $pg_dir"
