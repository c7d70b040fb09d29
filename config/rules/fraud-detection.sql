-- Fraud detection over the login feed (topic logins), hosted by the fraud-sink connector.

CREATE STREAM logins (
  ip STRING KEY,
  user_id STRING,
  country STRING,
  device STRING,
  success BOOLEAN,
  ts TIMESTAMP
) WITH (kafka_topic = 'logins', value_format = 'AVRO', timestamp = 'ts');

-- Brute force: many failed logins from one IP within a minute.
CREATE TABLE brute_force_alerts AS
  SELECT ip,
         COUNT(*) AS failures,
         COUNT_DISTINCT(user_id) AS users
  FROM logins
  WINDOW TUMBLING (SIZE 60 SECONDS, GRACE PERIOD 5 SECONDS)
  WHERE NOT success
  GROUP BY ip
  HAVING COUNT(*) >= 10
  EMIT CHANGES;

-- Credential stuffing: one IP trying many different accounts within a minute.
CREATE TABLE credential_stuffing_alerts AS
  SELECT ip,
         COUNT_DISTINCT(user_id) AS users,
         COUNT(*) AS attempts
  FROM logins
  WINDOW TUMBLING (SIZE 60 SECONDS, GRACE PERIOD 5 SECONDS)
  GROUP BY ip
  HAVING COUNT_DISTINCT(user_id) >= 10
  EMIT CHANGES;

-- Failure rate per country per five minutes: the aggregate behind the alerts.
CREATE TABLE login_failures_by_country AS
  SELECT country,
         COUNT(*) AS attempts,
         SUM(CASE WHEN success THEN 0 ELSE 1 END) AS failures
  FROM logins
  WINDOW TUMBLING (SIZE 5 MINUTES)
  GROUP BY country
  EMIT CHANGES;
