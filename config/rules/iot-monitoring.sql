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

-- A sensor losing calibration: pressure climbing steadily (hPa per second) within two minutes.
CREATE TABLE pressure_drift_alerts AS
  SELECT device_id,
         SLOPE(pressure) AS hpa_per_second,
         COUNT(*) AS readings
  FROM readings
  WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 10 SECONDS)
  GROUP BY device_id
  HAVING COUNT(*) >= 20 AND SLOPE(pressure) > 0.02
  EMIT CHANGES;

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
