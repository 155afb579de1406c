package dev.aigate.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aigate.core.GateException;
import dev.aigate.core.InputException;
import dev.aigate.core.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One way to name and read keys in every front end. */
class KeySourceTest {
    @TempDir
    Path dir;

    @Test
    void aRelativeKeyFileResolvesAgainstTheProjectDirectory() throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/k.hex"), "abc");
        KeySource.Secret secret = KeySource.file("keys/k.hex").read(dir, Map.of(), "test key");
        assertEquals("abc", secret.text());
        assertEquals(dir.resolve("keys/k.hex"), secret.file());
    }

    @Test
    void aVariableHoldsTheKeyOrNamesItsFile() throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        Path key = dir.resolve("signing.key");
        Ed25519Keys.write(pair, key, dir.resolve("signing.pub"), false);
        Map<String, String> env = Map.of("AIGATE_KEY_FILE", key.toAbsolutePath().toString(),
                "AIGATE_KEY_PEM", Files.readString(key));
        for (String variable : new String[] {"AIGATE_KEY_FILE", "AIGATE_KEY_PEM"}) {
            KeySource.Secret secret = KeySource.variable(variable).read(dir, env, "signing key");
            assertEquals(Ed25519Keys.fingerprint(pair.getPublic()),
                    Ed25519Keys.fingerprint(Ed25519Keys.publicOf(Ed25519Keys.readPrivate(secret))));
        }
    }

    @Test
    void onlyAbsolutePathsOfExistingFilesCountAsFileNames() throws IOException {
        Path file = Files.writeString(dir.resolve("k"), "x");
        assertEquals(file, KeySource.fileNamedBy(file.toString()));
        assertNull(KeySource.fileNamedBy("relative/k"));
        assertNull(KeySource.fileNamedBy(dir.resolve("missing").toString()));
        assertNull(KeySource.fileNamedBy("-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"));
    }

    @Test
    void aDirectoryWhereAKeyFileIsExpectedIsAnError() throws IOException {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        InputException e = assertThrows(InputException.class,
                () -> KeySource.variable("K").read(dir, Map.of("K", keys.toString()), "signing key"));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedInsteadOfBlockingForever() throws Exception {
        Path fifo = dir.resolve("key.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor() != 0) {
            return; // no mkfifo on this system
        }
        InputException e = assertThrows(InputException.class,
                () -> KeySource.file("key.fifo").read(dir, Map.of(), "watermark key"));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
    }

    @Test
    void messagesNameTheSourceNeverTheMaterial() {
        String material = "super-secret-material";
        KeySource.Secret secret = KeySource.variable("AIGATE_K").read(dir, Map.of("AIGATE_K", material), "key");
        GateException problem = secret.problem("malformed key");
        assertFalse(problem.getMessage().contains(material));
        assertTrue(problem.getMessage().contains("AIGATE_K"));
        secret.wipe();
        assertFalse(new String(secret.bytes(), StandardCharsets.US_ASCII).contains("secret"));
        assertEquals("environment variable AIGATE_K", KeySource.variable("AIGATE_K").toString());
        assertThrows(GateException.class, () -> KeySource.variable("UNSET_AIGATE").read(dir, Map.of(), "key"));
    }

    @Test
    void aSourceIsAFileOrAVariableNeverBothNorTheKeyItself() {
        assertThrows(PolicyException.class, () -> KeySource.of("a.key", "VAR", "test"));
        assertThrows(PolicyException.class, () -> KeySource.variable("-----BEGIN PRIVATE KEY-----"));
        assertTrue(KeySource.of(null, " ", "test").isEmpty());
        assertEquals(KeySource.file("a.key"), KeySource.of("a.key", null, "test").orElseThrow());
    }
}
