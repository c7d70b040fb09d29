package io.strom.avro;

/**
 * An error answer of a schema registry: the HTTP status and Confluent's error code (e.g. 40403,
 * schema not found), or status 0 when no registry could be reached.
 */
public final class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  /** No answer, a 5xx or a rate limit: worth retrying, unlike a 4xx about the request itself. */
  public boolean isTransient() {
    return status == 0 || status >= 500 || status == 429 || status == 408;
  }
}
