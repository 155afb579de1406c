package dev.aigate.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonException
import groovy.json.JsonSlurperClassic

/**
 * The check actions the CLI offers, as {@code aigate actions --format json} lists them: the library ships that
 * output as {@code resources/dev/aigate/jenkins/actions.json} (a test keeps it equal to the CLI's), so
 * {@code aigateRun} knows, before it runs anything, whether an action judges and which options it takes.
 *
 * <p>It also turns a step's {@code options} map (the core's camelCase option names) into command-line arguments:
 * {@code minElements: 3} is {@code --min-elements=3}, a key {@code keyEnv: 'AIGATE_KEY_FILE'} is
 * {@code --key-env=AIGATE_KEY_FILE}, a list is the option repeated, {@code true} for a flag is the bare flag, and
 * the operands ({@code paths}) come last, after {@code --}.
 */
class ActionCatalogue implements Serializable {
    private static final long serialVersionUID = 1L

    static final String RESOURCE = 'dev/aigate/jenkins/actions.json'
    static final int CATALOGUE_VERSION = 1
    /** The action every check has: its gate run alone. */
    static final String VERIFY = 'verify'
    static final List<String> KINDS = ['FLAG', 'TEXT', 'NUMBER', 'INTEGER', 'PATH', 'PATHS', 'LIST', 'KEY']

    /** The {@code verify} entry, for the per-check steps that do not read the catalogue. */
    @NonCPS
    static Map verifyEntry(String checkId) {
        return [check: checkId, name: VERIFY, judges: true, policy: 'REQUIRED', options: []]
    }

    /**
     * Reads the catalogue's JSON into plain maps and lists.
     *
     * @throws IllegalArgumentException when it is not a catalogue this library reads
     */
    @NonCPS
    static Map parse(String text) {
        Object parsed
        try {
            parsed = GateReport.plain(new JsonSlurperClassic().parseText(text ?: ''))
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the library resource ${RESOURCE} is not JSON: ${e.message}")
        }
        boolean catalogue = parsed instanceof Map && parsed.catalogueVersion == CATALOGUE_VERSION &&
                parsed.checks instanceof List
        if (!catalogue) {
            throw new IllegalArgumentException("the library resource ${RESOURCE} is not an action catalogue of "
                    + "version ${CATALOGUE_VERSION}")
        }
        return (Map) parsed
    }

    /** Every {@code [check, action]} pair, verify first within each check, in the catalogue's order. */
    @NonCPS
    static List<List<String>> commands(Map catalogue) {
        List<List<String>> out = []
        catalogue.checks.each { Map check ->
            check.actions.each { Map action -> out << [check.id as String, action.name as String] }
        }
        return out
    }

    /**
     * The entry of {@code check action}, with the check id added.
     *
     * @throws IllegalArgumentException for a check or action the catalogue does not have, naming those it has
     */
    @NonCPS
    static Map find(Map catalogue, String checkId, String actionName) {
        Map check = (Map) catalogue.checks.find { it.id == checkId }
        if (check == null) {
            throw new IllegalArgumentException("no check named '${checkId}' (known: "
                    + "${catalogue.checks*.id.join(', ')})")
        }
        Map action = (Map) check.actions.find { it.name == actionName }
        if (action == null) {
            throw new IllegalArgumentException("check '${checkId}' has no action '${actionName}' (its actions: "
                    + "${check.actions*.name.join(', ')})")
        }
        Map entry = new LinkedHashMap(action)
        entry.check = checkId
        return entry
    }

    /** The names an option is given by in {@code options}: a key {@code key} as {@code keyFile} or {@code keyEnv}. */
    @NonCPS
    static List<String> givenNames(Map option) {
        String name = option.name
        return option.kind == 'KEY' ? ["${name}File".toString(), "${name}Env".toString()] : [name]
    }

    /** {@code minElements} as {@code min-elements}, the command line's spelling. */
    @NonCPS
    static String kebab(String camel) {
        return camel.replaceAll(/([A-Z])/) { all, upper -> '-' + upper.toLowerCase(Locale.ROOT) }
    }

    /**
     * The command-line arguments of an action's options.
     *
     * @param action the catalogue entry
     * @param options the step's {@code options} map (null for none)
     * @return {@code [arguments: [...], operands: [...]]}
     * @throws IllegalArgumentException for an unknown option, a value of the wrong shape, or a required option
     *     missing, naming the action and its options
     */
    @NonCPS
    static Map arguments(Map action, Object options) {
        String command = "${action.check} ${action.name}"
        Map given = optionsMap(options)
        List<Map> declared = (List<Map>) action.options
        Map<String, Map> byName = [:]
        declared.each { Map o -> givenNames(o).each { byName[it] = o } }
        List<String> unknown = given.keySet().collect { it as String }.findAll { !byName.containsKey(it) }
        if (unknown) {
            throw new IllegalArgumentException("options: ${command} has no option ${unknown.join(', ')}; "
                    + (byName ? "its options: ${byName.keySet().join(', ')}" : 'it takes none'))
        }
        List<String> args = []
        List<String> operands = []
        given.each { key, value ->
            if (value != null) {
                Map option = byName[key as String]
                if (option.kind == 'PATHS') {
                    operands.addAll(values(command, key as String, value))
                } else {
                    args.addAll(optionArguments(command, key as String, (String) option.kind, value))
                }
            }
        }
        checkGiven(command, declared, given)
        return [arguments: args, operands: operands]
    }

    @NonCPS
    private static Map optionsMap(Object options) {
        if (options == null) {
            return [:]
        }
        if (!(options instanceof Map)) {
            throw new IllegalArgumentException("options must be a map such as [keyEnv: 'AIGATE_KEY_FILE']")
        }
        return (Map) options
    }

    /** Required options given, and a key given one way only. */
    @NonCPS
    private static void checkGiven(String command, List<Map> declared, Map given) {
        List<String> missing = []
        declared.each { Map option ->
            List<String> names = givenNames(option).findAll { given[it] != null }
            if (names.size() > 1) {
                throw new IllegalArgumentException("options: give ${names.join(' or ')} for ${command}, not both")
            }
            if (option.required == true && names.isEmpty()) {
                missing << givenNames(option).join(' or ')
            }
        }
        if (missing) {
            throw new IllegalArgumentException("options: ${command} needs ${missing.join(', ')}")
        }
    }

    @NonCPS
    private static List<String> optionArguments(String command, String name, String kind, Object value) {
        String flag = '--' + kebab(name)
        if (kind == 'FLAG') {
            return flagValue(command, name, value) ? [flag] : []
        }
        if (kind == 'LIST') {
            return values(command, name, value).collect { "${flag}=${it}".toString() }
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("options: ${name} of ${command} is of a kind (${kind}) this library "
                    + 'does not know; pass it in extraArgs')
        }
        return ["${flag}=${scalar(command, name, value)}".toString()]
    }

    @NonCPS
    private static boolean flagValue(String command, String name, Object value) {
        String s = value.toString().trim().toLowerCase(Locale.ROOT)
        if (value instanceof Boolean || s == 'true' || s == 'false') {
            return s == 'true'
        }
        throw new IllegalArgumentException("options: ${name} of ${command} is a flag: true or false, not '${value}'")
    }

    /** One value: a string, a number or a boolean, printable and not empty. */
    @NonCPS
    private static String scalar(String command, String name, Object value) {
        if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
            throw new IllegalArgumentException("options: ${name} of ${command} takes one value, not "
                    + value.getClass().simpleName)
        }
        String s = value instanceof BigDecimal ? ((BigDecimal) value).toPlainString() : value.toString()
        if (s.trim().isEmpty()) {
            throw new IllegalArgumentException("options: ${name} of ${command} must not be empty")
        }
        if (s.contains('\n') || s.contains('\r') || s.contains('\u0000')) {
            throw new IllegalArgumentException("options: ${name} must not contain line breaks or NUL characters")
        }
        return s
    }

    /** A list given as a list, or one value (which the CLI may split on commas, as it does its own options). */
    @NonCPS
    private static List<String> values(String command, String name, Object value) {
        List items = value instanceof Collection || value.getClass().isArray() ? (value as List) : [value]
        if (items.isEmpty()) {
            throw new IllegalArgumentException("options: ${name} of ${command} must not be an empty list")
        }
        return items.collect { it == null ? scalar(command, name, '') : scalar(command, name, it) }
    }
}
