package org.nnspec.lsp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * A file run pays nothing for the language server (docs/language.md section 16): LSP4J and
 * gson are used only inside org.nnspec.lsp, and only the command line's dispatch reaches that
 * package, in the branch of {@code nnspec lsp}.
 */
@AnalyzeClasses(packages = "org.nnspec", importOptions = ImportOption.DoNotIncludeTests.class)
class LspIsolationTest {
    @ArchTest
    static final ArchRule onlyTheServerUsesLsp4j = noClasses().that().resideOutsideOfPackage("org.nnspec.lsp")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.lsp4j..", "com.google.gson..");

    @ArchTest
    static final ArchRule onlyTheDispatchReachesTheServer = classes().that().resideInAPackage("org.nnspec.lsp")
            .should().onlyHaveDependentClassesThat(JavaClass.Predicates.resideInAPackage("org.nnspec.lsp")
                    .or(HasName.Predicates.name("org.nnspec.cli.Commands")));
}
