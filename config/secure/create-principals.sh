#!/bin/bash
# The secure profile's one-shot secure-principals service (apache/kafka image), once the broker is
# healthy, as the super user admin: what ./strom demo --secure does over the Admin API after its
# broker starts. A SCRAM-SHA-512 credential for every principal of acls.txt (with the password of
# its JAAS file from secure-secrets; admin's was stored when the broker formatted its storage), the
# ACLs of acls.txt, then the topics of config/topics.properties. Running it again is harmless: the
# credentials are set again, the ACLs and topics exist. DockerComposeTest runs this script.
set -euo pipefail
bin=${KAFKA_BIN:-/opt/kafka/bin}
bootstrap=${BOOTSTRAP_SERVERS:-secure-kafka:9092}
dir=${SECRETS_DIR:-/etc/kafka/secrets}
config=${STROM_CONFIG:-/etc/strom}
admin=$config/secure/admin.properties
# The Kafka tools in this container need no JMX exporter agent.
export KAFKA_OPTS=

password_of() { sed -n 's/.*password="\([^"]*\)".*/\1/p' "$dir/kafka-$1.jaas"; }

# acls.txt: "principal operations resource-type name..." (operations comma-separated; resource-type
# topic, group or transactional-id, the option of kafka-acls that names it).
grant() {
  local principal=$1 operations=$2 type=$3; shift 3
  local args=() op name
  for op in ${operations//,/ }; do args+=(--operation "$op"); done
  for name in "$@"; do args+=("--$type" "$name"); done
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add \
    --allow-principal "User:$principal" "${args[@]}" > /dev/null
  echo "ACL: User:$principal may $operations $type $*"
}

lines=$(grep -Ev '^[[:space:]]*(#|$)' "$config/secure/acls.txt")
for principal in $(awk '{ print $1 }' <<< "$lines" | awk '!seen[$0]++'); do
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$principal" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(password_of "$principal")]" > /dev/null
  echo "SCRAM-SHA-512 credential: $principal"
done
while read -r principal operations type names; do
  # shellcheck disable=SC2086 # the names are one word each
  grant "$principal" "$operations" "$type" $names
done <<< "$lines"
# Beyond the demo (which runs Strom's registry): Confluent's registry elects its leader in the
# group schema-registry (schema.registry.group.id), which its principal must read.
grant registry Read group schema-registry

grep -Ev '^[[:space:]]*(#|$)' "$config/topics.properties" | while IFS='=' read -r name partitions; do
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --create --if-not-exists \
    --topic "${name// /}" --partitions "${partitions// /}" --replication-factor 1 > /dev/null
  echo "topic: ${name// /} (${partitions// /} partitions)"
done
