package io.strom.bench.avro;

import io.strom.bench.Benchmark;
import io.strom.bench.Jmh;
import io.strom.bench.Report;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** {@code ./strom bench avro}: the converter's round trip against raw Apache Avro, same records, same run. */
public final class AvroBenchmark implements Benchmark {

  @Override
  public String name() {
    return "avro";
  }

  @Override
  public String description() {
    return "AvroConverter Struct->bytes->Struct vs Avro GenericDatumWriter/Reader (target RATIO >= 0.8)";
  }

  @Override
  public void run(List<String> args) throws Exception {
    Map<String, Double> scores = Jmh.run(AvroRoundTrip.class, new OptionsBuilder()
        .forks(2)
        .warmupIterations(4).warmupTime(TimeValue.seconds(1))
        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xmx1g"));
    double strom = scores.get("strom");
    double raw = scores.get("rawAvro");
    System.out.println();
    System.out.println("Avro round trip, " + AvroRoundTrip.RECORDS + " sensor readings per invocation (records/ms, "
        + "JMH mean of 2 forks x 5 iterations after warm-up; errors in the JMH table above)");
    System.out.printf(Locale.ROOT, "  %-44s %10.1f%n", "Strom AvroConverter (Struct->wire->Struct)", strom);
    System.out.printf(Locale.ROOT, "  %-44s %10.1f%n", "Apache Avro GenericDatumWriter/Reader", raw);
    Report.ratio("avro-vs-raw-avro", strom / raw);
    Report.metric("avro-converter-round-trips-per-sec", strom * 1000, "records/s");
    Report.metric("raw-avro-round-trips-per-sec", raw * 1000, "records/s");
  }
}
