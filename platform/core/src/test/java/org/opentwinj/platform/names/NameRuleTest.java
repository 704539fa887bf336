package org.opentwinj.platform.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class NameRuleTest {
    private static final String FAMILY =
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧: 5 code points, 8 UTF-16 units

    @Test
    void userAndGroupNamesAreTheSameIdentifiers() {
        for (NameRule rule : new NameRule[] {NameRule.USER, NameRule.GROUP}) {
            assertThat(rule.check("bob")).isEqualTo("bob");
            assertThat(rule.check("carol.smith@lab")).isEqualTo("carol.smith@lab");
            assertThat(rule.check("team_A-2")).isEqualTo("team_A-2");
            assertThat(rule.problem("-bob")).contains("is not allowed");
            assertThat(rule.problem("bob smith")).contains("is not allowed");
            assertThat(rule.problem("b$b")).contains("is not allowed");
            assertThat(rule.problem("b\uD83D\uDE00"))
                    .as("no emoji in identifiers")
                    .contains("is not allowed");
        }
        assertThat(NameRule.GROUP.description()).isEqualTo(NameRule.USER.description());
        assertThat(NameRule.USER.description())
                .isEqualTo("1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }

    @Test
    void lengthsAreCheckedAtTheirBoundaries() {
        assertThat(NameRule.USER.check("a".repeat(64))).hasSize(64);
        assertThat(NameRule.USER.problem("a".repeat(65)))
                .isEqualTo("the user name has 65 characters, 1 too many: user names are 1 to 64 letters, digits, '.',"
                        + " '_', '@' or '-', starting with a letter or digit");
        assertThat(NameRule.PROJECT.check("p".repeat(200))).hasSize(200);
        assertThat(NameRule.PROJECT.problem("p".repeat(201)))
                .startsWith("the project name has 201 characters, 1 too many");
        assertThat(NameRule.ENTITY.problem("")).startsWith("the entity name is empty: entity names are 1 to 200");
        assertThat(NameRule.ENTITY.problem("   ")).startsWith("the entity name is empty");
        assertThat(NameRule.ENTITY.problem(null)).startsWith("the entity name is empty");
    }

    @Test
    void lengthIsCountedInCodePointsNotUtf16Units() {
        String hundredFamilies = FAMILY.repeat(40); // 200 code points, 320 UTF-16 units
        assertThat(hundredFamilies.length()).isEqualTo(320);
        assertThat(NameRule.PROJECT.check(hundredFamilies)).isEqualTo(hundredFamilies);
        assertThat(NameRule.ENTITY.problem(hundredFamilies + "x")).startsWith("the entity name has 201 characters");
        assertThat(NameRule.PROJECT.check("\uD83D\uDE80".repeat(200)))
                .as("200 rockets")
                .hasSize(400);
    }

    @Test
    void projectAndEntityNamesTakeEmojiAndAnyScriptButNoControlCharacters() {
        assertThat(NameRule.PROJECT.check("Antenne 🚀 Über-Test (v2) 日本")).isEqualTo("Antenne 🚀 Über-Test (v2) 日本");
        assertThat(NameRule.ENTITY.check(FAMILY)).isEqualTo(FAMILY);
        assertThat(NameRule.PROJECT.problem("a\u0007b"))
                .isEqualTo("the project name 'a\\u0007b' is not allowed: project names are "
                        + NameRule.PROJECT.description());
        assertThat(NameRule.ENTITY.problem("a\nb")).contains("'a\\u000Ab' is not allowed");
        assertThat(NameRule.ENTITY.problem("a\u2028b")).contains("is not allowed");
        assertThat(NameRule.ENTITY.problem("a\uD800b")).as("a lone surrogate").contains("is not allowed");
    }

    @Test
    void namesAreTrimmedOfSeparatorsAtTheirEndsOnly() {
        assertThat(NameRule.PROJECT.check("  Filter one\u00A0\t")).isEqualTo("Filter one");
        assertThat(NameRule.USER.check(" bob ")).isEqualTo("bob");
        assertThat(NameRule.trim("\u3000x y\u3000")).isEqualTo("x y");
        assertThat(NameRule.trim("x \u0085"))
                .as("as in JavaScript: only at the very end, not before a final line terminator")
                .isEqualTo("x \u0085");
    }

    @Test
    void aRefusalIsAPublic400WithTheWholeRule() {
        assertThatThrownBy(() -> NameRule.GROUP.check("a b"))
                .isInstanceOf(PublicException.class)
                .hasMessageEndingWith(NameRule.GROUP.description())
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(400));
    }

    @Test
    void labelsAreIdentifiersWithoutAt() {
        assertThat(NameRule.LABEL.check("v1.0")).isEqualTo("v1.0");
        assertThat(NameRule.LABEL.problem("v1@x")).contains("is not allowed");
    }
}
