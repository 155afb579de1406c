#!/usr/bin/env python3
"""Writes the seed inputs of SignatureFuzzTest and ReportSignatureFuzzTest that need a signature: a DSSE envelope
over an aigate model manifest and a legacy Ed25519 report signature, each valid in form (signed by a throwaway key
made here) plus a few broken variants. Run from the repository root; the outputs are committed."""
import base64
import hashlib
import json
import pathlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

RES = pathlib.Path("shared-checks/src/test/resources/dev/aigate")
SIG = RES / "checks/signature/SignatureFuzzTestInputs"
REPORT = RES / "report/ReportSignatureFuzzTestInputs"
key = ed25519.Ed25519PrivateKey.generate()


def pae(payload_type, payload):
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d " % (len(t), t, len(payload)) + payload


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


statement = json.dumps({
    "_type": "https://in-toto.io/Statement/v1",
    "predicateType": "urn:dev.aigate:model-manifest:v1",
    "subject": [{"name": "model/digits-mlp.onnx", "digest": {"sha256": "ab" * 32}, "annotations": {"size": 19907}},
                {"name": "model/README.md", "digest": {"sha256": "cd" * 32}, "annotations": {"size": 12}}],
    "predicate": {"tool": "aigate 0.1.0"},
}).encode()
ptype = "application/vnd.in-toto+json"
envelope = {"payload": base64.b64encode(statement).decode(), "payloadType": ptype,
            "signatures": [{"keyid": "fuzz", "sig": base64.b64encode(key.sign(pae(ptype, statement))).decode()}]}
write(SIG / "dsseEnvelope/valid.sig", json.dumps(envelope) + "\n")
write(SIG / "dsseEnvelope/no-signatures.sig", json.dumps(dict(envelope, signatures=[])))
write(SIG / "dsseEnvelope/bad-base64.sig", json.dumps(dict(envelope, payload="%%%")))
traversal = statement.replace(b"model/README.md", b"../../etc/passwd")
write(SIG / "dsseEnvelope/traversal.sig", json.dumps(dict(envelope, payload=base64.b64encode(traversal).decode())))
write(SIG / "dsseEnvelope/truncated.sig", json.dumps(envelope)[:90])

raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
write(SIG / "ed25519PublicKey/valid.pub", public_pem)
write(SIG / "ed25519PublicKey/truncated.pub", public_pem[:60])
write(SIG / "ed25519PublicKey/two-blocks.pub", public_pem + public_pem)
write(SIG / "ed25519PrivateKey/valid.key", private_pem)
write(SIG / "ed25519PrivateKey/public-as-private.key", public_pem)
write(SIG / "ed25519PrivateKey/no-end.key", private_pem.split(b"-----END")[0])
ec_key = ec.generate_private_key(ec.SECP256R1())
ec_public = ec_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
write(SIG / "ecKeys/p256.pub", ec_public)
write(SIG / "ecKeys/p256-pkcs8.key", ec_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
write(SIG / "ecKeys/p256-sec1.key", ec_key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.TraditionalOpenSSL,
                                                        serialization.NoEncryption()))
write(SIG / "ecKeys/p384.pub", ec.generate_private_key(ec.SECP384R1()).public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))

report = b'{"schemaVersion":"1.0","checks":[]}\n'
signature = {"format": "aigate-report-signature", "formatVersion": 1, "algorithm": "Ed25519",
             "report": "aigate-report.json", "reportSha256": hashlib.sha256(report).hexdigest(),
             "keyFingerprint": "sha256:" + hashlib.sha256(raw).hexdigest(),
             "signature": base64.b64encode(key.sign(report)).decode()}
write(REPORT / "legacySignature/valid.json.sig", json.dumps(signature))
write(REPORT / "legacySignature/wrong-algorithm.json.sig", json.dumps(dict(signature, algorithm="RSA")))
write(REPORT / "legacySignature/bad-base64.json.sig", json.dumps(dict(signature, signature="***")))
write(REPORT / "publicKey/ed25519.pub", public_pem)
write(REPORT / "publicKey/p256.pub", ec_public)
write(REPORT / "jsonReport/minimal.json", report)
write(REPORT / "jsonReport/wrong-version.json", b'{"schemaVersion":"2.0"}')
write(REPORT / "jsonReport/check.json", json.dumps({
    "schemaVersion": "1.0", "run": {"commit": "abc"}, "policy": {"overrides": {"x": "high"}},
    "checks": [{"id": "datasets", "status": "FAIL", "findings": [{"rule": "datasets/file-modified",
                                                                     "severity": "high", "message": "m"}]}],
    "waivers": [{"id": "w", "rule": "r", "expires": "2026-13-01"}],
    "rules": [{"id": "r", "defaultSeverity": "bogus"}]}))

# PEM certificates for the certificate method's trust and chain files: a CA and a code-signing leaf it issued.
import datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aigate fuzz CA")])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
      .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(ca_key, hashes.SHA256()))
leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "release")]))
        .issuer_name(ca_name).public_key(ec_key.public_key()).serial_number(2).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(ca_key, hashes.SHA256()))
ca_pem = ca.public_bytes(serialization.Encoding.PEM)
leaf_pem = leaf.public_bytes(serialization.Encoding.PEM)
write(SIG / "certificates/ca.pem", ca_pem)
write(SIG / "certificates/chain.pem", leaf_pem + ca_pem)
write(SIG / "certificates/no-end.pem", ca_pem.split(b"-----END")[0])
write(SIG / "certificates/overlapping-markers.pem", b"-----BEGIN CERTIFICATE-----END CERTIFICATE-----\n")
