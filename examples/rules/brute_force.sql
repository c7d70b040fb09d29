-- Brute force: more than 3 failed logins from one IP within a minute.
-- Run it:  ./strom rules run --rules examples/rules/brute_force.sql --input examples/data/logins.jsonl

CREATE STREAM logins (
  user_id STRING KEY,
  ip      STRING,
  success BOOLEAN,
  country STRING
) WITH (KAFKA_TOPIC='logins', VALUE_FORMAT='JSON');

CREATE TABLE brute_force AS
  SELECT ip,
         COUNT(*) AS failures,
         COUNT_DISTINCT(user_id) AS users,
         WINDOWSTART AS window_start
  FROM logins WINDOW TUMBLING (SIZE 60 SECONDS, GRACE PERIOD 5 SECONDS)
  WHERE NOT success
  GROUP BY ip
  HAVING COUNT(*) > 3
  EMIT CHANGES;
