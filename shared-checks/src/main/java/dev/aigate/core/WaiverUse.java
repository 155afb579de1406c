package dev.aigate.core;

import dev.aigate.core.policy.Waiver;

/**
 * How a waiver fared in a gate run.
 *
 * @param status one of {@code used}, {@code unused}, {@code expired}, {@code not-evaluated} (its check did not run)
 * @param matched how many findings it covered
 * @param daysLeft days until expiry (negative once expired)
 */
public record WaiverUse(Waiver waiver, String status, int matched, long daysLeft) {
}
