-- Hot devices: IoT temperature readings above 30 °C, in Fahrenheit, with a severity.
-- Run it:  ./strom rules run --rules examples/rules/hot_devices.sql --input examples/data/readings.jsonl

CREATE STREAM readings (
  device_id STRING KEY,
  site      STRING,
  temp_c    DOUBLE,
  humidity  INT
) WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');

CREATE STREAM hot_devices AS
  SELECT device_id,
         site,
         temp_c,
         ROUND(temp_c * 9 / 5 + 32, 1) AS temp_f,
         CASE WHEN temp_c >= 40 THEN 'critical' ELSE 'warning' END AS severity
  FROM readings
  WHERE temp_c > 30 AND site IS NOT NULL
  EMIT CHANGES;
