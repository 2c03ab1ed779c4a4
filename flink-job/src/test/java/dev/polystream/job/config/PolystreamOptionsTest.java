package dev.polystream.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class PolystreamOptionsTest {

    private static String readme(String path) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("polystream"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above the module").isNotNull();
        return Files.readString(dir.resolve(path));
    }

    @Test
    void everyKeyHasADescriptionAndIsDocumented() throws IOException {
        String docs = readme("README.md") + readme("ws-source/README.md");
        List<ConfigOption<?>> options = PolystreamOptions.all();
        assertThat(options).hasSizeGreaterThan(15);
        for (ConfigOption<?> option : options) {
            assertThat(option.description().toString()).as(option.key()).isNotBlank();
            assertThat(docs).as("documented: " + option.key()).contains("`" + option.key() + "`");
        }
    }

    @Test
    void keysAreUnique() {
        assertThat(PolystreamOptions.all().stream().map(ConfigOption::key)).doesNotHaveDuplicates();
    }
}
