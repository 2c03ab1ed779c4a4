package dev.polystream.ws;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.polystream.ws.gamma.ArchitectureCanary;
import org.junit.jupiter.api.Test;

/**
 * The architecture of ws-source's main code, checked on its bytecode: no package cycles, a client
 * core (protocol, book, transport, REST, Gamma, resilience, auth, user and the root package) that
 * imports nothing from Flink nor from the Flink package, a Gamma client that stands alone, and no
 * test fakes in main code.
 */
class ClientCoreArchitectureTest {

    private static final String[] CORE = {
        "dev.polystream.ws",
        "dev.polystream.ws.protocol..",
        "dev.polystream.ws.book..",
        "dev.polystream.ws.transport..",
        "dev.polystream.ws.rest..",
        "dev.polystream.ws.gamma..",
        "dev.polystream.ws.resilience..",
        "dev.polystream.ws.auth..",
        "dev.polystream.ws.user.."
    };

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("dev.polystream.ws");

    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.polystream.(**)").should().beFreeOfCycles();

    static final ArchRule CORE_IS_FLINK_FREE =
            noClasses()
                    .that()
                    .resideInAnyPackage(CORE)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..", "dev.polystream.ws.flink..")
                    .because(
                            "the client core runs without Flink; reading a Flink configuration"
                                    + " belongs to package flink");

    static final ArchRule GAMMA_STANDS_ALONE =
            classes()
                    .that()
                    .resideInAPackage("dev.polystream.ws.gamma..")
                    .should()
                    .onlyDependOnClassesThat(
                            resideOutsideOfPackage("dev.polystream.ws..")
                                    .or(
                                            resideInAnyPackage(
                                                    "dev.polystream.ws.gamma..",
                                                    "dev.polystream.ws.resilience..")))
                    .because("the gateway uses the Gamma client without the market channel");

    static final ArchRule NO_FAKES_IN_MAIN =
            noClasses()
                    .should()
                    .haveSimpleNameStartingWith("Fake")
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.polystream.ws.testing..")
                    .because("test fakes stay in test code");

    @Test
    void shouldHaveFoundTheMainClasses() {
        assertThat(MAIN.contain("dev.polystream.ws.transport.MarketChannelClient")).isTrue();
        assertThat(MAIN.contain("dev.polystream.ws.testing.FakePolymarketServer")).isFalse();
    }

    @Test
    void shouldHaveNoPackageCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void shouldKeepTheClientCoreFreeOfFlink() {
        CORE_IS_FLINK_FREE.check(MAIN);
    }

    @Test
    void shouldKeepTheGammaClientStandingAlone() {
        GAMMA_STANDS_ALONE.check(MAIN);
    }

    @Test
    void shouldKeepTestFakesOutOfMainCode() {
        NO_FAKES_IN_MAIN.check(MAIN);
    }

    /** The rules can fail: each catches a class built to break it. */
    @Test
    void shouldCatchWhatTheyForbid() {
        ClassFileImporter importer = new ClassFileImporter();
        assertThat(
                        CORE_IS_FLINK_FREE
                                .evaluate(importer.importClasses(FlinkInTheCore.class))
                                .hasViolation())
                .isTrue();
        assertThat(
                        NO_FAKES_IN_MAIN
                                .evaluate(importer.importClasses(FakeInMain.class))
                                .hasViolation())
                .isTrue();
        assertThat(
                        GAMMA_STANDS_ALONE
                                .evaluate(importer.importClasses(ArchitectureCanary.class))
                                .hasViolation())
                .isTrue();
    }

    /** Lives in the core's root package and reads a Flink configuration. */
    static final class FlinkInTheCore {
        Object read() {
            return new org.apache.flink.configuration.Configuration();
        }
    }

    /** A fake where main code would be. */
    static final class FakeInMain {}
}
