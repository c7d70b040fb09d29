package io.strom.platform;

import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the jar manifest (or "dev" when run from classes). */
public final class StromVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = StromVersion.class.getPackage().getImplementationVersion();
    return new String[] {"strom " + (version == null ? "dev" : version)};
  }
}
