package dev.grove.patina.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the package boundaries of docs/architecture.md: a pure core, adapters at the edge. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.grove.patina");
    }

    @Test
    void onlyTheUiUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .check(classes);
    }

    @Test
    void onlyTheS3StoreUsesTheAwsSdk() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.store.s3..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..")
                .check(classes);
    }

    @Test
    void onlyTheScheduleUsesQuartz() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.schedule..")
                .should().dependOnClassesThat().resideInAnyPackage("org.quartz..")
                .check(classes);
    }

    @Test
    void onlyTheTrayUsesAwt() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.ui.tray..")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..")
                .check(classes);
    }

    @Test
    void theCoreKnowsNoAdapters() {
        noClasses().that().resideInAnyPackage("dev.grove.patina.dump..", "dev.grove.patina.backup..",
                        "dev.grove.patina.catalog..", "dev.grove.patina.source..", "dev.grove.patina.store..",
                        "dev.grove.patina.util..", "dev.grove.patina.compress..", "dev.grove.patina.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.grove.patina.cli..", "dev.grove.patina.ui..",
                        "dev.grove.patina.api..", "dev.grove.patina.schedule..", "picocli..")
                .check(classes);
    }

    @Test
    void theDumpEngineDependsOnNoOtherPatinaLayer() {
        noClasses().that().resideInAPackage("dev.grove.patina.dump..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.grove.patina.backup..",
                        "dev.grove.patina.source..", "dev.grove.patina.store..", "dev.grove.patina.catalog..",
                        "dev.grove.patina.app..")
                .check(classes);
    }

    @Test
    void filesAreRenamedIntoPlaceOnlyThroughAtomicFiles() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.util..")
                .should().callMethod(java.nio.file.Files.class, "move", java.nio.file.Path.class,
                        java.nio.file.Path.class, java.nio.file.CopyOption[].class)
                .because("every file written whole ends in util.AtomicFiles (or FileTargets, built on it): temp "
                        + "file, fsync, atomic rename, fsync of the folder (issue 13)")
                .check(classes);
    }

    @Test
    void noStaticThreadPools() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields().that().areStatic()
                .should().haveRawType(java.util.concurrent.ExecutorService.class)
                .check(classes);
    }
}
