package dev.aigate.core.policy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.aigate.core.PolicyException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Binds a node of a {@link YamlDocument} to a typed configuration record, strictly: unknown keys, wrong types and
 * missing required fields become {@link PolicyException}s that name the file, the line and the key.
 */
public final class ConfigBinder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private ConfigBinder() {
    }

    public static <T> T bind(YamlDocument document, JsonPointer at, Class<T> type) {
        JsonNode node = document.root().at(at);
        if (node.isMissingNode() || node.isNull()) {
            // Jackson would bind an empty value to null, which the caller would then trip over.
            String key = keyName(at);
            throw new PolicyException(document.where(at) + ": '" + key + "' is empty"
                    + expectation(type));
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw translate(document, at, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PolicyException(document.where(at) + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(document.where(at) + ": " + e.getMessage(), e);
        }
    }

    private static PolicyException translate(YamlDocument document, JsonPointer base, JsonMappingException e) {
        JsonPointer at = pointerOf(base, e.getPath());
        String key = keyName(at);
        String where = document.where(at);
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            problem = "unknown key '" + unknown.getPropertyName() + "'" + known(unknown.getKnownPropertyIds());
        } else if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            problem = (key.isEmpty() ? "" : "'" + key + "': ") + cause.getMessage();
        } else if (e instanceof InvalidFormatException invalid) {
            problem = "'" + key + "' has an invalid value '" + invalid.getValue() + "'"
                    + expectation(invalid.getTargetType());
        } else if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Missing required creator property")) {
            String missing = e.getOriginalMessage().replaceAll("^Missing required creator property '([^']*)'.*$", "$1");
            if (key.equals(missing) || key.endsWith("." + missing)) {
                // The path ends with the missing key itself: name the mapping that lacks it.
                key = key.substring(0, Math.max(0, key.length() - missing.length() - 1));
            }
            problem = "missing required key '" + missing + "'" + (key.isEmpty() ? "" : " in '" + key + "'");
        } else if (e instanceof MismatchedInputException mismatched) {
            problem = "'" + key + "' has the wrong type" + expectation(mismatched.getTargetType());
        } else {
            problem = e.getOriginalMessage();
        }
        return new PolicyException(where + ": " + problem, e);
    }

    private static JsonPointer pointerOf(JsonPointer base, List<JsonMappingException.Reference> path) {
        JsonPointer pointer = base;
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                pointer = pointer.appendProperty(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                pointer = pointer.appendIndex(reference.getIndex());
            }
        }
        return pointer;
    }

    static String keyName(JsonPointer pointer) {
        String text = pointer.toString();
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String segment : text.substring(1).split("/")) {
            String unescaped = segment.replace("~1", "/").replace("~0", "~");
            if (unescaped.chars().allMatch(Character::isDigit)) {
                key.append('[').append(unescaped).append(']');
            } else {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(unescaped);
            }
        }
        return key.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return " (known keys: " + String.join(", ", names) + ")";
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type.isEnum()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return " (expected one of " + String.join(", ", names) + ")";
        }
        if (type == java.time.LocalDate.class) {
            return " (expected a date such as 2026-12-31)";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return " (expected a list)";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return " (expected a whole number)";
        }
        if (type == Double.class || type == double.class) {
            return " (expected a number)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return " (expected true or false)";
        }
        if (type == String.class) {
            return " (expected text)";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return " (expected a mapping of keys to values)";
        }
        return "";
    }
}
