package io.strom.rules.analyzer;

import io.strom.rules.ast.Expression;
import io.strom.rules.ast.Location;
import io.strom.rules.ast.Statement;
import io.strom.rules.ast.Statement.ColumnDeclaration;
import io.strom.rules.ast.Statement.Property;
import io.strom.rules.contract.RuleError;
import io.strom.rules.contract.RuleException;
import io.strom.rules.data.Column;
import io.strom.rules.data.StreamSchema;
import io.strom.rules.plan.RulePlan;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Analyzes a script's statements in order: source declarations go into a catalog, each
 * {@code CREATE ... AS SELECT} becomes a {@link RulePlan}. Keeps going after an error so that a
 * user sees every broken statement at once.
 */
public final class Analyzer {

  private static final Set<String> SOURCE_PROPERTIES = Set.of("KAFKA_TOPIC", "VALUE_FORMAT", "KEY_FORMAT", "FORMAT",
      "TIMESTAMP", "TIMESTAMP_FORMAT", "PARTITIONS", "REPLICAS", "VALUE_DELIMITER", "WRAP_SINGLE_VALUE",
      "KEY_SCHEMA_ID", "VALUE_SCHEMA_ID", "VALUE_AVRO_SCHEMA_FULL_NAME");
  private static final Set<String> SINK_PROPERTIES = Set.of("KAFKA_TOPIC", "VALUE_FORMAT", "KEY_FORMAT", "FORMAT",
      "PARTITIONS", "REPLICAS", "VALUE_DELIMITER", "WRAP_SINGLE_VALUE", "TIMESTAMP", "RETENTION_MS");

  /** What a script declares and defines. */
  public record Result(List<StreamSchema> sources, List<RulePlan> rules) {}

  private final Map<String, StreamSchema> sources = new LinkedHashMap<>();
  private final List<RulePlan> rules = new ArrayList<>();
  private final List<RuleError> errors = new ArrayList<>();
  /** Key formats of the sources this script declares (host-provided sources have none to check). */
  private final Map<String, String> keyFormats = new LinkedHashMap<>();

  private Analyzer(List<StreamSchema> known) {
    known.forEach(s -> sources.put(s.name(), s));
  }

  /**
   * @param known sources the host declares (e.g. from its own schemas), visible to every statement
   * @param bareQueryName the rule name for a bare {@code SELECT} statement (null: bare queries are rejected)
   * @throws RuleException listing every error found
   */
  public static Result analyze(List<Statement> statements, List<StreamSchema> known, String bareQueryName) {
    Analyzer analyzer = new Analyzer(known);
    for (Statement statement : statements) {
      try {
        analyzer.statement(statement, bareQueryName);
      } catch (AnalysisException e) {
        analyzer.errors.add(new RuleError(e.location().line(), e.location().column(), e.getMessage()));
      }
    }
    if (!analyzer.errors.isEmpty()) {
      throw new RuleException(analyzer.errors);
    }
    List<StreamSchema> declared = new ArrayList<>(analyzer.sources.values());
    declared.removeAll(known);
    return new Result(declared, analyzer.rules);
  }

  private void statement(Statement statement, String bareQueryName) {
    if (statement instanceof Statement.CreateSource s) {
      StreamSchema schema = source(s);
      String keyFormat = keyFormat(properties(s.properties(), SOURCE_PROPERTIES), "KAFKA");
      checkKeyFormat(keyFormat, schema.keyColumns(), s.location());
      sources.put(schema.name(), schema);
      keyFormats.put(schema.name(), keyFormat);
      return;
    }
    if (statement instanceof Statement.CreateAs c) {
      String name = c.name().name();
      checkNewName(name, c.name().location());
      Map<String, Object> props = properties(c.properties(), SINK_PROPERTIES);
      String topic = props.containsKey("KAFKA_TOPIC") ? String.valueOf(props.get("KAFKA_TOPIC")) : name;
      StreamSchema source = lookup(c.query().from());
      RulePlan plan;
      if (c.query().joins().isEmpty()) {
        plan = new QueryAnalyzer(name, c.kind() == Statement.Kind.TABLE, c.query(), source).analyze(topic);
      } else {
        List<StreamSchema> joined = new ArrayList<>(List.of(source));
        c.query().joins().forEach(j -> joined.add(lookup(j.right())));
        plan = new JoinAnalyzer(name, c.kind() == Statement.Kind.TABLE, c.query(), joined).analyze(topic);
      }
      String keyFormat = keyFormat(props, keyFormats.get(source.name()));
      checkKeyFormat(keyFormat, plan.output().stream().filter(Column::isKey).toList(), c.query().location());
      rules.add(plan);
      return;
    }
    Statement.BareQuery q = (Statement.BareQuery) statement;
    if (bareQueryName == null) {
      throw new AnalysisException(q.location(), "A bare SELECT is not a rule: write CREATE STREAM name AS SELECT ..."
          + " (or CREATE TABLE name AS SELECT ... GROUP BY ...).");
    }
    if (!q.query().joins().isEmpty()) {
      throw new AnalysisException(q.query().joins().get(0).location(), "A join needs several sources: write it as"
          + " CREATE STREAM|TABLE name AS SELECT ... FROM a JOIN b ON ..., in a rule script.");
    }
    StreamSchema source = lookup(q.query().from());
    boolean table = q.query().groupBy() != null
        || q.query().select().stream().anyMatch(i -> i instanceof io.strom.rules.ast.SelectItem.Single s
            && ExpressionAnalyzer.containsAggregate(s.expression()));
    rules.add(new QueryAnalyzer(bareQueryName, table, q.query(), source).analyze(bareQueryName));
  }

  private StreamSchema lookup(io.strom.rules.ast.Query.Relation from) {
    StreamSchema source = sources.get(from.name().name());
    if (source == null) {
      for (RulePlan r : rules) {
        if (r.name().equals(from.name().name())) {
          throw new AnalysisException(from.location(), "Reading the output of another rule (" + r.name()
              + ") is not supported yet: declare the topic as a source with CREATE STREAM.");
        }
      }
      throw new AnalysisException(from.name().location(), from.name().name() + " does not exist: declare it first with"
          + " CREATE STREAM " + from.name().name() + " (columns...) WITH (KAFKA_TOPIC='...', VALUE_FORMAT='JSON')."
          + Suggestions.didYouMean(from.name().name(), sources.keySet()));
    }
    return source;
  }

  private void checkNewName(String name, Location at) {
    if (sources.containsKey(name) || rules.stream().anyMatch(r -> r.name().equals(name))) {
      throw new AnalysisException(at, "Cannot add " + name + ": a stream or table of that name already exists.");
    }
  }

  private StreamSchema source(Statement.CreateSource s) {
    String name = s.name().name();
    boolean table = s.kind() == Statement.Kind.TABLE;
    checkNewName(name, s.name().location());
    List<Column> columns = new ArrayList<>();
    for (ColumnDeclaration c : s.columns()) {
      String column = c.name().name();
      if (!table && c.keyKind() == Statement.KeyKind.PRIMARY_KEY) {
        throw new AnalysisException(c.location(), "Column `" + column + "` is a 'PRIMARY KEY' column: please use 'KEY' for streams.");
      }
      if (table && c.keyKind() == Statement.KeyKind.KEY) {
        throw new AnalysisException(c.location(), "Column `" + column + "` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
      }
      if (QueryAnalyzer.RESERVED.contains(column.toUpperCase(Locale.ROOT))) {
        throw new AnalysisException(c.location(), "`" + column + "` is a reserved column name: choose another name.");
      }
      if (columns.stream().anyMatch(x -> x.name().equals(column))) {
        throw new AnalysisException(c.location(), "Duplicate column name `" + column + "` in " + name + ".");
      }
      columns.add(new Column(column, c.type(), c.keyKind() != Statement.KeyKind.NONE));
    }
    if (columns.isEmpty()) {
      throw new AnalysisException(s.location(), name + " declares no columns.");
    }
    if (table && columns.stream().noneMatch(Column::isKey)) {
      throw new AnalysisException(s.location(), "Tables require a PRIMARY KEY. Please define the PRIMARY KEY."
          + " Use a STREAM (CREATE STREAM " + name + " ...) for a topic without keys.");
    }
    Map<String, Object> props = properties(s.properties(), SOURCE_PROPERTIES);
    Object topic = props.get("KAFKA_TOPIC");
    if (topic == null) {
      throw new AnalysisException(s.location(), "Missing required property KAFKA_TOPIC: add WITH (KAFKA_TOPIC='topic', VALUE_FORMAT='JSON').");
    }
    String timestamp = null;
    String format = props.containsKey("TIMESTAMP_FORMAT") ? String.valueOf(props.get("TIMESTAMP_FORMAT")) : null;
    if (format != null) {
      try {
        java.time.format.DateTimeFormatter.ofPattern(format);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException(s.location(), "Invalid TIMESTAMP_FORMAT '" + format + "': " + e.getMessage());
      }
    }
    if (props.containsKey("TIMESTAMP")) {
      String wanted = String.valueOf(props.get("TIMESTAMP"));
      Location at = s.properties().stream().filter(p -> p.name().name().equalsIgnoreCase("TIMESTAMP"))
          .findFirst().map(Property::location).orElse(s.location());
      Column column = columns.stream().filter(c -> c.name().equals(wanted)).findFirst()
          .or(() -> columns.stream().filter(c -> c.name().equalsIgnoreCase(wanted)).findFirst())
          .orElseThrow(() -> new AnalysisException(at, "The TIMESTAMP column " + wanted + " does not exist."
              + Suggestions.didYouMean(wanted, columns.stream().map(Column::name).toList())));
      SqlType.Kind kind = column.type().kind();
      if (kind == SqlType.Kind.STRING) {
        if (format == null) {
          throw new AnalysisException(at, "The TIMESTAMP column " + column.name() + " is a STRING: add"
              + " TIMESTAMP_FORMAT='yyyy-MM-dd''T''HH:mm:ssX' (a java.time pattern) to say how to read it.");
        }
      } else if (kind != SqlType.Kind.BIGINT && kind != SqlType.Kind.TIMESTAMP) {
        throw new AnalysisException(at, "The TIMESTAMP column " + column.name() + " must be BIGINT (epoch millis),"
            + " TIMESTAMP or a STRING with TIMESTAMP_FORMAT, not " + column.type() + ".");
      }
      timestamp = column.name();
    } else if (format != null) {
      throw new AnalysisException(s.location(), "TIMESTAMP_FORMAT needs a TIMESTAMP column: add TIMESTAMP='column'.");
    }
    return new StreamSchema(name, String.valueOf(topic), columns, timestamp, format, table);
  }

  /**
   * KEY_FORMAT, else FORMAT, else the fallback: KAFKA for a declared source (ksqlDB's default), the
   * source's key format for a rule's output (null, unchecked, for a source the host provided).
   */
  private static String keyFormat(Map<String, Object> props, String fallback) {
    Object format = props.containsKey("KEY_FORMAT") ? props.get("KEY_FORMAT") : props.get("FORMAT");
    return format != null ? String.valueOf(format).toUpperCase(Locale.ROOT) : fallback;
  }

  /** The KAFKA key format holds one bare value: several key columns need e.g. KEY_FORMAT='JSON'. */
  private static void checkKeyFormat(String keyFormat, List<Column> keys, Location at) {
    if ("KAFKA".equals(keyFormat) && keys.size() > 1) {
      throw new AnalysisException(at, "The 'KAFKA' format only supports a single field. Got: "
          + keys.stream().map(k -> "`" + k.name() + "` " + k.type() + " KEY").toList()
          + ". Use KEY_FORMAT='JSON' (or FORMAT='JSON') for a key of several columns.");
    }
  }

  private static Map<String, Object> properties(List<Property> properties, Set<String> allowed) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Property p : properties) {
      String key = p.name().name().toUpperCase(Locale.ROOT);
      if (!allowed.contains(key)) {
        throw new AnalysisException(p.location(), "Unknown property " + p.name().name() + "."
            + Suggestions.didYouMean(key, allowed));
      }
      if (map.containsKey(key)) {
        throw new AnalysisException(p.location(), "Property " + key + " is set twice.");
      }
      map.put(key, literalValue(p.value()));
    }
    return map;
  }

  private static Object literalValue(Expression e) {
    if (e instanceof Expression.StringLiteral s) {
      return s.value();
    }
    if (e instanceof Expression.IntegerLiteral i) {
      return i.value();
    }
    if (e instanceof Expression.BooleanLiteral b) {
      return b.value();
    }
    if (e instanceof Expression.DecimalLiteral d) {
      return d.value();
    }
    if (e instanceof Expression.DoubleLiteral d) {
      return d.value();
    }
    return null;
  }
}
