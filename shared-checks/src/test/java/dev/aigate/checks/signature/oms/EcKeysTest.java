package dev.aigate.checks.signature.oms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EcKeys.Curve.class)
    void writtenKeysReadBackAndThePublicKeyIsDerived(EcKeys.Curve curve) throws Exception {
        KeyPair pair = EcKeys.generate(curve);
        EcKeys.write(pair, dir.resolve("k.key"), dir.resolve("k.pub"), false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))));
        ECPrivateKey key = EcKeys.readPrivate(Files.readString(dir.resolve("k.key")));
        assertEquals(pair.getPublic(), EcKeys.publicOf(key));
        assertEquals(pair.getPublic(), EcKeys.readPublic(Files.readString(dir.resolve("k.pub"))));
        assertEquals(curve, EcKeys.curveOf(pair.getPublic()));
    }

    @Test
    void hintIsTheSha256OfThePublicKeyPem() throws Exception {
        KeyPair pair = EcKeys.generate(EcKeys.Curve.P256);
        String pem = EcKeys.publicPem(pair.getPublic());
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----\n"));
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                pem.getBytes(StandardCharsets.US_ASCII))), EcKeys.hint(pair.getPublic()));
    }

    /** OpenSSL's 'ecparam -genkey' writes SEC1; the key and its public half are from that command. */
    @Test
    void readsOpensslSec1Keys() throws Exception {
        String sec1 = "-----BEGIN EC PRIVATE KEY-----\n"
                + "MHcCAQEEICMz+818isgMqCaZUeEMh0Kdvp9HTghJYM8XWAhbdkqpoAoGCCqGSM49\n"
                + "AwEHoUQDQgAEBPRavEuL52rEGOSQmdNt+jam3OS2GrJgLzoz63ZTsybAIxpwkp4m\n"
                + "cP2zITE39h1T5ZnMuy42CbIgO8mpa9iNmA==\n"
                + "-----END EC PRIVATE KEY-----\n";
        ECPrivateKey key = EcKeys.readPrivate(sec1);
        assertEquals("eb37bc811bd3d839f04f6467e661be38a31ff31e4341d6c9177ee79ce99ccdfa",
                EcKeys.hint(EcKeys.publicOf(key)), "the hint model_signing wrote for this key");
    }

    @Test
    void refusesOtherKeys() throws Exception {
        KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThrows(EcKeys.KeyFormatException.class, () -> EcKeys.readPrivate(
                dev.aigate.core.keys.Ed25519Keys.pem("PRIVATE KEY", rsa.getPrivate().getEncoded())));
        assertThrows(EcKeys.KeyFormatException.class, () -> EcKeys.readPublic("no key"));
        assertThrows(EcKeys.KeyFormatException.class, () -> EcKeys.readPrivate(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n"));
        assertThrows(EcKeys.KeyFormatException.class, () -> EcKeys.readPrivate(
                "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n"));
        assertEquals(EcKeys.Curve.P384, EcKeys.Curve.named("p-384"));
        assertThrows(IllegalArgumentException.class, () -> EcKeys.Curve.named("ed25519"));
    }
}
