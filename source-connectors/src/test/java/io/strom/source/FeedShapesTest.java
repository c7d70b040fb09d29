package io.strom.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The scenarios look like what they claim to be, so rules written against them are meaningful. */
class FeedShapesTest {

  private static final FeedRuns IOT = FeedRuns.all().filter(f -> f.name().equals("iot")).findFirst().orElseThrow();
  private static final FeedRuns LOGINS = FeedRuns.all().filter(f -> f.name().equals("logins")).findFirst().orElseThrow();
  private static final FeedRuns STOCKS = FeedRuns.all().filter(f -> f.name().equals("stocks")).findFirst().orElseThrow();

  private static List<Struct> play(FeedRuns feed, String scenario, long records) {
    Map<String, String> props = FeedRuns.finiteProps(records);
    props.put("scenarios", scenario + ":0.5");
    // Few users, so that each runs through whole blocks (a login episode lasts up to 21 steps of a 30-step block).
    props.put("users", "50");
    return feed.run(props, 1).stream().map(r -> (Struct) r.value()).toList();
  }

  private static double mean(List<Struct> values, String field) {
    return values.stream().mapToDouble(v -> v.getFloat64(field)).average().orElseThrow();
  }

  private static Map<Boolean, List<Struct>> byLabelled(List<Struct> values) {
    return values.stream().collect(Collectors.partitioningBy(v -> !v.getString("scenario").equals("none")));
  }

  @Test
  void iotOverheatIsFarHotterThanNormal() {
    Map<Boolean, List<Struct>> split = byLabelled(play(IOT, "overheat", 5_000));
    assertThat(mean(split.get(true), "temperature")).isGreaterThan(mean(split.get(false), "temperature") + 15);
    assertThat(mean(split.get(false), "temperature")).isBetween(15.0, 27.0);
  }

  @Test
  void iotStuckSensorRepeatsOneReading() {
    Map<Boolean, List<Struct>> split = byLabelled(play(IOT, "stuck", 5_000));
    Map<String, List<Double>> temperatures = new HashMap<>();
    split.get(true).forEach(v -> temperatures.computeIfAbsent(v.getString("device_id"), d -> new ArrayList<>())
        .add(v.getFloat64("temperature")));
    assertThat(temperatures).isNotEmpty();
    // 5,000 readings over 100 devices is 50 per device: each device's stuck run lies in one block.
    temperatures.values().forEach(list -> assertThat(list).containsOnly(list.get(0)));
  }

  @Test
  void iotDropoutLabelsTheFirstReadingAfterAGap() {
    Map<String, String> props = FeedRuns.finiteProps(3_000);
    props.put("scenarios", "dropout:0.9");
    props.put("devices", "10");
    List<SourceRecord> records = IOT.run(props, 1);
    Map<String, Long> lastTime = new HashMap<>();
    int labelled = 0;
    for (SourceRecord record : records) {
      Struct value = (Struct) record.value();
      Long previous = lastTime.put(value.getString("device_id"), record.timestamp());
      long gap = previous == null ? 0 : record.timestamp() - previous;
      if (value.getString("scenario").equals("dropout")) {
        labelled++;
        assertThat(gap).isGreaterThanOrEqualTo(40_000);
      } else if (previous != null) {
        assertThat(gap).isEqualTo(1_000);
      }
    }
    assertThat(labelled).isGreaterThan(5);
  }

  @Test
  void loginBruteForceIsManyFailuresFromOneIp() {
    List<Struct> labelled = byLabelled(play(LOGINS, "brute_force", 3_000)).get(true);
    assertThat(labelled).isNotEmpty().allMatch(v -> !v.getBoolean("success"));
    Map<String, Long> perIp = labelled.stream().collect(Collectors.groupingBy(v -> v.getString("ip"), Collectors.counting()));
    assertThat(perIp.values()).allMatch(n -> n % 20 == 0);
  }

  @Test
  void loginCredentialStuffingTriesManyUsersFromOneIp() {
    List<Struct> labelled = byLabelled(play(LOGINS, "credential_stuffing", 3_000)).get(true);
    Map<String, Long> usersPerIp = labelled.stream().collect(Collectors.groupingBy(v -> v.getString("ip"),
        Collectors.mapping(v -> v.getString("user_id"), Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
    assertThat(usersPerIp).isNotEmpty();
    assertThat(usersPerIp.values()).allMatch(n -> n == 20);
  }

  @Test
  void loginAccountTakeoverEndsWithASuccessAfterFailures() {
    List<Struct> labelled = byLabelled(play(LOGINS, "account_takeover", 3_000)).get(true);
    Map<String, List<Boolean>> outcomesPerIp = labelled.stream().collect(Collectors.groupingBy(v -> v.getString("ip"),
        Collectors.mapping(v -> v.getBoolean("success"), Collectors.toList())));
    assertThat(outcomesPerIp).isNotEmpty();
    outcomesPerIp.values().forEach(o -> assertThat(o).containsExactly(false, false, false, false, false, true));
  }

  @Test
  void loginImpossibleTravelIsTwoSuccessesFromDifferentCountries() {
    List<Struct> labelled = byLabelled(play(LOGINS, "impossible_travel", 3_000)).get(true);
    Map<String, List<Struct>> perUser = labelled.stream().collect(Collectors.groupingBy(v -> v.getString("user_id")));
    assertThat(perUser).isNotEmpty();
    perUser.values().forEach(pairs -> {
      assertThat(pairs).hasSizeGreaterThanOrEqualTo(2).allMatch(v -> v.getBoolean("success"));
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        assertThat(pairs.get(i).getString("country")).isNotEqualTo(pairs.get(i + 1).getString("country"));
      }
    });
  }

  @Test
  void stockQuotesAreConsistentAndPumpAndDumpRisesThenFalls() {
    List<Struct> ticks = play(STOCKS, "pump_and_dump", 20 * 400);
    assertThat(ticks).allMatch(t -> t.getFloat64("bid") < t.getFloat64("ask") && t.getInt64("volume") >= 0);
    Map<String, List<Struct>> episodes = ticks.stream().filter(t -> t.getString("scenario").equals("pump_and_dump"))
        .collect(Collectors.groupingBy(t -> t.getString("symbol")));
    assertThat(episodes).isNotEmpty();
    episodes.values().stream().filter(e -> e.size() == 66).forEach(e -> {
      double start = e.get(0).getFloat64("price");
      double peak = e.get(59).getFloat64("price");
      double end = e.get(65).getFloat64("price");
      assertThat(peak).isGreaterThan(start * 1.2);
      assertThat(end).isLessThan(start);
    });
  }
}
