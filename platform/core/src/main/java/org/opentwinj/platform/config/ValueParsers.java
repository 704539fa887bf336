package org.opentwinj.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parsers every service shares. Each error message says what was expected. */
public final class ValueParsers {
    public static final ValueParser<String> STRING = text -> {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    };

    public static final ValueParser<Boolean> BOOLEAN = text -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1", "on" -> true;
        case "false", "no", "0", "off" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
    };

    public static final ValueParser<Path> PATH = text -> {
        try {
            return Path.of(STRING.parse(text));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + e.getReason());
        }
    };

    /** A comma-separated list of non-empty items. */
    public static final ValueParser<List<String>> LIST = text -> {
        List<String> items = Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("expected a comma-separated list");
        }
        return items;
    };

    /** An absolute https URL with an explicit host and port, as services publish themselves. */
    public static final ValueParser<URI> HTTPS_URL = text -> httpUrl(text, List.of("https"));

    /** A comma-separated list of {@link #HTTPS_URL}s. */
    public static final ValueParser<List<URI>> HTTPS_URLS =
            text -> LIST.parse(text).stream().map(HTTPS_URL::parse).toList();

    /** A MongoDB connection string. */
    public static final ValueParser<String> MONGODB_URL = text -> {
        if (!text.startsWith("mongodb://") && !text.startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException("expected a MongoDB connection string (mongodb://host:port/...)");
        }
        return text;
    };

    private ValueParsers() {}

    public static ValueParser<Integer> integer(int min, int max) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number between " + min + " and " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a whole number between " + min + " and " + max);
            }
            return (int) value;
        };
    }

    public static ValueParser<Long> longValue(long min, long max) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number between " + min + " and " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a whole number between " + min + " and " + max);
            }
            return value;
        };
    }

    public static <E extends Enum<E>> ValueParser<E> enumeration(Class<E> type) {
        return text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(e -> e.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        };
    }

    static URI httpUrl(String text, List<String> schemes) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("expected a URL starting with "
                    + String.join(" or ", schemes.stream().map(s -> s + "://").toList()));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (uri.getPort() < 1) {
            throw new IllegalArgumentException(
                    "the URL has no port (write it as " + uri.getScheme() + "://" + uri.getHost() + ":PORT)");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("port " + uri.getPort() + " is out of range (1 to 65535)");
        }
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("the URL must not have a path");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }
}
