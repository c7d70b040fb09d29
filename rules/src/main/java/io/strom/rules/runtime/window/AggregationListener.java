package io.strom.rules.runtime.window;

/** Receives what {@link AggregationState} produces, synchronously, during {@code process} / {@code advanceTime}. */
public interface AggregationListener {

  void onUpdate(AggregateUpdate update);

  void onLate(LateEvent late);
}
