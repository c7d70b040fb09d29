package io.strom.platform.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro values in the schema registry's wire format, written by hand as a producer Strom did not
 * write would (the test class path has no Strom converter): register a schema over the registry's
 * REST API, encode a record, frame it with the schema id.
 */
final class AvroWire {

  private AvroWire() {}

  /** Registers {@code schema} under {@code subject}; returns its id. */
  static int register(String registryUrl, String subject, Schema schema) throws IOException, InterruptedException {
    String body = "{\"schema\": " + TextNode.valueOf(schema.toString()) + "}";
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(registryUrl + "/subjects/" + subject + "/versions"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("registering " + subject + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return new ObjectMapper().readTree(response.body()).get("id").asInt();
  }

  /** The Avro binary body of a record. */
  static byte[] encode(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The registry wire format: magic byte 0, the schema id (4 bytes), the Avro body. */
  static byte[] framed(int schemaId, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }
}
