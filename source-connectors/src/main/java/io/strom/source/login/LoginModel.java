package io.strom.source.login;

import io.strom.source.sim.DeterministicRandom;
import io.strom.source.sim.EntityGenerator;
import io.strom.source.sim.Event;
import io.strom.source.sim.FeedModel;
import io.strom.source.sim.Simulation;
import io.strom.source.sim.SimulationConfig;
import io.strom.source.sim.Step;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Login attempts: each user logs in about once per event interval from one of two home IPs in a
 * home country, on one of their devices, failing at their own typical rate. Attack scenarios
 * replace a stretch of a user's steps with the attacker's attempts. Pure in (seed, user, step).
 */
final class LoginModel implements FeedModel {

  static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
      .name("io.strom.login.LoginEvent").version(1)
      .doc("One login attempt.")
      .field("user_id", SchemaBuilder.string().doc("Account the attempt is for, e.g. user-00042.").build())
      .field("ip", SchemaBuilder.string().doc("IPv4 address the attempt came from; also the record key.").build())
      .field("country", SchemaBuilder.string().doc("ISO 3166 alpha-2 country of the IP address.").build())
      .field("device", SchemaBuilder.string().doc("Client device: iphone, android, windows, macos, linux, ipad, or 'unknown' for scripts.").build())
      .field("success", SchemaBuilder.bool().doc("Whether the login succeeded.").build())
      .field("ts", Timestamp.builder().doc("Event time of the attempt (also the record timestamp).").build())
      .field(Simulation.SCENARIO_FIELD, Simulation.scenarioFieldSchema())
      .build();

  /** Country, continent, the first octet of its (simulated) address space, and its weight among users. */
  private record Country(String code, String continent, int firstOctet, int weight) {}

  private static final List<Country> COUNTRIES = List.of(
      new Country("US", "NA", 23, 25), new Country("CA", "NA", 24, 5), new Country("BR", "SA", 177, 7),
      new Country("AR", "SA", 181, 3), new Country("GB", "EU", 81, 9), new Country("DE", "EU", 85, 9),
      new Country("FR", "EU", 90, 7), new Country("PL", "EU", 83, 4), new Country("NG", "AF", 102, 3),
      new Country("ZA", "AF", 105, 2), new Country("IN", "AS", 49, 10), new Country("JP", "AS", 126, 6),
      new Country("SG", "AS", 103, 2), new Country("CN", "AS", 36, 3), new Country("AU", "OC", 1, 5));
  private static final int TOTAL_WEIGHT = COUNTRIES.stream().mapToInt(Country::weight).sum();
  private static final List<String> DEVICES = List.of("iphone", "android", "windows", "macos", "linux", "ipad");
  private static final String SCRIPT_DEVICE = "unknown";
  private static final int BLOCK_LENGTH = 30;
  private static final int BURST = 20;

  private final long seed;
  private final List<String> users;

  LoginModel(SimulationConfig config) {
    this.seed = config.seed();
    int count = config.getInt(LoginSourceConnector.USERS_CONFIG);
    this.users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      users.add(String.format("user-%05d", i));
    }
  }

  @Override
  public List<String> entityIds() {
    return users;
  }

  @Override
  public Schema valueSchema() {
    return VALUE_SCHEMA;
  }

  @Override
  public int blockLength() {
    return BLOCK_LENGTH;
  }

  @Override
  public EntityGenerator generator(String userId) {
    return new User(userId);
  }

  private static Country weightedCountry(SplittableRandom random) {
    int pick = random.nextInt(TOTAL_WEIGHT);
    for (Country c : COUNTRIES) {
      pick -= c.weight();
      if (pick < 0) {
        return c;
      }
    }
    throw new IllegalStateException("weights do not add up");
  }

  /** A country other than {@code home}; on another continent when {@code farAway}. */
  private static Country otherCountry(Country home, boolean farAway, SplittableRandom random) {
    List<Country> candidates = COUNTRIES.stream()
        .filter(c -> farAway ? !c.continent().equals(home.continent()) : !c.equals(home))
        .toList();
    return candidates.get(random.nextInt(candidates.size()));
  }

  private static String ip(Country country, SplittableRandom random) {
    return country.firstOctet() + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private final class User extends EntityGenerator {
    private final String id;
    private final Country home;
    private final String[] homeIps;
    private final List<String> devices;
    private final double failureRate;

    User(String id) {
      this.id = id;
      SplittableRandom traits = DeterministicRandom.forTraits(seed, id);
      this.home = weightedCountry(traits);
      this.homeIps = new String[] {ip(home, traits), ip(home, traits)};
      int deviceCount = 1 + traits.nextInt(3);
      List<String> own = new ArrayList<>(DEVICES);
      while (own.size() > deviceCount) {
        own.remove(traits.nextInt(own.size()));
      }
      this.devices = own;
      this.failureRate = 0.02 + 0.10 * traits.nextDouble();
    }

    @Override
    public Event generate(Step step) {
      SplittableRandom random = step.random();
      if (step.scenario() == null) {
        return normal(step, random);
      }
      SplittableRandom episode = step.blockRandom();
      int begin = episode.nextInt(BLOCK_LENGTH - BURST - 1);
      int k = step.position() - begin;
      long episodeStart = step.blockStartMillis() + begin * step.intervalMs();
      long interval = step.intervalMs();
      String scenario = step.scenario();
      switch (scenario) {
        case "brute_force" -> {
          if (k >= 0 && k < BURST) {
            Country attacker = otherCountry(home, false, episode);
            long spacing = Math.max(1, Math.min(2_000, interval / BURST));
            return event(id, ip(attacker, episode), attacker, SCRIPT_DEVICE, false,
                episodeStart + k * spacing + random.nextLong(Math.max(1, spacing / 2)), scenario);
          }
        }
        case "credential_stuffing" -> {
          if (k >= 0 && k < BURST) {
            Country attacker = otherCountry(home, false, episode);
            long spacing = Math.max(1, Math.min(1_000, interval / BURST));
            String attackerIp = ip(attacker, episode);
            // A stride through the user list: 20 different accounts whenever there are 20.
            String victim = users.get((int) ((episode.nextInt(users.size()) + k * 7919L) % users.size()));
            return event(victim, attackerIp, attacker, SCRIPT_DEVICE, random.nextDouble() < 0.1,
                episodeStart + k * spacing + random.nextLong(Math.max(1, spacing / 2)), scenario);
          }
        }
        case "impossible_travel" -> {
          if (k == 0) {
            return event(id, homeIps[0], home, devices.get(0), true, episodeStart, scenario);
          }
          if (k == 1) {
            Country far = otherCountry(home, true, episode);
            return event(id, ip(far, episode), far, devices.get(0), true, episodeStart + interval / 2, scenario);
          }
        }
        case "account_takeover" -> {
          if (k >= 0 && k < 6) {
            Country attacker = otherCountry(home, false, episode);
            long spacing = Math.max(1, Math.min(10_000, interval / 6));
            return event(id, ip(attacker, episode), attacker, SCRIPT_DEVICE, k == 5, episodeStart + k * spacing, scenario);
          }
        }
        default -> throw new IllegalStateException("unknown login scenario " + scenario);
      }
      return normal(step, random);
    }

    private Event normal(Step step, SplittableRandom random) {
      String ip = random.nextDouble() < 0.8 ? homeIps[0] : homeIps[1];
      String device = devices.get(random.nextInt(devices.size()));
      boolean success = random.nextDouble() >= failureRate;
      long time = step.time() + random.nextLong(Math.max(1, step.intervalMs() / 2));
      return event(id, ip, home, device, success, time, null);
    }

    private Event event(String user, String ip, Country country, String device, boolean success, long time, String label) {
      Struct value = new Struct(VALUE_SCHEMA)
          .put("user_id", user)
          .put("ip", ip)
          .put("country", country.code())
          .put("device", device)
          .put("success", success)
          .put("ts", new Date(time));
      return new Event(ip, value, time, label);
    }
  }
}
