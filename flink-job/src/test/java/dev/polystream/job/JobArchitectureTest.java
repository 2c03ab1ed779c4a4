package dev.polystream.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The job's architecture, checked on its bytecode: no package cycles (the root package included),
 * nothing from the Telegram gateway, the launcher or the embedded infrastructure, and no test fake
 * in main code.
 */
class JobArchitectureTest {

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("dev.polystream.job");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.polystream.(**)").should().beFreeOfCycles();

    static final ArchRule ONLY_DOWNSTREAM_MODULES =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.polystream.gateway..",
                            "dev.polystream.launcher..",
                            "dev.polystream.embedded..",
                            "dev.polystream.ws.testing..")
                    .because(
                            "the job runs on a Flink cluster beside, not inside, the gateway and"
                                    + " the local stack");

    static final ArchRule NO_FAKES_IN_MAIN =
            noClasses()
                    .should()
                    .haveSimpleNameStartingWith("Fake")
                    .because("test fakes stay in test code");

    @Test
    void shouldHaveFoundTheMainClasses() {
        assertThat(MAIN.contain("dev.polystream.job.PolystreamJob")).isTrue();
        assertThat(MAIN.contain("dev.polystream.job.sink.PriceTableSink")).isTrue();
    }

    @Test
    void shouldHaveNoPackageCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void shouldDependOnNoModuleThatRunsBesideIt() {
        ONLY_DOWNSTREAM_MODULES.check(MAIN);
    }

    @Test
    void shouldKeepTestFakesOutOfMainCode() {
        NO_FAKES_IN_MAIN.check(MAIN);
    }

    /** The rules can fail: each catches classes built to break it. */
    @Test
    void shouldCatchWhatTheyForbid() {
        ClassFileImporter importer = new ClassFileImporter();
        assertThat(
                        NO_PACKAGE_CYCLES
                                .evaluate(
                                        importer.importClasses(
                                                JobArchitectureTest.class,
                                                dev.polystream.job.bar.CycleCanary.class,
                                                PolystreamJob.class))
                                .hasViolation())
                .as("a root class and a subpackage that use each other")
                .isTrue();
        assertThat(
                        NO_FAKES_IN_MAIN
                                .evaluate(importer.importClasses(FakeInMain.class))
                                .hasViolation())
                .isTrue();
    }

    /** A fake where main code would be. */
    static final class FakeInMain {}

    /** The root half of the planted cycle: uses {@code bar}, which uses the root back. */
    static Class<?> plantedCycle() {
        return dev.polystream.job.bar.CycleCanary.class;
    }
}
