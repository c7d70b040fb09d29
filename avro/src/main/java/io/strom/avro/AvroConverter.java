package io.strom.avro;

import io.strom.connect.common.PluginVersion;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for Avro in Confluent's wire format: magic byte 0, the schema's
 * registry id as 4 bytes big-endian, then the Avro binary body. Compatible both ways with
 * Confluent's {@code io.confluent.connect.avro.AvroConverter} and its config keys; works as key or
 * value converter. Schemas are registered or looked up once and cached, so the registry is not
 * called per record.
 *
 * <p>Bad input (wrong magic byte, unknown schema id, truncated or malformed body) fails with a
 * {@link DataException} naming the topic and the cause, which Connect's error handling can route
 * to a dead letter queue (its headers add partition and offset, which a converter is not told).
 * A registry that does not answer gives a {@link RetriableException} instead: that is no fault of
 * the record.
 */
public class AvroConverter implements Converter, Versioned {

  /** The first byte of every record in Confluent's wire format. */
  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus the 4-byte schema id. */
  public static final int HEADER_SIZE = 5;

  private static final int SCHEMA_CACHE_SIZE = 1000;

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private AvroConverterConfig config;
  private SchemaRegistryClient registry;
  private SubjectNameStrategy subjectNameStrategy;
  private boolean isKey;
  private final AvroData avroData = new AvroData(SCHEMA_CACHE_SIZE);

  private final Map<String, Map<Schema, WriteTarget>> writeTargets = new ConcurrentHashMap<>();
  private volatile WriteTarget lastWrite;
  private final Map<Long, ReadTarget> readTargets = new ConcurrentHashMap<>();
  private volatile ReadTarget lastRead;

  /** Where records of one Connect schema go on one topic: the Avro schema and its id. */
  private static final class WriteTarget {
    final String topic;
    final Schema connect;
    final org.apache.avro.Schema avro;
    final int id;
    final byte[] header;

    WriteTarget(String topic, Schema connect, org.apache.avro.Schema avro, int id) {
      this.topic = topic;
      this.connect = connect;
      this.avro = avro;
      this.id = id;
      this.header = new byte[] {MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }
  }

  /** How records written with one schema id are read: reader schema, its Connect schema, resolver. */
  private static final class ReadTarget {
    final long key;
    final org.apache.avro.Schema reader;
    final Schema connect;
    /** Null when the reader schema is the writer schema; guarded by this target. */
    final ResolvingDecoder resolver;

    ReadTarget(long key, org.apache.avro.Schema reader, Schema connect, ResolvingDecoder resolver) {
      this.key = key;
      this.reader = reader;
      this.connect = connect;
      this.resolver = resolver;
    }
  }

  /** Per-thread output buffer, encoder and decoder, reused from record to record. */
  private static final class Buffers {
    final ByteSink out = new ByteSink();
    BinaryEncoder encoder;
    BinaryDecoder decoder;
  }

  /** A growable byte array without ByteArrayOutputStream's locking. */
  private static final class ByteSink extends OutputStream {
    private byte[] bytes = new byte[256];
    private int count;

    void reset() {
      count = 0;
    }

    @Override
    public void write(int b) {
      ensure(count + 1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(count + len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int capacity) {
      if (capacity > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, count);
    }
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public ConfigDef config() {
    return AvroConverterConfig.CONFIG_DEF;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = new AvroConverterConfig(configs);
    this.isKey = isKey;
    this.subjectNameStrategy = config.subjectNameStrategy(isKey);
    this.registry = new SchemaRegistryClient(config.registryUrls(), config.userInfo(), config.latestCacheTtlMillis(),
        config.registrySslContext());
  }

  // ---------------------------------------------------------------- Connect -> bytes

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (schema == null) {
      throw new DataException(what(topic) + " to Avro failed: the record has no Connect schema (schemaless data "
          + "cannot be written as Avro)");
    }
    try {
      WriteTarget target = lastWrite;
      if (target == null || target.connect != schema || !target.topic.equals(topic)) {
        target = writeTarget(topic, schema);
      }
      Buffers buffers = BUFFERS.get();
      ByteSink out = buffers.out;
      out.reset();
      out.write(target.header, 0, HEADER_SIZE);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
      buffers.encoder = encoder;
      avroData.write(target.avro, schema, value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (SchemaRegistryException e) {
      throw registryFailure(topic, " to Avro", e);
    } catch (DataException | IOException | AvroRuntimeException | ClassCastException e) {
      throw new DataException(what(topic) + " to Avro failed: " + e.getMessage(), e);
    }
  }

  private WriteTarget writeTarget(String topic, Schema schema) {
    Map<Schema, WriteTarget> byTopic = writeTargets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    WriteTarget target = byTopic.get(schema);
    if (target == null) {
      org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
      String subject = subjectNameStrategy.subject(topic, isKey, avro);
      if (config.autoRegisterSchemas()) {
        target = new WriteTarget(topic, schema, avro, registry.register(subject, avro));
      } else if (config.useLatestVersion()) {
        RegisteredSchema latest = registry.latest(subject);
        // Not cached here: the registry client keeps the latest version for latest.cache.ttl.sec.
        return new WriteTarget(topic, schema, latest.schema(), latest.id());
      } else {
        target = new WriteTarget(topic, schema, avro, registry.lookUpId(subject, avro));
      }
      byTopic.put(schema, target);
    }
    lastWrite = target;
    return target;
  }

  // ---------------------------------------------------------------- bytes -> Connect

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    try {
      if (value.length < HEADER_SIZE) {
        throw new DataException("truncated record: " + value.length + " bytes, but Confluent's wire format needs "
            + "at least " + HEADER_SIZE + " (magic byte and schema id)");
      }
      if (value[0] != MAGIC_BYTE) {
        throw new DataException(String.format("unknown magic byte 0x%02x (Confluent's wire format starts with "
            + "0x00): not Avro written with a schema registry", value[0]));
      }
      int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
      ReadTarget target = readTarget(topic, id);
      Buffers buffers = BUFFERS.get();
      BinaryDecoder decoder = DecoderFactory.get()
          .binaryDecoder(value, HEADER_SIZE, value.length - HEADER_SIZE, buffers.decoder);
      buffers.decoder = decoder;
      Object connectValue;
      if (target.resolver == null) {
        connectValue = avroData.read(target.reader, target.connect, decoder);
      } else {
        synchronized (target) {
          target.resolver.configure(decoder);
          connectValue = avroData.read(target.reader, target.connect, target.resolver);
          target.resolver.drain();
        }
      }
      if (!decoder.isEnd()) {
        throw new DataException("the body has bytes left over after the record of schema id " + id
            + ": it was not written with that schema");
      }
      return new SchemaAndValue(target.connect, connectValue);
    } catch (SchemaRegistryException e) {
      throw registryFailure(topic, " from Avro", e);
    } catch (EOFException e) {
      throw new DataException(what(topic) + " from Avro failed: truncated body (" + value.length
          + " bytes end before the record does)", e);
    } catch (DataException | IOException | AvroRuntimeException | IndexOutOfBoundsException
        | NegativeArraySizeException | ClassCastException | IllegalArgumentException e) {
      throw new DataException(what(topic) + " from Avro failed: " + e.getMessage(), e);
    }
  }

  private ReadTarget readTarget(String topic, int writerId) {
    if (!config.useLatestVersion()) {
      ReadTarget last = lastRead;
      long key = writerId;
      if (last != null && last.key == key) {
        return last;
      }
      ReadTarget target = readTargets.get(key);
      if (target == null) {
        org.apache.avro.Schema writer = registry.schemaById(writerId);
        target = new ReadTarget(key, writer, avroData.toConnectSchema(writer), null);
        readTargets.put(key, target);
      }
      lastRead = target;
      return target;
    }
    org.apache.avro.Schema writer = registry.schemaById(writerId);
    RegisteredSchema latest = registry.latest(subjectNameStrategy.subject(topic, isKey, writer));
    long key = ((long) writerId << 32) | (latest.id() & 0xffffffffL);
    ReadTarget target = readTargets.get(key);
    if (target == null) {
      ResolvingDecoder resolver = null;
      if (latest.id() != writerId) {
        try {
          resolver = DecoderFactory.get().resolvingDecoder(writer, latest.schema(),
              DecoderFactory.get().binaryDecoder(new byte[0], null));
        } catch (IOException e) {
          throw new DataException("cannot resolve schema id " + writerId + " against the latest schema of "
              + latest + ": " + e.getMessage(), e);
        }
      }
      target = new ReadTarget(key, latest.schema(), avroData.toConnectSchema(latest.schema()), resolver);
      readTargets.put(key, target);
    }
    return target;
  }

  private String what(String topic) {
    return "Converting the " + (isKey ? "key" : "value") + " of a record in topic '" + topic + "'";
  }

  private RuntimeException registryFailure(String topic, String direction, SchemaRegistryException e) {
    String message = what(topic) + direction + " failed: " + e.getMessage();
    return e.isTransient() ? new RetriableException(message, e) : new DataException(message, e);
  }
}
