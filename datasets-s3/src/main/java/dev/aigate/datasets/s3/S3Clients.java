package dev.aigate.datasets.s3;

import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client from the environment the AWS tools use, never from the policy: credentials from the default
 * chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE and the shared config and
 * credentials files, web identity, container and instance roles), the region from AWS_REGION or the profile (us-east-1
 * when none is set, which S3-compatible stores accept), and the endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL
 * (or the profile's endpoint_url). An endpoint set in the environment means an S3-compatible store: path-style
 * requests are used, since such stores rarely resolve bucket host names.
 */
final class S3Clients {
    private S3Clients() {
    }

    static S3Client fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static S3Client fromEnvironment(Function<String, String> environment) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                // Checksums only where S3 requires them: many S3-compatible stores reject the newer defaults.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(region());
        String endpoint = endpoint(environment);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    /** The endpoint named by the environment (service-specific first), or by the same Java system properties. */
    static String endpoint(Function<String, String> environment) {
        for (String[] names : new String[][] {{"AWS_ENDPOINT_URL_S3", "aws.endpointUrlS3"},
                {"AWS_ENDPOINT_URL", "aws.endpointUrl"}}) {
            String value = System.getProperty(names[1], environment.apply(names[0]));
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }
}
