package io.strom.sink;

import io.strom.sink.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's own offsets table: per connector, topic and partition, the next offset to write.
 * It is written in the same transaction as the rows, so the table and the offsets cannot disagree.
 * A flush locks its partitions' rows first ({@code FOR UPDATE}): a task that lost its partitions
 * but still flushes (a zombie) waits, then sees the new owner's offsets and writes nothing twice.
 * An offset of -1 means nothing stored yet.
 */
final class OffsetStore {

  static final long NONE = -1L;

  private final String table;
  private final String connector;

  OffsetStore(PostgresDialect dialect, String table, String connector) {
    this.table = dialect.quote(table);
    this.connector = connector;
  }

  void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + table.replace("'", "''") + "'))");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (connector text NOT NULL, topic text NOT NULL, "
          + "kafka_partition integer NOT NULL, next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), "
          + "PRIMARY KEY (connector, topic, kafka_partition))");
    }
  }

  /** Makes sure each partition has a row (so flushes can lock it) and returns the stored offsets. */
  Map<TopicPartition, Long> load(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
        + " (connector, topic, kafka_partition, next_offset) VALUES (?, ?, ?, " + NONE + ") ON CONFLICT DO NOTHING")) {
      for (TopicPartition partition : partitions) {
        bind(insert, partition);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return read(connection, partitions, false);
  }

  /** Reads the stored offsets and holds their row locks until the transaction ends. */
  Map<TopicPartition, Long> lock(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    return read(connection, partitions, true);
  }

  void save(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
        + " (connector, topic, kafka_partition, next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (connector, topic, "
        + "kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
      for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
        bind(upsert, entry.getKey());
        upsert.setLong(4, entry.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions, boolean lock)
      throws SQLException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT next_offset FROM " + table
        + " WHERE connector = ? AND topic = ? AND kafka_partition = ?" + (lock ? " FOR UPDATE" : ""))) {
      for (TopicPartition partition : partitions) {
        bind(query, partition);
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next() && rows.getLong(1) != NONE) {
            offsets.put(partition, rows.getLong(1));
          }
        }
      }
    }
    return offsets;
  }

  private void bind(PreparedStatement statement, TopicPartition partition) throws SQLException {
    statement.setString(1, connector);
    statement.setString(2, partition.topic());
    statement.setInt(3, partition.partition());
  }
}
