package dev.polystream.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./polystream} script, as a user would, and captures what it prints. */
final class LauncherScript {

    /** Exit code and combined output of one run. */
    record Result(int exitCode, String output) {}

    private LauncherScript() {}

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("polystream"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no ./polystream above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A started {@code ./polystream} process whose output goes to {@code log}. */
    record Running(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    static Running start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** Like {@link #start(String...)} with extra environment variables. */
    static Running start(java.util.Map<String, String> env, String... args) throws IOException {
        return start(false, env, args);
    }

    /**
     * Like {@link #start(java.util.Map, String...)}, in a session and process group of its own (as
     * a terminal runs a command), so {@link #pressCtrlC} can signal the whole group.
     */
    static Running startInOwnSession(java.util.Map<String, String> env, String... args)
            throws IOException {
        return start(true, env, args);
    }

    /** SIGINT to the run's process group, as Ctrl-C in a terminal sends it. */
    static void pressCtrlC(Running running) throws IOException, InterruptedException {
        long group = running.process().pid();
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + group).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -INT -" + group + " failed");
        }
    }

    private static Running start(
            boolean ownSession, java.util.Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (ownSession) {
            // setsid execs the script in place (same pid), which execs java: pid = group id.
            command.add("setsid");
        }
        command.add(repositoryRoot().resolve("polystream").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("polystream-run", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The build under test already packaged the launcher; don't let the script rebuild it.
        builder.environment().put("POLYSTREAM_SKIP_BUILD", "1");
        builder.environment().put("POLYSTREAM_JAVA_OPTS", "-Xmx768m -XX:TieredStopAtLevel=1");
        builder.environment().remove("TELEGRAM_BOT_TOKEN");
        builder.environment().putAll(env);
        return new Running(builder.start(), log);
    }

    static Result run(long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return run(timeoutSeconds, java.util.Map.of(), args);
    }

    /** Like {@link #run(long, String...)} with extra environment variables. */
    static Result run(long timeoutSeconds, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Running running = start(env, args);
        Process process = running.process();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    "polystream "
                            + String.join(" ", args)
                            + " still running after "
                            + timeoutSeconds
                            + " s:\n"
                            + running.output());
        }
        String output = running.output();
        Files.deleteIfExists(running.log());
        return new Result(process.exitValue(), output);
    }
}
