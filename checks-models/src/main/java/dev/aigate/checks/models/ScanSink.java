package dev.aigate.checks.models;

/** Where readers put what they found. */
interface ScanSink {
    void hit(Hit hit);
}
