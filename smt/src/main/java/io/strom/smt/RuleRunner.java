package io.strom.smt;

import io.strom.connect.rules.ConnectSchemas;
import io.strom.connect.rules.CopiedTimestamps;
import io.strom.connect.rules.SchemalessRows;
import io.strom.connect.rules.StructReader;
import io.strom.connect.rules.StructWriter;
import io.strom.rules.CompiledRule;
import io.strom.rules.contract.RecordPredicate;
import io.strom.rules.contract.RowProjection;
import io.strom.rules.contract.RuleException;
import io.strom.rules.contract.RuleInstance;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.types.SqlType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the configured rule to the shapes of the records it meets: one compiled rule, row reader
 * and output schema per distinct Connect schema (an LRU of them, and the last one checked by
 * identity first, so the usual single-schema stream never hashes a schema), or, for schemaless
 * maps, one per set of fields seen so far. Used by one task thread.
 */
final class RuleRunner {

  private static final Logger log = LoggerFactory.getLogger(RuleRunner.class);

  private static final int CACHED_SCHEMAS = 16;

  private final RuleProgram program;
  private final Cache<Schema, Bound> bySchema = new LRUCache<>(CACHED_SCHEMAS);
  private Schema lastSchema;
  private Bound lastBound;

  /** Schemaless input without a declared source: the fields seen so far, by column name. */
  private final Map<String, SqlType> seenFields = new LinkedHashMap<>();
  private final Map<StreamSchema, Bound> bySchemalessSource = new LinkedHashMap<>();
  private Bound schemaless;

  RuleRunner(RuleProgram program) {
    this.program = program;
  }

  RuleProgram program() {
    return program;
  }

  /** {@code e} as Connect's error handling should see it: naming this rule. */
  DataException naming(DataException e) {
    return e.getMessage().startsWith("rule ") ? e
        : new DataException("rule " + program.ruleName() + ": " + e.getMessage(), e);
  }

  /** The rule bound to records of this Connect schema (of the operated-on value or key). */
  Bound bind(Schema schema) {
    if (schema == lastSchema) {
      return lastBound;
    }
    Bound bound = bySchema.get(schema);
    if (bound == null) {
      bound = bindStruct(schema);
      bySchema.put(schema, bound);
    }
    lastSchema = schema;
    lastBound = bound;
    return bound;
  }

  private Bound bindStruct(Schema schema) {
    StreamSchema source;
    CompiledRule rule;
    try {
      source = program.declaredSource() != null ? program.declaredSource()
          : ConnectSchemas.deriveSource(program.sourceName(), schema);
      rule = program.declaredRule() != null ? program.declaredRule() : program.compile(source);
    } catch (RuleException | DataException e) {
      return Bound.failed(program.ruleName(), "cannot run on records of schema " + ConnectSchemas.describe(schema)
          + ": " + e.getMessage());
    }
    return new Bound(rule, new StructReader(source, schema, !rule.isStateful(),
        CopiedTimestamps.of(rule)), true);
  }

  /** The rule bound to schemaless maps like this one. */
  Bound bindSchemaless(Map<?, ?> value) {
    if (program.declaredSource() != null) {
      if (schemaless == null) {
        schemaless = new Bound(program.declaredRule(), null, false);
      }
      return schemaless;
    }
    boolean changed = false;
    for (Map.Entry<?, ?> e : value.entrySet()) {
      String column = String.valueOf(e.getKey()).toUpperCase(java.util.Locale.ROOT);
      SqlType type = SchemalessRows.sqlTypeOf(e.getValue());
      if (type == null) {
        continue;
      }
      SqlType known = seenFields.get(column);
      SqlType merged = known == null ? type : wider(known, type);
      if (!merged.equals(known)) {
        seenFields.put(column, merged);
        changed = true;
      }
    }
    if (schemaless == null || changed) {
      StreamSchema.Builder builder = StreamSchema.builder(program.sourceName());
      seenFields.forEach(builder::value);
      StreamSchema source = builder.build();
      schemaless = bySchemalessSource.computeIfAbsent(source, s -> {
        try {
          return new Bound(program.compile(s), null, false);
        } catch (RuleException e) {
          return Bound.failed(program.ruleName(), "cannot run on schemaless records with fields "
              + s.columns().stream().map(Column::name).collect(Collectors.toList()) + ": " + e.getMessage());
        }
      });
    }
    return schemaless;
  }

  /** Numbers widen (INT, BIGINT, DOUBLE); otherwise the type seen first stays. */
  private static SqlType wider(SqlType known, SqlType seen) {
    if (known.equals(seen) || !known.isNumeric() || !seen.isNumeric()) {
      return known;
    }
    if (known.kind() == SqlType.Kind.DOUBLE || seen.kind() == SqlType.Kind.DOUBLE) {
      return SqlType.DOUBLE;
    }
    if (known.kind() == SqlType.Kind.BIGINT || seen.kind() == SqlType.Kind.BIGINT) {
      return SqlType.BIGINT;
    }
    return known;
  }

  /** One partition's running state of a stateful rule (aggregation or pattern), and the offset it has seen up to. */
  private static final class PartitionState {
    RuleInstance instance;
    long lastOffset = Long.MIN_VALUE;
  }

  private record PartitionKey(String topic, Integer partition) {}

  /** A compiled rule with what it needs for one record shape, or the reason it cannot run on it. */
  static final class Bound {
    final CompiledRule rule;
    /** The instance of a stateless rule, shared by every partition; null for aggregations and patterns. */
    private final RuleInstance stateless;
    /**
     * Aggregations and patterns: state per topic-partition, as the windows and partial matches of a
     * partition are its own (one partition's records must not complete another's match).
     */
    private final Map<PartitionKey, PartitionState> partitions = new HashMap<>();
    private PartitionKey lastKey;
    private PartitionState lastState;
    /**
     * A filter/projection over a stream evaluated in place, with the one array it fills per record
     * (the transform's task thread copies it into the output at once); null for any other rule,
     * which runs through {@link #instance}.
     */
    final RowProjection projection;
    final Object[] projected;
    final RecordPredicate where;
    final StructReader reader;
    final Schema outputSchema;
    final StructWriter writer;
    final Schema outputKeySchema;
    final boolean hasKeyColumns;
    final String failure;

    private Bound(CompiledRule rule, StructReader reader, boolean withSchema) {
      this.rule = rule;
      this.stateless = rule.isStateful() ? null : rule.newInstance();
      this.projection = rule.newProjection();
      this.projected = projection == null ? null : new Object[rule.output().size()];
      this.where = rule.where();
      this.reader = reader;
      String doc = "Output of Strom rule " + rule.name() + " (over " + rule.source().name() + ").";
      this.outputSchema = withSchema ? ConnectSchemas.outputSchema(rule.name(), rule.output(), doc) : null;
      this.writer = withSchema ? new StructWriter(outputSchema) : null;
      this.outputKeySchema = withSchema ? ConnectSchemas.keySchema(rule.name(), rule.output()) : null;
      this.hasKeyColumns = rule.output().stream().anyMatch(Column::isKey);
      this.failure = null;
    }

    private Bound(String failure) {
      this.rule = null;
      this.stateless = null;
      this.projection = null;
      this.projected = null;
      this.where = null;
      this.reader = null;
      this.outputSchema = null;
      this.writer = null;
      this.outputKeySchema = null;
      this.hasKeyColumns = false;
      this.failure = failure;
    }

    static Bound failed(String ruleName, String why) {
      return new Bound("rule " + ruleName + " " + why);
    }

    /**
     * The instance for a record of {@code topic} / {@code partition} (null for a source record
     * not yet assigned one) at {@code offset}. A sink record at or below the offset its
     * partition's state has seen is a re-delivery (Connect rewound after a failure or a
     * rebalance): that partition's state starts empty again, so no record is counted twice.
     *
     * @param redelivery whether {@code offset} is a Kafka offset (sink records) that can go back
     */
    RuleInstance instance(String topic, Integer partition, long offset, boolean redelivery) {
      if (stateless != null) {
        return stateless;
      }
      PartitionState state = lastState;
      if (lastKey == null || !Objects.equals(lastKey.partition(), partition) || !lastKey.topic().equals(topic)) {
        lastKey = new PartitionKey(topic, partition);
        state = partitions.computeIfAbsent(lastKey, k -> new PartitionState());
        lastState = state;
      }
      if (state.instance == null || (redelivery && offset <= state.lastOffset)) {
        if (state.instance != null) {
          log.info("Rule {}: {}-{} re-delivered from offset {} (had seen {}); its windows, counts and partial matches"
              + " start empty",
              rule.name(), topic, partition, offset, state.lastOffset);
        }
        state.instance = rule.newInstance();
      }
      state.lastOffset = offset;
      return state.instance;
    }

    /** This binding, or a DataException saying why the rule cannot run on such records. */
    Bound orFail() {
      if (failure != null) {
        throw new DataException(failure);
      }
      return this;
    }
  }
}
