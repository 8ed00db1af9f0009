package dev.rewardsmith.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md ("Layers"), checked on the compiled production classes: the core is plain
 * Java, only store touches the database, resources go through the application layer, and no two packages depend
 * on each other.
 */
class ArchitectureTest {

    private static final String[] CORE = {
        "dev.rewardsmith.task..",
        "dev.rewardsmith.reward..",
        "dev.rewardsmith.rl..",
        "dev.rewardsmith.search..",
        "dev.rewardsmith.propose..",
        "dev.rewardsmith.feedback.."
    };

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.rewardsmith");
    }

    @Test
    void theCoreImportsNoFramework() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..", "jakarta..", "io.vertx..", "io.smallrye..", "org.hibernate..", "java.sql..")
                .because("the core is plain Java, tested with plain JUnit; frameworks live at the edges")
                .check(production);
    }

    @Test
    void onlyStoreTouchesTheDatabase() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.rewardsmith.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..",
                        "io.vertx.pgclient..",
                        "io.vertx.mutiny.pgclient..",
                        "org.hibernate.reactive..",
                        "org.hibernate.engine..",
                        "io.quarkus.hibernate.orm..",
                        "io.quarkus.hibernate.reactive..",
                        "jakarta.persistence..",
                        "java.sql..",
                        "io.zonky..")
                .because("store owns every table through one stack (the reactive SQL client)")
                .check(production);
    }

    @Test
    void resourcesGoThroughTheApplicationLayer() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.rewardsmith.api..", "dev.rewardsmith.live..", "dev.rewardsmith.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.rewardsmith.store..")
                .because("resources map HTTP to the commands and views of package app, which call store")
                .check(production);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.rewardsmith.(*)..").should().beFreeOfCycles().check(production);
    }
}
