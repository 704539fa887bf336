package org.opentwinj.systemtest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opentwinj.systemtest.kubernetes.RepositoryFiles;

/**
 * Main code names types through imports, not inline fully qualified names ({@code java.util.List} in the middle of a
 * method). The only exception is a real clash: a simple name already imported from another package, declared in the
 * file, or a class of the file's own package. Comments and string literals are not code and are not checked. The
 * formatter (Spotless) removes unused imports; it cannot see this.
 */
class FullyQualifiedNamesTest {
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w$.])((?:java|javax|jdk|org|com|io|net|sun)(?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z][A-Za-z0-9_$]*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?;");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    /** Build output, dependencies and history: no main code of ours below them. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".opentwin");

    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

    @Test
    void mainCodeImportsTheTypesItNames() throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(RepositoryFiles.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return SKIPPED_DIRECTORIES.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (isMainSource(file)) {
                    found.addAll(inlineNames(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertThat(found)
                .as("inline fully qualified names in main code: import the type instead")
                .isEmpty();
    }

    @Test
    void findsAnInlineNameInCodeButNotInCommentsOrStrings() {
        String source = """
                package org.demo;

                import java.util.List;

                /** See {@link java.util.Map}. */
                class C {
                    List<String> names = new java.util.ArrayList<>(); // java.util.Set here is a comment
                    String text = "java.util.Deque is text";
                }
                """;
        assertThat(inlineNames(source, Set.of())).containsExactly("java.util.ArrayList");
    }

    @Test
    void allowsAQualifiedNameWhoseSimpleNameClashes() {
        String source = """
                package org.demo;

                import org.slf4j.Logger;

                class C {
                    Logger log;
                    org.other.Logger other;
                    org.other.Sibling clashing;
                    org.demo.Sibling sibling;
                    org.x.Local local;
                    record Local() {}
                }
                """;
        assertThat(inlineNames(source, Set.of("Sibling"))).containsExactly("org.demo.Sibling");
    }

    private static boolean isMainSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/java/");
    }

    private static List<String> inlineNames(Path file) {
        try {
            Set<String> samePackage = new HashSet<>();
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                siblings.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".java"))
                        .forEach(n -> samePackage.add(n.substring(0, n.length() - 5)));
            }
            return inlineNames(Files.readString(file), samePackage).stream()
                    .map(name -> file + ": " + name)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The qualified names in code that an import could replace. */
    static List<String> inlineNames(String source, Set<String> samePackageTypes) {
        Matcher pkg = PACKAGE.matcher(source);
        String ownPackage = pkg.find() ? pkg.group(1) : "";
        Map<String, String> imported = new HashMap<>();
        Matcher imports = IMPORT.matcher(source);
        int bodyStart = 0;
        while (imports.find()) {
            bodyStart = imports.end();
            if (imports.group(1) == null && imports.group(3) == null) {
                String name = imports.group(2);
                imported.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        String code = codeOnly(source);
        Set<String> declared = new HashSet<>();
        DECLARED.matcher(code).results().forEach(m -> declared.add(m.group(1)));
        List<String> found = new ArrayList<>();
        Matcher qualified = QUALIFIED.matcher(code);
        qualified.region(bodyStart, code.length());
        while (qualified.find()) {
            String packageName = qualified.group(1);
            String simple = qualified.group(2);
            String name = packageName + "." + simple;
            String owner = imported.get(simple);
            boolean clash = (owner != null && !owner.equals(name))
                    || declared.contains(simple)
                    || (samePackageTypes.contains(simple) && !packageName.equals(ownPackage));
            if (!clash) {
                found.add(name);
            }
        }
        return found;
    }

    /** The source with comments, string, character and text-block literals blanked out (offsets kept). */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source);
        int i = 0;
        int n = source.length();
        while (i < n) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (code.charAt(k) != '\n') {
                    code.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return code.toString();
    }
}
