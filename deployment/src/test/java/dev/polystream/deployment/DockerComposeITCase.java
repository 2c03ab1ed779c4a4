package dev.polystream.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.job.config.JobArguments;
import dev.polystream.job.config.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked for what can be checked without one:
 * the services and their pinned images, loopback-only ports, that every file it mounts exists once
 * the build has run, that every variable it needs is documented in .env.example, that the job's
 * command line is one the job accepts, and that Prometheus scrapes where Flink reports.
 */
class DockerComposeITCase {

    private static final Path ROOT =
            Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    private static String text;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        text = Files.readString(ROOT.resolve("docker-compose.yml"));
        compose = new Yaml().load(text);
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void hasTheWholeStack() {
        assertThat(services.keySet())
                .containsExactlyInAnyOrder(
                        "postgres",
                        "migrate",
                        "kafka",
                        "jobmanager",
                        "taskmanager",
                        "job",
                        "gateway",
                        "prometheus");
    }

    @Test
    void pinsEveryImageTag() {
        services.forEach(
                (name, service) -> {
                    String image = (String) service.get("image");
                    assertThat(image).as(name + " has an image").isNotBlank();
                    assertThat(image)
                            .as(name + " pins a version")
                            .matches("[\\w./-]+:[\\w.-]*\\d[\\w.-]*");
                    assertThat(image).as(name).doesNotEndWith(":latest");
                });
    }

    @Test
    void publishesPortsOnLoopbackOnly() {
        services.forEach(
                (name, service) -> {
                    for (Object port : list(service.get("ports"))) {
                        assertThat(port.toString())
                                .as(name + " port " + port)
                                .startsWith("127.0.0.1:");
                    }
                });
    }

    @Test
    void mountsOnlyFilesThatTheBuildProduces() {
        Set<String> mounted = new LinkedHashSet<>();
        services.forEach(
                (name, service) -> {
                    for (Object volume : list(service.get("volumes"))) {
                        String source = volume.toString().split(":")[0];
                        if (source.startsWith("./")) {
                            mounted.add(source);
                            assertThat(ROOT.resolve(source))
                                    .as(name + " mounts " + source)
                                    .exists();
                        }
                    }
                });
        assertThat(mounted)
                .contains(
                        "./flink-job/target/polystream-flink-job-0.1.0-SNAPSHOT-job.jar",
                        "./deployment/compose/prometheus.yml");
    }

    @Test
    void needsOnlyVariablesThatEnvExampleDocuments() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher m = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=").matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)(:?[-?][^}]*)?}").matcher(text);
        Set<String> used = new LinkedHashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(documented).containsAll(used);
        assertThat(used).containsAll(documented);
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains(".env");
    }

    @Test
    void submitsTheJobWithArgumentsItAccepts() {
        String command =
                String.join(
                        " ",
                        list(services.get("job").get("command")).stream()
                                .map(Object::toString)
                                .toList());
        // The shell's ${VAR:-default} with VAR unset, as a fresh .env leaves it.
        String run =
                command.substring(command.indexOf("flink run"))
                        .replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
        List<String> words = new ArrayList<>(Arrays.asList(run.trim().split("\\s+")));
        int jar = words.indexOf("/opt/polystream/polystream-flink-job.jar");
        assertThat(jar).isPositive();
        List<String> args = words.subList(jar + 1, words.size());
        Configuration conf = JobArguments.parse(args.toArray(String[]::new)).configuration();
        assertThat(conf.get(JobOptions.JDBC_URL))
                .isEqualTo("jdbc:postgresql://postgres:5432/polystream");
        assertThat(conf.get(JobOptions.JDBC_USER)).isEqualTo("polystream_job");
        assertThat(conf.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(conf.toMap())
                .containsEntry("ws.url", "wss://ws-subscriptions-clob.polymarket.com/ws/market");
        assertThat(text).contains("KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092");
        // The password never appears on the command line.
        assertThat(command).doesNotContain("PASSWORD");
    }

    @Test
    void migratesWithTheSchemaShippedInTheJobJar() throws IOException {
        Path jar = ROOT.resolve("flink-job/target/polystream-flink-job-0.1.0-SNAPSHOT-job.jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getEntry("dev/polystream/sql/SchemaMigrator.class")).isNotNull();
            assertThat(file.getEntry("db/migration/V1__core_tables.sql")).isNotNull();
            assertThat(file.getEntry("org/flywaydb/core/Flyway.class")).isNotNull();
        }
        assertThat(list(services.get("migrate").get("entrypoint")).stream().map(Object::toString))
                .contains("dev.polystream.sql.SchemaMigrator");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesWhereFlinkReports() throws IOException {
        Map<String, Object> prometheus =
                new Yaml()
                        .load(Files.readString(ROOT.resolve("deployment/compose/prometheus.yml")));
        List<Map<String, Object>> scrapes =
                (List<Map<String, Object>>) prometheus.get("scrape_configs");
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> scrape : scrapes) {
            for (Map<String, Object> sc :
                    (List<Map<String, Object>>) scrape.get("static_configs")) {
                targets.addAll((List<String>) sc.get("targets"));
            }
        }
        String properties =
                (String)
                        ((Map<String, Object>) services.get("jobmanager").get("environment"))
                                .get("FLINK_PROPERTIES");
        assertThat(properties)
                .contains("PrometheusReporterFactory")
                .contains("metrics.reporter.prom.port: 9249");
        assertThat(targets).containsExactlyInAnyOrder("jobmanager:9249", "taskmanager:9249");
        assertThat(services.get("taskmanager").get("environment"))
                .isEqualTo(services.get("jobmanager").get("environment"));
    }

    private static List<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? l : List.of(value);
    }
}
