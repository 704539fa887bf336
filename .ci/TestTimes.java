import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The test suite's time per module and its slowest tests, from the surefire and failsafe XML
 * reports of the last run (MODULE/target/surefire-reports/TEST-*.xml and failsafe-reports/),
 * printed as the Markdown tables of docs/testing.md. Run by .ci/test-times after ./opentwin test.
 *
 * Usage: java .ci/TestTimes.java [ROOT] [--top N]
 */
public class TestTimes {
    record Suite(String module, String kind, String name, double seconds, int tests, int skipped, int failed) {}

    record Case(String module, String name, double seconds) {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        int top = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--top") && i + 1 < args.length) {
                top = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("-")) {
                System.err.println("usage: .ci/test-times [ROOT] [--top N]");
                System.exit(2);
            } else {
                root = Path.of(args[i]);
            }
        }
        root = root.toAbsolutePath().normalize();
        List<Suite> suites = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        List<Path> reports = reports(root);
        if (reports.isEmpty()) {
            System.err.println("test-times: no surefire or failsafe reports under " + root + "; run ./opentwin test first");
            System.exit(1);
        }
        DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        for (Path report : reports) {
            String path = root.relativize(report).toString();
            String module = path.substring(0, path.indexOf("/target/"));
            String kind = path.contains("/failsafe-reports/") ? "integration" : "unit";
            Element suite;
            try {
                suite = parser.parse(report.toFile()).getDocumentElement();
            } catch (org.xml.sax.SAXException e) {
                System.err.println("test-times: skipping the unreadable report " + path + ": " + e.getMessage());
                continue;
            }
            suites.add(new Suite(module, kind, suite.getAttribute("name"), seconds(suite.getAttribute("time")),
                    number(suite.getAttribute("tests")), number(suite.getAttribute("skipped")),
                    number(suite.getAttribute("failures")) + number(suite.getAttribute("errors"))));
            NodeList testcases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element testcase = (Element) testcases.item(i);
                String className = testcase.getAttribute("classname");
                cases.add(new Case(module, simpleName(className) + "." + testcase.getAttribute("name"), seconds(testcase.getAttribute("time"))));
            }
        }

        Map<String, double[]> modules = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        for (Suite suite : suites) {
            double[] time = modules.computeIfAbsent(suite.module(), key -> new double[2]);
            time[suite.kind().equals("unit") ? 0 : 1] += suite.seconds();
            int[] count = counts.computeIfAbsent(suite.module(), key -> new int[3]);
            count[0] += suite.tests();
            count[1] += suite.skipped();
            count[2] += suite.failed();
        }
        System.out.println("Time in tests per module (the reports' times: compiling, packaging and JVM starts of forks are not in them)");
        System.out.println();
        System.out.println("| module | unit s | integration s | total s | tests | skipped | failed |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double[] total = new double[2];
        int[] totalCounts = new int[3];
        modules.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -(e.getValue()[0] + e.getValue()[1])))
                .forEach(entry -> {
                    double[] time = entry.getValue();
                    int[] count = counts.get(entry.getKey());
                    System.out.printf(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f | %d | %d | %d |%n", entry.getKey(), time[0], time[1],
                            time[0] + time[1], count[0], count[1], count[2]);
                });
        for (Map.Entry<String, double[]> entry : modules.entrySet()) {
            total[0] += entry.getValue()[0];
            total[1] += entry.getValue()[1];
            int[] count = counts.get(entry.getKey());
            for (int i = 0; i < 3; i++) {
                totalCounts[i] += count[i];
            }
        }
        System.out.printf(Locale.ROOT, "| **all** | %.1f | %.1f | %.1f | %d | %d | %d |%n", total[0], total[1], total[0] + total[1],
                totalCounts[0], totalCounts[1], totalCounts[2]);

        System.out.println();
        System.out.println("Slowest " + top + " test classes");
        System.out.println();
        System.out.println("| test class | module | kind | s |");
        System.out.println("|---|---|---|---:|");
        suites.stream().sorted(Comparator.comparingDouble(Suite::seconds).reversed()).limit(top).forEach(suite ->
                System.out.printf(Locale.ROOT, "| `%s` | `%s` | %s | %.1f |%n", simpleName(suite.name()), suite.module(), suite.kind(), suite.seconds()));

        System.out.println();
        System.out.println("Slowest " + top + " tests");
        System.out.println();
        System.out.println("| test | module | s |");
        System.out.println("|---|---|---:|");
        cases.stream().sorted(Comparator.comparingDouble(Case::seconds).reversed()).limit(top).forEach(testcase ->
                System.out.printf(Locale.ROOT, "| `%s` | `%s` | %.1f |%n", testcase.name(), testcase.module(), testcase.seconds()));
    }

    /** MODULE/target/{surefire,failsafe}-reports/TEST-*.xml, not looking into node_modules or .git. */
    private static List<Path> reports(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root, 6)) {
            return files.filter(path -> !path.toString().contains("/node_modules/") && !path.toString().contains("/.git/"))
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        String parent = path.getParent().getFileName().toString();
                        return name.startsWith("TEST-") && name.endsWith(".xml")
                                && (parent.equals("surefire-reports") || parent.equals("failsafe-reports"))
                                && path.getParent().getParent().getFileName().toString().equals("target");
                    })
                    .sorted().toList();
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static double seconds(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        // Surefire writes times like "1,234.5" in some locales.
        return Double.parseDouble(value.replace(",", ""));
    }

    private static int number(String value) {
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value);
    }
}
