package dev.aigate.datasets.s3;

import java.util.regex.Pattern;

/**
 * A dataset location {@code s3://bucket} or {@code s3://bucket/prefix}. The bucket follows S3's naming rules; the
 * prefix names a "folder" of keys and must not contain empty, '.' or '..' segments, so that a key below it maps to one
 * relative dataset path.
 */
record S3Location(String uri, String bucket, String prefix) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_PREFIX = 1024;

    /** The key prefix to list: {@code prefix/}, or empty for the whole bucket. */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    static S3Location parse(String uri) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3:// location");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + uri + "': bucket '" + bucket + "' is not a valid S3 bucket name"
                    + " (3-63 lowercase letters, digits, '.' and '-')");
        }
        if (prefix.length() > MAX_PREFIX || prefix.chars().anyMatch(Character::isISOControl)
                || prefix.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("'" + uri + "': the prefix is too long or has control characters or"
                    + " backslashes");
        }
        if (!prefix.isEmpty()) {
            for (String segment : prefix.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("'" + uri + "': the prefix has an empty, '.' or '..'"
                            + " segment");
                }
            }
        }
        return new S3Location(uri, bucket, prefix);
    }
}
