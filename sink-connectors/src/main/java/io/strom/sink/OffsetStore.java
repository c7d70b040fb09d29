package io.strom.sink;

import io.strom.sink.dialect.PostgresDialect;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's own offsets table: per connector, topic and partition, the next offset to write
 * and the epoch of the partition's owner. It is written in the same transaction as the rows, so
 * the table and the offsets cannot disagree.
 *
 * <p>Fencing: {@code open()} claims each partition by raising its {@code owner_epoch} under the row
 * lock ({@link #claim}); every flush locks its partitions' rows first ({@link #lock}) and writes
 * only the partitions whose epoch is still its own. A task that lost its partitions but still
 * flushes (a zombie) waits for the lock, then sees a newer epoch and writes nothing. Rows are
 * always locked in one order (topic in byte order, then partition), so two tasks locking
 * overlapping sets wait for each other instead of deadlocking. An offset of -1 means nothing
 * stored yet.
 */
final class OffsetStore {

  static final long NONE = -1L;

  /** A partition's row: the next offset to write (or {@link #NONE}) and its owner's epoch. */
  record Claim(long nextOffset, long epoch) {}

  /** The order rows are locked in; matches {@code ORDER BY topic COLLATE "C", kafka_partition}. */
  private static final Comparator<TopicPartition> LOCK_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final String table;
  private final String connector;

  OffsetStore(PostgresDialect dialect, String table, String connector) {
    this.table = dialect.quote(table);
    this.connector = connector;
  }

  /** Creates the table, or adds the epoch column to a table made by a version without fencing. */
  void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + table.replace("'", "''") + "'))");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (connector text NOT NULL, topic text NOT NULL, "
          + "kafka_partition integer NOT NULL, next_offset bigint NOT NULL, owner_epoch bigint NOT NULL DEFAULT 0, "
          + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (connector, topic, kafka_partition))");
      statement.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS owner_epoch bigint NOT NULL DEFAULT 0");
    }
  }

  /**
   * Takes ownership of the partitions: makes sure each has a row, locks the rows (held until the
   * caller's transaction ends, so whatever else it reads, e.g. rule snapshots, belongs to the same
   * moment) and raises their epochs. Returns each partition's stored offset and its new epoch.
   */
  Map<TopicPartition, Claim> claim(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    List<TopicPartition> ordered = partitions.stream().sorted(LOCK_ORDER).toList();
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
        + " (connector, topic, kafka_partition, next_offset) VALUES (?, ?, ?, " + NONE + ") ON CONFLICT DO NOTHING")) {
      for (TopicPartition partition : ordered) {
        insert.setString(1, connector);
        insert.setString(2, partition.topic());
        insert.setInt(3, partition.partition());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    lock(connection, ordered);
    Map<TopicPartition, Claim> claims = new HashMap<>();
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
        + " SET owner_epoch = owner_epoch + 1, updated_at = now() WHERE connector = ? AND (topic, kafka_partition) IN "
        + "(SELECT * FROM unnest(?::text[], ?::int[])) RETURNING topic, kafka_partition, next_offset, owner_epoch")) {
      bindAll(connection, update, ordered);
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          claims.put(new TopicPartition(rows.getString(1), rows.getInt(2)), new Claim(rows.getLong(3), rows.getLong(4)));
        }
      }
    }
    return claims;
  }

  /** Reads the partitions' rows and holds their locks until the transaction ends. */
  Map<TopicPartition, Claim> lock(Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    Map<TopicPartition, Claim> claims = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT topic, kafka_partition, next_offset, owner_epoch "
        + "FROM " + table + " WHERE connector = ? AND (topic, kafka_partition) IN "
        + "(SELECT * FROM unnest(?::text[], ?::int[])) ORDER BY topic COLLATE \"C\", kafka_partition FOR UPDATE")) {
      bindAll(connection, query, partitions);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          claims.put(new TopicPartition(rows.getString(1), rows.getInt(2)), new Claim(rows.getLong(3), rows.getLong(4)));
        }
      }
    }
    return claims;
  }

  void save(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
        + " SET next_offset = ?, updated_at = now() WHERE connector = ? AND topic = ? AND kafka_partition = ?")) {
      for (Map.Entry<TopicPartition, Long> entry : nextOffsets.entrySet()) {
        update.setLong(1, entry.getValue());
        update.setString(2, connector);
        update.setString(3, entry.getKey().topic());
        update.setInt(4, entry.getKey().partition());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  private void bindAll(Connection connection, PreparedStatement statement, Collection<TopicPartition> partitions)
      throws SQLException {
    Array topics = connection.createArrayOf("text", partitions.stream().map(TopicPartition::topic).toArray());
    Array numbers = connection.createArrayOf("int4", partitions.stream().map(TopicPartition::partition).toArray());
    statement.setString(1, connector);
    statement.setArray(2, topics);
    statement.setArray(3, numbers);
  }
}
