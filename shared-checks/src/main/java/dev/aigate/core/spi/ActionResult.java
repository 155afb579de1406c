package dev.aigate.core.spi;

import dev.aigate.core.CheckResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an action did: lines for the user (warnings apart, so Maven can log them as warnings), the files it wrote, and,
 * for an action that judges, the check result that the runner turns into a verdict and reports.
 */
public final class ActionResult {
    private final List<Message> messages;
    private final List<Path> written;
    private final CheckResult judged;

    private ActionResult(List<Message> messages, List<Path> written, CheckResult judged) {
        this.messages = List.copyOf(messages);
        this.written = List.copyOf(written);
        this.judged = judged;
    }

    /** A line of output; {@code warning} lines are shown as warnings. */
    public record Message(boolean warning, String text) {
        public Message {
            Objects.requireNonNull(text, "text");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The result of an action that judges: the runner evaluates it like a gate run's check. */
    public static ActionResult judged(CheckResult result) {
        return new ActionResult(List.of(), List.of(), Objects.requireNonNull(result, "result"));
    }

    public List<Message> messages() {
        return messages;
    }

    public List<Path> written() {
        return written;
    }

    /** The check result to evaluate, or null for an action that makes something. */
    public CheckResult judgedResult() {
        return judged;
    }

    /** Collects an action's output. */
    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private final List<Path> written = new ArrayList<>();

        private Builder() {
        }

        public Builder info(String text) {
            messages.add(new Message(false, text));
            return this;
        }

        public Builder warning(String text) {
            messages.add(new Message(true, text));
            return this;
        }

        public Builder wrote(Path file) {
            written.add(file);
            return this;
        }

        public ActionResult build() {
            return new ActionResult(messages, written, null);
        }
    }
}
