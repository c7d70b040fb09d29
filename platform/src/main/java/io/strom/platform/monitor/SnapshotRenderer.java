package io.strom.platform.monitor;

import java.io.PrintStream;
import java.util.Locale;

/** Renders snapshots of the pipeline: a full-screen terminal view, or plain lines for logs and CI. */
public final class SnapshotRenderer {

  private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  private SnapshotRenderer() {}

  /** The live view, redrawn in place each second. */
  public static void terminal(Snapshot s, String header, PrintStream out) {
    StringBuilder b = new StringBuilder(CLEAR_SCREEN);
    b.append(header).append('\n');
    b.append(String.format(Locale.ROOT, "Strom demo — running %ds — Ctrl-C stops everything%n%n", s.elapsedSeconds()));
    b.append(String.format(Locale.ROOT, "WORKERS %d/%d up", s.workersUp(), s.workers().size()));
    for (Snapshot.WorkerState w : s.workers()) {
      b.append("   ").append(w.id()).append(w.up() ? " up" : " DOWN (" + w.whyDown() + ")");
    }
    b.append("\n\n");
    b.append(String.format(Locale.ROOT, "%-28s %-7s %-12s %12s %10s %8s%n", "CONNECTOR / TASK", "TYPE", "STATE",
        "RECORDS/S", "LAG", "IDLE"));
    for (Snapshot.ConnectorState c : s.connectors()) {
      b.append(String.format(Locale.ROOT, "%-28s %-7s %-12s %12.1f %10s %7ds%n", c.name(), c.type(), c.state(),
          c.recordsPerSecond(), c.lag() == null ? "" : c.lag().toString(), c.idleSeconds()));
      if (c.error() != null) {
        b.append("    ! ").append(c.error()).append('\n');
      }
      for (Snapshot.TaskState t : c.tasks()) {
        b.append(String.format(Locale.ROOT, "  task %-21d %-7s %-12s %12.1f   %s%n", t.id(), "", t.state(),
            t.recordsPerSecond(), t.worker()));
        if (t.error() != null) {
          b.append("    ! ").append(t.error()).append('\n');
        }
      }
    }
    b.append(String.format(Locale.ROOT, "%n%-34s %-28s %10s%n", "RULE", "TABLE", "ROWS"));
    for (Snapshot.RuleCount r : s.rules()) {
      b.append(String.format(Locale.ROOT, "%-34s %-28s %10s%n", r.rule(), r.table(),
          r.rows() == null ? "-" : r.rows().toString()));
    }
    b.append("\nLATEST ALERTS\n");
    if (s.latestAlerts().isEmpty()) {
      b.append("  (none yet)\n");
    }
    for (String alert : s.latestAlerts()) {
      b.append("  ").append(truncate(alert, 150)).append('\n');
    }
    out.print(b);
    out.flush();
  }

  /**
   * Plain lines prefixed with the elapsed time: the workers up, each worker that is down, one line
   * per connector, and one per task that is not running (LOST on a dead worker, FAILED, ...), then
   * the rules.
   */
  public static void headless(Snapshot s, PrintStream out) {
    String t = "[" + s.elapsedSeconds() + "s]";
    out.printf(Locale.ROOT, "%s WORKERS %d/%d up%n", t, s.workersUp(), s.workers().size());
    for (Snapshot.WorkerState w : s.workers()) {
      if (!w.up()) {
        out.printf(Locale.ROOT, "%s WORKER %s DOWN %s%n", t, w.id(), w.whyDown());
      }
    }
    for (Snapshot.ConnectorState c : s.connectors()) {
      out.printf(Locale.ROOT, "%s CONNECTOR %s %s %s tasks=%d/%d records/s=%.1f%s idle=%ds%s%n", t, c.name(), c.type(),
          c.state(), c.running(), c.tasks().size(), c.recordsPerSecond(), c.lag() == null ? "" : " lag=" + c.lag(),
          c.idleSeconds(), c.error() == null ? "" : " error=" + c.error());
      for (Snapshot.TaskState task : c.tasks()) {
        if (!task.state().equals("RUNNING") || task.error() != null) {
          out.printf(Locale.ROOT, "%s TASK %s/%d %s worker=%s%s%n", t, c.name(), task.id(), task.state(), task.worker(),
              task.error() == null ? "" : " error=" + task.error());
        }
      }
    }
    StringBuilder rules = new StringBuilder(t).append(" RULES");
    for (Snapshot.RuleCount r : s.rules()) {
      rules.append(' ').append(r.rule()).append('=').append(r.rows() == null ? "-" : r.rows());
    }
    out.println(rules);
    out.flush();
  }

  /** The end-of-run lines scripts read: rows per table and alerts per rule, counted in PostgreSQL. */
  public static void summary(Snapshot s, PrintStream out) {
    new java.util.TreeMap<>(s.tables()).forEach((table, rows) -> out.println("TABLE " + table + " " + rows));
    for (Snapshot.RuleCount r : s.rules()) {
      out.println("ALERTS " + r.rule() + " " + (r.rows() == null ? 0 : r.rows()));
    }
    out.flush();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
