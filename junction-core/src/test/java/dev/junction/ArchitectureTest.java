package dev.junction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** DESIGN invariant 7: the engine knows no framework. */
class ArchitectureTest {

  /**
   * Only junction-core's own compiled classes: the test classpath also holds the sample ERP (also
   * under {@code dev.junction}), which is not the engine.
   */
  private static final Path CORE_CLASSES = Path.of("target", "classes");

  @Test
  void coreDependsOnNoSpringOlingoOrServletType() {
    assertThat(CORE_CLASSES.resolve("dev/junction"))
        .satisfies(p -> assertThat(Files.isDirectory(p)).isTrue());
    JavaClasses core = new ClassFileImporter().importPath(CORE_CLASSES);
    assertThat(core.containPackage("dev.junction.config")).isTrue();

    noClasses()
        .that()
        .resideInAPackage("dev.junction..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "org.apache.olingo..", "jakarta.servlet..", "javax.servlet..")
        .because("junction-core is a plain-Java engine (DESIGN invariant 7)")
        .check(core);
  }
}
