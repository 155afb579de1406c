package dev.aigate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code aigate datasets lock} and {@code verify} on an s3:// dataset, against S3Proxy started for the test: the CLI
 * finds the S3 store through the dataset-source SPI, and the store's settings come from the AWS SDK's standard
 * settings (here its Java system properties), not from the policy.
 */
class CliS3DatasetsTest {
    static final List<String> SETTINGS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region",
            "aws.endpointUrlS3", "aws.configFile", "aws.sharedCredentialsFile");

    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, "cli-test-access", "cli-test-secret").build();

    @TempDir
    Path dir;
    S3Client s3;
    final Map<String, String> saved = new HashMap<>();
    String out;

    @BeforeEach
    void store() {
        SETTINGS.forEach(name -> saved.put(name, System.getProperty(name)));
        System.setProperty("aws.accessKeyId", s3proxy.getAccessKey());
        System.setProperty("aws.secretAccessKey", s3proxy.getSecretKey());
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlS3", s3proxy.getUri().toString());
        System.setProperty("aws.configFile", dir.resolve("none").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("none").toString());
        s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        s3proxy.getAccessKey(), s3proxy.getSecretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .region(Region.US_EAST_1).endpointOverride(s3proxy.getUri()).forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket("cli-data"));
        put("set/a.csv", "x,label\n1,0\n");
        put("set/b.csv", "x,label\n2,1\n");
    }

    @AfterEach
    void restore() {
        s3.close();
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private void put(String key, String content) {
        s3.putObject(b -> b.bucket("cli-data").key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = AigateCommand.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o + e.toString();
        return code;
    }

    @Test
    void locksAndVerifiesAnS3Dataset() throws IOException {
        Path policy = Files.writeString(dir.resolve("aigate.yml"), "version: 1\ndatasets:\n  sets:\n"
                + "    - name: objects\n      path: s3://cli-data/set\n");
        assertEquals(0, run("datasets", "lock", "--policy", policy.toString(), "--no-progress"), out);
        assertTrue(out.contains("locked dataset 'objects': 2 file(s)"), out);
        assertEquals(0, run("datasets", "verify", "--policy", policy.toString(), "--report-dir",
                dir.resolve("r1").toString()), out);
        put("set/b.csv", "x,label\n2,0\n");
        assertEquals(1, run("datasets", "verify", "--policy", policy.toString(), "--report-dir",
                dir.resolve("r2").toString()), out);
        assertTrue(out.contains("s3://cli-data/set/b.csv"), out);
    }
}
