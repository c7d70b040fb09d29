package io.strom.avro;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.kafka.connect.data.Schema;

/**
 * Connect ⇄ Avro schemas and values with Confluent's AvroData conventions (see
 * {@link AvroSchemas}), with the schema mappings cached: a record whose schema was seen before
 * costs one map lookup, or none when it is the very same Schema instance as the last one.
 */
public final class AvroData {

  private final Map<Schema, org.apache.avro.Schema> avroSchemas;
  private final Map<org.apache.avro.Schema, Schema> connectSchemas;
  private volatile Mapping last;

  private static final class Mapping {
    final Schema connect;
    final org.apache.avro.Schema avro;

    Mapping(Schema connect, org.apache.avro.Schema avro) {
      this.connect = connect;
      this.avro = avro;
    }
  }

  /** @param cacheSize how many schemas each direction keeps (least recently used ones leave). */
  public AvroData(int cacheSize) {
    this.avroSchemas = lru(cacheSize);
    this.connectSchemas = lru(cacheSize);
  }

  private static <K, V> Map<K, V> lru(int size) {
    return Collections.synchronizedMap(new LinkedHashMap<K, V>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > size;
      }
    });
  }

  /** The Avro schema for a Connect schema, as Confluent's converter would register it. */
  public org.apache.avro.Schema fromConnectSchema(Schema schema) {
    Mapping mapping = last;
    if (mapping != null && mapping.connect == schema) {
      return mapping.avro;
    }
    org.apache.avro.Schema avro = avroSchemas.get(schema);
    if (avro == null) {
      avro = AvroSchemas.toAvro(schema);
      avroSchemas.put(schema, avro);
    }
    last = new Mapping(schema, avro);
    return avro;
  }

  /** The Connect schema for an Avro schema (written by Strom, Confluent or any other tool). */
  public Schema toConnectSchema(org.apache.avro.Schema schema) {
    Schema connect = connectSchemas.get(schema);
    if (connect == null) {
      connect = AvroSchemas.toConnect(schema);
      connectSchemas.put(schema, connect);
    }
    return connect;
  }

  /** Writes a Connect value in Avro binary for {@code avro}, the Avro schema its Connect schema maps to. */
  public void write(org.apache.avro.Schema avro, Schema connect, Object value, Encoder out) throws IOException {
    AvroValues.write(avro, connect, value, out);
  }

  /**
   * Reads one Connect value of {@code connect} (the Connect schema of {@code avro}); pass a
   * ResolvingDecoder to read data written with another schema.
   */
  public Object read(org.apache.avro.Schema avro, Schema connect, Decoder in) throws IOException {
    return AvroValues.read(avro, connect, in);
  }
}
