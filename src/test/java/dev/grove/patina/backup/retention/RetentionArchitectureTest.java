package dev.grove.patina.backup.retention;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.grove.patina.catalog.StoredObject;
import org.junit.jupiter.api.Test;

/** The planner stays a pure function: JDK, the catalog's object record and the model only. */
class RetentionArchitectureTest {
    @Test
    void thePlannerDependsOnNothingButTheJdkAndTheObjectRecords() {
        JavaClasses retention = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.grove.patina.backup.retention");
        classes().that().resideInAPackage("dev.grove.patina.backup.retention")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "dev.grove.patina.backup.retention",
                        "dev.grove.patina.model").or(type(StoredObject.class)))
                .check(retention);
    }
}
