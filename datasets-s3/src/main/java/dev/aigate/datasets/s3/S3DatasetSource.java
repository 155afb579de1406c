package dev.aigate.datasets.s3;

import dev.aigate.checks.datasets.source.DatasetSource;
import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects below {@code s3://bucket/prefix} of an S3-compatible store. In a versioned bucket the listing gives each
 * object's current version id, and every read asks for that version, so a lock pins what it hashed; an object whose
 * current version is a delete marker is absent. Keys ending in '/' (folder markers) are not dataset files.
 */
final class S3DatasetSource implements DatasetSource {
    private final S3Location location;
    private final S3Client client;
    private final boolean ownsClient;

    S3DatasetSource(S3Location location, S3Client client, boolean ownsClient) {
        this.location = location;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public String location() {
        return location.uri();
    }

    @Override
    public List<StoredObject> list(int maxObjects) {
        try {
            return versioned() ? listVersions(maxObjects) : listCurrent(maxObjects);
        } catch (SdkException e) {
            throw failure("cannot list objects", e);
        }
    }

    /** Whether the bucket keeps versions (enabled or suspended); a store that cannot say is taken as unversioned. */
    private boolean versioned() {
        try {
            BucketVersioningStatus status = client.getBucketVersioning(b -> b.bucket(location.bucket())).status();
            return status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && "NoSuchBucket".equals(errorCode(e))) {
                throw failure("no such bucket", e);
            }
            return false; // NotImplemented or AccessDenied on the versioning API: read current objects only
        }
    }

    private List<StoredObject> listCurrent(int maxObjects) {
        List<StoredObject> objects = new ArrayList<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket())
                .prefix(location.keyPrefix()).build();
        for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
            add(objects, object.key(), object.size(), null, maxObjects);
        }
        return objects;
    }

    private List<StoredObject> listVersions(int maxObjects) {
        List<StoredObject> objects = new ArrayList<>();
        ListObjectVersionsRequest request = ListObjectVersionsRequest.builder().bucket(location.bucket())
                .prefix(location.keyPrefix()).build();
        // Delete markers are listed apart from versions: an object whose latest entry is a marker is gone.
        for (ObjectVersion version : client.listObjectVersionsPaginator(request).versions()) {
            if (Boolean.TRUE.equals(version.isLatest())) {
                String id = "null".equals(version.versionId()) ? null : version.versionId();
                add(objects, version.key(), version.size(), id, maxObjects);
            }
        }
        return objects;
    }

    private void add(List<StoredObject> objects, String key, Long size, String versionId, int maxObjects) {
        if (key.endsWith("/")) {
            return;
        }
        if (objects.size() >= maxObjects) {
            throw new GateException(location.uri() + ": more than " + maxObjects + " objects; split the dataset");
        }
        objects.add(new StoredObject(key.substring(location.keyPrefix().length()), size == null ? 0 : size,
                versionId));
    }

    @Override
    public String storedSha256(StoredObject object) {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(location.bucket()).key(key(object))
                    .versionId(object.versionId()).checksumMode(ChecksumMode.ENABLED));
            return wholeObjectSha256(head.checksumSHA256(), head.checksumType());
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                return null; // a store without checksums (S3Proxy answers the checksum mode so)
            }
            throw failure("cannot read the metadata of " + object.relative(), e);
        } catch (SdkException e) {
            throw failure("cannot read the metadata of " + object.relative(), e);
        }
    }

    /** Hex of a SHA-256 of the whole object, or null for none or a checksum of parts ("...-N", COMPOSITE). */
    static String wholeObjectSha256(String base64, ChecksumType type) {
        if (base64 == null || base64.isEmpty() || base64.contains("-") || type == ChecksumType.COMPOSITE) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(base64);
            return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public InputStream open(StoredObject object) throws IOException {
        try {
            return client.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(key(object))
                    .versionId(object.versionId()).build());
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private String key(StoredObject object) {
        return location.keyPrefix() + object.relative();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private GateException failure(String what, SdkException e) {
        String hint = e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)
                ? "; check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and endpoint"
                        + " (AWS_ENDPOINT_URL_S3)"
                : e.getMessage() != null && e.getMessage().contains("credentials")
                        ? "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE" : "";
        return new GateException(location.uri() + ": " + what + ": " + firstLine(e.getMessage()) + hint, e);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
