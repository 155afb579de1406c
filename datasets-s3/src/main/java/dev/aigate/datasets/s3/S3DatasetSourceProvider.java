package dev.aigate.datasets.s3;

import dev.aigate.checks.datasets.source.DatasetSource;
import dev.aigate.checks.datasets.source.DatasetSourceProvider;
import dev.aigate.core.GateException;

/** {@code s3://bucket/prefix} datasets of any S3-compatible store, found through the dataset-source SPI. */
public final class S3DatasetSourceProvider implements DatasetSourceProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public DatasetSource open(String location) {
        S3Location parsed;
        try {
            parsed = S3Location.parse(location);
        } catch (IllegalArgumentException e) {
            throw new GateException("dataset path " + e.getMessage());
        }
        try {
            return new S3DatasetSource(parsed, S3Clients.fromEnvironment(), true);
        } catch (RuntimeException e) {
            throw new GateException(location + ": cannot configure the S3 client from the environment: "
                    + e.getMessage(), e);
        }
    }
}
