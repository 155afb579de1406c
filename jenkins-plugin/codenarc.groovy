// CodeNarc rules for the library's Groovy (vars/ and src/), run by CodeNarcTest in `mvn verify`.
// Priority 1 and 2 violations fail the build; priority 3 ones are listed in target/codenarc.txt.
ruleset {
    ruleset('rulesets/basic.xml')
    ruleset('rulesets/braces.xml')
    ruleset('rulesets/concurrency.xml')
    ruleset('rulesets/convention.xml') {
        // Pipeline code is dynamically typed by nature: `def` and untyped step results are idiomatic.
        exclude 'NoDef'
        exclude 'MethodReturnTypeRequired'
        exclude 'VariableTypeRequired'
        exclude 'MethodParameterTypeRequired'
        exclude 'FieldTypeRequired'
        // Map literals of step arguments read better unsorted; `if` chains are clearer than ternaries here.
        exclude 'CompileStatic'
        exclude 'IfStatementCouldBeTernary'
        exclude 'TrailingComma'
        exclude 'ImplicitClosureParameter'
        exclude 'ImplicitReturnStatement'
        exclude 'StaticMethodsBeforeInstanceMethods'
        exclude 'PublicMethodsBeforeNonPublicMethods'
        exclude 'NoJavaUtilDate'
    }
    ruleset('rulesets/design.xml') {
        // Steps are called with named arguments (Maps), so public Map methods are the API.
        exclude 'Instanceof'
        exclude 'ReturnsNullInsteadOfEmptyCollection'
        exclude 'NestedForLoop'
        exclude 'ImplementationAsType'
    }
    ruleset('rulesets/dry.xml') {
        exclude 'DuplicateStringLiteral'
        exclude 'DuplicateNumberLiteral'
        exclude 'DuplicateListLiteral'
        exclude 'DuplicateMapLiteral'
    }
    ruleset('rulesets/exceptions.xml') {
        // readJson turns any read failure into an ERROR verdict (InterruptedException is rethrown first).
        exclude 'CatchException'
    }
    ruleset('rulesets/formatting.xml') {
        LineLength {
            length = 120
        }
        exclude 'SpaceAroundMapEntryColon'
        exclude 'ClassJavadoc'
        exclude 'ClassStartsWithBlankLine'
        exclude 'ClassEndsWithBlankLine'
        exclude 'BlankLineBeforePackage'
    }
    ruleset('rulesets/groovyism.xml')
    ruleset('rulesets/imports.xml') {
        exclude 'NoWildcardImports'
        exclude 'MisorderedStaticImports'
    }
    ruleset('rulesets/logging.xml')
    ruleset('rulesets/naming.xml') {
        // Library classes name their steps' variables after them; vars/ file names are the step names.
        exclude 'FactoryMethodName'
    }
    ruleset('rulesets/security.xml') {
        exclude 'JavaIoPackageAccess'
    }
    ruleset('rulesets/serialization.xml')
    ruleset('rulesets/size.xml') {
        // Needs Cobertura coverage data.
        exclude 'CrapMetric'
        MethodSize {
            maxLines = 80
        }
    }
    ruleset('rulesets/unnecessary.xml') {
        exclude 'UnnecessaryReturnKeyword'
        exclude 'UnnecessaryGetter'
        exclude 'UnnecessaryGString'
    }
    ruleset('rulesets/unused.xml')
}
