package dev.aigate.checks.datasets.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where a dataset's files live: the local file system ({@link LocalDatasetSource}) or a store found through
 * {@link DatasetSourceProvider} (S3 in the aigate-datasets-s3 module). Implementations are thread-safe: objects are
 * opened and hashed on several threads. Problems are {@link dev.aigate.core.InputException}s naming the location.
 */
public interface DatasetSource extends Closeable {
    /** The location as the policy names it, for messages and report subjects. */
    String location();

    /**
     * Every object below the location, with names relative to it ('/' separated), in any order. More than
     * {@code maxObjects} is an error, not a truncated list.
     */
    List<StoredObject> list(int maxObjects);

    /**
     * The SHA-256 the store itself keeps for the whole object (lowercase hex), or null when it keeps none (or only
     * a checksum of parts). Asked only when the lock or the policy needs it: it may cost a request per object.
     */
    String storedSha256(StoredObject object);

    /** The object's bytes; the version {@link StoredObject#versionId()} names when there is one. */
    InputStream open(StoredObject object) throws IOException;

    @Override
    default void close() {
    }

    /**
     * One object: its name relative to the location, its size, and the store's version id (null where the store does
     * not version objects).
     */
    record StoredObject(String relative, long size, String versionId) {
    }
}
