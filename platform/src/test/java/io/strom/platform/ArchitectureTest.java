package io.strom.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of the {@code ./strom} command: the demo wires the monitor and the processes, never the reverse. */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.strom.platform");
  }

  @Test
  void the_processes_know_neither_the_demo_nor_its_monitor() {
    noClasses().that().resideInAPackage("io.strom.platform.process..")
        .should().dependOnClassesThat().resideInAnyPackage("io.strom.platform.demo..", "io.strom.platform.monitor..")
        .because("the servers are launched and reached the same way by the demo, its monitor and the fault tests")
        .check(classes);
  }

  @Test
  void the_monitor_does_not_know_the_demo() {
    noClasses().that().resideInAPackage("io.strom.platform.monitor..")
        .should().dependOnClassesThat().resideInAPackage("io.strom.platform.demo..")
        .because("the monitor is given the servers and the rule tables it watches")
        .check(classes);
  }

  @Test
  void no_package_cycles() {
    slices().matching("io.strom.platform.(*)..").should().beFreeOfCycles().check(classes);
  }
}
