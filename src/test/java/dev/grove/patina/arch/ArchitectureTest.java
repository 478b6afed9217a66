package dev.grove.patina.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    /**
     * The cluster's PostgreSQL is reached through one adapter (ADR 0017, 0020): its driver, pool and migration tool
     * only in {@code schedule.cluster}; the catalog on PostgreSQL speaks plain JDBC ({@code javax.sql.DataSource}).
     */
    @Test
    void onlyTheClusterAdapterUsesThePostgresDriverThePoolAndFlyway() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.schedule.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.zaxxer.hikari..",
                        "org.flywaydb..")
                .check(classes);
    }

    @Test
    void onlyTheApiUsesTheWebLibraries() {
        noClasses().that().resideOutsideOfPackage("dev.grove.patina.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "jakarta.servlet..", "io.micrometer..", "io.prometheus..")
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

    /** The packages of docs/architecture.md depend on each other in one direction: no cycle between them. */
    @Test
    void noCyclesBetweenPackages() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("dev.grove.patina.(**)").should().beFreeOfCycles()
                .check(classes);
    }

    /**
     * The layers as docs/architecture.md draws them: the core (engines, services, the run service) knows no
     * adapter; adapters (schedule, api, host, ui) are reached only from the edge that starts them (app, cli); only
     * the launcher reaches the CLI.
     */
    @Test
    void theLayersOfTheArchitecturePage() {
        com.tngtech.archunit.library.Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Base").definedBy("dev.grove.patina.model..", "dev.grove.patina.util..",
                        "dev.grove.patina.compress..")
                .layer("Engines").definedBy("dev.grove.patina.dump..", "dev.grove.patina.source..",
                        "dev.grove.patina.store..", "dev.grove.patina.catalog..", "dev.grove.patina.config..",
                        "dev.grove.patina.alert..", "dev.grove.patina.crypt..", "dev.grove.patina.schema..")
                .layer("Services").definedBy("dev.grove.patina.backup..", "dev.grove.patina.restore..",
                        "dev.grove.patina.run..", "dev.grove.patina.demo..")
                .layer("Adapters").definedBy("dev.grove.patina.schedule..", "dev.grove.patina.api..",
                        "dev.grove.patina.host..", "dev.grove.patina.ui..")
                .layer("Composition").definedBy("dev.grove.patina.app..")
                .layer("Cli").definedBy("dev.grove.patina.cli..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Composition").mayOnlyBeAccessedByLayers("Adapters", "Cli")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Adapters", "Composition", "Cli")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Services", "Adapters", "Composition", "Cli")
                .whereLayer("Engines").mayOnlyBeAccessedByLayers("Engines", "Services", "Adapters", "Composition",
                        "Cli")
                .check(classes);
    }

    /** View models hold screen state: they reach the engines only through services (issue 13). */
    @Test
    void viewModelsUseServicesNotEngines() {
        noClasses().that().resideInAPackage("dev.grove.patina.ui..").and().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("dev.grove.patina.dump..",
                        "dev.grove.patina.source..", "dev.grove.patina.store..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.grove.patina.app.PatinaRuntime")
                .check(classes);
    }

    @Test
    void noStaticThreadPools() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields().that().areStatic()
                .should().haveRawType(java.util.concurrent.ExecutorService.class)
                .check(classes);
    }

    /**
     * One name per idea: no two named types of the main code — top-level or nested — share a simple name (three
     * {@code Sleeper}s, two {@code AlertFormat}s, two {@code DatabaseProgress} records and two
     * {@code CountingInputStream}s once did). Anonymous and local classes have no name to share.
     */
    @Test
    void noTwoTypesShareASimpleName() {
        classes().that(areNamedTypes()).should(haveASimpleNameNoOtherTypeHas()).check(classes);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> areNamedTypes() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are named types",
                c -> !c.isAnonymousClass() && !c.isLocalClass() && !c.getSimpleName().isEmpty()
                        && !c.getSimpleName().equals("package-info"));
    }

    private static ArchCondition<JavaClass> haveASimpleNameNoOtherTypeHas() {
        return new ArchCondition<>("have a simple name no other type has") {
            private Map<String, List<String>> byName = Map.of();

            @Override
            public void init(Collection<JavaClass> all) {
                byName = all.stream().filter(c -> !c.isAnonymousClass() && !c.isLocalClass())
                        .collect(Collectors.groupingBy(JavaClass::getSimpleName,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
            }

            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> same = byName.getOrDefault(type.getSimpleName(), List.of());
                events.add(new SimpleConditionEvent(type, same.size() <= 1,
                        type.getName() + " shares its simple name with " + same.stream()
                                .filter(n -> !n.equals(type.getName())).toList()));
            }
        };
    }
}
