package io.strom.source.login;

import io.strom.source.sim.SimulatedSourceTask;

/** Writes the login attempts of its share of the users. */
public final class LoginSourceTask extends SimulatedSourceTask {

  public LoginSourceTask() {
    super(LoginSourceConnector.FEED);
  }
}
