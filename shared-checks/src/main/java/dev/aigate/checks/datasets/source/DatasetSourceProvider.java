package dev.aigate.checks.datasets.source;

/**
 * A kind of dataset store named by a URI scheme, found with {@link java.util.ServiceLoader}: a module that reads
 * one (aigate-datasets-s3 for {@code s3://}) lists its provider in
 * {@code META-INF/services/dev.aigate.checks.datasets.source.DatasetSourceProvider}. Endpoints and credentials come
 * from the environment the store's own tools use, never from the policy.
 */
public interface DatasetSourceProvider {
    /** The URI scheme, e.g. {@code s3}. */
    String scheme();

    /** Opens {@code location} (e.g. {@code s3://bucket/prefix}); the caller closes it. */
    DatasetSource open(String location);
}
