package io.strom.sink.rules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's rule state table: per connector, rule, topic and partition, the latest snapshot
 * of that partition's rule instance ({@code RuleInstance.snapshot()}, a versioned format of the
 * rules library). Written in the flush transaction together with the rows and offsets.
 *
 * <p>A snapshot equal to the stored one is not written again: the store keeps the SHA-256 digest
 * of what it last loaded or committed per rule and partition, taking a written digest as stored
 * only once its transaction committed ({@link #committed}).
 */
final class RuleStateStore {

  private record Slot(String rule, TopicPartition partition) {}

  private final String table;
  private final String connector;
  private final Map<Slot, byte[]> storedDigests = new HashMap<>();
  private final Map<Slot, byte[]> writtenDigests = new HashMap<>();

  RuleStateStore(String quotedTable, String connector) {
    this.table = quotedTable;
    this.connector = connector;
  }

  void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + table.replace("'", "''") + "'))");
      statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (connector text NOT NULL, rule text NOT NULL, "
          + "topic text NOT NULL, kafka_partition integer NOT NULL, snapshot bytea NOT NULL, "
          + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (connector, rule, topic, kafka_partition))");
    }
  }

  byte[] load(Connection connection, String rule, TopicPartition partition) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT snapshot FROM " + table
        + " WHERE connector = ? AND rule = ? AND topic = ? AND kafka_partition = ?")) {
      bind(query, rule, partition);
      try (ResultSet rows = query.executeQuery()) {
        byte[] snapshot = rows.next() ? rows.getBytes(1) : null;
        if (snapshot != null) {
          storedDigests.put(new Slot(rule, partition), digest(snapshot));
        }
        return snapshot;
      }
    }
  }

  /** Writes the snapshot unless the stored one is the same. */
  void save(Connection connection, String rule, TopicPartition partition, byte[] snapshot) throws SQLException {
    Slot slot = new Slot(rule, partition);
    byte[] digest = digest(snapshot);
    if (Arrays.equals(digest, storedDigests.get(slot))) {
      writtenDigests.remove(slot); // written by an attempt that rolled back, if at all
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
        + " (connector, rule, topic, kafka_partition, snapshot) VALUES (?, ?, ?, ?, ?) ON CONFLICT (connector, rule, "
        + "topic, kafka_partition) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()")) {
      bind(upsert, rule, partition);
      upsert.setBytes(5, snapshot);
      upsert.executeUpdate();
    }
    writtenDigests.put(slot, digest);
  }

  /** The transaction that wrote the snapshots committed. */
  void committed() {
    storedDigests.putAll(writtenDigests);
    writtenDigests.clear();
  }

  /** Forgets the digests of partitions this task no longer owns. */
  void forget(Collection<TopicPartition> partitions) {
    storedDigests.keySet().removeIf(slot -> partitions.contains(slot.partition()));
    writtenDigests.keySet().removeIf(slot -> partitions.contains(slot.partition()));
  }

  private static byte[] digest(byte[] snapshot) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(snapshot);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private void bind(PreparedStatement statement, String rule, TopicPartition partition) throws SQLException {
    statement.setString(1, connector);
    statement.setString(2, rule);
    statement.setString(3, partition.topic());
    statement.setInt(4, partition.partition());
  }
}
