package net.sf.json

/** Stands in for json-lib's JSON null, which readJSON (Pipeline Utility Steps) returns for a JSON null. */
final class JSONNull {
    static final JSONNull instance = new JSONNull()

    private JSONNull() {
    }

    @Override
    boolean equals(Object other) {
        return other == null || other.is(this)
    }

    @Override
    int hashCode() {
        return 0
    }
}
