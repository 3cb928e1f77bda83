package io.omsbridge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages depend one way: a small model package the others use, no circles, and the hwcloud-oms component and
 * the simulator standing on their own (an integration team takes the component without the rest of the bridge).
 */
@AnalyzeClasses(packages = "io.omsbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageStructureTest {

    @ArchTest
    static final ArchRule packagesImportEachOtherInNoCircle =
            slices().matching("io.omsbridge.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theModelDependsOnNoOtherPackageOfTheBridge = noClasses()
            .that()
            .resideInAPackage("io.omsbridge.model..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("io.omsbridge.model..", "io.omsbridge.text..", "java..", "com.fasterxml.jackson..")
            .because("claims, problems, states and events are what every other package shares");

    @ArchTest
    static final ArchRule theTextHelpersDependOnNothingButTheJdk = noClasses()
            .that()
            .resideInAPackage("io.omsbridge.text..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("io.omsbridge.text..", "java..")
            .because("cutting text and matching names are below even the model");

    @ArchTest
    static final ArchRule theComponentUsesNothingOfTheBridge = noClasses()
            .that()
            .resideInAPackage("io.omsbridge.hwcloud..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(
                    "io.omsbridge.hwcloud..",
                    "java..",
                    "javax..",
                    "jakarta..",
                    "org.apache.camel..",
                    "com.fasterxml.jackson..",
                    "com.github.benmanes.caffeine..",
                    "org.slf4j..",
                    "org.apache.hc..");

    @ArchTest
    static final ArchRule theSimulatorUsesOnlyTheSignerOfTheBridge = noClasses()
            .that()
            .resideInAPackage("io.omsbridge.simulator..")
            .should()
            .dependOnClassesThat(resideInAPackage("io.omsbridge..")
                    .and(not(resideInAnyPackage("io.omsbridge.simulator..", "io.omsbridge.hwcloud.."))))
            .because("the simulator stands in for OMS; it may share only the component's signer with the bridge");
}
