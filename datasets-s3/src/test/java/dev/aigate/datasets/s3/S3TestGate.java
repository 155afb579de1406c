package dev.aigate.datasets.s3;

import dev.aigate.checks.datasets.DatasetLocking;
import dev.aigate.checks.datasets.DatasetsCheck;
import dev.aigate.core.CheckResult;
import dev.aigate.core.Finding;
import dev.aigate.core.Gate;
import dev.aigate.core.GateRequest;
import dev.aigate.core.GateResult;
import dev.aigate.core.policy.Policy;
import dev.aigate.core.policy.PolicyLoader;
import dev.aigate.core.spi.CheckRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The gate against an S3-compatible server in a test: the store's settings given the standard way (the AWS SDK's Java
 * system properties, the same settings as AWS_ENDPOINT_URL_S3, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY),
 * restored afterwards; never the developer's own ~/.aws files. The policy names only the location.
 */
final class S3TestGate implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final List<String> SETTINGS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region",
            "aws.endpointUrlS3", "aws.configFile", "aws.sharedCredentialsFile");

    final Path dir;
    final String bucket;
    final S3Client s3;
    private final Map<String, String> saved = new HashMap<>();

    S3TestGate(Path dir, URI endpoint, String accessKey, String secretKey, String bucket) {
        this.dir = dir;
        this.bucket = bucket;
        for (String name : SETTINGS) {
            saved.put(name, System.getProperty(name));
        }
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlS3", endpoint.toString());
        System.setProperty("aws.configFile", dir.resolve("no-aws-config").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-aws-credentials").toString());
        s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket(bucket));
    }

    void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /** The policy: one dataset {@code corpus} at s3://bucket/corpus, with extra lines of its entry. */
    void policy(String extra) throws IOException {
        Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n    - name: corpus\n"
                + "      path: s3://" + bucket + "/corpus\n" + extra);
    }

    DatasetLocking.Summary lock() {
        Policy policy = new PolicyLoader(CheckRegistry.load()).load(dir.resolve("aigate.yml"));
        return DatasetLocking.lock(policy.configFor(new DatasetsCheck()), policy.projectRoot(), 2, null);
    }

    GateResult verify() {
        GateRequest request = new GateRequest(dir.resolve("aigate.yml"), Set.of(), Set.of(), null, 2, Map.of(),
                null);
        return new Gate(CheckRegistry.load(), CLOCK, null).run(request);
    }

    String lockText() throws IOException {
        return Files.readString(dir.resolve("aigate-datasets.lock.json"));
    }

    static CheckResult datasets(GateResult result) {
        return result.checks().stream().filter(c -> c.checkId().equals(DatasetsCheck.ID)).findFirst().orElseThrow();
    }

    static List<String> subjects(GateResult result, String ruleId) {
        return datasets(result).findings().stream().filter(f -> f.ruleId().equals(ruleId)).map(Finding::subject)
                .sorted().toList();
    }

    static Finding finding(GateResult result, String ruleId) {
        return datasets(result).findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + ruleId + " in " + datasets(result).findings()));
    }

    @Override
    public void close() {
        s3.close();
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
