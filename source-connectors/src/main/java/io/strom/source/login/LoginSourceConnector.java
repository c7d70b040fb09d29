package io.strom.source.login;

import io.strom.source.sim.Feed;
import io.strom.source.sim.FeedSpec;
import io.strom.source.sim.ScenarioSpec;
import io.strom.source.sim.SimulatedSourceConnector;
import io.strom.source.sim.SimulationConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.connector.Task;

/** Simulated login attempts of users with a home country, their devices and a typical failure rate. */
public final class LoginSourceConnector extends SimulatedSourceConnector {

  public static final String USERS_CONFIG = "users";

  public static final FeedSpec SPEC = new FeedSpec("logins", "logins", 60_000L, 0.02, USERS_CONFIG, List.of(
      new ScenarioSpec("brute_force", "20 failed logins against one user from one foreign IP, about 2 s apart."),
      new ScenarioSpec("credential_stuffing", "20 logins for 20 different users from one IP within seconds, 10% succeed."),
      new ScenarioSpec("impossible_travel", "A successful login from home, then one from another continent half an event interval later (both labelled)."),
      new ScenarioSpec("account_takeover", "5 failures from an IP in a new country, then a success from that IP (all six labelled).")));

  public static final ConfigDef CONFIG_DEF = SimulationConfig.configDef(SPEC)
      .define(USERS_CONFIG, Type.INT, 1000, Range.between(1, 10_000_000), Importance.HIGH,
          "Number of simulated users, with ids user-00000, user-00001, ...",
          SimulationConfig.GROUP_ENTITIES, 2, Width.SHORT, "Users");

  public static final Feed FEED = new Feed(SPEC, CONFIG_DEF, LoginModel::new);

  public LoginSourceConnector() {
    super(FEED);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return LoginSourceTask.class;
  }
}
