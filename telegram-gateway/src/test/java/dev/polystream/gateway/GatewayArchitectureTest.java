package dev.polystream.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's architecture rules, checked against its production classes: no package cycles,
 * plain domain values that depend on no other gateway package, stores that know only the domain, no
 * dependency on the Flink job, and no test fake in production code.
 *
 * <p>The cycle rule covers every gateway package <i>including the root</i> ({@code Gateway}, {@code
 * GatewayMain}, the configuration, {@code Periodic}): the root package is its own slice, so a
 * subpackage that reaches back into the root while the root depends on it is a cycle too (a pattern
 * like {@code dev.polystream.gateway.(*)..} would silently leave the root out). Only the entry
 * point {@code GatewayMain} stands apart, on top of everything.
 */
class GatewayArchitectureTest {

    private static final String GATEWAY = "dev.polystream.gateway";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(GATEWAY);
    }

    /**
     * One slice per top-level gateway package; the root package is the slice "(root)", except the
     * entry point {@code GatewayMain}, which wires everything together (the bot included) and is
     * its own slice "(main)": nothing may depend on it, so it cannot close a cycle.
     */
    static final class TopLevelPackages implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (javaClass.getName().startsWith(GATEWAY + ".GatewayMain")) {
                return SliceIdentifier.of("(main)");
            }
            if (pkg.equals(GATEWAY)) {
                return SliceIdentifier.of("(root)");
            }
            if (!pkg.startsWith(GATEWAY + ".")) {
                return SliceIdentifier.ignore();
            }
            String rest = pkg.substring(GATEWAY.length() + 1);
            int dot = rest.indexOf('.');
            return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
        }

        @Override
        public String getDescription() {
            return "the gateway's top-level packages, the root package included";
        }
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().assignedFrom(new TopLevelPackages()).should().beFreeOfCycles().check(production);
    }

    @Test
    void shouldKeepTheDomainFreeOfOtherGatewayPackages() {
        classes()
                .that()
                .resideInAPackage(GATEWAY + ".domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(GATEWAY + ".domain..", "java..")
                .because("domain types are plain values and refusals")
                .check(production);
    }

    @Test
    void shouldKeepSecretsAtRestFreeOfOtherGatewayPackages() {
        classes()
                .that()
                .resideInAPackage(GATEWAY + ".credentials..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY + ".credentials..",
                        "dev.polystream.ws.auth..",
                        "dev.polystream.ws.user..",
                        "java..",
                        "javax.crypto..",
                        "org.slf4j..",
                        "com.fasterxml.jackson..")
                .because("the key, the box and the seams are the bottom layer the stores seal with")
                .check(production);
    }

    @Test
    void shouldLetStoresKnowOnlyTheDomain() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY,
                        GATEWAY + ".service..",
                        GATEWAY + ".outbox..",
                        GATEWAY + ".command..",
                        GATEWAY + ".notify..",
                        GATEWAY + ".bot..",
                        GATEWAY + ".telegram..",
                        GATEWAY + ".wallet..",
                        GATEWAY + ".catalog..",
                        GATEWAY + ".chart..",
                        GATEWAY + ".dataapi..")
                .check(production);
    }

    @Test
    void shouldKeepTheOutboxAwayFromTheServices() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + ".outbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY + ".service..",
                        GATEWAY + ".command..",
                        GATEWAY + ".notify..",
                        GATEWAY + ".bot..")
                .check(production);
    }

    @Test
    void shouldNotDependOnTheJob() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.polystream.job..")
                .check(production);
    }

    @Test
    void shouldKeepTestFakesOutOfProductionCode() {
        noClasses()
                .should()
                .haveSimpleNameStartingWith("Fake")
                .because("fakes belong in src/test")
                .check(production);
    }
}
