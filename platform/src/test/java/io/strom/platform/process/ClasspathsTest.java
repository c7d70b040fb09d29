package io.strom.platform.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClasspathsTest {

  @Test
  void kafkaProcessesGetKafkaButNoStromJarNorBuildFolder() {
    List<String> entries = List.of(Classpaths.kafkaOnly().split(File.pathSeparator));
    assertThat(entries).anyMatch(e -> e.contains("connect-runtime-"));
    assertThat(entries).anyMatch(e -> e.contains("kafka_2.13-"));
    // --log-format json: Kafka's processes log through this layout.
    assertThat(entries).anyMatch(e -> new File(e).getName().startsWith("log4j-layout-template-json-"));
    // --secure: the REST API's basic-auth extension.
    assertThat(entries).anyMatch(e -> new File(e).getName().startsWith("connect-basic-auth-extension-"));
    assertThat(entries).noneMatch(e -> new File(e).getName().startsWith("strom-"));
    assertThat(entries).noneMatch(e -> e.endsWith("classes"));
    assertThat(entries).noneMatch(e -> e.contains("postgresql-"));
    assertThat(entries).noneMatch(e -> new File(e).getName().startsWith("jmx_prometheus_javaagent-"));
  }

  @Test
  void theJmxExporterAgentIsFoundAsAJavaAgent() throws Exception {
    File agent = Classpaths.jmxExporterAgent().toFile();
    assertThat(agent.getName()).isEqualTo("jmx_prometheus_javaagent-1.0.1.jar");
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(agent)) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class")).isEqualTo("io.prometheus.jmx.JavaAgent");
    }
  }
}
