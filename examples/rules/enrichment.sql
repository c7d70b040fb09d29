-- Enrichment: a stream joined with a table read as a changelog (latest row per key).
-- Run it:  ./strom rules run --rules examples/rules/enrichment.sql --input examples/data/enrichment.jsonl

CREATE STREAM logins (
  user_id STRING KEY,
  ip      STRING,
  success BOOLEAN,
  country STRING
) WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON');

CREATE TABLE users (
  user_id      STRING PRIMARY KEY,
  home_country STRING
) WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON');

-- A login from outside the user's home country (users without a row are left out: INNER JOIN).
CREATE STREAM away_logins AS
  SELECT l.user_id, l.ip, l.country, u.home_country
  FROM logins l JOIN users u ON l.user_id = u.user_id
  WHERE l.success AND l.country <> u.home_country
  EMIT CHANGES;

CREATE STREAM device_readings (
  device_id STRING KEY,
  model     STRING,
  temp_c    DOUBLE
) WITH (KAFKA_TOPIC='device-readings', VALUE_FORMAT='JSON');

CREATE TABLE device_models (
  model    STRING PRIMARY KEY,
  max_temp DOUBLE
) WITH (KAFKA_TOPIC='device-models', VALUE_FORMAT='JSON');

-- A reading above its model's limit. The join is on a value column of the stream, so the
-- output is keyed by the model (ksqlDB re-keys the stream); a reading of a model without a row
-- gets a null limit (LEFT JOIN) and passes no comparison.
CREATE STREAM over_limit AS
  SELECT m.model, r.device_id, r.temp_c, m.max_temp
  FROM device_readings r LEFT JOIN device_models m ON r.model = m.model
  WHERE r.temp_c > m.max_temp
  EMIT CHANGES;
