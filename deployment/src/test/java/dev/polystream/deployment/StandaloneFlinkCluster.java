package dev.polystream.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Flink 2.2 standalone session cluster built from Maven artifacts (no distribution tarball
 * is served here): a JobManager process ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManager processes ({@code TaskManagerRunner}), each its own JVM on 127.0.0.1, with jobs
 * submitted through Flink's CLI code path ({@code CliFrontend run}).
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path conf;
    private final Path lib;
    private final int restPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process jobManager;
    private final Map<String, Process> taskManagers = new LinkedHashMap<>();

    private StandaloneFlinkCluster(Path home, Path lib) throws IOException {
        this.home = home;
        this.conf = Files.createDirectories(home.resolve("conf"));
        this.lib = lib;
        this.restPort = freePort();
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers with two slots each. */
    static StandaloneFlinkCluster start(Path home, Path lib, int taskManagers) throws Exception {
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(home, lib);
        try {
            cluster.writeConfig();
            cluster.jobManager =
                    cluster.java(
                            "jobmanager",
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            "--configDir",
                            cluster.conf.toString());
            for (int i = 1; i <= taskManagers; i++) {
                cluster.startTaskManager("tm" + i);
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofSeconds(120));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void writeConfig() throws IOException {
        Path checkpoints = Files.createDirectories(home.resolve("checkpoints"));
        String yaml =
                String.join(
                        "\n",
                        "jobmanager.rpc.address: 127.0.0.1",
                        "jobmanager.rpc.port: " + freePort(),
                        "jobmanager.bind-host: 127.0.0.1",
                        "jobmanager.memory.process.size: 700m",
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + restPort,
                        "blob.server.port: " + freePort(),
                        "taskmanager.host: 127.0.0.1",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.rpc.port: 0",
                        "taskmanager.data.port: 0",
                        "taskmanager.numberOfTaskSlots: 2",
                        "taskmanager.cpu.cores: 2.0",
                        // Started without Flink's scripts, so every memory size is explicit.
                        "taskmanager.memory.framework.heap.size: 64m",
                        "taskmanager.memory.framework.off-heap.size: 64m",
                        "taskmanager.memory.task.heap.size: 256m",
                        "taskmanager.memory.task.off-heap.size: 16m",
                        "taskmanager.memory.managed.size: 16m",
                        "taskmanager.memory.network.min: 32m",
                        "taskmanager.memory.network.max: 32m",
                        "taskmanager.memory.jvm-metaspace.size: 192m",
                        "taskmanager.memory.jvm-overhead.min: 64m",
                        "taskmanager.memory.jvm-overhead.max: 64m",
                        "taskmanager.load-balance.mode: SLOTS",
                        "cluster.registration.error-delay: 1s",
                        "heartbeat.interval: 1000",
                        "heartbeat.timeout: 8000",
                        "parallelism.default: 2",
                        "execution.checkpointing.interval: 1s",
                        "execution.checkpointing.dir: " + checkpoints.toUri(),
                        "restart-strategy.type: fixed-delay",
                        "restart-strategy.fixed-delay.attempts: 30",
                        "restart-strategy.fixed-delay.delay: 1s",
                        "");
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = File",
                        "appender.file.name = File",
                        "appender.file.type = File",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        ""));
    }

    void startTaskManager(String id) throws IOException {
        taskManagers.put(
                id,
                java(
                        id,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        "--configDir",
                        conf.toString(),
                        "-D",
                        "taskmanager.resource-id=" + id));
    }

    /** SIGKILL: the TaskManager dies without a word, as a lost machine would. */
    void killTaskManager(String id) throws InterruptedException {
        Process process = taskManagers.remove(id);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code flink run -d -p N jar args}; returns the job id. */
    String submit(Path jar, int parallelism, String... args) throws Exception {
        List<String> cli =
                new ArrayList<>(
                        List.of("run", "-d", "-p", Integer.toString(parallelism), jar.toString()));
        cli.addAll(Arrays.asList(args));
        String output = cli(Duration.ofSeconds(120), cli.toArray(String[]::new));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        if (!m.find()) {
            throw new AssertionError("flink run printed no job id:\n" + output);
        }
        return m.group(1);
    }

    /** Runs Flink's CLI ({@code CliFrontend}) to completion and returns what it printed. */
    String cli(Duration timeout, String... args) throws Exception {
        Path out = Files.createTempFile(home, "cli", ".log");
        List<String> command = javaCommand("cli", "org.apache.flink.client.cli.CliFrontend");
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "flink " + String.join(" ", args) + " timed out:\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    "flink "
                            + String.join(" ", args)
                            + " exited "
                            + process.exitValue()
                            + ":\n"
                            + output);
        }
        return output;
    }

    /** GET on the JobManager's REST API. */
    JsonNode rest(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String jobState(String jobId) throws Exception {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    private void awaitTaskManagers(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (rest("/taskmanagers").path("taskmanagers").size() >= count) {
                    return;
                }
            } catch (IOException notYet) {
                // The REST endpoint comes up with the JobManager.
            }
            if (!jobManager.isAlive()) {
                throw new AssertionError("JobManager exited:\n" + log("jobmanager"));
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                count
                        + " TaskManagers did not register within "
                        + timeout
                        + "\n"
                        + log("jobmanager")
                        + log("tm1"));
    }

    String log(String process) throws IOException {
        Path file = home.resolve(process + ".log");
        return Files.exists(file) ? "--- " + process + " ---\n" + Files.readString(file) : "";
    }

    private Process java(String name, String mainClass, String... args) throws IOException {
        List<String> command = javaCommand(name, mainClass);
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".out").toFile())
                .start();
    }

    private List<String> javaCommand(String name, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                Arrays.asList(System.getProperty("flink.jvm.flags", "").trim().split("\\s+")));
        command.addAll(
                List.of(
                        "-Xmx384m",
                        "-XX:MaxDirectMemorySize=256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Dlog.file=" + home.resolve(name + ".log"),
                        "-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"),
                        "-cp",
                        lib.resolve("*").toString(),
                        mainClass));
        return command;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(taskManagers.values());
        if (jobManager != null) {
            all.add(jobManager);
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
