package io.strom.sink.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.kafka.common.TopicPartition;

/**
 * The connector's rule state table: per connector, rule, topic and partition, the latest snapshot
 * of that partition's rule instance ({@code RuleInstance.snapshot()}, a versioned format of the
 * rules library). Written in the flush transaction together with the rows and offsets.
 */
final class RuleStateStore {

  private final String table;
  private final String connector;

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
        return rows.next() ? rows.getBytes(1) : null;
      }
    }
  }

  void save(Connection connection, String rule, TopicPartition partition, byte[] snapshot) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
        + " (connector, rule, topic, kafka_partition, snapshot) VALUES (?, ?, ?, ?, ?) ON CONFLICT (connector, rule, "
        + "topic, kafka_partition) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = now()")) {
      bind(upsert, rule, partition);
      upsert.setBytes(5, snapshot);
      upsert.executeUpdate();
    }
  }

  private void bind(PreparedStatement statement, String rule, TopicPartition partition) throws SQLException {
    statement.setString(1, connector);
    statement.setString(2, rule);
    statement.setString(3, partition.topic());
    statement.setInt(4, partition.partition());
  }
}
