package org.nnspec;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure (README, "Layout"): every package, sub-packages on their own, depends
 * on the others in one direction only, so each can be read without the ones above it.
 */
@AnalyzeClasses(packages = "org.nnspec", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.nnspec.(**)").should().beFreeOfCycles();
}
