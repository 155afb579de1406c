package dev.aigate.checks.watermark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.aigate.checks.signature.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key variables may hold the key, or (as Jenkins' file credentials bind them) the path of the key's file. */
class KeyFilePathsTest {
    @TempDir
    Path dir;

    @Test
    void aVariableNamingAKeyFileReadsThatFile() throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        Path key = dir.resolve("signing.key");
        Ed25519Keys.write(pair, key, dir.resolve("signing.pub"), false);
        Map<String, String> env = Map.of("AIGATE_KEY_FILE", key.toAbsolutePath().toString());
        assertEquals(Ed25519Keys.fingerprint(pair.getPublic()),
                Ed25519Keys.fingerprint(Ed25519Keys.publicOf(Ed25519Keys.readPrivateFromEnv("AIGATE_KEY_FILE", env))));
    }

    @Test
    void onlyAbsolutePathsOfExistingFilesCount() throws IOException {
        Path file = Files.writeString(dir.resolve("k"), "x");
        assertEquals(file, KeyFilePaths.fileNamedBy(file.toString()));
        assertNull(KeyFilePaths.fileNamedBy("relative/k"));
        assertNull(KeyFilePaths.fileNamedBy(dir.resolve("missing").toString()));
        assertNull(KeyFilePaths.fileNamedBy(dir.toString()));
        assertNull(KeyFilePaths.fileNamedBy("-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"));
    }
}
