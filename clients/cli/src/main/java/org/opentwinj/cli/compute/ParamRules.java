package org.opentwinj.cli.compute;

import java.util.ArrayList;
import java.util.List;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/** A parameter's type and rules in words, as error messages and {@code --help} say them. */
final class ParamRules {
    private ParamRules() {}

    /** The type with its unit, e.g. {@code NUMBER in mm}, {@code LIST of ENTITY}. */
    static String typeOf(ParamSpec spec) {
        String type = spec.type().name();
        if (spec.type() == ParamType.LIST && spec.item() != null) {
            type += " of " + typeOf(spec.item());
        }
        return spec.unit() == null || spec.type() == ParamType.LIST ? type : type + " in " + spec.unit();
    }

    /** The rules a value must keep, e.g. {@code 0 to 100 mm}, {@code one of a, b}; empty when none. */
    static String rules(ParamSpec spec) {
        List<String> rules = new ArrayList<>();
        String unit = spec.unit() == null ? "" : " " + spec.unit();
        switch (spec.type()) {
            case NUMBER, INTEGER, VECTOR3 -> {
                if (spec.min() != null || spec.max() != null) {
                    rules.add(range(spec.min(), spec.max(), unit));
                }
            }
            case CHOICE ->
                rules.add("one of " + String.join(", ", spec.choices() == null ? List.of() : spec.choices()));
            case TEXT -> {
                if (spec.maxLength() != null) {
                    rules.add("at most " + spec.maxLength() + " characters");
                }
            }
            case ENTITY ->
                rules.add(
                        spec.entityTypes() == null || spec.entityTypes().isEmpty()
                                ? "an entity's name or id"
                                : "name or id of a " + String.join(" or ", spec.entityTypes()));
            case FILE -> {
                rules.add("a local file, uploaded");
                if (spec.accept() != null && !spec.accept().isEmpty()) {
                    rules.add(String.join(" ", spec.accept()));
                }
                if (spec.max() != null) {
                    rules.add("at most " + number(spec.max()) + " bytes");
                }
            }
            case LIST -> {
                if (spec.min() != null || spec.max() != null) {
                    rules.add(range(spec.min(), spec.max(), "") + " items");
                }
                rules.add("items separated by ; or --set repeated");
                if (spec.item() != null && !rules(spec.item()).isEmpty()) {
                    rules.add("each " + rules(spec.item()));
                }
            }
            case BOOLEAN -> rules.add("true or false");
        }
        if (spec.type() == ParamType.VECTOR3) {
            rules.addFirst("x,y,z");
        }
        return String.join("; ", rules);
    }

    /** {@code 0 to 100 mm}, {@code at least 1}, {@code at most 5}. */
    static String range(Double min, Double max, String unit) {
        if (min != null && max != null) {
            return number(min) + " to " + number(max) + unit;
        }
        if (min != null) {
            return "at least " + number(min) + unit;
        }
        return "at most " + number(max) + unit;
    }

    /** A number without a needless {@code .0}. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
