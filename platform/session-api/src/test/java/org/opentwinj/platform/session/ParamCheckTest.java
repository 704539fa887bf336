package org.opentwinj.platform.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class ParamCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EntityLookup MODEL = id -> switch (id) {
        case "e1" -> Optional.of("Geometry");
        case "e2" -> Optional.of("Mesh");
        default -> Optional.empty();
    };

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ParamSpec spec(String name, ParamType type) {
        return new ParamSpec(name, name, type, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ParamSpec bounded(String name, ParamType type, Double min, Double max) {
        return new ParamSpec(name, name, type, null, min, max, null, null, null, null, null, null, null, null);
    }

    private static ParamSpec optional(ParamSpec spec, JsonNode defaultValue) {
        return new ParamSpec(
                spec.name(),
                spec.title(),
                spec.type(),
                spec.unit(),
                spec.min(),
                spec.max(),
                spec.choices(),
                spec.entityTypes(),
                spec.item(),
                spec.accept(),
                spec.maxLength(),
                true,
                defaultValue,
                spec.help());
    }

    private static ParamSpec choice(String name, List<String> choices) {
        return new ParamSpec(
                name, name, ParamType.CHOICE, null, null, null, choices, null, null, null, null, null, null, null);
    }

    private static ParamSpec text(String name, Integer maxLength) {
        return new ParamSpec(
                name, name, ParamType.TEXT, null, null, null, null, null, null, null, maxLength, null, null, null);
    }

    private static ParamSpec entity(String name, List<String> types) {
        return new ParamSpec(
                name, name, ParamType.ENTITY, null, null, null, null, types, null, null, null, null, null, null);
    }

    private static ParamSpec file(String name, Double maxBytes, List<String> accept) {
        return new ParamSpec(
                name, name, ParamType.FILE, null, null, maxBytes, null, null, null, accept, null, null, null, null);
    }

    private static ParamSpec list(String name, ParamSpec item, Double min, Double max) {
        return new ParamSpec(
                name, name, ParamType.LIST, null, min, max, null, null, item, null, null, null, null, null);
    }

    private static Map<String, JsonNode> values(String name, String jsonValue) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put(name, json(jsonValue));
        return values;
    }

    private static JsonNode accepted(ParamSpec spec, String jsonValue) {
        return ParamCheck.check(List.of(spec), values(spec.name(), jsonValue), MODEL)
                .get(spec.name());
    }

    private static String refusal(ParamSpec spec, String jsonValue) {
        try {
            ParamCheck.check(List.of(spec), values(spec.name(), jsonValue), MODEL);
        } catch (PublicException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError(spec.name() + " accepted " + jsonValue);
    }

    @Nested
    class Numbers {
        private final ParamSpec frequency = new ParamSpec(
                "frequency",
                "Frequency",
                ParamType.NUMBER,
                "GHz",
                0.5,
                10.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        @Test
        void aFiniteNumberWithinTheBoundsIsAccepted() {
            assertThat(accepted(frequency, "0.5").doubleValue()).isEqualTo(0.5);
            assertThat(accepted(frequency, "10").doubleValue()).isEqualTo(10.0);
            assertThat(accepted(frequency, "2.45").doubleValue()).isEqualTo(2.45);
        }

        @Test
        void outOfBoundsNamesTheParameterTheRangeTheUnitAndTheValue() {
            assertThat(refusal(frequency, "12"))
                    .isEqualTo("parameter 'frequency' must be a number from 0.5 to 10 (GHz); got 12");
            assertThat(refusal(frequency, "0.49")).contains("from 0.5 to 10").endsWith("got 0.49");
        }

        @Test
        void textAndBooleansAreNotNumbers() {
            assertThat(refusal(frequency, "\"3\"")).endsWith("got \"3\"");
            assertThat(refusal(frequency, "true")).startsWith("parameter 'frequency' must be a number");
        }

        @Test
        void oneSidedBoundsAreDescribedAsSuch() {
            assertThat(refusal(bounded("x", ParamType.NUMBER, 1.0, null), "0")).contains("of at least 1");
            assertThat(refusal(bounded("x", ParamType.NUMBER, null, -1.0), "0")).contains("of at most -1");
            assertThat(accepted(spec("x", ParamType.NUMBER), "-1e300").doubleValue())
                    .isEqualTo(-1e300);
        }

        @Test
        void aNumberTooLargeForADoubleIsRefused() {
            assertThat(refusal(spec("x", ParamType.NUMBER), "1e400")).startsWith("parameter 'x' must be a number");
        }
    }

    @Nested
    class Integers {
        private final ParamSpec samples = bounded("samples", ParamType.INTEGER, 2.0, 100000.0);

        @Test
        void theBriefsExampleMessage() {
            assertThat(refusal(samples, "1"))
                    .isEqualTo("parameter 'samples' must be an integer from 2 to 100000; got 1");
        }

        @Test
        void wholeNumbersAreAcceptedAndAWholeDecimalBecomesAnInteger() {
            assertThat(accepted(samples, "2").intValue()).isEqualTo(2);
            JsonNode fromDecimal = accepted(samples, "64.0");
            assertThat(fromDecimal.isIntegralNumber()).isTrue();
            assertThat(fromDecimal.longValue()).isEqualTo(64);
        }

        @Test
        void fractionsTextAndHugeNumbersAreRefused() {
            assertThat(refusal(samples, "2.5")).endsWith("got 2.5");
            assertThat(refusal(samples, "\"7\"")).startsWith("parameter 'samples' must be an integer");
            assertThat(refusal(spec("n", ParamType.INTEGER), "123456789012345678901234567890"))
                    .startsWith("parameter 'n' must be an integer");
        }
    }

    @Test
    void booleansMustBeTrueOrFalse() {
        ParamSpec flag = spec("flag", ParamType.BOOLEAN);
        assertThat(accepted(flag, "false").booleanValue()).isFalse();
        assertThat(refusal(flag, "\"true\"")).isEqualTo("parameter 'flag' must be true or false; got \"true\"");
        assertThat(refusal(flag, "1")).endsWith("got 1");
    }

    @Test
    void aChoiceMustBeOneOfTheChoicesExactly() {
        ParamSpec solver = choice("solver", List.of("direct", "iterative"));
        assertThat(accepted(solver, "\"iterative\"").textValue()).isEqualTo("iterative");
        assertThat(refusal(solver, "\"Direct\""))
                .isEqualTo("parameter 'solver' must be one of direct, iterative; got \"Direct\"");
        assertThat(refusal(solver, "0")).endsWith("got 0");
    }

    @Test
    void textIsCountedInCodePoints() {
        ParamSpec label = text("label", 3);
        assertThat(accepted(label, "\"😀😀😀\"").textValue()).isEqualTo("😀😀😀");
        assertThat(refusal(label, "\"abcd\""))
                .isEqualTo("parameter 'label' must be text of at most 3 characters; got 4");
        assertThat(refusal(label, "5")).isEqualTo("parameter 'label' must be text; got 5");
        assertThat(accepted(text("free", null), "\"" + "x".repeat(10_000) + "\"")
                        .textValue())
                .hasSize(10_000);
    }

    @Test
    void aLongRefusedValueIsCutInTheMessage() {
        String message = refusal(spec("flag", ParamType.BOOLEAN), "\"" + "y".repeat(500) + "\"");
        assertThat(message).endsWith("...").hasSizeLessThan(150);
    }

    @Nested
    class Vectors {
        private final ParamSpec origin = new ParamSpec(
                "origin",
                "Origin",
                ParamType.VECTOR3,
                "mm",
                -10.0,
                10.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        @Test
        void threeFiniteNumbersWithinTheBoundsAreAccepted() {
            assertThat(accepted(origin, "[0, -10, 10]").size()).isEqualTo(3);
        }

        @Test
        void theWrongLengthOrAComponentOutOfBoundsIsRefused() {
            assertThat(refusal(origin, "[1, 2]"))
                    .isEqualTo("parameter 'origin' must be 3 numbers, each from -10 to 10 (mm); got [1,2]");
            assertThat(refusal(origin, "[1, 2, 3, 4]")).endsWith("got [1,2,3,4]");
            assertThat(refusal(origin, "[1, 11, 3]")).endsWith("got [1,11,3]");
            assertThat(refusal(origin, "[1, \"2\", 3]")).startsWith("parameter 'origin' must be 3 numbers");
            assertThat(refusal(origin, "{\"x\": 1}")).startsWith("parameter 'origin' must be 3 numbers");
        }

        @Test
        void anUnboundedVectorStillNeedsFiniteComponents() {
            ParamSpec direction = spec("direction", ParamType.VECTOR3);
            assertThat(accepted(direction, "[1e10, 0, -1e10]").size()).isEqualTo(3);
            assertThat(refusal(direction, "[1e400, 0, 0]")).startsWith("parameter 'direction' must be 3 numbers; got");
        }
    }

    @Nested
    class Entities {
        @Test
        void anEntityOfAnAllowedTypeIsAccepted() {
            assertThat(accepted(entity("body", List.of("Geometry", "Mesh")), "\"e2\"")
                            .textValue())
                    .isEqualTo("e2");
            assertThat(accepted(entity("any", List.of()), "\"e1\"").textValue()).isEqualTo("e1");
            assertThat(accepted(entity("any", null), "\"e2\"").textValue()).isEqualTo("e2");
        }

        @Test
        void anIdTheModelDoesNotHoldIsRefused() {
            assertThat(refusal(entity("body", List.of("Geometry")), "\"e9\""))
                    .isEqualTo("parameter 'body' must name an entity of type Geometry; the model has no entity 'e9'");
        }

        @Test
        void anEntityOfAnotherTypeIsRefusedNamingItsType() {
            assertThat(refusal(entity("body", List.of("Geometry")), "\"e2\""))
                    .isEqualTo("parameter 'body' must name an entity of type Geometry; 'e2' is a Mesh");
        }

        @Test
        void aValueThatIsNotAnIdIsRefusedWithoutAskingTheModel() {
            EntityLookup failing = id -> {
                throw new AssertionError("asked for " + id);
            };
            ParamSpec body = entity("body", List.of());
            assertThatThrownBy(() -> ParamCheck.check(List.of(body), values("body", "3"), failing))
                    .isInstanceOf(PublicException.class)
                    .hasMessage("parameter 'body' must be the id of an entity; got 3");
            assertThatThrownBy(() -> ParamCheck.check(List.of(body), values("body", "\" \""), failing))
                    .isInstanceOf(PublicException.class);
        }
    }

    @Nested
    class Files {
        private final ParamSpec step = file("shape", 1000.0, List.of(".step", ".stp"));

        @Test
        void anUploadWithinTheSizeAndAnAcceptedExtensionIsAccepted() {
            assertThat(accepted(step, "{\"upload\":\"u1\",\"name\":\"Part.STEP\",\"size\":1000}")
                            .path("upload")
                            .textValue())
                    .isEqualTo("u1");
            assertThat(accepted(file("any", null, null), "{\"upload\":\"u1\",\"name\":\"a\",\"size\":0}"))
                    .isNotNull();
        }

        @Test
        void aFileTooLargeIsRefusedWithItsSize() {
            assertThat(refusal(step, "{\"upload\":\"u1\",\"name\":\"a.stp\",\"size\":1001}"))
                    .isEqualTo("parameter 'shape' must be a file of at most 1000 bytes; got 1001");
        }

        @Test
        void anExtensionNotAcceptedIsRefusedWithTheFileName() {
            assertThat(refusal(step, "{\"upload\":\"u1\",\"name\":\"a.stl\",\"size\":10}"))
                    .isEqualTo("parameter 'shape' must be a .step or .stp file; got 'a.stl'");
        }

        @Test
        void anythingButAnUploadObjectIsRefused() {
            for (String bad : List.of(
                    "\"u1\"",
                    "{\"upload\":\"u1\",\"name\":\"a.stp\"}",
                    "{\"upload\":\"\",\"name\":\"a.stp\",\"size\":1}",
                    "{\"upload\":\"u1\",\"name\":\"a.stp\",\"size\":-1}",
                    "{\"upload\":\"u1\",\"name\":\"a.stp\",\"size\":1.5}",
                    "{\"upload\":\"u1\",\"name\":\"a.stp\",\"size\":\"1\"}",
                    "{\"upload\":\"u1\",\"name\":\"a.stp\",\"size\":1,\"path\":\"/etc/passwd\"}")) {
                assertThat(refusal(step, bad))
                        .as(bad)
                        .startsWith("parameter 'shape' must be an uploaded file {upload, name, size}; got");
            }
        }
    }

    @Nested
    class Lists {
        private final ParamSpec points = list("points", bounded("", ParamType.INTEGER, 0.0, 9.0), 1.0, 3.0);

        @Test
        void itemsWithinTheCountAreEachCheckedAndNormalised() {
            JsonNode checked = accepted(points, "[1, 2.0, 9]");
            assertThat(checked.size()).isEqualTo(3);
            assertThat(checked.get(1).isIntegralNumber()).isTrue();
        }

        @Test
        void tooFewOrTooManyItemsAreRefusedWithTheCount() {
            assertThat(refusal(points, "[]"))
                    .isEqualTo("parameter 'points' must be a list from 1 to 3 items; got 0 items");
            assertThat(refusal(points, "[1,2,3,4]")).endsWith("got 4 items");
            assertThat(refusal(points, "5")).isEqualTo("parameter 'points' must be a list from 1 to 3 items; got 5");
        }

        @Test
        void aBadItemIsNamedByItsIndex() {
            assertThat(refusal(points, "[1, 10]"))
                    .isEqualTo("parameter 'points[1]' must be an integer from 0 to 9; got 10");
            assertThat(refusal(points, "[null]")).isEqualTo("parameter 'points[0]' must not be null");
        }

        @Test
        void itemsMayBeEntitiesOrLists() {
            ParamSpec bodies = list("bodies", entity("", List.of("Geometry")), null, null);
            assertThat(accepted(bodies, "[\"e1\"]").size()).isEqualTo(1);
            assertThat(refusal(bodies, "[\"e1\", \"e2\"]")).startsWith("parameter 'bodies[1]' must name");
            ParamSpec matrix = list("matrix", list("", spec("", ParamType.NUMBER), 2.0, 2.0), null, null);
            assertThat(refusal(matrix, "[[1, 2], [3]]")).startsWith("parameter 'matrix[1]' must be a list from 2 to 2");
        }
    }

    @Nested
    class NamesAndDefaults {
        private final ParamSpec width = bounded("width", ParamType.NUMBER, 0.0, null);
        private final ParamSpec depth = optional(bounded("depth", ParamType.NUMBER, 0.0, null), json("5"));
        private final ParamSpec note = optional(text("note", null), null);

        @Test
        void anOmittedOptionalTakesItsDefaultOrStaysAbsent() {
            Map<String, JsonNode> checked = ParamCheck.check(List.of(width, depth, note), values("width", "1"), MODEL);
            assertThat(checked).containsOnlyKeys("width", "depth");
            assertThat(checked.get("depth").intValue()).isEqualTo(5);
        }

        @Test
        void theResultFollowsTheSpecOrder() {
            Map<String, JsonNode> given = new LinkedHashMap<>();
            given.put("note", json("\"n\""));
            given.put("depth", json("2"));
            given.put("width", json("1"));
            assertThat(ParamCheck.check(List.of(width, depth, note), given, MODEL)
                            .keySet())
                    .containsExactly("width", "depth", "note");
        }

        @Test
        void aMissingRequiredParameterIsRefused() {
            assertThatThrownBy(() -> ParamCheck.check(List.of(width, depth), Map.of(), MODEL))
                    .isInstanceOf(PublicException.class)
                    .hasMessage("parameter 'width' is required");
            assertThatThrownBy(() -> ParamCheck.check(List.of(width), null, MODEL))
                    .hasMessage("parameter 'width' is required");
        }

        @Test
        void nullIsRefusedEvenForAnOptionalParameter() {
            Map<String, JsonNode> given = values("width", "1");
            given.put("depth", null);
            assertThatThrownBy(() -> ParamCheck.check(List.of(width, depth), given, MODEL))
                    .hasMessage("parameter 'depth' must not be null");
            assertThatThrownBy(() -> ParamCheck.check(List.of(width), values("width", "null"), MODEL))
                    .hasMessage("parameter 'width' must not be null");
        }

        @Test
        void anUnknownNameIsRefusedListingTheKnownOnes() {
            Map<String, JsonNode> given = values("width", "1");
            given.put("hieght", json("2"));
            assertThatThrownBy(() -> ParamCheck.check(List.of(width, depth), given, MODEL))
                    .isInstanceOf(PublicException.class)
                    .hasMessage("unknown parameter 'hieght'; the parameters are width, depth");
        }

        @Test
        void checkSomeChecksOnlyTheGivenValues() {
            assertThat(ParamCheck.checkSome(List.of(width, depth), values("depth", "3"), MODEL))
                    .containsOnlyKeys("depth");
            assertThatThrownBy(() -> ParamCheck.checkSome(List.of(width, depth), values("depth", "-1"), MODEL))
                    .hasMessage("parameter 'depth' must be a number of at least 0; got -1");
            assertThatThrownBy(() -> ParamCheck.checkSome(List.of(width), values("x", "1"), MODEL))
                    .hasMessage("unknown parameter 'x'; the parameters are width");
        }

        @Test
        void theResultIsUnmodifiable() {
            Map<String, JsonNode> checked = ParamCheck.check(List.of(width), values("width", "1"), MODEL);
            assertThatThrownBy(() -> checked.put("width", json("2"))).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class InvalidSpecs {
        private void refusedSpecs(String reason, ParamSpec... specs) {
            assertThatThrownBy(() -> ParamCheck.validateSpecs(List.of(specs)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reason);
            assertThatThrownBy(() -> ParamCheck.check(List.of(specs), Map.of(), MODEL))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void duplicateNames() {
            refusedSpecs("two parameter specs are named 'a'", spec("a", ParamType.NUMBER), spec("a", ParamType.TEXT));
        }

        @Test
        void missingNameOrType() {
            refusedSpecs("has no name", spec(" ", ParamType.NUMBER));
            refusedSpecs("has no type", spec("a", null));
        }

        @Test
        void aChoiceWithoutChoicesOrWithRepeatedOnes() {
            refusedSpecs("CHOICE without choices", choice("c", List.of()));
            refusedSpecs("CHOICE without choices", choice("c", null));
            refusedSpecs("repeated choice", choice("c", List.of("x", "x")));
        }

        @Test
        void aListWithoutItemOrWithAnInvalidItem() {
            refusedSpecs("LIST without item", list("l", null, null, null));
            refusedSpecs("'l[]' is a CHOICE without choices", list("l", choice("", List.of()), null, null));
            refusedSpecs("negative min", list("l", spec("", ParamType.NUMBER), -1.0, null));
        }

        @Test
        void boundsThatAreCrossedOrNotFinite() {
            refusedSpecs("min 3 > max 2", bounded("n", ParamType.INTEGER, 3.0, 2.0));
            refusedSpecs("not a finite number", bounded("n", ParamType.NUMBER, Double.NaN, null));
            refusedSpecs("not a finite number", bounded("n", ParamType.NUMBER, null, Double.POSITIVE_INFINITY));
        }

        @Test
        void aNegativeMaxLengthOrFileSize() {
            refusedSpecs("negative maxLength", text("t", -1));
            refusedSpecs("negative max size", file("f", -1.0, null));
        }

        @Test
        void anAcceptEntryThatIsNotALowerCaseExtension() {
            refusedSpecs("not a lower-case extension", file("f", null, List.of("step")));
            refusedSpecs("not a lower-case extension", file("f", null, List.of(".STEP")));
        }

        @Test
        void aDefaultItsOwnSpecRefuses() {
            refusedSpecs(
                    "'n' has a default it refuses: parameter 'n' must be an integer from 0 to 5; got 6",
                    optional(bounded("n", ParamType.INTEGER, 0.0, 5.0), json("6")));
        }

        @Test
        void aDefaultEntityIsNotLookedUpInAModelItDoesNotBelongTo() {
            ParamCheck.validateSpecs(List.of(optional(entity("body", List.of("Geometry")), json("\"e0\""))));
        }

        @Test
        void aNullSpecListOrSpec() {
            assertThatThrownBy(() -> ParamCheck.validateSpecs(null)).isInstanceOf(IllegalArgumentException.class);
            List<ParamSpec> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatThrownBy(() -> ParamCheck.validateSpecs(withNull)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
