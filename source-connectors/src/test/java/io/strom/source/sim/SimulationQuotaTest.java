package io.strom.source.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulationQuotaTest {

  @Test
  void maxRecordsIsSpreadOverTheEntitiesExactly() {
    long total = IntStream.range(0, 7).mapToLong(i -> Simulation.quota(i, 7, 100)).sum();
    assertThat(total).isEqualTo(100);
    assertThat(Simulation.quota(0, 7, 100)).isEqualTo(15);
    assertThat(Simulation.quota(6, 7, 100)).isEqualTo(14);
    assertThat(Simulation.quota(3, 7, 0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void tasksShareTheEntitiesRoundRobin() {
    List<String> entities = List.of("a", "b", "c", "d", "e");
    assertThat(Simulation.share(entities, 0, 2)).containsExactly("a", "c", "e");
    assertThat(Simulation.share(entities, 1, 2)).containsExactly("b", "d");
  }
}
