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

-- Account takeover: 3 or more failed logins of a user, then a success from another country than
-- the user's previous successful login, all within 10 minutes. A sequence pattern: the rows of one
-- user in event-time order, one alert row per match.
CREATE STREAM account_takeover_alerts AS
  SELECT * FROM logins
  MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY ROWTIME
    MEASURES H.country       AS home_country,
             COUNT(F.*)      AS failures,
             FIRST(F.ts)     AS first_failure,
             S.country       AS country,
             S.ip            AS ip,
             S.ts            AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (H F{3,} S)
    WITHIN INTERVAL '10' MINUTE
    DEFINE H AS H.success,
           F AS NOT F.success,
           S AS S.success AND S.country <> H.country
  ) EMIT CHANGES;

-- Impossible travel: two successful logins of one user on the same device (failed ones between
-- them aside) from different continents less than five minutes apart. The feed has no coordinates
-- and the rules no distance function, so "too far apart for the time between them" is read as
-- "another continent within five minutes"; the continent comes from the country code. A script
-- (another device) logging in from afar is the account-takeover rule's business.
CREATE STREAM impossible_travel_alerts AS
  SELECT * FROM logins
  MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY ROWTIME
    MEASURES B.device  AS device,
             A.country AS from_country,
             A.ts      AS from_ts,
             B.country AS to_country,
             B.ts      AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A F* B)
    WITHIN INTERVAL '5' MINUTE
    DEFINE A AS A.success,
           F AS NOT F.success,
           B AS B.success AND B.device = A.device
             AND CASE WHEN B.country IN ('US', 'CA', 'MX') THEN 'NA'
                      WHEN B.country IN ('BR', 'AR', 'CL', 'CO') THEN 'SA'
                      WHEN B.country IN ('NG', 'ZA', 'EG', 'KE') THEN 'AF'
                      WHEN B.country IN ('IN', 'JP', 'SG', 'CN', 'KR') THEN 'AS'
                      WHEN B.country IN ('AU', 'NZ') THEN 'OC'
                      ELSE 'EU' END
              <> CASE WHEN A.country IN ('US', 'CA', 'MX') THEN 'NA'
                      WHEN A.country IN ('BR', 'AR', 'CL', 'CO') THEN 'SA'
                      WHEN A.country IN ('NG', 'ZA', 'EG', 'KE') THEN 'AF'
                      WHEN A.country IN ('IN', 'JP', 'SG', 'CN', 'KR') THEN 'AS'
                      WHEN A.country IN ('AU', 'NZ') THEN 'OC'
                      ELSE 'EU' END
  ) EMIT CHANGES;
