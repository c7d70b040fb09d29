-- Enrichment: streams joined with tables read as changelogs (latest row per key, a tombstone
-- deletes), hosted by a PostgreSQL sink connector whose inputs are both topics of each join
-- (docs/sink.md "Joins"): the table's rows are part of the rule state, stored in the same
-- transaction as the output rows and the offsets. Not wired into the demo's connectors: the demo
-- has no users or device-model feed.
--
-- The sink joins partition by partition, so a stream and its table must be co-partitioned (same
-- partition count, written with the same key and partitioner) and joined on their keys: the login
-- feed is keyed by ip and the readings by device, so each is first re-keyed into a topic of its
-- own by the join column, e.g. by a RuleTransform with PARTITION BY in the producing connector
-- (SELECT * FROM logins PARTITION BY user_id, with output.topic).
--
-- Either rule also runs in a RuleTransform (docs/smt.md "Joins: the global table"): each task then
-- reads the whole table topic itself (rules.table.consumer.bootstrap.servers and the
-- rules.table.key/value.converter settings), so no co-partitioning is needed; the table is in the
-- task's memory only and is read again on every start.

CREATE STREAM logins_by_user (
  user_id STRING KEY,
  ip STRING,
  country STRING,
  device STRING,
  success BOOLEAN,
  ts TIMESTAMP
) WITH (kafka_topic = 'logins.by-user', value_format = 'AVRO', timestamp = 'ts');

CREATE TABLE users (
  user_id STRING PRIMARY KEY,
  home_country STRING
) WITH (kafka_topic = 'users', value_format = 'AVRO');

-- A successful login from outside the user's home country. Users without a row are left out
-- (INNER JOIN): a new account has no home yet.
CREATE STREAM away_from_home_logins AS
  SELECT l.user_id AS user_id, l.ip, l.country, u.home_country, l.ts
  FROM logins_by_user l JOIN users u ON l.user_id = u.user_id
  WHERE l.success AND l.country <> u.home_country
  EMIT CHANGES;

CREATE STREAM readings_by_model (
  model STRING KEY,
  device_id STRING,
  site STRING,
  ts TIMESTAMP,
  temperature DOUBLE,
  vibration DOUBLE
) WITH (kafka_topic = 'iot.readings.by-model', value_format = 'AVRO', timestamp = 'ts');

CREATE TABLE device_models (
  model STRING PRIMARY KEY,
  max_temperature DOUBLE,
  max_vibration DOUBLE
) WITH (kafka_topic = 'iot.device-models', value_format = 'AVRO');

-- A reading beyond its model's limits (per-model, instead of iot-monitoring's fixed 40 °C). A
-- model without a row gets null limits (LEFT JOIN) and passes no comparison: no alert.
CREATE STREAM model_limit_alerts AS
  SELECT r.model AS model, r.device_id, r.site, r.ts, r.temperature, r.vibration,
         m.max_temperature, m.max_vibration
  FROM readings_by_model r LEFT JOIN device_models m ON r.model = m.model
  WHERE r.temperature > m.max_temperature OR r.vibration > m.max_vibration
  EMIT CHANGES;
