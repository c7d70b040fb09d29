-- IoT monitoring over the sensor feed (topic iot.readings). The windowed rules are hosted by the
-- iot-sink connector: their output rows and state are written in the same PostgreSQL transaction
-- as the readings and the offsets. Window bounds become the window_start/window_end columns.

CREATE STREAM readings (
  device_id STRING KEY,
  site STRING,
  ts TIMESTAMP,
  temperature DOUBLE,
  humidity DOUBLE,
  pressure DOUBLE,
  vibration DOUBLE
) WITH (kafka_topic = 'iot.readings', value_format = 'AVRO', timestamp = 'ts');

-- A reading too hot to be weather: one alert row per reading. Stateless, so it runs as a
-- RuleTransform inside the iot-alerts connector (config/connectors/iot-alerts.json); the
-- back-quoted names keep the output columns lower case there.
-- quality: detects overheat by device_id
CREATE STREAM overheat_alerts AS
  SELECT device_id AS `device_id`, site AS `site`, ts AS `ts`,
         temperature AS `temperature`, vibration AS `vibration`
  FROM readings
  WHERE temperature > 40
  EMIT CHANGES;

-- Per-device statistics per minute, with a forecast of when the temperature reaches 40 °C at
-- the current trend (milliseconds; null while it is not rising).
CREATE TABLE device_stats AS
  SELECT device_id,
         COUNT(*) AS readings,
         AVG(temperature) AS avg_temperature,
         MAX(temperature) AS max_temperature,
         SLOPE(temperature) AS temperature_slope,
         TIME_TO_THRESHOLD(temperature, 40.0) AS ms_to_overheat
  FROM readings
  WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS)
  GROUP BY device_id
  EMIT CHANGES;

-- A sensor losing calibration: pressure 5 hPa above a reading less than 30 seconds before, and
-- each of the last two readings higher than the one before it (weather moves 1-2 hPa in hours;
-- the noise of one reading is 0.4 hPa). A pattern, so that the alert carries the event time of
-- the reading that raised it (a windowed table row keeps only its window).
-- quality: detects drift by device_id
CREATE STREAM pressure_drift_alerts AS
  SELECT * FROM readings
  MATCH_RECOGNIZE (
    PARTITION BY device_id
    ORDER BY ROWTIME
    MEASURES BASE.pressure      AS base_pressure,
             HIGH.pressure      AS pressure,
             HIGH.ts            AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (BASE X*? RISE HIGH)
    WITHIN INTERVAL '30' SECOND
    GRACE PERIOD 60 SECONDS
    DEFINE RISE AS RISE.pressure > PREV(RISE.pressure),
           HIGH AS HIGH.pressure > PREV(HIGH.pressure) AND HIGH.pressure > BASE.pressure + 5
  ) EMIT CHANGES;

-- A stuck sensor: six readings in a row with every value exactly the same. Real readings of all
-- four quantities never repeat to the last digit (they carry noise); a frozen sensor repeats.
-- quality: detects stuck by device_id
CREATE STREAM stuck_sensor_alerts AS
  SELECT * FROM readings
  MATCH_RECOGNIZE (
    PARTITION BY device_id
    ORDER BY ROWTIME
    MEASURES FIRST(A.ts)        AS since,
             A.temperature      AS temperature,
             LAST(S.ts)         AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A S{5})
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE S AS S.temperature = A.temperature AND S.humidity = A.humidity
             AND S.pressure = A.pressure AND S.vibration = A.vibration
  ) EMIT CHANGES;

-- A dropout: a reading more than 10 seconds after the device's previous one (it reports every
-- second). A gap can only be seen when it ends, with the first reading after it.
-- quality: detects dropout by device_id
CREATE STREAM dropout_alerts AS
  SELECT * FROM readings
  MATCH_RECOGNIZE (
    PARTITION BY device_id
    ORDER BY ROWTIME
    MEASURES A.ts                      AS last_seen,
             B.ROWTIME - A.ROWTIME     AS silent_ms,
             B.ts                      AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A B)
    GRACE PERIOD 60 SECONDS
    DEFINE B AS B.ROWTIME > A.ROWTIME + 10000
  ) EMIT CHANGES;

-- Predictive overheat warning: the temperature rose by more than 1.2 °C on each of two readings and,
-- at that trend, reaches 40 °C within a minute, while still below it. The time to the threshold
-- is the linear extrapolation of the last step (what TIME_TO_THRESHOLD computes over a window's
-- least-squares trend; a windowed table keeps only its latest row, and a HAVING that stops
-- passing deletes it, so the moment of the first warning would be lost).
-- quality: predicts overheat by device_id when temperature > 40
CREATE STREAM overheat_warnings AS
  SELECT * FROM readings
  MATCH_RECOGNIZE (
    PARTITION BY device_id
    ORDER BY ROWTIME
    MEASURES R.temperature AS temperature,
             (40 - R.temperature) * (R.ROWTIME - PREV(R.ROWTIME))
               / (R.temperature - PREV(R.temperature)) AS ms_to_threshold,
             R.ts AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (BASE R{2})
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE R AS R.temperature > PREV(R.temperature) + 1.2 AND R.temperature < 40
             AND (40 - R.temperature) * (R.ROWTIME - PREV(R.ROWTIME))
               < 60000 * (R.temperature - PREV(R.temperature))
  ) EMIT CHANGES;

-- Sensor failure precursor: vibration up by a third over a calm reading, for two readings or
-- more, then the temperature 10 °C above that calm reading, within a minute. A sequence pattern
-- (one alert row per match), hosted by iot-sink with its partial matches in the same transaction.
CREATE STREAM sensor_failure_alerts AS
  SELECT * FROM readings
  MATCH_RECOGNIZE (
    PARTITION BY device_id
    ORDER BY ROWTIME
    MEASURES CALM.vibration       AS calm_vibration,
             MAX(SHAKY.vibration) AS peak_vibration,
             CALM.temperature     AS calm_temperature,
             HOT.temperature      AS temperature,
             HOT.ts               AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (CALM SHAKY{2,}? HOT)
    WITHIN INTERVAL '1' MINUTE
    DEFINE SHAKY AS SHAKY.vibration > 1.3 * CALM.vibration,
           HOT AS HOT.temperature > CALM.temperature + 10
  ) EMIT CHANGES;
