package dev.polystream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule on size, kept by the build: no production source file over 400 lines, no test
 * source file over 600 (a file that grows past it has more than one idea to split along).
 */
class SourceSizeTest {

    private static final Path ROOT =
            Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

    @Test
    void shouldKeepProductionFilesWithinFourHundredLines() throws IOException {
        assertThat(oversized("main", 400)).isEmpty();
    }

    @Test
    void shouldKeepTestFilesWithinSixHundredLines() throws IOException {
        assertThat(oversized("test", 600)).isEmpty();
    }

    /** The Java files under every module's {@code src/<kind>/java} longer than {@code max}. */
    private static List<String> oversized(String kind, int max) throws IOException {
        List<Path> modules;
        try (Stream<Path> children = Files.list(ROOT)) {
            modules =
                    children.filter(m -> Files.isDirectory(m.resolve("src").resolve(kind)))
                            .collect(Collectors.toList());
        }
        assertThat(modules).as("modules with src/%s under %s", kind, ROOT).hasSizeGreaterThan(4);
        try (Stream<Path> files =
                modules.stream()
                        .flatMap(m -> walk(m.resolve("src").resolve(kind).resolve("java")))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > max)
                    .map(f -> ROOT.relativize(f) + " (" + lines(f) + " lines)")
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Stream<Path> walk(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
