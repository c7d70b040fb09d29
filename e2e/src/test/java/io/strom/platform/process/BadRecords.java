package io.strom.platform.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records no sink can write, injected into a run's input topic by a plain producer: bytes that
 * are not the registry's wire format, a schema id the registry never issued, a schema with a
 * wrong type (temperature as a string) and one that allows a null the topic's schema forbids
 * (device_id). Their keys start with {@code bad-KIND-}, so the DLQ and the tables can be checked
 * per kind.
 */
final class BadRecords {

  static final List<String> KINDS = List.of("corrupt", "unknown_schema", "wrong_type", "forbidden_null");

  private BadRecords() {}

  /** Sends {@code perKind} records of every kind; returns their keys. */
  static List<String> inject(FaultPlatform platform, String topic, int perKind) throws Exception {
    int wrongTypeId = AvroWire.register(platform.registryUrl(), "faults-wrong-type", schema("string", "string"));
    int nullableId = AvroWire.register(platform.registryUrl(), "faults-forbidden-null", schema("double", "[\"null\", \"string\"]"));
    Random random = new Random(7);
    List<String> keys = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      for (int i = 0; i < perKind; i++) {
        byte[] junk = new byte[40];
        random.nextBytes(junk);
        junk[0] = 7; // not the wire format's magic byte 0
        send(producer, topic, keys, "bad-corrupt-" + i, junk);
        send(producer, topic, keys, "bad-unknown_schema-" + i, AvroWire.framed(987_654 + i, new byte[] {2, 'x'}));
        send(producer, topic, keys, "bad-wrong_type-" + i, AvroWire.framed(wrongTypeId, avro(schema("string", "string"),
            "bad-wrong_type-" + i, "hot")));
        send(producer, topic, keys, "bad-forbidden_null-" + i, AvroWire.framed(nullableId, avro(
            schema("double", "[\"null\", \"string\"]"), null, 30.0)));
      }
      producer.flush();
    }
    return keys;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<String> keys, String key, byte[] value) {
    keys.add(key);
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
  }

  /** The reading schema with the given Avro types for temperature and device_id. */
  private static Schema schema(String temperatureType, String deviceIdType) {
    String json = """
        {"type": "record", "name": "IotReading", "namespace": "io.strom.faults", "fields": [
          {"name": "device_id", "type": %s},
          {"name": "site", "type": "string"},
          {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "temperature", "type": "%s"},
          {"name": "humidity", "type": "double"},
          {"name": "pressure", "type": "double"},
          {"name": "vibration", "type": "double"},
          {"name": "scenario", "type": ["null", "string"], "default": null}
        ]}""".formatted(deviceIdType.startsWith("[") ? deviceIdType : "\"" + deviceIdType + "\"", temperatureType);
    return new Schema.Parser().parse(json);
  }

  private static byte[] avro(Schema schema, String deviceId, Object temperature) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("device_id", deviceId);
    r.put("site", "site-bad");
    r.put("ts", java.time.Instant.parse(FaultRun.START_TIME).toEpochMilli());
    r.put("temperature", temperature);
    r.put("humidity", 50.0);
    r.put("pressure", 1013.0);
    r.put("vibration", 1.0);
    return AvroWire.encode(r);
  }
}
