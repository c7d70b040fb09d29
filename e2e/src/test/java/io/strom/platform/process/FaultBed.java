package io.strom.platform.process;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The platform a fault test class runs its runs on, started once before the class (in a work dir
 * named for it, where the servers' logs stay) and stopped after it. Register it as a static
 * {@code @RegisterExtension} field. Without Debian's PostgreSQL the class is skipped.
 */
final class FaultBed implements BeforeAllCallback, AfterAllCallback {

  private final int workers;
  private FaultPlatform platform;

  FaultBed(int workers) {
    this.workers = workers;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(DebianPostgres.installed(), "Debian's PostgreSQL 15 is not installed");
    platform = FaultPlatform.start(FaultPlatform.workDir(context.getRequiredTestClass()), workers);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (platform != null) {
      platform.close();
    }
  }

  FaultPlatform platform() {
    return platform;
  }
}
