package io.strom.platform.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The input of an enrichment run, generated from a seed: phases of table changes (users and
 * device models: new rows, changed rows, tombstones) followed by stream records (logins and
 * readings), all keyed by the join column. Some logins name users that never get a row (the INNER
 * JOIN drops them) and some readings name models without limits (the LEFT JOIN gives nulls: no
 * alert), so both sides of each join matter.
 */
final class EnrichmentFeed {

  static final String LOGINS = "logins.by-user";
  static final String USERS = "users";
  static final String READINGS = "iot.readings.by-model";
  static final String MODELS = "iot.device-models";

  private static final String[] COUNTRIES = {"DE", "NL", "FR", "PL", "ES"};
  private static final int USER_COUNT = 50;
  /** Logins also come from users u50..u53, who never get a row. */
  private static final int LOGIN_USERS = 54;
  /** Readings name models m0..m7; m6 gets its limits only in phase 5, m7 never. */
  private static final int READING_MODELS = 8;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** One record: its topic, key, value (null for a tombstone) and event time (also its Kafka timestamp). */
  record Record(String topic, String key, Map<String, Object> value, long timestamp) {}

  /** Table changes, sent and stored by the sink before the stream records of the same phase are sent. */
  record Phase(List<Record> tableChanges, List<Record> streamRecords) {}

  private final Random random;
  private final Map<String, String> homes = new TreeMap<>();
  private final Map<String, double[]> limits = new TreeMap<>();
  private long sequence;

  private EnrichmentFeed(long seed) {
    this.random = new Random(seed);
  }

  static List<Phase> generate(long seed, int phases, int loginsPerPhase, int readingsPerPhase) {
    EnrichmentFeed feed = new EnrichmentFeed(seed);
    List<Phase> out = new ArrayList<>();
    for (int phase = 0; phase < phases; phase++) {
      List<Record> tables = phase == 0 ? feed.initialTables() : feed.tableChanges(phase);
      List<Record> streams = new ArrayList<>();
      for (int i = 0; i < Math.max(loginsPerPhase, readingsPerPhase); i++) {
        if (i < loginsPerPhase) {
          streams.add(feed.login());
        }
        if (i < readingsPerPhase) {
          streams.add(feed.reading());
        }
      }
      out.add(new Phase(tables, streams));
    }
    return out;
  }

  private List<Record> initialTables() {
    List<Record> records = new ArrayList<>();
    for (int u = 0; u < USER_COUNT; u++) {
      records.add(user("u" + u, COUNTRIES[random.nextInt(COUNTRIES.length)]));
    }
    for (int m = 0; m < 6; m++) {
      records.add(model("m" + m));
    }
    return records;
  }

  /** Five users move (a deleted one comes back), one is deleted, one model's limits change; a model is deleted in phase 3 and one added in 5. */
  private List<Record> tableChanges(int phase) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String user = "u" + random.nextInt(USER_COUNT);
      String home = homes.get(user);
      String next;
      do {
        next = COUNTRIES[random.nextInt(COUNTRIES.length)];
      } while (next.equals(home));
      records.add(user(user, next));
    }
    List<String> present = new ArrayList<>(homes.keySet());
    String gone = present.get(random.nextInt(present.size()));
    homes.remove(gone);
    records.add(tombstone(USERS, gone));
    List<String> models = new ArrayList<>(limits.keySet());
    records.add(model(models.get(random.nextInt(models.size()))));
    if (phase == 3) {
      limits.remove("m1");
      records.add(tombstone(MODELS, "m1"));
    }
    if (phase == 5) {
      records.add(model("m6"));
    }
    return records;
  }

  private Record user(String user, String home) {
    homes.put(user, home);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("home_country", home);
    return record(USERS, user, value);
  }

  private Record model(String model) {
    double maxTemperature = round(30 + random.nextDouble() * 8);
    double maxVibration = round(2 + random.nextDouble() * 2);
    limits.put(model, new double[] {maxTemperature, maxVibration});
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("max_temperature", maxTemperature);
    value.put("max_vibration", maxVibration);
    return record(MODELS, model, value);
  }

  private Record tombstone(String topic, String key) {
    return record(topic, key, null);
  }

  private Record login() {
    long n = sequence;
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("ip", "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
    value.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
    value.put("device", random.nextBoolean() ? "web" : "app");
    value.put("success", random.nextDouble() < 0.85);
    value.put("ts", START.plusMillis(n * 50));
    return record(LOGINS, "u" + random.nextInt(LOGIN_USERS), value);
  }

  private Record reading() {
    int device = random.nextInt(40);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("device_id", "d" + device);
    value.put("site", "s" + device % 3);
    value.put("ts", START.plusMillis(sequence * 50));
    value.put("temperature", round(30 + random.nextGaussian() * 4));
    value.put("vibration", round(2.5 + random.nextGaussian()));
    return record(READINGS, "m" + random.nextInt(READING_MODELS), value);
  }

  private Record record(String topic, String key, Map<String, Object> value) {
    return new Record(topic, key, value, START.plusMillis(sequence++ * 50).toEpochMilli());
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
