package io.strom.connect.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that one thread (a task's own) adds to and any thread reads: the metrics reporter reads
 * it through a gauge, on its own thread (a JMX request, a reporter's schedule).
 *
 * <p>A plain {@code long} would be cheapest, but the Java memory model promises another thread
 * neither a recent value nor an untorn one (a {@code long} may be written in two halves). A
 * {@code volatile} write would promise both, at the price of a full fence per record on x86. A
 * release write ({@link VarHandle#setRelease}) paired with an acquire read promises the same to
 * the reader and compiles to an ordinary store on x86 (a store-release on ARM): the task thread
 * pays no fence and takes no lock. Only one thread may add; its own reads need no ordering.
 */
public final class TaskCounter {

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(TaskCounter.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private long value;

  /** Adds {@code n}; called by the owning thread only. */
  public void add(long n) {
    VALUE.setRelease(this, value + n);
  }

  public void increment() {
    add(1);
  }

  /** The count, from any thread. */
  public long get() {
    return (long) VALUE.getAcquire(this);
  }
}
