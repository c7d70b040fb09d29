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

-- A spike: the price jumps 2 % or more in one tick after ten calm ticks (each within 0.3 % of the
-- one before; a tick of a normal day moves about 0.03 %). The calm ticks keep the rebound after a
-- crash and the rise of a pump, which move 0.2-0.8 % a tick for minutes, out.
-- quality: detects spike by symbol
CREATE STREAM spike_alerts AS
  SELECT * FROM ticks
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY ROWTIME
    MEASURES LAST(CALM.price) AS before_price,
             JUMP.price       AS price,
             JUMP.volume      AS volume,
             JUMP.ts          AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (START CALM{10} JUMP)
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE CALM AS ABS(CALM.price - PREV(CALM.price)) <= 0.003 * PREV(CALM.price),
           JUMP AS JUMP.price >= 1.02 * PREV(JUMP.price)
  ) EMIT CHANGES;

-- A crash: the price falls 2 % or more in one tick after ten calm ticks. The dump of a pump and
-- dump falls as fast, but after minutes of rising ticks, so it is not calm before (the
-- pump_and_dump rule finds it).
-- quality: detects crash by symbol
CREATE STREAM crash_alerts AS
  SELECT * FROM ticks
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY ROWTIME
    MEASURES LAST(CALM.price) AS before_price,
             FALL.price       AS price,
             FALL.volume      AS volume,
             FALL.ts          AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (START CALM{10} FALL)
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE CALM AS ABS(CALM.price - PREV(CALM.price)) <= 0.003 * PREV(CALM.price),
           FALL AS FALL.price <= 0.98 * PREV(FALL.price)
  ) EMIT CHANGES;

-- Pump and dump: after five ticks of a baseline, the price rises on at least 20 ticks in a row to
-- 15 % above the baseline's last price, on twice the baseline's average volume, then falls 10 %
-- below its peak, within three minutes. A sequence pattern: one alert row per match.
-- quality: detects pump_and_dump by symbol
CREATE STREAM pump_and_dump_alerts AS
  SELECT * FROM ticks
  MATCH_RECOGNIZE (
    PARTITION BY symbol
    ORDER BY ROWTIME
    MEASURES LAST(BASE.price)  AS base_price,
             LAST(UP.price)    AS peak_price,
             DUMP.price        AS price,
             AVG(UP.volume) / AVG(BASE.volume) AS volume_ratio,
             DUMP.ts           AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (BASE{5} UP{20,} DOWN*? DUMP)
    WITHIN INTERVAL '3' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE UP AS UP.price > PREV(UP.price),
           DOWN AS DOWN.price < PREV(DOWN.price),
           DUMP AS DUMP.price < PREV(DUMP.price)
             AND DUMP.price <= 0.9 * LAST(UP.price)
             AND LAST(UP.price) >= 1.15 * LAST(BASE.price)
             AND AVG(UP.volume) >= 2 * AVG(BASE.volume)
  ) EMIT CHANGES;
