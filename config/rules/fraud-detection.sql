-- Fraud detection over the login feed (topic logins), hosted by the fraud-sink connector.

CREATE STREAM logins (
  ip STRING KEY,
  user_id STRING,
  country STRING,
  device STRING,
  success BOOLEAN,
  ts TIMESTAMP
) WITH (kafka_topic = 'logins', value_format = 'AVRO', timestamp = 'ts');

-- Brute force: ten failed logins in a row from one IP for one account within a minute. A
-- pattern, so that each alert carries the event time of the failure that raised it; an IP trying
-- many accounts is credential stuffing (next rule), not this.
-- quality: detects brute_force by ip
CREATE STREAM brute_force_alerts AS
  SELECT * FROM logins
  MATCH_RECOGNIZE (
    PARTITION BY ip
    ORDER BY ROWTIME
    MEASURES B1.user_id      AS user_id,
             COUNT(*)        AS failures,
             B1.ts           AS first_failure,
             LAST(F.ts)      AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (B1 F{9})
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE B1 AS NOT B1.success,
           F AS NOT F.success AND F.user_id = B1.user_id
  ) EMIT CHANGES;

-- Credential stuffing: one IP trying ten accounts in a row, each other than the one before and
-- the first, within a minute. (A person's IP sees their own account, or a household's few.)
-- quality: detects credential_stuffing by ip
CREATE STREAM credential_stuffing_alerts AS
  SELECT * FROM logins
  MATCH_RECOGNIZE (
    PARTITION BY ip
    ORDER BY ROWTIME
    MEASURES COUNT(*)        AS attempts,
             FIRST(A.ts)     AS first_attempt,
             LAST(S.ts)      AS ts
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (A S{9})
    WITHIN INTERVAL '1' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE S AS S.user_id <> PREV(S.user_id) AND S.user_id <> A.user_id
  ) EMIT CHANGES;

-- Failure rate per country per five minutes: the aggregate behind the alerts.
CREATE TABLE login_failures_by_country AS
  SELECT country,
         COUNT(*) AS attempts,
         SUM(CASE WHEN success THEN 0 ELSE 1 END) AS failures
  FROM logins
  WINDOW TUMBLING (SIZE 5 MINUTES)
  GROUP BY country
  EMIT CHANGES;

-- Account takeover: 3 or more failed logins from one IP, then a success from that IP, in another
-- country than the user's last successful login before them, all within 10 minutes. (Any earlier
-- success would do as well as the last one only if every success were the user's own: after an
-- impossible-travel login from afar, three failed logins at home and a success there looked
-- like a takeover.) A sequence
-- pattern: the rows of one user in event-time order, one alert row per match. The failures and the
-- success must come from one IP: failures from one attacker followed by a lucky guess of another
-- (credential stuffing) are each their own rule's business.
-- quality: detects account_takeover by user_id
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
    PATTERN (H X*? F{3,} S)
    WITHIN INTERVAL '10' MINUTE
    GRACE PERIOD 60 SECONDS
    DEFINE H AS H.success,
           X AS NOT X.success,
           F AS NOT F.success AND F.ip = FIRST(F.ip),
           S AS S.success AND S.ip = LAST(F.ip) AND S.country <> H.country
  ) EMIT CHANGES;

-- Impossible travel: two successful logins of one user on the same device (failed ones, and
-- logins from other devices, between them aside) from different continents less than five
-- minutes apart. The feed has no coordinates
-- and the rules no distance function, so "too far apart for the time between them" is read as
-- "another continent within five minutes"; the continent comes from the country code. A script
-- (another device, or none: 'unknown') logging in from afar is the account-takeover rule's business.
-- quality: detects impossible_travel by user_id
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
    GRACE PERIOD 60 SECONDS
    DEFINE A AS A.success AND A.device <> 'unknown',
           F AS NOT F.success OR F.device <> A.device,
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
