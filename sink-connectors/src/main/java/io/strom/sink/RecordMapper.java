package io.strom.sink;

import io.strom.sink.PostgresSinkConfig.PkMode;
import io.strom.sink.buffer.Batch;
import io.strom.sink.buffer.RowLayout;
import io.strom.sink.dialect.PostgresDialect;
import io.strom.sink.dialect.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record into the table it goes to and a row for it, following {@code pk.mode},
 * {@code pk.fields} and {@code table.name.format}. Layouts are cached per key/value schema pair
 * (converters hand out the same schema instance for the same schema, so the cache hit is an
 * identity check).
 */
public final class RecordMapper {

  /** The column name of a primitive record key when {@code pk.fields} names none. */
  public static final String DEFAULT_KEY_COLUMN = "__connect_key";

  /** Where a record goes; {@code null} from {@link #map} means the record is skipped. */
  public record Mapped(TableId table, Batch.Kind kind, RowLayout layout, Object[] values) {}

  private final PostgresSinkConfig config;
  private final Map<String, TableId> tables = new HashMap<>();
  private final Map<SchemaPair, Extractor> extractors = new HashMap<>();
  private Extractor last;

  public RecordMapper(PostgresSinkConfig config) {
    this.config = config;
  }

  /** Returns the row for a record, or null for a tombstone that deletes are not enabled for. */
  public Mapped map(SinkRecord record) {
    TableId table = tables.computeIfAbsent(record.topic(), this::tableFor);
    if (record.value() == null) {
      if (!config.deleteEnabled()) {
        return null;
      }
      Extractor extractor = extractor(record.keySchema(), null);
      return new Mapped(table, Batch.Kind.DELETE, extractor.layout, extractor.values(record));
    }
    if (record.valueSchema() == null || record.valueSchema().type() != Schema.Type.STRUCT
        || !(record.value() instanceof Struct)) {
      throw new DataException("the PostgreSQL sink needs record values that are structs with a schema "
          + "(e.g. JsonConverter with schemas.enable=true, or Avro); got "
          + (record.valueSchema() == null ? "no schema" : record.valueSchema().type() + " schema"));
    }
    Extractor extractor = extractor(record.keySchema(), record.valueSchema());
    Batch.Kind kind = config.insertMode() == PostgresSinkConfig.InsertMode.UPSERT ? Batch.Kind.UPSERT : Batch.Kind.INSERT;
    return new Mapped(table, kind, extractor.layout, extractor.values(record));
  }

  public TableId tableFor(String topic) {
    String name = config.tableNameFormat()
        .replace(PostgresSinkConfig.TOPIC_PLACEHOLDER, topic.replaceAll("[^A-Za-z0-9_]", "_"));
    int dot = name.indexOf('.');
    TableId table = dot < 0 ? new TableId(null, name) : new TableId(name.substring(0, dot), name.substring(dot + 1));
    if (table.schema() != null) {
      PostgresDialect.requireIdentifierFits(table.schema(), "the schema name for topic " + topic);
    }
    PostgresDialect.requireIdentifierFits(table.table(), "the table name for topic " + topic);
    return table;
  }

  private Extractor extractor(Schema keySchema, Schema valueSchema) {
    if (last != null && last.keySchema == keySchema && last.valueSchema == valueSchema) {
      return last;
    }
    last = extractors.computeIfAbsent(new SchemaPair(keySchema, valueSchema),
        pair -> new Extractor(keySchema, valueSchema, config.pkMode(), config.pkFields()));
    return last;
  }

  private record SchemaPair(Schema key, Schema value) {}

  /** Reads one layout's column values out of records of one key/value schema pair. */
  private static final class Extractor {
    private final Schema keySchema;
    private final Schema valueSchema;
    private final RowLayout layout;
    /** Per column: a key field, or null for the whole (primitive) key; see {@link #fromKey}. */
    private final Field[] fields;
    private final boolean[] fromKey;

    Extractor(Schema keySchema, Schema valueSchema, PkMode pkMode, List<String> pkFields) {
      this.keySchema = keySchema;
      this.valueSchema = valueSchema;
      List<RowLayout.Column> columns = new ArrayList<>();
      List<Field> fieldList = new ArrayList<>();
      List<Boolean> keyFlags = new ArrayList<>();
      Set<String> primaryKey = new LinkedHashSet<>();

      if (pkMode == PkMode.RECORD_KEY) {
        if (keySchema == null) {
          throw new DataException("pk.mode=record_key needs records with a key schema; got a key without one");
        }
        if (keySchema.type() == Schema.Type.STRUCT) {
          List<Field> keyFields = pkFields.isEmpty() ? keySchema.fields()
              : pkFields.stream().map(name -> requireField(keySchema, name, "key")).toList();
          for (Field f : keyFields) {
            columns.add(new RowLayout.Column(f.name(), f.schema(), true));
            fieldList.add(f);
            keyFlags.add(true);
            primaryKey.add(f.name());
          }
        } else {
          if (pkFields.size() > 1) {
            throw new DataException("a primitive record key fills one column, but pk.fields names " + pkFields);
          }
          String name = pkFields.isEmpty() ? DEFAULT_KEY_COLUMN : pkFields.get(0);
          columns.add(new RowLayout.Column(name, keySchema, true));
          fieldList.add(null);
          keyFlags.add(true);
          primaryKey.add(name);
        }
      } else if (pkMode == PkMode.RECORD_VALUE && valueSchema != null) {
        pkFields.forEach(name -> requireField(valueSchema, name, "value"));
        primaryKey.addAll(pkFields);
      }

      if (valueSchema != null) {
        for (Field f : valueSchema.fields()) {
          if (pkMode == PkMode.RECORD_KEY && primaryKey.contains(f.name())) {
            continue; // the key's copy of the column wins
          }
          boolean notNull = primaryKey.contains(f.name()) || !f.schema().isOptional();
          columns.add(new RowLayout.Column(f.name(), f.schema(), notNull));
          fieldList.add(f);
          keyFlags.add(false);
        }
      }
      for (int i = 0; i < columns.size(); i++) {
        PostgresDialect.requireIdentifierFits(columns.get(i).name(),
            "the column name of " + (keyFlags.get(i) ? "key" : "value") + " field");
      }
      this.layout = new RowLayout(List.copyOf(columns), List.copyOf(primaryKey));
      this.fields = fieldList.toArray(new Field[0]);
      this.fromKey = new boolean[keyFlags.size()];
      for (int i = 0; i < fromKey.length; i++) {
        fromKey[i] = keyFlags.get(i);
      }
    }

    Object[] values(SinkRecord record) {
      Object[] values = new Object[fields.length];
      Struct value = (Struct) record.value();
      for (int i = 0; i < fields.length; i++) {
        if (fromKey[i]) {
          Object key = record.key();
          if (key == null) {
            throw new DataException("pk.mode=record_key but the record has no key");
          }
          values[i] = fields[i] == null ? key : ((Struct) key).get(fields[i].name());
        } else {
          values[i] = value.get(fields[i]);
        }
      }
      return values;
    }

    private static Field requireField(Schema schema, String name, String where) {
      Field field = schema.field(name);
      if (field == null) {
        throw new DataException("pk.fields names '" + name + "', which the record " + where + " does not have");
      }
      return Objects.requireNonNull(field);
    }
  }
}
