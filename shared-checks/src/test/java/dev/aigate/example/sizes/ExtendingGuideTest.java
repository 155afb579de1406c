package dev.aigate.example.sizes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/extending.md shows these very files: a guide whose code does not compile and pass is worse than none. */
class ExtendingGuideTest {
    @Test
    void everyCodeBlockOfTheGuideIsTheTestedSource() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String guide = Files.readString(root.resolve("docs/extending.md"));
        Matcher block = Pattern.compile("```java file=(\\S+)\n(.*?)```\n", Pattern.DOTALL).matcher(guide);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertEquals(Files.readString(root.resolve(block.group(1))), block.group(2),
                    "docs/extending.md differs from " + block.group(1));
        }
        assertEquals(3, blocks, "the guide shows the config, the check and its action");
    }
}
