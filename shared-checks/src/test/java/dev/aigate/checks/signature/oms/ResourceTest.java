package dev.aigate.checks.signature.oms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTest {
    @Test
    void specOrderIsCodePointOrder() {
        List<Resource> resources = new ArrayList<>();
        for (String name : List.of("a/b", "a-b", "\uD83D\uDE00.bin", "\uFF5E.bin", "B", "a.txt")) {
            resources.add(new Resource(name, "sha256", "00".repeat(32)));
        }
        resources.sort(Resource.SPEC_ORDER);
        // U+FF5E sorts before U+1F600 by code point (Java's UTF-16 order would put the surrogates first).
        assertEquals(List.of("B", "a-b", "a.txt", "a/b", "\uFF5E.bin", "\uD83D\uDE00.bin"), resources.stream()
                .map(Resource::name).toList());
    }

    @Test
    void shardNamesTakeTheLastTwoParts() {
        Resource.ShardName shard = Resource.ShardName.parse("dir/a:b.bin:100:200");
        assertEquals("dir/a:b.bin", shard.path());
        assertEquals(100, shard.start());
        assertEquals(200, shard.end());
        for (String bad : List.of("x.bin", "x:1", "x:2:1", "x:-1:5", ":0:5", "x:0:99999999999999999999")) {
            assertThrows(IllegalArgumentException.class, () -> Resource.ShardName.parse(bad), bad);
        }
    }
}
