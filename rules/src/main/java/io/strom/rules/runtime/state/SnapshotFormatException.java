package io.strom.rules.runtime.state;

/** A snapshot that cannot be restored: truncated, corrupt, another version, or another rule's state. */
public class SnapshotFormatException extends RuntimeException {

  public SnapshotFormatException(String message) {
    super(message);
  }
}
