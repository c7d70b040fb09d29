-- Predictive analytics over the stock feed (topic stock.ticks), hosted by the stocks-sink connector.

CREATE STREAM ticks (
  symbol STRING KEY,
  price DOUBLE,
  bid DOUBLE,
  ask DOUBLE,
  volume BIGINT,
  ts TIMESTAMP
) WITH (kafka_topic = 'stock.ticks', value_format = 'AVRO', timestamp = 'ts');

-- Trend per symbol over five minutes, refreshed every minute: least-squares slope (USD per
-- second), exponentially weighted moving average, and the z-score of the latest price.
CREATE TABLE price_trends AS
  SELECT symbol,
         COUNT(*) AS ticks,
         AVG(price) AS avg_price,
         SLOPE(price) AS usd_per_second,
         EWMA(price, 0.2) AS ewma_price,
         ZSCORE(price) AS zscore,
         SUM(volume) AS volume
  FROM ticks
  WINDOW HOPPING (SIZE 5 MINUTES, ADVANCE BY 1 MINUTE)
  GROUP BY symbol
  EMIT CHANGES;

-- Anomalies: the latest price more than 2.5 standard deviations from its one-minute window.
CREATE TABLE price_anomaly_alerts AS
  SELECT symbol,
         ZSCORE(price) AS zscore,
         MIN(price) AS low,
         MAX(price) AS high,
         COUNT(*) AS ticks
  FROM ticks
  WINDOW TUMBLING (SIZE 1 MINUTE)
  GROUP BY symbol
  HAVING COUNT(*) >= 10 AND ABS(ZSCORE(price)) > 2.5
  EMIT CHANGES;
